import type { FindingState } from '../../src/core/alerts/alert-state';

export interface AlertedFinding {
  customerId: string;
  productName: string;
  workloadName: string;
  percent: number;
  /** ISO 8601. */
  at: string;
}

/** A finding a conversation was told about at `percent`, at `at`, and that no pass has changed since. */
export function alertedFinding({ customerId, productName, workloadName, percent, at }: AlertedFinding): FindingState {
  return {
    customerId,
    productName,
    workloadName,
    status: 'low',
    lastAlertedPercent: percent,
    lastAlertedAt: at,
    lastSeenPercent: percent,
    lastSeenAt: at,
    statusSince: at,
  };
}
