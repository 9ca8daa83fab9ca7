import type { WorkloadUsage } from '../usage/usage-summary';
import { buildFunnel } from './funnel';
import { productKey } from './product-match';
import type { RenewalCandidate } from './rank-renewals';
import { renewalFacts } from './renewal';
import type { SubscriptionRecord } from './subscription';

/** A customer as the alert pass measured it: what the scan's renewals are matched with. */
export interface MeasuredWorkloads {
  customerName?: string;
  workloads: readonly WorkloadUsage[];
}

/**
 * Renewal candidates from partner-wide data only: the renewals scan's rows (seats bought, term, end)
 * with the workloads the usage scan measured. No request per customer, so the seats assigned stay
 * unknown (only a customer's subscribed SKUs say them): a candidate warns on low adoption. Rows of
 * customers that were not measured are left out, since nothing about them could warn. Pure.
 */
export function candidatesFromScan(
  renewals: readonly SubscriptionRecord[],
  measuredOf: (customerId: string) => MeasuredWorkloads | undefined,
  now: Date,
): RenewalCandidate[] {
  const byCustomer = new Map<string, SubscriptionRecord[]>();
  for (const renewal of renewals) {
    const key = renewal.customerId.toLowerCase();
    const list = byCustomer.get(key);
    if (list) list.push(renewal);
    else byCustomer.set(key, [renewal]);
  }
  const candidates: RenewalCandidate[] = [];
  for (const [key, list] of byCustomer) {
    const measured = measuredOf(key);
    if (!measured) continue;
    const funnel = buildFunnel({ workloads: measured.workloads, subscriptions: list, now });
    const products = new Map(funnel.products.map((product) => [productKey(product.productName), product]));
    for (const subscription of list) {
      const product = products.get(productKey(subscription.productName));
      const customerName = subscription.customerName ?? measured.customerName;
      candidates.push({
        renewal: renewalFacts({ ...subscription, ...(customerName ? { customerName } : {}) }, now),
        ...(product ? { product } : {}),
      });
    }
  }
  return candidates;
}
