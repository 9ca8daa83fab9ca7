import { z } from 'zod';
import type { UsageSummary } from '../usage/usage-summary';
import { usagePercentOf } from '../usage/analyse-usage';

/**
 * What the bot remembers of a customer's usage over time: one compact snapshot per Partner Center
 * data date (the figures per product and workload, never the raw rows). Partner Center's own insights
 * keep 13 months; so do we. Pure: no I/O, the store decides where a history lives.
 */

export const HISTORY_VERSION = 1;
/** Partner Center keeps 13 months of usage insights; older snapshots are dropped. */
export const HISTORY_MONTHS = 13;
/** A daily refresh for 13 months would be ~400 snapshots: the newest ones are kept, bounded. */
export const MAX_SNAPSHOTS = 60;
/** Per snapshot; a customer with more product/workload pairs keeps its lowest ones. */
export const MAX_WORKLOADS_PER_SNAPSHOT = 100;

/** `[product index, workload name, active, qualified]`: products are named once per snapshot. */
export type SnapshotRow = [number, string, number, number];

export interface UsageSnapshot {
  /** The Partner Center data date, `YYYY-MM-DD` (UTC). */
  date: string;
  products: string[];
  rows: SnapshotRow[];
}

export interface CustomerHistory {
  version: typeof HISTORY_VERSION;
  customerId: string;
  /** Oldest first, one per data date. */
  snapshots: UsageSnapshot[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const usageSnapshotSchema = z.object({
  date: z.string().regex(DATE),
  products: z.array(z.string()),
  rows: z.array(z.tuple([z.number().int().nonnegative(), z.string(), z.number(), z.number()])),
});

/** A whole history in one document: how version 1 stored it (see history-segments.ts for version 2). */
export const customerHistorySchema = z.object({
  version: z.literal(HISTORY_VERSION),
  customerId: z.string(),
  snapshots: z.array(usageSnapshotSchema),
});

export function emptyHistory(customerId: string): CustomerHistory {
  return { version: HISTORY_VERSION, customerId, snapshots: [] };
}

/** The data date of a summary as a snapshot key; undefined when Partner Center gave none (nothing to record). */
export function dataDateOf(processedAt: string | null): string | undefined {
  if (processedAt === null) return undefined;
  const time = Date.parse(processedAt);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/** The snapshot of a summary: every workload with licenses, lowest first, bounded. */
export function snapshotOf(summary: UsageSummary): UsageSnapshot | undefined {
  const date = dataDateOf(summary.processedAt);
  if (date === undefined || !summary.hasData) return undefined;
  const products: string[] = [];
  const rows: SnapshotRow[] = [];
  for (const workload of [...summary.low, ...summary.healthy].slice(0, MAX_WORKLOADS_PER_SNAPSHOT)) {
    let index = products.indexOf(workload.productName);
    if (index < 0) index = products.push(workload.productName) - 1;
    rows.push([index, workload.workloadName, workload.licensesActive, workload.licensesQualified]);
  }
  return { date, products, rows };
}

/**
 * The history with `snapshot` added, or undefined when that data date is known already (nothing to
 * write: cost grows with change). Snapshots older than 13 months before `now`, and beyond the newest
 * MAX_SNAPSHOTS, are dropped.
 */
export function addSnapshot(history: CustomerHistory, snapshot: UsageSnapshot, now: Date): CustomerHistory | undefined {
  if (history.snapshots.some((known) => known.date === snapshot.date)) return undefined;
  const snapshots = keptSnapshots([...history.snapshots, snapshot], now);
  if (!snapshots.includes(snapshot)) return undefined;
  return { ...history, snapshots };
}

/** Snapshots in data date order (`YYYY-MM-DD` sorts as text). */
export function byDate(a: UsageSnapshot, b: UsageSnapshot): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * What a history keeps of these snapshots: one per data date (the last given wins), none older than 13
 * months before `now`, the newest MAX_SNAPSHOTS, oldest first.
 */
export function keptSnapshots(snapshots: readonly UsageSnapshot[], now: Date): UsageSnapshot[] {
  const oldest = oldestKeptDate(now);
  const perDate = new Map<string, UsageSnapshot>();
  for (const snapshot of snapshots) if (snapshot.date >= oldest) perDate.set(snapshot.date, snapshot);
  return [...perDate.values()].sort(byDate).slice(-MAX_SNAPSHOTS);
}

/** The oldest data date kept: 13 months before `now`. */
export function oldestKeptDate(now: Date): string {
  const cut = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - HISTORY_MONTHS, now.getUTCDate()));
  return cut.toISOString().slice(0, 10);
}

/** One point of a workload's series. */
export interface TrendPoint {
  date: string;
  /** null: no qualified licenses on that date. */
  percent: number | null;
  licensesActive: number;
  licensesQualified: number;
}

const keyOf = (product: string, workload: string) => `${product.trim().toLowerCase()}\u0000${workload.trim().toLowerCase()}`;

/** A workload's figures on every data date the history holds, oldest first. */
export function workloadSeries(history: CustomerHistory, productName: string, workloadName: string): TrendPoint[] {
  const wanted = keyOf(productName, workloadName);
  const points: TrendPoint[] = [];
  for (const snapshot of history.snapshots) {
    const row = snapshot.rows.find(([product, workload]) => keyOf(snapshot.products[product] ?? '', workload) === wanted);
    if (!row) continue;
    const [, , licensesActive, licensesQualified] = row;
    points.push({ date: snapshot.date, percent: usagePercentOf({ licensesActive, licensesQualified }), licensesActive, licensesQualified });
  }
  return points;
}

/** How a workload moved from the data point before `date` to the one on `date`. */
export interface WorkloadChange {
  /** Percentage points, rounded to one decimal: negative is a fall. */
  points: number;
  /** The previous data date, `YYYY-MM-DD`. */
  since: string;
}

export function changeAt(series: readonly TrendPoint[], date: string): WorkloadChange | undefined {
  const at = series.findIndex((point) => point.date === date);
  const current = series[at];
  const previous = at > 0 ? series[at - 1] : undefined;
  if (!current || !previous || current.percent === null || previous.percent === null) return undefined;
  return { points: Math.round((current.percent - previous.percent) * 10) / 10, since: previous.date };
}

/** A customer's biggest fall between its two newest data dates. */
export interface CustomerDrop {
  productName: string;
  workloadName: string;
  from: number;
  to: number;
  /** Positive: how many points it fell. */
  points: number;
  since: string;
  date: string;
}

export function biggestDrop(history: CustomerHistory): CustomerDrop | undefined {
  const latest = history.snapshots.at(-1);
  const previous = history.snapshots.at(-2);
  if (!latest || !previous) return undefined;
  const before = new Map<string, number | null>();
  for (const [product, workload, active, qualified] of previous.rows) {
    before.set(keyOf(previous.products[product] ?? '', workload), usagePercentOf({ licensesActive: active, licensesQualified: qualified }));
  }
  let worst: CustomerDrop | undefined;
  for (const [product, workload, active, qualified] of latest.rows) {
    const productName = latest.products[product] ?? '';
    const from = before.get(keyOf(productName, workload));
    const to = usagePercentOf({ licensesActive: active, licensesQualified: qualified });
    if (from === undefined || from === null || to === null) continue;
    const points = Math.round((from - to) * 10) / 10;
    if (points > 0 && (!worst || points > worst.points)) {
      worst = { productName, workloadName: workload, from, to, points, since: previous.date, date: latest.date };
    }
  }
  return worst;
}
