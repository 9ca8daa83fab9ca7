import { mapWithConcurrency } from '../alerts/bounded-concurrency';
import { loadUsage } from '../usage/load-usage';
import type { UsageApi } from '../config/config';
import { asCodedError, SIGN_IN_CODES } from '../core/errors';
import { buildFunnel, type ProductFunnel } from '../core/subscriptions/funnel';
import { productKey } from '../core/subscriptions/product-match';
import type { RenewalCandidate } from '../core/subscriptions/rank-renewals';
import { renewalFacts } from '../core/subscriptions/renewal';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { WorkloadUsage } from '../core/usage/usage-summary';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';

export interface CandidateOptions {
  partnerCenter: PartnerCenter;
  usageApi: UsageApi;
  concurrency: number;
  logger: Logger;
  /**
   * Most customers whose seats and usage are read (soonest renewal first); the others are ranked on
   * what the scan said. Keeps one answer within Partner Center's rate limits and the user's patience.
   */
  maxCustomers: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Workloads already measured (the alert pass's own usage read), by lower-cased customer id: a
   * customer found here costs no usage request.
   */
  knownWorkloads?: ReadonlyMap<string, readonly WorkloadUsage[]>;
}

export interface CandidatesRead {
  candidates: RenewalCandidate[];
  /** Customers read incompletely or not at all (beyond maxCustomers, or a read that failed). */
  partialCustomers: number;
}

/**
 * The renewals of a scan with what each customer's funnel says about them: per customer with a
 * renewal, its subscribed SKUs (assigned seats), its usage, and, when the scan did not state the term,
 * its own subscriptions. Only customers renewing in the window are read, at bounded concurrency.
 */
export async function renewalCandidates(
  subscriptions: readonly SubscriptionRecord[],
  now: Date,
  options: CandidateOptions,
  ctx: PartnerCenterCallContext,
): Promise<CandidatesRead> {
  const byCustomer = new Map<string, SubscriptionRecord[]>();
  for (const subscription of subscriptions) {
    const key = subscription.customerId.toLowerCase();
    byCustomer.set(key, [...(byCustomer.get(key) ?? []), subscription]);
  }
  const soonest = (list: readonly SubscriptionRecord[]) => list.map((s) => s.commitmentEndDate ?? '9999').sort()[0] ?? '9999';
  const customers = [...byCustomer.values()].sort((a, b) => soonest(a).localeCompare(soonest(b)));
  const detailed = customers.slice(0, options.maxCustomers);
  let partialCustomers = customers.length - detailed.length;
  let done = 0;
  options.onProgress?.(done, detailed.length);

  const results = await mapWithConcurrency(
    detailed,
    options.concurrency,
    async (list) => {
      try {
        return await candidatesOfCustomer(list, now, options, ctx);
      } catch (error) {
        const coded = asCodedError(error);
        if (SIGN_IN_CODES.has(coded.code)) throw coded;
        partialCustomers += 1;
        options.logger.debug({ code: coded.code, status: coded.details.status }, "Could not read a renewing customer's seats or usage");
        return list.map((subscription) => ({ renewal: renewalFacts(subscription, now) }));
      } finally {
        done += 1;
        options.onProgress?.(done, detailed.length);
      }
    },
    ctx.signal,
  );
  const candidates = results.flatMap((list, index) => list ?? (detailed[index] ?? []).map((subscription) => ({ renewal: renewalFacts(subscription, now) })));
  for (const list of customers.slice(options.maxCustomers)) for (const subscription of list) candidates.push({ renewal: renewalFacts(subscription, now) });
  return { candidates, partialCustomers };
}

async function candidatesOfCustomer(
  list: readonly SubscriptionRecord[],
  now: Date,
  options: CandidateOptions,
  ctx: PartnerCenterCallContext,
): Promise<RenewalCandidate[]> {
  const customerId = list[0]!.customerId;
  const customerName = list.find((s) => s.customerName)?.customerName;
  const needsTerm = list.some((s) => s.termDuration === undefined);
  const known = options.knownWorkloads?.get(customerId.toLowerCase());
  const [own, skus, records] = await Promise.all([
    needsTerm ? options.partnerCenter.getCustomerSubscriptions(customerId, ctx) : Promise.resolve(undefined),
    options.partnerCenter.getCustomerSubscribedSkus(customerId, ctx),
    known ? Promise.resolve([] as UsageRecord[]) : loadUsage(options.partnerCenter, options.usageApi, { id: customerId, tenantId: customerId, companyName: customerName ?? customerId }, ctx),
  ]);
  const termOf = new Map((own ?? []).map((s) => [s.id.toLowerCase(), s]));
  const completed = list.map((s) => {
    const detail = termOf.get(s.id.toLowerCase());
    return {
      ...s,
      ...(s.termDuration === undefined && detail?.termDuration !== undefined ? { termDuration: detail.termDuration } : {}),
      isTrial: s.isTrial || detail?.isTrial === true,
    };
  });
  const summary = analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
  const funnel = buildFunnel({
    workloads: known ?? [...summary.low, ...summary.healthy, ...summary.unlicensed],
    subscriptions: own ?? completed,
    skus,
    now,
  });
  const products = new Map<string, ProductFunnel>(funnel.products.map((p) => [productKey(p.productName), p]));
  return completed.map((subscription) => {
    const key = productKey(subscription.productName);
    const product = products.get(key) ?? skuOnly(skus, key);
    return { renewal: renewalFacts({ ...subscription, ...(customerName ? { customerName } : {}) }, now), ...(product ? { product } : {}) };
  });
}

/** A product bought but not in the usage data still has its seats: bought and assigned from the SKU. */
function skuOnly(skus: ReadonlyArray<{ skuName: string; activeUnits: number; consumedUnits: number }>, key: string) {
  const matching = skus.filter((sku) => productKey(sku.skuName) === key);
  if (matching.length === 0) return undefined;
  const bought = matching.reduce((n, sku) => n + sku.activeUnits, 0);
  const assigned = matching.reduce((n, sku) => n + sku.consumedUnits, 0);
  return { bought, assigned, unassigned: Math.max(0, bought - assigned), workloads: [] };
}
