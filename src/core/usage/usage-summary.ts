import type { CustomerId } from '../customers/customer-id';

/** How one product's workload is doing against the low-usage threshold. */
export type WorkloadStatus = 'low' | 'healthy' | 'no-licenses';

export interface WorkloadUsage {
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  /** Percent rounded to one decimal, above 100 when more users are active than licensed; null when there are no qualified licenses to measure against. */
  usagePercent: number | null;
  status: WorkloadStatus;
}

/** What the bot knows about one customer's adoption: the input of every usage card. */
export interface UsageSummary {
  customerId: CustomerId;
  customerName: string;
  /** The low-usage threshold in percent that `status` was decided with. */
  threshold: number;
  /** Latest `processedDateTime` among the rows, ISO 8601; null when no row carried one. */
  processedAt: string | null;
  /** Workloads below the threshold, lowest first. */
  low: WorkloadUsage[];
  /** Workloads at or above the threshold, lowest first. */
  healthy: WorkloadUsage[];
  /** Workloads with zero qualified licenses: nothing to measure, not 0 %. */
  unlicensed: WorkloadUsage[];
  /** Number of workloads with licenses to measure (low + healthy). */
  measuredCount: number;
  /** False when Partner Center returned no rows at all ("no usage data yet"). */
  hasData: boolean;
}
