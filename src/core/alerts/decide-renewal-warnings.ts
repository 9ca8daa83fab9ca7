import type { CustomerId } from '../customers/customer-id';
import { lowestUsage } from '../subscriptions/funnel';
import type { RenewalCandidate } from '../subscriptions/rank-renewals';
import { isCommitmentTerm, type RenewalFacts, type Term } from '../subscriptions/renewal';

/**
 * Renewal warnings: an annual or multi-year subscription of a watched customer whose term ends within
 * one of the configured windows (RENEWAL_ALERT_DAYS, e.g. 60 and 14 days) while it carries unassigned
 * seats or a workload below the threshold. Each subscription is warned once per window and term end;
 * a monthly subscription never raises one (it renews every month, and that alone says nothing). Pure.
 */

export interface RenewalWarning {
  customerId: CustomerId;
  customerName: string;
  subscriptionId: string;
  productName: string;
  seats: number;
  term: Term;
  endDate: string;
  daysLeft: number;
  /** The window (days) this warning belongs to: the smallest one the renewal is inside. */
  windowDays: number;
  unassigned: number | null;
  lowest: { workloadName: string; percent: number } | null;
  threshold: number;
}

/**
 * What a conversation was warned about: one key per subscription, window and term end. Kept beside the
 * low-adoption findings, so the outbox commits both at once (exactly once across restarts and instances).
 */
export type RenewalWarningKeys = string[];

export interface RenewalWarningInput {
  /** Keys already warned in this conversation. */
  warned: readonly string[];
  candidates: readonly RenewalCandidate[];
  /** Windows in days (any order). */
  windows: readonly number[];
  /** The threshold each customer is measured against in this conversation. */
  thresholdOf: (customerId: CustomerId) => number;
  /** `YYYY-MM-DD` of today: keys of terms ended before it are forgotten. */
  today: string;
}

export interface RenewalWarningDecision {
  warnings: RenewalWarning[];
  warned: RenewalWarningKeys;
}

export function warningKey(subscriptionId: string, windowDays: number, endDate: string): string {
  return `${subscriptionId.toLowerCase()}|${windowDays}|${endDate}`;
}

function sortedWindows(windows: readonly number[]): number[] {
  return [...new Set(windows)].filter((d) => d > 0).sort((a, b) => a - b);
}

/**
 * Whether this conversation was already warned about this renewal in the window it is in now. The pass
 * asks before reading a renewing customer's seats: a warning given is not read for again, so a repeated
 * pass costs requests only for renewals that could still warn.
 */
export function warnedAlready(renewal: RenewalFacts, windows: readonly number[], warned: ReadonlySet<string>): boolean {
  const { endDate, daysLeft } = renewal;
  if (endDate === null || daysLeft === null) return false;
  const windowDays = sortedWindows(windows).find((d) => daysLeft <= d);
  return windowDays !== undefined && warned.has(warningKey(renewal.subscriptionId, windowDays, endDate));
}

export function decideRenewalWarnings(input: RenewalWarningInput): RenewalWarningDecision {
  const windows = sortedWindows(input.windows);
  const warned = new Set(input.warned.filter((key) => (key.split('|')[2] ?? '') >= input.today));
  const warnings: RenewalWarning[] = [];
  for (const { renewal, product } of input.candidates) {
    if (!isCommitmentTerm(renewal.term) || renewal.ended || renewal.endDate === null || renewal.daysLeft === null || renewal.daysLeft < 0) continue;
    const windowDays = windows.find((d) => renewal.daysLeft! <= d);
    if (windowDays === undefined) continue;
    const threshold = input.thresholdOf(renewal.customerId);
    const unassigned = product?.unassigned ?? null;
    const lowest = lowestUsage(product);
    if (!((unassigned ?? 0) > 0 || (lowest !== null && lowest.percent < threshold))) continue;
    const key = warningKey(renewal.subscriptionId, windowDays, renewal.endDate);
    if (warned.has(key)) continue;
    warned.add(key);
    warnings.push({
      customerId: renewal.customerId,
      customerName: renewal.customerName ?? renewal.customerId,
      subscriptionId: renewal.subscriptionId,
      productName: renewal.productName,
      seats: renewal.seats,
      term: renewal.term,
      endDate: renewal.endDate,
      daysLeft: renewal.daysLeft,
      windowDays,
      unassigned,
      lowest,
      threshold,
    });
  }
  warnings.sort(soonestWarningFirst);
  return { warnings, warned: [...warned].sort() };
}

/** Soonest renewal first, then by customer and subscription: the order warning cards list them in. */
export function soonestWarningFirst(a: RenewalWarning, b: RenewalWarning): number {
  return a.daysLeft - b.daysLeft || a.customerName.localeCompare(b.customerName) || a.subscriptionId.localeCompare(b.subscriptionId);
}

/** What a conversation's warning card needs of a pass's renewal warnings: the first few, and how many. */
export interface RenewalWarningList {
  /** The soonest, in card order; at most what a card lists. */
  warnings: RenewalWarning[];
  total: number;
}

/** Warnings a card lists at most (its "…and N more" covers the rest); the collector keeps no more. */
export const MAX_LISTED_WARNINGS = 10;

/**
 * Gathers a pass's renewal warnings shard by shard, keeping only the soonest few and a count: a
 * partner with thousands of renewals in the window costs a card's worth of memory, not a list of all.
 */
export class RenewalWarningCollector {
  private readonly soonest: RenewalWarning[] = [];
  private total = 0;

  constructor(private readonly keep: number = MAX_LISTED_WARNINGS) {}

  add(warnings: readonly RenewalWarning[]): void {
    for (const warning of warnings) {
      this.total += 1;
      const last = this.soonest[this.soonest.length - 1];
      if (this.soonest.length === this.keep && last && soonestWarningFirst(warning, last) >= 0) continue;
      const at = this.soonest.findIndex((kept) => soonestWarningFirst(warning, kept) < 0);
      this.soonest.splice(at === -1 ? this.soonest.length : at, 0, warning);
      if (this.soonest.length > this.keep) this.soonest.pop();
    }
  }

  list(): RenewalWarningList {
    return { warnings: [...this.soonest], total: this.total };
  }
}
