/** A write whose eTag no longer matches the stored item: someone else wrote it first. */
export class EtagConflictError extends Error {
  override readonly name = 'EtagConflictError';

  constructor(readonly key: string) {
    // MemoryStorage's exact wording: botbuilder's TeamsSSOTokenExchangeMiddleware looks for "etag conflict"
    // in the message to recognise a duplicate token exchange.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/**
 * Whether a Storage write was refused because the item changed since it was read. Recognised by the
 * words, as botbuilder itself does: our EtagConflictError, MemoryStorage and BlobsStorage each throw
 * their own error type, and all of them say "eTag conflict".
 */
export function isEtagConflict(error: unknown): boolean {
  return error instanceof Error && /etag conflict/i.test(error.message);
}
