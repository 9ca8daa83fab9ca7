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

/**
 * Largest card we send, in UTF-8 bytes of its JSON: some Teams clients refuse messages above 28 KB,
 * and the activity around the card needs room too.
 */
export const MAX_CARD_BYTES = 26_000;

/** Partner Center names are short; a pathological one must not eat a card's whole budget. */
export const MAX_NAME_LENGTH = 120;

/** Size of the card as it travels on the wire; Teams refuses messages above about 28 KB. */
export function cardByteSize(card: AdaptiveCard): number {
  return Buffer.byteLength(cardJson(card), 'utf8');
}

/**
 * Cards are plain data that nothing changes once built (a card in another state is a new object, see
 * card-states.ts), so the JSON made when one was rendered still says what it holds. Kept beside the
 * card, as long as the card lives, for whoever needs the card as text: its size, RecentCards.
 */
const jsonOfCards = new WeakMap<object, string>();

/** Remembers the JSON a card's rendering made anyway (render-template.ts). */
export function rememberCardJson(card: object, json: string): void {
  jsonOfCards.set(card, json);
}

/** The card's JSON: the one made when it was rendered, or made now. */
export function cardJson(card: object): string {
  return jsonOfCards.get(card) ?? JSON.stringify(card);
}

/**
 * The card drawn with `rows`, or, when that is over `maxBytes` (long names can make even capped lists
 * too big), with fewer and fewer rows until it fits: `fewer` gives the next smaller choice, or null
 * when there is none, and then the smallest card is sent as it is.
 */
export function fittedCard<Rows>(
  rows: Rows,
  draw: (rows: Rows) => AdaptiveCard,
  fewer: (rows: Rows) => Rows | null,
  maxBytes: number,
): AdaptiveCard {
  let current = rows;
  for (;;) {
    const card = draw(current);
    if (cardByteSize(card) <= maxBytes) return card;
    const smaller = fewer(current);
    if (smaller === null) return card;
    current = smaller;
  }
}

/**
 * How far a list shrinks in each step towards a card that fits: a quarter fewer rows (at least one
 * fewer), but not below `least`; null when it is at `least` already.
 */
export function aQuarterFewer(count: number, least = 0): number | null {
  return count > least ? Math.max(least, count - Math.ceil(count / 4)) : null;
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
