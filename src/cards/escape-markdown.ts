/**
 * Outside text (customer, product and workload names, what the user typed) is shown in cards.
 * Teams renders a markdown subset in TextBlocks, so such text must be made literal before it is
 * placed there; otherwise a customer named `[click](https://evil)` becomes a link.
 */

import type { SafeMarkdown, SafePlainText } from '../i18n/outside-text';

export type { SafeMarkdown, SafePlainText } from '../i18n/outside-text';

export interface OutsideTextOptions {
  /** Longest text kept, in characters; longer text is cut and ends with an ellipsis. */
  maxLength?: number;
}

// Line breaks and tabs become spaces so words stay apart; the rest of C0/C1 and the bidi
// overrides and isolates (which can make a name read backwards) are dropped.
const LINE_LIKE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MARKDOWN_PUNCTUATION = /[\\*_[\]()#`~<>|]/g;
const LEADING_BULLET = /^(\s*)([-+])(?=\s|$)/;
const LEADING_NUMBERED_ITEM = /^(\s*\d+)\.(?=\s|$)/;
// adaptivecards-templating would leave a literal `${...}` looking like an unbound field, and the
// renderer refuses any `${` in its output; a zero-width space keeps the text readable but inert.
const TEMPLATE_OPENER = /\$\{/g;
const ZERO_WIDTH_SPACE = '\u200b';
const ELLIPSIS = '\u2026';

/** Outside text for places that do not render markdown (button titles, messageBack text). */
export function plainText(text: string, options: OutsideTextOptions = {}): SafePlainText {
  return neutraliseTemplateOpeners(truncate(stripControlCharacters(text), options.maxLength)) as SafePlainText;
}

/** Outside text for TextBlocks and FactSets: shows literally, never as a link, emphasis or list. */
export function escapeMarkdown(text: string, options: OutsideTextOptions = {}): SafeMarkdown {
  const cleaned = truncate(stripControlCharacters(text), options.maxLength);
  const escaped = cleaned
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(LEADING_BULLET, '$1\\$2')
    .replace(LEADING_NUMBERED_ITEM, '$1\\.');
  return neutraliseTemplateOpeners(escaped) as SafeMarkdown;
}

/** A list of literal pieces, e.g. names; the separator is the bot's own punctuation, never outside text. */
export function joinSafeMarkdown(pieces: readonly SafeMarkdown[], separator: ', ' | ' · '): SafeMarkdown {
  return pieces.join(separator) as SafeMarkdown;
}

function stripControlCharacters(text: string): string {
  return text.replace(LINE_LIKE, ' ').replace(CONTROL, '');
}

// Cut on code points, not UTF-16 units, so an emoji is never split into a broken half.
function truncate(text: string, maxLength: number | undefined): string {
  // A string has at least as many UTF-16 units as code points: short enough in units is short enough.
  if (maxLength === undefined || text.length <= maxLength) return text;
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return codePoints.slice(0, Math.max(0, maxLength - 1)).join('').trimEnd() + ELLIPSIS;
}

function neutraliseTemplateOpeners(text: string): string {
  return text.replace(TEMPLATE_OPENER, () => '$' + ZERO_WIDTH_SPACE + '{');
}
