import { warnedAlready } from '../core/alerts/decide-renewal-warnings';
import type { RenewalCandidate } from '../core/subscriptions/rank-renewals';
import { renewalFacts } from '../core/subscriptions/renewal';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import type { ConversationAlerts } from '../core/alerts/subscriptions';
import type { CustomerId } from '../core/customers/customer-id';
import type { WorkloadUsage } from '../core/usage/usage-summary';
import { allCustomersThreshold, type SubscriptionRead, type ThresholdDefaults } from './measured-customers';
import type { ConversationAddress } from './ports';
import type { RenewalReader } from './renewal-reader';

/** What composeMessages needs to decide one conversation's renewal warnings. */
export interface RenewalWarningsInput {
  candidates: RenewalCandidate[];
  windows: readonly number[];
  thresholdOf: (customerId: CustomerId) => number;
}

/**
 * The renewal candidates of the customers this conversation watches, read as each subscriber, with the
 * workloads the pass measured already. Watched: what its subscriptions cover (muted customers left out
 * of "all customers"); each customer is judged by its own subscription's threshold if it has one.
 * Undefined when nothing could be read: the state then stays as it was.
 */
export async function renewalWarningsInput(
  reader: RenewalReader,
  windows: readonly number[],
  alerts: ConversationAlerts,
  readable: readonly SubscriptionRead[],
  address: ConversationAddress,
  defaults: ThresholdDefaults,
  /** The renewal warnings this conversation was given (its header's), and the pass's today. */
  given: { warned: readonly string[] | undefined; now: Date },
): Promise<RenewalWarningsInput | undefined> {
  if (windows.length === 0) return undefined;
  const warned = new Set(given.warned ?? []);
  const couldStillWarn = (s: SubscriptionRecord) => !warnedAlready(renewalFacts(s, given.now), windows, warned);
  const own = readable.map((entry) => entry.subscription).filter((s) => s.customerId !== null);
  const muted = new Set<CustomerId>(alerts.mutedCustomerIds);
  const byId = new Map<string, RenewalCandidate>();
  let anyRead = false;
  for (const { subscription, read } of readable) {
    if (read.kind !== 'read') continue;
    // The measured workloads of the watched customers, shard by shard from the read. (This holds every
    // customer's workloads at once: renewal warnings do not stream yet, see the README's performance notes.)
    const workloads = new Map<string, readonly WorkloadUsage[]>();
    for (const shard of read.customers.shards) for (const c of await read.customers.customersIn(shard)) workloads.set(c.customerId, [...c.low, ...c.healthy]);
    const watched =
      subscription.customerId === null
        ? (id: CustomerId) => !muted.has(id) && !own.some((s) => s.customerId === id)
        : (id: CustomerId) => subscription.customerId === id;
    const candidates = await reader.candidates(subscription.subscriber, address, watched, workloads, couldStillWarn);
    if (!candidates) continue;
    anyRead = true;
    for (const candidate of candidates) byId.set(candidate.renewal.subscriptionId.toLowerCase(), candidate);
  }
  if (!anyRead) return undefined;
  const fallback = allCustomersThreshold(alerts, defaults);
  return {
    candidates: [...byId.values()],
    windows,
    thresholdOf: (customerId) => own.find((s) => s.customerId === customerId)?.threshold ?? fallback,
  };
}
