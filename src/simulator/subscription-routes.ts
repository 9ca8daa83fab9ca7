import type { SimulatedCustomer, SimulatedSubscription } from './dataset';
import type { DatasetIndex, IndexedSubscription } from './dataset-index';
import { parseCount, queryParam } from './query-params';
import { json, noRelationship, pcError, type Reply } from './replies';

/**
 * The subscription side: a customer's subscriptions and subscribed SKUs (classic, with BOM) and the
 * partner-wide subscription analytics (top/skip paging, no BOM). Dates are computed from the
 * simulator's clock at each request.
 */

const PAGE_SIZE = 10_000;
const DAY_MS = 86_400_000;
/** `commitmentEndDate ge 2026-12-02 and commitmentEndDate le 2027-03-02`, dates quoted or not. */
const DATE_CONDITION = /^\s*commitmentEndDate\s+(eq|ge|gt|le|lt)\s+'?(\d{4}-\d{2}-\d{2})'?\s*$/i;

function today(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

function endDate(subscription: SimulatedSubscription, now: Date): string {
  return new Date(today(now) + subscription.endsInDays * DAY_MS).toISOString().slice(0, 10);
}

function forbidden(bom: boolean): Reply {
  return pcError(403, 403, 'The user does not have a role that allows this operation.', bom);
}

/** GET /v1/customers/{id}/subscriptions */
export function customerSubscriptions(customer: SimulatedCustomer, now: Date): Reply {
  if (customer.failure === 'no-relationship') return noRelationship(true);
  if (customer.subscriptionsFailure === 'forbidden') return forbidden(true);
  const items = (customer.subscriptions ?? []).map((subscription) => ({
    id: subscription.id,
    offerId: `${subscription.id.slice(0, 12).toUpperCase()}:0001`,
    offerName: subscription.offerName,
    friendlyName: subscription.offerName,
    quantity: subscription.quantity,
    unitType: 'Licenses',
    status: subscription.status,
    autoRenewEnabled: subscription.autoRenewEnabled,
    termDuration: subscription.termDuration,
    billingCycle: subscription.termDuration === 'P1M' ? 'monthly' : 'annual',
    effectiveStartDate: `${endDate({ ...subscription, endsInDays: subscription.endsInDays - termDaysOf(subscription) }, now)}T00:00:00Z`,
    commitmentEndDate: `${endDate(subscription, now)}T00:00:00Z`,
    isTrial: subscription.isTrial,
    productType: { id: 'OnlineServicesNCE', displayName: 'OnlineServicesNCE' },
    attributes: { objectType: 'Subscription' },
  }));
  return json(200, { totalCount: items.length, items, links: {}, attributes: { objectType: 'Collection' } }, true);
}

/** GET /v1/customers/{id}/subscribedskus: one SKU per product, named without the sales note. */
export function customerSubscribedSkus(customer: SimulatedCustomer): Reply {
  if (customer.failure === 'no-relationship') return noRelationship(true);
  const bySku = new Map<string, { name: string; active: number; consumed: number; suspended: number }>();
  for (const subscription of customer.subscriptions ?? []) {
    const name = subscription.offerName.replace(/\s*\(NCE\)\s*$/i, '');
    const sku = bySku.get(name) ?? { name, active: 0, consumed: 0, suspended: 0 };
    if (subscription.status === 'active') sku.active += subscription.quantity;
    else sku.suspended += subscription.quantity;
    sku.consumed += subscription.status === 'active' ? subscription.assigned : 0;
    bySku.set(name, sku);
  }
  const items = [...bySku.values()].map((sku, index) => ({
    productSku: {
      id: `${String(index + 1).padStart(8, '0')}-0000-4000-8000-${customer.id.slice(-12)}`,
      name: sku.name,
      skuPartNumber: sku.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
      targetType: 'User',
    },
    activeUnits: sku.active,
    consumedUnits: sku.consumed,
    availableUnits: sku.active - sku.consumed,
    suspendedUnits: sku.suspended,
    warningUnits: 0,
    totalUnits: sku.active + sku.suspended,
    capabilityStatus: sku.active > 0 ? 'Enabled' : 'Suspended',
    attributes: { objectType: 'SubscribedSku' },
  }));
  return json(200, { totalCount: items.length, items, attributes: { objectType: 'Collection' } }, true);
}

/** GET /partner/v1/analytics/subscriptions */
export function partnerSubscriptions(url: URL, index: DatasetIndex, now: Date, origin: string, documentedOnly = false): Reply {
  const params = url.searchParams;
  const topParam = queryParam(params, 'top');
  const skipParam = queryParam(params, 'skip');
  const top = parseCount(topParam.value, PAGE_SIZE, 1, PAGE_SIZE);
  const skip = parseCount(skipParam.value, 0, 0, Number.MAX_SAFE_INTEGER);
  if (top === undefined || skip === undefined) return pcError(400, 400, 'top must be a whole number from 1 and skip a whole number from 0.', false);
  const range = dayRange(queryParam(params, 'filter').value ?? '', now);
  if (range === undefined) return pcError(400, 400, 'Only commitmentEndDate conditions joined with and are supported.', false);

  const rows = rowsEndingWithin(index.subscriptionsByEnd, range.from, range.to);
  const page = rows.slice(skip, skip + top);
  let nextLink: string | null = null;
  if (skip + page.length < rows.length) {
    const next = new URL(`${url.pathname}${url.search}`, origin);
    next.searchParams.set(skipParam.key, String(skip + page.length));
    nextLink = next.href;
  }
  const value = page.map(({ customer, subscription }) => {
    const end = endDate(subscription, now);
    return {
      customerTenantId: customer.tenantId,
      customerName: customer.companyName,
      customerMarket: 'NL',
      id: subscription.id,
      status: subscription.status === 'active' ? 'Active' : 'Suspended',
      productName: subscription.offerName,
      subscriptionType: 'OnlineServicesNCE',
      autoRenewEnabled: subscription.autoRenewEnabled,
      partnerId: '00000000-0000-4000-8000-000000000001',
      friendlyName: subscription.offerName,
      partnerName: 'Simulated partner',
      commitmentEndDate: end,
      currentStateEndDate: end,
      lastRenewalDate: new Date(Date.parse(`${end}T00:00:00Z`) - termDaysOf(subscription) * DAY_MS).toISOString().slice(0, 10),
      licenseCount: subscription.quantity,
      churnRisk: subscription.assigned < subscription.quantity ? 'High' : 'Low',
      billingCycleName: subscription.termDuration === 'P1M' ? 'Monthly' : 'Annual',
      // Not in the documented rows: served (unless told not to) so the bot can skip a per-customer read for the term.
      ...(documentedOnly ? {} : { termDuration: subscription.termDuration, isTrial: subscription.isTrial }),
    };
  });
  return json(200, { Value: value, '@nextLink': nextLink, TotalCount: rows.length }, false);
}

function termDaysOf(subscription: SimulatedSubscription): number {
  return subscription.termDuration === 'P1M' ? 30 : subscription.termDuration === 'P1Y' ? 365 : 1095;
}

/** The filter as a range of days from today (inclusive); undefined when it is not one we understand. */
function dayRange(filter: string, now: Date): { from: number; to: number } | undefined {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  if (filter.trim() === '') return { from, to };
  for (const part of filter.split(/\s+and\s+/i)) {
    const match = DATE_CONDITION.exec(part);
    if (!match) return undefined;
    const day = Math.round((Date.parse(`${match[2]}T00:00:00Z`) - today(now)) / DAY_MS);
    if (Number.isNaN(day)) return undefined;
    const op = match[1]!.toLowerCase();
    if (op === 'eq' || op === 'ge') from = Math.max(from, day);
    if (op === 'gt') from = Math.max(from, day + 1);
    if (op === 'eq' || op === 'le') to = Math.min(to, day);
    if (op === 'lt') to = Math.min(to, day - 1);
  }
  return { from, to };
}

/** Rows are sorted by endsInDays: both ends of the range by binary search. */
function rowsEndingWithin(rows: readonly IndexedSubscription[], from: number, to: number): readonly IndexedSubscription[] {
  const first = (bound: number) => {
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (rows[middle]!.subscription.endsInDays < bound) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return rows.slice(first(from), first(to + 1));
}
