/** One element or action inside a card; only `type` is common to all of them. */
export interface CardElement {
  type: string;
  [key: string]: unknown;
}

/** A plain Adaptive Card JSON object, ready to be wrapped into an attachment by the bot. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  $schema?: string;
  body?: CardElement[];
  actions?: CardElement[];
  [key: string]: unknown;
}

/** Size of the card as it travels on the wire; Teams refuses messages above about 28 KB. */
export function cardByteSize(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * Checks that an expanded template is a card. A template is static, so a failure here is a bug
 * in the template, not in the data.
 */
export function asAdaptiveCard(value: unknown): AdaptiveCard {
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'AdaptiveCard' &&
    typeof (value as { version?: unknown }).version === 'string'
  ) {
    return value as AdaptiveCard;
  }
  throw new Error('Template did not expand into an AdaptiveCard object');
}
