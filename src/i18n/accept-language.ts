/** The languages the bot's web pages come in; the first is the default. */
export const PAGE_LANGUAGES = ['en', 'nl'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

// A language range (en, nl-BE, *) with an optional quality; anything else in the header is skipped.
const RANGE = /^([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)(?:\s*;\s*q\s*=\s*([01](?:\.\d{0,3})?))?$/;
/** Browsers send a dozen ranges at most; a longer header is read only this far. */
const MAX_RANGES = 32;

/**
 * The page language an `Accept-Language` header asks for (RFC 9110 §12.5.4): the supported language
 * with the highest quality, the earlier range winning a tie; `q=0` refuses a language. A region
 * (`nl-BE`) counts for its language; `*` stands for any language not named. English when nothing fits.
 */
export function pageLanguageFor(header: string | undefined): PageLanguage {
  if (!header) return PAGE_LANGUAGES[0];
  const quality = new Map<PageLanguage, { q: number; position: number }>();
  let wildcard: number | undefined;
  for (const [position, part] of header.split(',').slice(0, MAX_RANGES).entries()) {
    const match = RANGE.exec(part.trim());
    if (!match) continue;
    const q = match[2] === undefined ? 1 : Number(match[2]);
    if (!(q >= 0 && q <= 1)) continue;
    const range = match[1]!.toLowerCase();
    if (range === '*') {
      wildcard ??= q;
      continue;
    }
    const language = PAGE_LANGUAGES.find((candidate) => range === candidate || range.startsWith(`${candidate}-`));
    // The first (most specific in practice) range for a language decides its quality.
    if (language && !quality.has(language)) quality.set(language, { q, position });
  }
  let best: PageLanguage = PAGE_LANGUAGES[0];
  let bestQ = -1;
  let bestPosition = Infinity;
  for (const language of PAGE_LANGUAGES) {
    const named = quality.get(language);
    // Unnamed: the wildcard's quality; without one, only the default keeps a sliver of a chance.
    const q = named?.q ?? wildcard ?? (language === PAGE_LANGUAGES[0] ? 0.0001 : 0);
    const position = named?.position ?? Infinity;
    if (q > bestQ || (q === bestQ && position < bestPosition)) {
      best = language;
      bestQ = q;
      bestPosition = position;
    }
  }
  // Everything refused (q=0): the default is still better than no page.
  return bestQ > 0 ? best : PAGE_LANGUAGES[0];
}
