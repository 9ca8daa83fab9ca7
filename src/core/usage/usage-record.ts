import type { CustomerId } from '../customers/customer-id';

/**
 * One row of license usage for one customer, product and workload, as the rest of the bot sees it.
 * Both Partner Center usage endpoints are mapped onto this shape by the Partner Center client.
 */
export interface UsageRecord {
  customerId: CustomerId;
  customerName: string;
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  /** Percent 0–100 as Partner Center reported it; absent when the endpoint does not compute it. */
  usagePercent?: number;
  /** ISO 8601 timestamp of the data set the row belongs to. */
  processedDateTime?: string;
  serviceName?: string;
  channel?: string;
}
