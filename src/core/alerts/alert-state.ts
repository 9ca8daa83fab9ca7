import { z } from 'zod';
import { customerIdSchema, type CustomerId } from '../customers/customer-id';
import { readStoredDocument } from './stored-document';

/**
 * What one conversation remembers about low-adoption alerts between passes. It is stored as plain
 * JSON (with an eTag, by the storage adapter), so it holds only strings, numbers and null, and it
 * carries a version: a stored document outlives the code that wrote it.
 *
 * Only findings that were alerted are kept (a workload that has always been healthy costs nothing),
 * and old ones are forgotten by `decideAlerts`, so the document stays small.
 */
export const ALERT_STATE_VERSION = 1;

/** Whether the workload is still below the threshold since it was last alerted. */
export type FindingStatus = 'low' | 'recovered';

/** One (customer, product, workload) that was alerted at least once in this conversation. */
export interface FindingState {
  customerId: CustomerId;
  productName: string;
  workloadName: string;
  status: FindingStatus;
  /** The percent the conversation was last told about; the yardstick for "worse by 5 points". */
  lastAlertedPercent: number;
  /** ISO 8601, from the pass's injected clock. */
  lastAlertedAt: string;
  /** The percent of the latest pass that measured the workload (low or healthy). */
  lastSeenPercent: number;
  /** ISO 8601; a finding that has not been measured for long enough is forgotten. */
  lastSeenAt: string;
  /** ISO 8601 of the pass that last changed `status`; a long recovery is forgotten too. */
  statusSince: string;
}

export interface AlertState {
  version: typeof ALERT_STATE_VERSION;
  findings: FindingState[];
  /** Renewal warnings posted (decide-renewal-warnings.ts); absent in documents from before them. */
  renewalWarnings?: string[];
}

export function emptyAlertState(): AlertState {
  return { version: ALERT_STATE_VERSION, findings: [] };
}

/**
 * Identifies a finding across passes. Partner Center's spelling of names can vary in case and
 * surrounding spaces between data sets (analyseUsage matches workloads the same way), and that must not
 * turn an old finding into a new alert. The customer id is normalised already (CustomerId).
 */
export function findingKey(finding: Pick<FindingState, 'customerId' | 'productName' | 'workloadName'>): string {
  // Built for every finding of every pass: one template, no intermediate arrays.
  return `${finding.customerId}\u0000${finding.productName.trim().toLowerCase()}\u0000${finding.workloadName.trim().toLowerCase()}`;
}

// Above 100 % is real (more active users than licences), so only the lower bound holds.
const percent = z.number().min(0);
const timestamp = z.iso.datetime({ offset: true });

const findingStateSchema = z.object({
  // Documents written before ids were normalised may hold another letter case: read as today's spelling.
  customerId: customerIdSchema,
  productName: z.string(),
  workloadName: z.string(),
  status: z.enum(['low', 'recovered']),
  lastAlertedPercent: percent,
  lastAlertedAt: timestamp,
  lastSeenPercent: percent,
  lastSeenAt: timestamp,
  statusSince: timestamp,
});

// Unknown fields (the storage adapter's eTag among them) are stripped, not refused.
export const alertStateSchema = z.object({
  version: z.literal(ALERT_STATE_VERSION),
  findings: z.array(findingStateSchema),
  renewalWarnings: z.array(z.string().max(200)).max(10_000).optional(),
});

/**
 * Turns what storage returned into an AlertState. Nothing stored yet means nothing alerted yet.
 *
 * A document of another version or shape is refused rather than treated as empty: starting from
 * empty would alert every low workload of every customer again, which an account manager would
 * notice far more than one conversation skipping a pass while someone looks at the log.
 */
export function readAlertState(stored: unknown): AlertState {
  if (stored === undefined || stored === null) return emptyAlertState();
  return readStoredDocument(stored, ALERT_STATE_VERSION, alertStateSchema, 'alert state');
}
