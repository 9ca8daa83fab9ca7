/** Command text: pieces that more than one command reads the same way, and the commands buttons type. */

/** A low-usage threshold must leave room on both sides: 0 % flags nothing, 100 % flags everything. */
export const MIN_THRESHOLD = 1;
export const MAX_THRESHOLD = 99;

const PERCENT = /^(\d{1,2})\s*%?$/;
const QUOTED = /^["'“”‘’](.*)["'“”‘’]$/;

/** Whether a number can be a threshold: a whole percent from MIN_THRESHOLD to MAX_THRESHOLD. */
export function isThreshold(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_THRESHOLD && value <= MAX_THRESHOLD;
}

/** `40`, `40%` or `40 %` as a threshold; undefined for anything else, 0 and 100 included. */
export function parseThresholdValue(text: string): number | undefined {
  const digits = PERCENT.exec(text.trim())?.[1];
  const value = digits === undefined ? NaN : Number(digits);
  return isThreshold(value) ? value : undefined;
}

/** People paste names in quotes ("Contoso Ltd"); the quotes are not part of the name. */
export function stripQuotes(text: string): string {
  return (QUOTED.exec(text)?.[1] ?? text).trim();
}

/**
 * The typed commands that card buttons stand for, in the words parseCommand reads: what a fallback
 * button sends as a message, and what runs by itself after a sign-in the button needed.
 */
export const typedCommands = {
  usage: (customer: string): string => `usage for ${customer}`,
  alertsOn: (customer: string): string => `alerts on for ${customer}`,
  alertsOff: (customer: string): string => `alerts off for ${customer}`,
  alertsResume: 'alerts resume',
  renewals: (withinDays: number): string => `renewals within ${withinDays} days`,
} as const;
