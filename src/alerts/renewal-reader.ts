import { randomUUID } from 'node:crypto';
import type { Subscriber } from '../core/alerts/subscriptions';
import type { CustomerId } from '../core/customers/customer-id';
import { asCodedError } from '../core/errors';
import { mapWithConcurrency } from './bounded-concurrency';
import type { RenewalCandidate } from '../core/subscriptions/rank-renewals';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import type { WorkloadUsage } from '../core/usage/usage-summary';
import type { UsageApi } from '../config/config';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';
import { readRenewals } from '../renewals/read-renewals';
import { renewalCandidates } from '../renewals/renewal-candidates';
import type { ConversationAddress, SubscriberTokens } from './ports';

/** The renewals side of one alert pass: each subscriber's partner-wide scan once, each renewing customer's seats once. */
export interface RenewalReader {
  /**
   * The renewal candidates among `watched` customers of one subscriber, with seats and the workloads
   * already measured; undefined when the subscriber's renewals could not be read (nothing is warned).
   */
  candidates(
    subscriber: Subscriber,
    address: ConversationAddress,
    watched: (customerId: CustomerId) => boolean,
    workloads: ReadonlyMap<string, readonly WorkloadUsage[]>,
    /** Renewals worth reading seats for; the others are left out before any further request. */
    wanted?: (subscription: SubscriptionRecord) => boolean,
  ): Promise<RenewalCandidate[] | undefined>;
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
  const scans = new Map<string, Promise<SubscriptionRecord[] | undefined>>();
  const details = new Map<string, Promise<RenewalCandidate[]>>();

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

  function scan(subscriber: Subscriber, address: ConversationAddress): Promise<SubscriptionRecord[] | undefined> {
    let pending = scans.get(subscriber.userId);
    if (!pending) {
      pending = (async () => {
        try {
          const ctx = await contextFor(subscriber, address);
          const read = await readRenewals({ partnerCenter: options.partnerCenter, concurrency: options.concurrency, logger: options.logger }, options.now, options.maxDays, ctx);
          // A monthly subscription never raises a warning on its own: left out before any further read.
          return read.subscriptions.filter((s) => s.termDuration?.toUpperCase() !== 'P1M');
        } catch (error) {
          const coded = asCodedError(error);
          options.logger.warn({ code: coded.code, status: coded.details.status }, 'Alert pass could not read renewals; no renewal warnings this pass');
          return undefined;
        }
      })();
      scans.set(subscriber.userId, pending);
    }
    return pending;
  }

  /** One renewing customer's seats (and term, when the scan did not state it), read once per pass and subscriber. */
  function detailsOf(
    cacheKey: string,
    list: readonly SubscriptionRecord[],
    ctx: PartnerCenterCallContext,
    workloads: ReadonlyMap<string, readonly WorkloadUsage[]>,
  ): Promise<RenewalCandidate[]> {
    let pending = details.get(cacheKey);
    if (!pending) {
      const read = { partnerCenter: options.partnerCenter, usageApi: options.usageApi, concurrency: 1, logger: options.logger, maxCustomers: 1, knownWorkloads: workloads };
      pending = renewalCandidates(list, options.now, read, ctx).then((result) => result.candidates);
      details.set(cacheKey, pending);
    }
    return pending;
  }

  return {
    async candidates(subscriber, address, watched, workloads, wanted) {
      const subscriptions = await scan(subscriber, address);
      if (!subscriptions) return undefined;
      const byCustomer = new Map<string, SubscriptionRecord[]>();
      for (const s of subscriptions) {
        if (!watched(s.customerId) || (wanted && !wanted(s))) continue;
        const key = s.customerId.toLowerCase();
        byCustomer.set(key, [...(byCustomer.get(key) ?? []), s]);
      }
      try {
        const ctx = await contextFor(subscriber, address);
        const lists = await mapWithConcurrency([...byCustomer], options.concurrency, ([key, list]) => detailsOf(`${subscriber.userId}\u0000${key}\u0000${list.map((s) => s.id).sort().join(',')}`, list, ctx, workloads), options.signal);
        return lists.flatMap((list) => list ?? []);
      } catch (error) {
        const coded = asCodedError(error);
        options.logger.warn({ code: coded.code, status: coded.details.status }, "Alert pass could not read renewing customers' seats; no renewal warnings for them this pass");
        return undefined;
      }
    },
  };
}
