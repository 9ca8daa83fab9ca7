import type { FindingState } from '../../src/core/alerts/alert-state';
import { customerId } from '../../src/core/customers/customer-id';

export interface AlertedFinding {
  /** As Partner Center or a test spells it: normalised like every id that enters the bot. */
  customerId: string;
  productName: string;
  workloadName: string;
  percent: number;
  /** ISO 8601. */
  at: string;
}

/** A finding a conversation was told about at `percent`, at `at`, and that no pass has changed since. */
export function alertedFinding({ customerId: rawId, productName, workloadName, percent, at }: AlertedFinding): FindingState {
  return {
    customerId: customerId(rawId),
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
