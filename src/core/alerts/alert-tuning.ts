import { z } from 'zod';
import type { MeasuredGroup, ScannedCustomer } from './decide-alerts';

/**
 * How a conversation tuned its alerts from the cards, per customer: snoozed until a date, products
 * ignored, a threshold of its own. Kept in a small document per conversation of its own (not in the
 * subscriptions or the alert state), which a pass consults. Pure.
 */
export const TUNING_VERSION = 1;
/** A snooze typed by hand may be longer than the buttons' 7 and 30 days, not longer than this. */
export const MAX_SNOOZE_DAYS = 90;
/** Entries per conversation: far beyond what people click, small enough for one document. */
export const MAX_TUNING_ENTRIES = 500;

const DAY_MS = 86_400_000;

export interface CustomerTuning {
  customerId: string;
  customerName: string;
  /** ISO 8601: no alerts about the customer before then. */
  snoozedUntil?: string;
  /** Products whose workloads are never alerted for this customer here. */
  ignoredProducts?: string[];
  /** Alerts about this customer fire below this instead of the subscription's threshold. */
  threshold?: number;
}

export interface AlertTuning {
  version: typeof TUNING_VERSION;
  customers: CustomerTuning[];
}

export const alertTuningSchema = z.object({
  version: z.literal(TUNING_VERSION),
  customers: z.array(
    z.object({
      customerId: z.string(),
      customerName: z.string(),
      snoozedUntil: z.string().optional(),
      ignoredProducts: z.array(z.string()).optional(),
      threshold: z.number().int().min(1).max(99).optional(),
    }),
  ),
});

export function emptyTuning(): AlertTuning {
  return { version: TUNING_VERSION, customers: [] };
}

/** One click on an alert card (or its typed fallback), or its Undo. */
export type TuningChange =
  | { kind: 'snooze'; days: number }
  /** Undo of a snooze: back to what it was (`until` absent: not snoozed). */
  | { kind: 'snooze-until'; until?: string }
  | { kind: 'ignore'; productName: string }
  | { kind: 'unignore'; productName: string }
  /** `threshold` absent: back to the subscription's threshold. */
  | { kind: 'threshold'; threshold?: number };

export interface TuningResult {
  tuning: AlertTuning;
  /** The customer's entry after the change. */
  entry: CustomerTuning;
  /** What puts it back as it was. */
  undo: TuningChange;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether the customer's snooze still holds at `now`. */
function snoozed(entry: CustomerTuning, now: Date): boolean {
  return entry.snoozedUntil !== undefined && Date.parse(entry.snoozedUntil) > now.getTime();
}

/** Whether the customer's alerts ignore this product (names compared trimmed, in any case). */
function ignores(entry: CustomerTuning, productName: string): boolean {
  return (entry.ignoredProducts ?? []).some((product) => same(product.trim(), productName.trim()));
}

export function tuningFor(tuning: AlertTuning, customerId: string): CustomerTuning | undefined {
  return tuning.customers.find((entry) => same(entry.customerId, customerId));
}

/** Applies a change to one customer's entry; the newest customers are kept when over MAX_TUNING_ENTRIES. */
export function applyTuning(tuning: AlertTuning, customer: { id: string; name: string }, change: TuningChange, now: Date): TuningResult {
  const before = tuningFor(tuning, customer.id) ?? { customerId: customer.id, customerName: customer.name };
  const entry: CustomerTuning = { ...before, customerName: customer.name };
  let undo: TuningChange;
  switch (change.kind) {
    case 'snooze':
    case 'snooze-until': {
      undo = { kind: 'snooze-until', ...(before.snoozedUntil ? { until: before.snoozedUntil } : {}) };
      const until = change.kind === 'snooze' ? new Date(now.getTime() + change.days * DAY_MS).toISOString() : change.until;
      if (until) entry.snoozedUntil = until;
      else delete entry.snoozedUntil;
      break;
    }
    case 'ignore':
    case 'unignore': {
      const products = (before.ignoredProducts ?? []).filter((product) => !same(product, change.productName));
      const wasIgnored = products.length !== (before.ignoredProducts ?? []).length;
      undo = wasIgnored ? { kind: 'ignore', productName: change.productName } : { kind: 'unignore', productName: change.productName };
      if (change.kind === 'ignore') products.push(change.productName);
      if (products.length > 0) entry.ignoredProducts = products;
      else delete entry.ignoredProducts;
      break;
    }
    case 'threshold':
      undo = { kind: 'threshold', ...(before.threshold !== undefined ? { threshold: before.threshold } : {}) };
      if (change.threshold !== undefined) entry.threshold = change.threshold;
      else delete entry.threshold;
      break;
  }
  const others = tuning.customers.filter((kept) => !same(kept.customerId, customer.id));
  const empty = entry.snoozedUntil === undefined && entry.ignoredProducts === undefined && entry.threshold === undefined;
  const customers = (empty ? others : [...others, entry]).slice(-MAX_TUNING_ENTRIES);
  return { tuning: { ...tuning, customers }, entry, undo };
}

/**
 * What a pass measures once the conversation's tuning is honoured: snoozed customers left out, ignored
 * products' workloads left out, customers with a threshold of their own measured against it.
 */
export function tuneGroups(groups: readonly MeasuredGroup[], tuning: AlertTuning | undefined, now: Date): MeasuredGroup[] {
  if (!tuning || tuning.customers.length === 0) return [...groups];
  const byThreshold = new Map<number, ScannedCustomer[]>();
  const add = (threshold: number, customer: ScannedCustomer) => byThreshold.set(threshold, [...(byThreshold.get(threshold) ?? []), customer]);
  for (const group of groups) {
    for (const customer of group.customers) {
      const entry = tuningFor(tuning, customer.customerId);
      if (!entry) {
        add(group.threshold, customer);
        continue;
      }
      if (snoozed(entry, now)) continue;
      const kept = (workload: { productName: string }) => !ignores(entry, workload.productName);
      add(entry.threshold ?? group.threshold, { ...customer, low: customer.low.filter(kept), healthy: customer.healthy.filter(kept) });
    }
  }
  return [...byThreshold].map(([threshold, customers]) => ({ threshold, customers })).sort((a, b) => a.threshold - b.threshold);
}

/**
 * Whether the conversation's tuning leaves a renewal out, as tuneGroups leaves usage out: the customer is
 * snoozed, or its alerts ignore the renewing product. What is left out is not warned about, so it is not
 * remembered as warned either: a renewal still in its window when the snooze ends is warned about then.
 */
export function renewalTunedOut(tuning: AlertTuning | undefined, renewal: { customerId: string; productName: string }, now: Date): boolean {
  const entry = tuning && tuningFor(tuning, renewal.customerId);
  if (!entry) return false;
  return snoozed(entry, now) || ignores(entry, renewal.productName);
}

/** The threshold a customer's alerts are judged by: its own, set from a card, or else `fallback`. */
export function tunedThreshold(tuning: AlertTuning | undefined, customerId: string, fallback: number): number {
  return (tuning && tuningFor(tuning, customerId)?.threshold) ?? fallback;
}

/** Tuning that still does something (a snooze in the past does not), for the `alerts` list. */
export function activeTuning(tuning: AlertTuning, now: Date): CustomerTuning[] {
  return tuning.customers
    .map((entry): CustomerTuning => {
      if (entry.snoozedUntil === undefined || snoozed(entry, now)) return entry;
      const { snoozedUntil: _over, ...rest } = entry;
      return rest;
    })
    .filter((entry) => entry.snoozedUntil !== undefined || entry.ignoredProducts !== undefined || entry.threshold !== undefined);
}
