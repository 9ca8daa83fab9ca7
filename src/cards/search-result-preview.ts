import { plainText } from './escape-markdown';

/** The line of a message extension result the user picks from: a thumbnail card's three fields. */
export interface ResultPreview {
  title: string;
  subtitle?: string;
  text?: string;
}

/** Preview lines are one line in Teams; longer text only costs bytes of the 28 KB a result may have. */
const MAX_PREVIEW_LENGTH = 80;

/**
 * Outside text for a thumbnail card's fields. Teams renders a little HTML and markdown there, so a
 * customer named `<a href=…>` or `[x](…)` must come out as literal characters: angle brackets and
 * ampersands become entities, markdown's link and emphasis characters their look-alike-free escapes.
 */
export function previewText(text: string): string {
  return plainText(text, { maxLength: MAX_PREVIEW_LENGTH })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[[\]*_`]/g, (char) => `&#${char.charCodeAt(0)};`);
}
