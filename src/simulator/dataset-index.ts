import type { SimulatedCustomer, SimulatedSubscription, SimulatorDataset } from './dataset';

/**
 * The simulator's view of a data set: everything a request needs is prepared once, so large data
 * sets cost at start, not per call.
 */

export interface IndexedCustomer {
  customer: SimulatedCustomer;
  nameKey: string;
  domainKey: string;
  /** Position in company-name order, to sort domain matches the way name matches come out. */
  nameRank: number;
}

export interface DatasetIndex {
  byId: Map<string, IndexedCustomer>;
  byTenant: Map<string, { customer: SimulatedCustomer; rowsJson: readonly string[] }>;
  byName: readonly IndexedCustomer[];
  byDomain: readonly IndexedCustomer[];
  /** Every commercial row of every customer, serialised once: a scan only slices and joins. */
  allRowsJson: readonly string[];
  /** Every subscription the partner-wide scan can see, soonest end first. */
  subscriptionsByEnd: readonly IndexedSubscription[];
}

export interface IndexedSubscription {
  customer: SimulatedCustomer;
  subscription: SimulatedSubscription;
}

/** The fields Partner Center's customer search filters on. */
export const SEARCH_FIELDS = ['CompanyName', 'Domain'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildIndex(dataset: SimulatorDataset): DatasetIndex {
  const entries = dataset.customers.map((customer) => ({
    customer,
    nameKey: customer.companyName.toLowerCase(),
    domainKey: customer.domain.toLowerCase(),
    nameRank: 0,
  }));
  const byName = [...entries].sort(
    (a, b) => compareKeys(a.nameKey, b.nameKey) || compareKeys(a.customer.id, b.customer.id),
  );
  byName.forEach((entry, rank) => (entry.nameRank = rank));
  const byDomain = [...entries].sort((a, b) => compareKeys(a.domainKey, b.domainKey) || a.nameRank - b.nameRank);

  const byId = new Map<string, IndexedCustomer>();
  const byTenant = new Map<string, { customer: SimulatedCustomer; rowsJson: readonly string[] }>();
  const allRowsJson: string[] = [];
  const subscriptionsByEnd: IndexedSubscription[] = [];
  for (const entry of entries) {
    const { customer } = entry;
    const id = customer.id.toLowerCase();
    if (byId.has(id)) throw new Error(`simulator dataset: duplicate customer id ${customer.id}`);
    byId.set(id, entry);
    const rowsJson = customer.commercialUsage.map((row) =>
      JSON.stringify({
        workloadCode: row.workloadCode,
        workloadName: row.workloadName,
        serviceCode: row.serviceCode,
        serviceName: row.serviceName,
        channel: row.channel,
        customerTenantId: customer.tenantId,
        customerName: customer.companyName,
        productId: row.productId,
        productName: row.productName,
        licensesActive: row.licensesActive,
        licensesQualified: row.licensesQualified,
        processedDateTime: row.processedDateTime,
      }),
    );
    byTenant.set(customer.tenantId.toLowerCase(), { customer, rowsJson });
    for (const json of rowsJson) allRowsJson.push(json);
    // A customer without a relationship is not the partner's: its subscriptions are not in the partner's analytics.
    if (customer.failure !== 'no-relationship') for (const subscription of customer.subscriptions ?? []) subscriptionsByEnd.push({ customer, subscription });
  }
  subscriptionsByEnd.sort((a, b) => a.subscription.endsInDays - b.subscription.endsInDays || compareKeys(a.subscription.id, b.subscription.id));
  return { byId, byTenant, byName, byDomain, allRowsJson, subscriptionsByEnd };
}

/** First index whose key does not satisfy `before` (keys are sorted, so `before` flips once). */
function boundary(list: readonly IndexedCustomer[], key: (entry: IndexedCustomer) => string, before: (k: string) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(key(list[middle] as IndexedCustomer))) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Customers matching a case-insensitive prefix, in company-name order. */
export function searchCustomers(index: DatasetIndex, field: SearchField | null, prefix: string): readonly IndexedCustomer[] {
  if (field === null) return index.byName;
  const wanted = prefix.toLowerCase();
  const list = field === 'CompanyName' ? index.byName : index.byDomain;
  const key = field === 'CompanyName' ? (e: IndexedCustomer) => e.nameKey : (e: IndexedCustomer) => e.domainKey;
  // In sorted order all keys with a given prefix are contiguous: find both ends by binary search.
  const start = boundary(list, key, (k) => k < wanted);
  const end = boundary(list, key, (k) => k < wanted || k.startsWith(wanted));
  const matches = list.slice(start, end);
  return field === 'CompanyName' ? matches : matches.sort((a, b) => a.nameRank - b.nameRank);
}

