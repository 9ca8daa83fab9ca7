import type { CustomerId } from '../customers/customer-id';
import type { UsageRecord } from './usage-record';
import type { UsageSummary, WorkloadStatus, WorkloadUsage } from './usage-summary';

export const DEFAULT_LOW_USAGE_THRESHOLD = 30;

export interface AnalyseUsageInput {
  customerId: CustomerId;
  /** The name Partner Center gave the customer; the rows' own name is used when absent. */
  customerName?: string;
  records: readonly UsageRecord[];
  /** Percent; a workload strictly below it is low. */
  threshold: number;
}

/**
 * Turns Partner Center usage rows into what an account manager needs to know: which workloads are
 * below the threshold, how far, and since which data date. Pure: same input, same summary.
 */
export function analyseUsage(input: AnalyseUsageInput): UsageSummary {
  const latest = latestRowPerWorkload(input.records);
  const workloads = latest.map((row) => toWorkloadUsage(row, input.threshold)).sort(lowestFirst);

  const low = workloads.filter((w) => w.status === 'low');
  const healthy = workloads.filter((w) => w.status === 'healthy');
  const unlicensed = workloads.filter((w) => w.status === 'no-licenses');

  return {
    customerId: input.customerId,
    customerName: input.customerName ?? input.records[0]?.customerName ?? input.customerId,
    threshold: input.threshold,
    processedAt: latestProcessedAt(input.records),
    low,
    healthy,
    unlicensed,
    measuredCount: low.length + healthy.length,
    hasData: input.records.length > 0,
  };
}

/** Usage percent for a row: Partner Center's own figure when present, else active / qualified. */
export function usagePercentOf(row: Pick<UsageRecord, 'licensesActive' | 'licensesQualified' | 'usagePercent'>): number | null {
  // No qualified licenses means there is nothing to adopt: "no licenses", never 0 %.
  if (!(row.licensesQualified > 0)) return null;
  const raw =
    row.usagePercent !== undefined && Number.isFinite(row.usagePercent)
      ? row.usagePercent
      : (row.licensesActive / row.licensesQualified) * 100;
  // Above 100 % (more active users than licences) is real in Partner Center's data: kept, not clamped.
  return Math.round(Math.max(0, raw) * 10) / 10;
}

function toWorkloadUsage(row: UsageRecord, threshold: number): WorkloadUsage {
  const usagePercent = usagePercentOf(row);
  return {
    productName: row.productName.trim(),
    workloadName: row.workloadName.trim(),
    licensesActive: row.licensesActive,
    licensesQualified: row.licensesQualified,
    usagePercent,
    status: statusOf(usagePercent, threshold),
  };
}

function statusOf(percent: number | null, threshold: number): WorkloadStatus {
  if (percent === null) return 'no-licenses';
  return percent < threshold ? 'low' : 'healthy';
}

/**
 * One row per product and workload. When Partner Center returns several data dates for the same pair
 * (the commercial endpoint can), the newest one describes today's adoption.
 */
function latestRowPerWorkload(records: readonly UsageRecord[]): UsageRecord[] {
  const byKey = new Map<string, UsageRecord>();
  for (const row of records) {
    const key = `${row.productName.trim().toLowerCase()}\u0000${row.workloadName.trim().toLowerCase()}`;
    const kept = byKey.get(key);
    // Rows of one read mostly share their data date: equal strings need no parsing.
    if (!kept || row.processedDateTime === kept.processedDateTime || timeOf(row.processedDateTime) >= timeOf(kept.processedDateTime)) byKey.set(key, row);
  }
  return [...byKey.values()];
}

function lowestFirst(a: WorkloadUsage, b: WorkloadUsage): number {
  const byPercent = (a.usagePercent ?? Infinity) - (b.usagePercent ?? Infinity);
  if (byPercent !== 0 && !Number.isNaN(byPercent)) return byPercent;
  return a.productName.localeCompare(b.productName) || a.workloadName.localeCompare(b.workloadName);
}

function latestProcessedAt(records: readonly UsageRecord[]): string | null {
  let best: string | null = null;
  let bestTime = -Infinity;
  for (const row of records) {
    if (row.processedDateTime === undefined || row.processedDateTime === best) continue;
    const time = timeOf(row.processedDateTime);
    if (time > bestTime) {
      best = row.processedDateTime;
      bestTime = time;
    }
  }
  return best;
}

function timeOf(iso: string | undefined): number {
  const time = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(time) ? -Infinity : time;
}

/** More active users than licences: shown as it is and marked, since it is a growth signal. */
export function isOverUsed(workload: Pick<WorkloadUsage, 'usagePercent'>): boolean {
  return workload.usagePercent !== null && workload.usagePercent > 100;
}
