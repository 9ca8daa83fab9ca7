import type { Command } from './command';

/** `renewals` looks this many days ahead unless told otherwise. */
export const DEFAULT_RENEWAL_DAYS = 90;
export const MAX_RENEWAL_DAYS = 365;

const RENEWALS = /^(?:renewals|verlengingen)(?:\s+(.*))?$/i;
const WITHIN = /^(?:within|in|next|binnen)\s+(\S+)(?:\s+(?:days?|dagen|dag))?$/i;

/**
 * `renewals`, `renewals within {n} days`; Dutch `verlengingen`, `verlengingen binnen {n} dagen`.
 * Anything else after the command word, or n outside 1–365, is `renewals-invalid`; undefined when the
 * text is another command.
 */
export function parseRenewalsCommand(clean: string): Command | undefined {
  const match = RENEWALS.exec(clean);
  if (!match) return undefined;
  const argument = match[1]?.trim();
  if (!argument) return { kind: 'renewals', withinDays: DEFAULT_RENEWAL_DAYS };
  const days = WITHIN.exec(argument)?.[1];
  const value = days !== undefined && /^\d{1,3}$/.test(days) ? Number(days) : NaN;
  return Number.isInteger(value) && value >= 1 && value <= MAX_RENEWAL_DAYS ? { kind: 'renewals', withinDays: value } : { kind: 'renewals-invalid' };
}
