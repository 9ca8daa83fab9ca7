/** Pieces of command text that more than one command reads the same way. */

/** A low-usage threshold must leave room on both sides: 0 % flags nothing, 100 % flags everything. */
export const MIN_THRESHOLD = 1;
export const MAX_THRESHOLD = 99;

const PERCENT = /^(\d{1,2})\s*%?$/;
const QUOTED = /^["'“”‘’](.*)["'“”‘’]$/;

/** `40`, `40%` or `40 %` as a threshold; undefined for anything else, 0 and 100 included. */
export function parseThresholdValue(text: string): number | undefined {
  const digits = PERCENT.exec(text.trim())?.[1];
  const value = digits === undefined ? NaN : Number(digits);
  return value >= MIN_THRESHOLD && value <= MAX_THRESHOLD ? value : undefined;
}

/** People paste names in quotes ("Contoso Ltd"); the quotes are not part of the name. */
export function stripQuotes(text: string): string {
  return (QUOTED.exec(text)?.[1] ?? text).trim();
}
