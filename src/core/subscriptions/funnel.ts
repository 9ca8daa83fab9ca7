import type { WorkloadUsage } from '../usage/usage-summary';
import { productKey } from './product-match';
import { renewalFacts, type RenewalFacts } from './renewal';
import type { SubscribedSkuRecord, SubscriptionRecord } from './subscription';

/**
 * The licence funnel of one product: bought → assigned → active per workload. Each step comes from
 * another Partner Center source, so each can be missing (null) when that source could not be read.
 */
export interface ProductFunnel {
  productName: string;
  /** Seats of the product's active subscriptions, or the SKU's active units when subscriptions are unknown. */
  bought: number | null;
  /** The SKU's consumed units: seats assigned to users. */
  assigned: number | null;
  /** bought − assigned, never below 0; null when either is unknown. */
  unassigned: number | null;
  /** The product's workloads as the usage card measures them, lowest first. */
  workloads: WorkloadUsage[];
  /** The product's subscriptions that are not over, soonest renewal first. */
  renewals: RenewalFacts[];
}

export interface LicenceFunnel {
  products: ProductFunnel[];
  /** Names bought (subscriptions or SKUs) that no usage row names, and usage products nothing bought names. */
  unmatched: { bought: string[]; usage: string[] };
}

export interface FunnelInput {
  /** Every measured and unlicensed workload of the customer. */
  workloads: readonly WorkloadUsage[];
  /** undefined: could not be read (the card says so), [] : none. */
  subscriptions?: readonly SubscriptionRecord[];
  skus?: readonly SubscribedSkuRecord[];
  now: Date;
}

interface Group {
  names: { usage?: string; sku?: string; offer?: string };
  workloads: WorkloadUsage[];
  subscriptions: SubscriptionRecord[];
  skus: SubscribedSkuRecord[];
}

/** Brings the three sources together per product, matched by productKey. Pure. */
export function buildFunnel(input: FunnelInput): LicenceFunnel {
  const groups = new Map<string, Group>();
  const groupOf = (name: string): Group => {
    const key = productKey(name);
    let group = groups.get(key);
    if (!group) {
      group = { names: {}, workloads: [], subscriptions: [], skus: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const workload of input.workloads) {
    const group = groupOf(workload.productName);
    group.names.usage ??= workload.productName;
    group.workloads.push(workload);
  }
  for (const sku of input.skus ?? []) {
    const group = groupOf(sku.skuName);
    group.names.sku ??= sku.skuName;
    group.skus.push(sku);
  }
  for (const subscription of input.subscriptions ?? []) {
    const group = groupOf(subscription.productName);
    group.names.offer ??= subscription.productName;
    group.subscriptions.push(subscription);
  }

  const products: ProductFunnel[] = [];
  const unmatched = { bought: [] as string[], usage: [] as string[] };
  const boughtKnown = input.subscriptions !== undefined || input.skus !== undefined;
  for (const group of groups.values()) {
    const hasUsage = group.workloads.length > 0;
    const hasBought = group.skus.length > 0 || group.subscriptions.length > 0;
    if (!hasUsage) {
      // Bought but never measured: said on its own line instead of guessing which usage product it is.
      if (live(group.subscriptions).length > 0 || group.skus.some((sku) => sku.activeUnits > 0)) {
        unmatched.bought.push(group.names.sku ?? group.names.offer ?? '');
      }
      continue;
    }
    if (!hasBought && boughtKnown) unmatched.usage.push(group.names.usage ?? '');
    products.push(productFunnel(group, input));
  }
  products.sort((a, b) => lowestPercent(a) - lowestPercent(b) || a.productName.localeCompare(b.productName));
  return { products, unmatched: { bought: unique(unmatched.bought), usage: unique(unmatched.usage) } };
}

function productFunnel(group: Group, input: FunnelInput): ProductFunnel {
  const active = live(group.subscriptions).filter((s) => s.status.toLowerCase() === 'active');
  const skuActive = group.skus.length > 0 ? sum(group.skus.map((sku) => sku.activeUnits)) : null;
  const bought = active.length > 0 ? sum(active.map((s) => s.seats)) : input.subscriptions !== undefined && group.subscriptions.length > 0 ? 0 : skuActive;
  const assigned = group.skus.length > 0 ? sum(group.skus.map((sku) => sku.consumedUnits)) : null;
  const renewals = live(group.subscriptions)
    .map((subscription) => renewalFacts(subscription, input.now))
    .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.subscriptionId.localeCompare(b.subscriptionId));
  return {
    productName: group.names.sku ?? group.names.offer ?? group.names.usage ?? '',
    bought,
    assigned,
    unassigned: bought === null || assigned === null ? null : Math.max(0, bought - assigned),
    workloads: [...group.workloads].sort((a, b) => (a.usagePercent ?? Infinity) - (b.usagePercent ?? Infinity)),
    renewals,
  };
}

/** Subscriptions that still exist: an expired or deleted one is history, not what was bought. */
function live(subscriptions: readonly SubscriptionRecord[]): SubscriptionRecord[] {
  return subscriptions.filter((s) => !['expired', 'disabled', 'deleted'].includes(s.status.toLowerCase()));
}

/** The product's lowest measured workload, for ranking products and renewals; Infinity when none is measured. */
export function lowestWorkload(product: Pick<ProductFunnel, 'workloads'>): WorkloadUsage | undefined {
  return product.workloads.find((workload) => workload.usagePercent !== null);
}

/** The product's lowest measured workload as its name and percent; null without a product or a measured workload. */
export function lowestUsage(product: Pick<ProductFunnel, 'workloads'> | undefined): { workloadName: string; percent: number } | null {
  const lowest = product ? lowestWorkload(product) : undefined;
  return lowest && lowest.usagePercent !== null ? { workloadName: lowest.workloadName, percent: lowest.usagePercent } : null;
}

function lowestPercent(product: ProductFunnel): number {
  return lowestWorkload(product)?.usagePercent ?? Infinity;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = productKey(name);
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
