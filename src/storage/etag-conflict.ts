/** A write whose eTag no longer matches the stored item: someone else wrote it first. */
export class EtagConflictError extends Error {
  override readonly name = 'EtagConflictError';

  constructor(readonly key: string) {
    // MemoryStorage's exact wording: botbuilder's TeamsSSOTokenExchangeMiddleware looks for "etag conflict"
    // in the message to recognise a duplicate token exchange.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}
