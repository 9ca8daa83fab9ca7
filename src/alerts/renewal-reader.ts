import { randomUUID } from 'node:crypto';
import type { Subscriber } from '../core/alerts/subscriptions';
import { asCodedError } from '../core/errors';
import { shardOf } from '../core/alerts/state-shards';
import { ShardSpool } from './shard-spool';
import type { RenewalCandidate } from '../core/subscriptions/rank-renewals';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import type { WorkloadUsage } from '../core/usage/usage-summary';
import type { UsageApi } from '../config/config';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';
import { streamRenewals } from '../renewals/read-renewals';
import { renewalCandidates } from '../renewals/renewal-candidates';
import type { ConversationAddress, SubscriberTokens } from './ports';

/** One subscriber's renewals in the pass's largest window, spooled per state shard. */
export interface RenewalSource {
  renewalsIn(shard: number): Promise<SubscriptionRecord[]>;
}

/**
 * The renewals side of one alert pass: each subscriber's partner-wide scan once, spooled to disk per
 * shard so the pass decides renewals shard by shard beside the usage findings; and, for a
 * subscription to one customer, that customer's seats (its subscribed SKUs), once.
 */
export interface RenewalReader {
  /** The subscriber's renewals; undefined when they could not be read (nothing is warned, nothing forgotten). */
  renewalsOf(subscriber: Subscriber, address: ConversationAddress): Promise<RenewalSource | undefined>;
  /**
   * One customer's renewals with its seats and the workloads already measured; undefined when the
   * seats could not be read.
   */
  withSeats(
    subscriber: Subscriber,
    address: ConversationAddress,
    renewals: readonly SubscriptionRecord[],
    workloads: ReadonlyMap<string, readonly WorkloadUsage[]>,
  ): Promise<RenewalCandidate[] | undefined>;
  /**
   * One customer's own subscriptions, for the term a partner-wide row did not state (Partner Center's
   * documented rows have none); undefined when they could not be read. Once per pass and customer.
   */
  subscriptionsOf(subscriber: Subscriber, address: ConversationAddress, customerId: string): Promise<SubscriptionRecord[] | undefined>;
  /** Removes the spooled scans. */
  dispose(): Promise<void>;
}

export interface RenewalReaderOptions {
  partnerCenter: PartnerCenter;
  usageApi: UsageApi;
  tokens: SubscriberTokens;
  concurrency: number;
  logger: Logger;
  /** The largest renewal window: how far ahead the scan looks. */
  maxDays: number;
  now: Date;
  signal?: AbortSignal;
  onRequest: () => void;
}

export function createRenewalReader(options: RenewalReaderOptions): RenewalReader {
  const contexts = new Map<string, Promise<PartnerCenterCallContext>>();
  const scans = new Map<string, Promise<RenewalSource | undefined>>();
  const details = new Map<string, Promise<RenewalCandidate[]>>();
  const owned = new Map<string, Promise<SubscriptionRecord[] | undefined>>();
  const spools: ShardSpool<SubscriptionRecord>[] = [];

  function contextFor(subscriber: Subscriber, address: ConversationAddress): Promise<PartnerCenterCallContext> {
    let ctx = contexts.get(subscriber.userId);
    if (!ctx) {
      const correlationId = randomUUID();
      ctx = options.tokens.tokenFor(subscriber, address, correlationId).then((accessToken) => ({
        accessToken,
        locale: subscriber.locale,
        correlationId,
        onRequest: options.onRequest,
        ...(options.signal ? { signal: options.signal } : {}),
      }));
      contexts.set(subscriber.userId, ctx);
    }
    return ctx;
  }

  async function scan(subscriber: Subscriber, address: ConversationAddress): Promise<RenewalSource | undefined> {
    const spool = await ShardSpool.create<SubscriptionRecord>('csp-alert-renewals-');
    spools.push(spool);
    try {
      const ctx = await contextFor(subscriber, address);
      const read = { partnerCenter: options.partnerCenter, concurrency: options.concurrency, logger: options.logger };
      await streamRenewals(read, options.now, options.maxDays, ctx, async (subscriptions) => {
        // A monthly subscription never raises a warning on its own: left out before it is even spooled.
        for (const s of subscriptions) if (s.termDuration?.toUpperCase() !== 'P1M') spool.add(shardOf(s.customerId), s);
        await spool.flushed();
      });
      await spool.finish();
      return { renewalsIn: (shard) => spool.rowsIn(shard) };
    } catch (error) {
      const coded = asCodedError(error);
      options.logger.warn({ code: coded.code, status: coded.details.status }, 'Alert pass could not read renewals; no renewal warnings this pass');
      return undefined;
    }
  }

  return {
    renewalsOf(subscriber, address) {
      let pending = scans.get(subscriber.userId);
      if (!pending) {
        pending = scan(subscriber, address);
        scans.set(subscriber.userId, pending);
      }
      return pending;
    },
    async withSeats(subscriber, address, renewals, workloads) {
      if (renewals.length === 0) return [];
      const key = `${subscriber.userId}\u0000${renewals[0]!.customerId.toLowerCase()}\u0000${renewals.map((s) => s.id).sort().join(',')}`;
      try {
        let pending = details.get(key);
        if (!pending) {
          const ctx = await contextFor(subscriber, address);
          const read = { partnerCenter: options.partnerCenter, usageApi: options.usageApi, concurrency: 1, logger: options.logger, maxCustomers: 1, knownWorkloads: workloads };
          pending = renewalCandidates(renewals, options.now, read, ctx).then((result) => result.candidates);
          details.set(key, pending);
        }
        return await pending;
      } catch (error) {
        const coded = asCodedError(error);
        options.logger.warn({ code: coded.code, status: coded.details.status }, "Alert pass could not read a renewing customer's seats; no renewal warning for it this pass");
        return undefined;
      }
    },
    subscriptionsOf(subscriber, address, customerId) {
      const key = `${subscriber.userId}\u0000${customerId.toLowerCase()}`;
      let pending = owned.get(key);
      if (!pending) {
        pending = contextFor(subscriber, address)
          .then((ctx) => options.partnerCenter.getCustomerSubscriptions(customerId, ctx))
          .catch((error: unknown) => {
            const coded = asCodedError(error);
            options.logger.debug({ code: coded.code, status: coded.details.status }, "Alert pass could not read a renewing customer's terms");
            return undefined;
          });
        owned.set(key, pending);
      }
      return pending;
    },
    async dispose() {
      await Promise.all(spools.splice(0).map((spool) => spool.dispose()));
    },
  };
}
