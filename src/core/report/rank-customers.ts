import type { CustomerDrop } from '../history/usage-history';
import type { WorkloadUsage } from '../usage/usage-summary';
import type { ReportFilter } from './report-filter';

/**
 * The partner-wide report's ranking: which customers need their account manager first. Pure.
 *
 * "Seats at risk" is the ranking's one figure, in seats so that people can read it: for each product,
 * its low workload that leaves the most seats unused, those unused seats weighted by how far the
 * workload is below the threshold (a workload at 0 % counts all its unused seats, one just under the
 * threshold almost none); summed over products (a product's workloads share its seats, so they are not
 * added up); plus unassigned seats, which are paid for and used by nobody. A renewal within 30 days
 * doubles it and within 90 days adds half, because that is when seats can still be reduced.
 */

/** One customer's latest usage, every workload (unlicensed ones included). */
export interface CustomerUsage {
  customerId: string;
  customerName: string;
  /** Latest Partner Center data date among its rows, ISO 8601; null when none. */
  processedAt: string | null;
  workloads: readonly WorkloadUsage[];
}

/** What the subscription side knows about a customer, when it is known (optional inputs). */
export interface AdoptionFacts {
  /** Seats bought but assigned to nobody. */
  unassignedSeats?: number;
  /** The nearest renewal of one of its subscriptions, ISO 8601. */
  renewalDate?: string;
}

export interface RankInput {
  customers: readonly CustomerUsage[];
  /** The conversation's threshold; a `below` filter brings its own. */
  threshold: number;
  filter: ReportFilter;
  /** By customer id, lower case. */
  facts?: ReadonlyMap<string, AdoptionFacts>;
  /** By customer id, lower case: each customer's biggest fall since its previous data date. */
  drops?: ReadonlyMap<string, CustomerDrop>;
  now: Date;
  /** Lines shown; the rest are counted. Defaults to 10. */
  limit?: number;
}

export interface ReportLine {
  customerId: string;
  customerName: string;
  seatsAtRisk: number;
  lowCount: number;
  measuredCount: number;
  /** The lowest measured workload that counts for the report. */
  lowest?: { productName: string; workloadName: string; percent: number };
  unassignedSeats?: number;
  /** Whole days until the nearest renewal (0 = today). */
  renewalInDays?: number;
  drop?: CustomerDrop;
}

export interface AdoptionReport {
  filter: ReportFilter;
  threshold: number;
  lines: ReportLine[];
  /** Customers that met the filter. */
  matched: number;
  /** Customers looked at. */
  scanned: number;
  /** Of those matched, how many have a workload below the threshold. */
  withLow: number;
  moreCount: number;
  /** Latest data date among the customers matched, ISO 8601. */
  processedAt: string | null;
  /** Every matched line in rank order, for the export; the card shows `lines`. */
  all: ReportLine[];
}

export const DEFAULT_REPORT_LINES = 10;
const DAY_MS = 86_400_000;

export function rankCustomers(input: RankInput): AdoptionReport {
  const threshold = input.filter.kind === 'below' ? input.filter.threshold : input.threshold;
  const matched: ReportLine[] = [];
  let processedAt: string | null = null;
  for (const customer of input.customers) {
    const line = lineOf(customer, threshold, input);
    if (!line) continue;
    matched.push(line);
    if (customer.processedAt !== null && (processedAt === null || customer.processedAt > processedAt)) processedAt = customer.processedAt;
  }
  matched.sort(input.filter.kind === 'drops' ? byDrop : byRisk);
  const limit = input.limit ?? DEFAULT_REPORT_LINES;
  const lines = matched.slice(0, limit);
  return {
    filter: input.filter,
    threshold,
    lines,
    matched: matched.length,
    scanned: input.customers.length,
    withLow: matched.filter((line) => line.lowCount > 0).length,
    moreCount: matched.length - lines.length,
    processedAt,
    all: matched,
  };
}

function lineOf(customer: CustomerUsage, threshold: number, input: RankInput): ReportLine | undefined {
  const key = customer.customerId.toLowerCase();
  const facts = input.facts?.get(key);
  const filter = input.filter;
  const wanted = filter.kind === 'workload' ? filter.workload.trim().toLowerCase() : undefined;
  const measured = customer.workloads.filter(
    (w): w is WorkloadUsage & { usagePercent: number } => w.usagePercent !== null && (wanted === undefined || w.workloadName.trim().toLowerCase() === wanted),
  );
  // Nothing measurable (no rows, or no qualified licenses): nothing to rank it by.
  if (measured.length === 0) return undefined;
  const low = measured.filter((w) => w.usagePercent < threshold);
  if (filter.kind === 'below' && low.length === 0) return undefined;

  const renewalInDays = daysUntil(facts?.renewalDate, input.now);
  if (filter.kind === 'renewing' && (renewalInDays === undefined || renewalInDays > filter.days)) return undefined;

  const drop = input.drops?.get(key);
  if (filter.kind === 'drops' && !drop) return undefined;

  const lowest = [...measured].sort((a, b) => a.usagePercent - b.usagePercent)[0];
  const unassigned = facts?.unassignedSeats !== undefined && facts.unassignedSeats > 0 ? facts.unassignedSeats : undefined;
  return {
    customerId: customer.customerId,
    customerName: customer.customerName,
    seatsAtRisk: seatsAtRisk(low, threshold, unassigned ?? 0, renewalInDays),
    lowCount: low.length,
    measuredCount: measured.length,
    ...(lowest ? { lowest: { productName: lowest.productName, workloadName: lowest.workloadName, percent: lowest.usagePercent } } : {}),
    ...(unassigned !== undefined ? { unassignedSeats: unassigned } : {}),
    ...(renewalInDays !== undefined ? { renewalInDays } : {}),
    ...(drop ? { drop } : {}),
  };
}

function seatsAtRisk(low: ReadonlyArray<WorkloadUsage & { usagePercent: number }>, threshold: number, unassigned: number, renewalInDays: number | undefined): number {
  const perProduct = new Map<string, number>();
  for (const workload of low) {
    const unused = Math.max(0, workload.licensesQualified - workload.licensesActive);
    const weighted = (unused * (threshold - workload.usagePercent)) / threshold;
    const product = workload.productName.trim().toLowerCase();
    perProduct.set(product, Math.max(perProduct.get(product) ?? 0, weighted));
  }
  const base = [...perProduct.values()].reduce((sum, seats) => sum + seats, 0) + unassigned;
  const factor = renewalInDays === undefined ? 1 : renewalInDays <= 30 ? 2 : renewalInDays <= 90 ? 1.5 : 1;
  return Math.round(base * factor);
}

function daysUntil(iso: string | undefined, now: Date): number | undefined {
  const time = iso === undefined ? NaN : Date.parse(iso);
  if (Number.isNaN(time)) return undefined;
  const days = Math.ceil((time - now.getTime()) / DAY_MS);
  return days < 0 ? undefined : days;
}

function byRisk(a: ReportLine, b: ReportLine): number {
  return (
    b.seatsAtRisk - a.seatsAtRisk ||
    b.lowCount - a.lowCount ||
    (a.lowest?.percent ?? Infinity) - (b.lowest?.percent ?? Infinity) ||
    a.customerName.localeCompare(b.customerName)
  );
}

function byDrop(a: ReportLine, b: ReportLine): number {
  return (b.drop?.points ?? 0) - (a.drop?.points ?? 0) || byRisk(a, b);
}
