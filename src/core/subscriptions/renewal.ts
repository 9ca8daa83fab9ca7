import type { CustomerId } from '../customers/customer-id';
import type { SubscriptionRecord } from './subscription';

/** The term as Partner Center states it in `termDuration`; never guessed from dates. */
export type Term = 'monthly' | 'annual' | 'three-year' | 'other' | 'unknown';

/** What an account manager needs to know about one subscription's renewal. */
export interface RenewalFacts {
  subscriptionId: string;
  customerId: CustomerId;
  customerName?: string;
  productName: string;
  seats: number;
  term: Term;
  /** Last day of the term, `YYYY-MM-DD`; null when Partner Center gave none, or a date that never comes. */
  endDate: string | null;
  /** Whole days from today (UTC) to endDate; 0 on the last day; null without an end date. */
  daysLeft: number | null;
  /** undefined when Partner Center did not say. */
  autoRenew?: boolean;
  trial: boolean;
  suspended: boolean;
  /** A status that is over (expired, disabled, deleted): it renews no more. */
  ended: boolean;
  /**
   * Until when seats can still be reduced: the end of the term for annual and three-year terms (new
   * commerce allows a reduction only then); for monthly ones the end of the current month's term.
   */
  reducibleUntil: string | null;
}

const DAY_MS = 86_400_000;
/** New commerce gives subscriptions that cannot renew "a date far in the future": beyond this it is not a renewal. */
const FAR_FUTURE_YEARS = 5;

export function termOf(termDuration: string | undefined): Term {
  if (termDuration === undefined) return 'unknown';
  const match = /^P(\d+)([MY])$/i.exec(termDuration.trim());
  if (!match) return 'other';
  const months = Number(match[1]) * (match[2]!.toUpperCase() === 'Y' ? 12 : 1);
  if (months === 1) return 'monthly';
  if (months === 12) return 'annual';
  if (months === 36) return 'three-year';
  return 'other';
}

/** Annual, three-year and other terms longer than a month: the ones whose renewal is the moment to act. */
export function isCommitmentTerm(term: Term): boolean {
  return term === 'annual' || term === 'three-year' || term === 'other';
}

export function renewalFacts(subscription: SubscriptionRecord, now: Date): RenewalFacts {
  const term = termOf(subscription.termDuration);
  const endDate = endDateOf(subscription.commitmentEndDate, now);
  const daysLeft = endDate === null ? null : Math.round((Date.parse(`${endDate}T00:00:00Z`) - startOfDay(now)) / DAY_MS);
  const status = subscription.status.toLowerCase();
  return {
    subscriptionId: subscription.id,
    customerId: subscription.customerId,
    ...(subscription.customerName === undefined ? {} : { customerName: subscription.customerName }),
    productName: subscription.productName,
    seats: subscription.seats,
    term,
    endDate,
    daysLeft,
    ...(subscription.autoRenew === undefined ? {} : { autoRenew: subscription.autoRenew }),
    trial: subscription.isTrial,
    suspended: status === 'suspended',
    ended: status === 'expired' || status === 'disabled' || status === 'deleted',
    reducibleUntil: endDate,
  };
}

/** The day part of Partner Center's date; null when it is missing, unreadable, or "far in the future". */
function endDateOf(raw: string | undefined, now: Date): string | null {
  if (raw === undefined) return null;
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(raw.trim())?.[1];
  if (day === undefined || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return null;
  if (Number(day.slice(0, 4)) > now.getUTCFullYear() + FAR_FUTURE_YEARS) return null;
  return day;
}

function startOfDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** `YYYY-MM-DD` of `now` plus `days` (UTC). */
export function dayAfter(now: Date, days: number): string {
  return new Date(startOfDay(now) + days * DAY_MS).toISOString().slice(0, 10);
}
