import { renewalTunedOut, tunedThreshold, type AlertTuning } from '../core/alerts/alert-tuning';
import type { AlertSubscription, ConversationAlerts } from '../core/alerts/subscriptions';
import type { CustomerId } from '../core/customers/customer-id';
import { shardOf } from '../core/alerts/state-shards';
import type { RenewalCandidate } from '../core/subscriptions/rank-renewals';
import { candidatesFromScan } from '../core/subscriptions/scan-candidates';
import { lowestUsage } from '../core/subscriptions/funnel';
import { mapWithConcurrency } from './bounded-concurrency';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import { allCustomersThreshold, type ShardCustomers, type SubscriptionRead, type ThresholdDefaults } from './measured-customers';
import type { ConversationAddress } from './ports';
import type { RenewalReader, RenewalSource } from './renewal-reader';

/** Customers' own subscriptions read at once for their terms. */
const TERM_READS_AT_ONCE = 4;

function adoptionBelow(candidate: RenewalCandidate, threshold: number): boolean {
  return (lowestUsage(candidate.product)?.percent ?? Infinity) < threshold;
}

/** What decideShards needs to decide one conversation's renewal warnings, shard by shard. */
export interface ShardRenewals {
  windows: readonly number[];
  thresholdOf: (customerId: CustomerId) => number;
  /**
   * Keys given before warnings moved into the shards (the header's `renewalWarnings`): still honoured,
   * so nobody is warned twice across the upgrade, and forgotten as their terms end.
   */
  legacyWarned: readonly string[];
  /**
   * The renewal candidates among the shard's watched customers. `couldStillWarn` leaves out renewals
   * already warned in their window before any request is made for them; `knownTerms` (subscription id,
   * lower case → term) are the terms an earlier pass read, and `terms` what the shard keeps of them now.
   */
  candidatesIn(
    shard: number,
    inShard: readonly ShardCustomers[],
    couldStillWarn: (subscription: SubscriptionRecord) => boolean,
    knownTerms: ReadonlyMap<string, string>,
  ): Promise<{ candidates: RenewalCandidate[]; terms: Map<string, string> }>;
}

/**
 * The renewals side of one conversation's pass. Its all-customers subscription is judged from
 * partner-wide data only (the renewals scan and the usage scan): requests per page, never per
 * customer, so a renewal warns on low adoption there. A subscription to one customer also reads that
 * customer's subscribed SKUs, one request as its usage read is, and so warns on unassigned seats too.
 * Watched: what the subscriptions cover, muted customers left out of "all customers"; each customer is
 * judged by its own subscription's threshold if it has one. The conversation's tuning from the cards
 * counts as for usage: a snoozed customer's renewals and those of a product it ignores are left out
 * before anything is read for them, and a threshold set from a card comes first. Undefined without
 * renewal windows.
 */
export async function shardRenewals(
  reader: RenewalReader,
  windows: readonly number[],
  alerts: ConversationAlerts,
  readable: readonly SubscriptionRead[],
  address: ConversationAddress,
  defaults: ThresholdDefaults,
  legacyWarned: readonly string[] | undefined,
  now: Date,
  tuning?: AlertTuning,
): Promise<ShardRenewals | undefined> {
  if (windows.length === 0) return undefined;
  const own = readable.map((entry) => entry.subscription).filter((s) => s.customerId !== null);
  const ownIds = new Set(own.map((s) => (s.customerId as CustomerId).toLowerCase()));
  const muted = new Set(alerts.mutedCustomerIds.map((id) => id.toLowerCase()));
  // Each subscriber's scan, started for every readable subscription at once (one per subscriber).
  const sources = new Map<AlertSubscription, RenewalSource | undefined>();
  await Promise.all(
    readable.map(async ({ subscription }) => {
      sources.set(subscription, await reader.renewalsOf(subscription.subscriber, address));
    }),
  );
  const fallback = allCustomersThreshold(alerts, defaults);
  const thresholdOf = (customerId: string) =>
    tunedThreshold(tuning, customerId, own.find((s) => s.customerId?.toLowerCase() === customerId.toLowerCase())?.threshold ?? fallback);

  return {
    windows,
    legacyWarned: legacyWarned ?? [],
    thresholdOf,
    async candidatesIn(shard, inShard, couldStillWarn, knownTerms) {
      const candidates: RenewalCandidate[] = [];
      const terms = new Map<string, string>();
      for (const { subscription, customers } of inShard) {
        const source = sources.get(subscription);
        if (!source || customers.length === 0) continue;
        const watchedId = subscription.customerId?.toLowerCase();
        if (watchedId !== undefined && shardOf(watchedId) !== shard) continue;
        const watched = (id: string) => (watchedId === undefined ? !muted.has(id) && !ownIds.has(id) : id === watchedId);
        const renewals = (await source.renewalsIn(shard)).filter((s) => watched(s.customerId.toLowerCase()) && !renewalTunedOut(tuning, s, now) && couldStillWarn(s));
        if (renewals.length === 0) continue;
        const byId = new Map(customers.map((c) => [c.customerId.toLowerCase(), c]));
        if (watchedId === undefined) {
          const measuredOf = (id: string) => {
            const customer = byId.get(id);
            return customer && { customerName: customer.customerName, workloads: workloadsOf(customer) };
          };
          const found = await withTerms(renewals, knownTerms, {
            candidatesOf: (list) => candidatesFromScan(list, measuredOf, now),
            wouldWarn: (candidate) => adoptionBelow(candidate, thresholdOf(candidate.renewal.customerId)),
            subscriptionsOf: (customerId) => reader.subscriptionsOf(subscription.subscriber, address, customerId),
          });
          candidates.push(...found.candidates);
          for (const [id, term] of found.terms) terms.set(id, term);
          continue;
        }
        const customer = byId.get(watchedId);
        const workloads = new Map(customer ? [[watchedId, workloadsOf(customer)]] : []);
        candidates.push(...((await reader.withSeats(subscription.subscriber, address, renewals, workloads)) ?? []));
      }
      return { candidates, terms };
    },
  };
}

function workloadsOf(customer: ShardCustomers['customers'][number]) {
  return [...customer.low, ...customer.healthy];
}

interface TermReading {
  candidatesOf: (renewals: readonly SubscriptionRecord[]) => RenewalCandidate[];
  /** Whether a candidate would warn, were its term annual or longer. */
  wouldWarn: (candidate: RenewalCandidate) => boolean;
  subscriptionsOf: (customerId: string) => Promise<SubscriptionRecord[] | undefined>;
}

/**
 * The candidates of a scan's renewals, with the terms its rows left out. Partner Center's documented
 * rows do not state the term, and only an annual or longer one warns: a term is taken from what an
 * earlier pass read (`known`), else, for a renewal that would warn, read from the customer's own
 * subscriptions (one request per such customer, at bounded concurrency; none when the rows state terms).
 * `terms`: those the shard keeps, of the renewals in the window.
 */
async function withTerms(
  scanned: readonly SubscriptionRecord[],
  known: ReadonlyMap<string, string>,
  reading: TermReading,
): Promise<{ candidates: RenewalCandidate[]; terms: Map<string, string> }> {
  let termed = withKnownTerms(scanned, known);
  let candidates = reading.candidatesOf(termed.renewals);
  const customers = new Set(candidates.filter((c) => c.renewal.term === 'unknown' && reading.wouldWarn(c)).map((c) => c.renewal.customerId.toLowerCase()));
  if (customers.size > 0) {
    const read = new Map(known);
    await mapWithConcurrency([...customers], TERM_READS_AT_ONCE, async (customerId) => {
      for (const s of (await reading.subscriptionsOf(customerId)) ?? []) if (s.termDuration) read.set(s.id.toLowerCase(), s.termDuration);
      return undefined;
    });
    termed = withKnownTerms(scanned, read);
    candidates = reading.candidatesOf(termed.renewals);
  }
  return { candidates, terms: termed.terms };
}

/** The renewals with the terms known for those without one, and which terms were used. */
function withKnownTerms(scanned: readonly SubscriptionRecord[], known: ReadonlyMap<string, string>) {
  const terms = new Map<string, string>();
  const renewals = scanned.map((s) => {
    const term = s.termDuration === undefined ? known.get(s.id.toLowerCase()) : undefined;
    if (term === undefined) return s;
    terms.set(s.id.toLowerCase(), term);
    return { ...s, termDuration: term };
  });
  return { renewals, terms };
}
