import type { ScannedCustomer } from '../../../../src/core/alerts/decide-alerts';
import { analyseUsage } from '../../../../src/core/usage/analyse-usage';
import type { UsageRecord } from '../../../../src/core/usage/usage-record';
import { customerId } from '../../../../src/core/customers/customer-id';

/** Percent per workload; null means the workload has no qualified licenses in this pass. */
export type WorkloadPercents = Record<string, number | null>;

/**
 * A customer as an alert pass reads it: Partner Center-shaped rows through the real usage analysis,
 * so the tests feed decideAlerts what production feeds it. The analysis threshold is deliberately
 * not the conversations' one: decideAlerts must judge with the conversation's own threshold.
 */
export function scannedCustomer(customerName: string, percents: WorkloadPercents, productName = 'MICROSOFT 365 BUSINESS STANDARD'): ScannedCustomer {
  const id = customerId(`id-${customerName.toLowerCase().replace(/\W+/g, '-')}`);
  const records: UsageRecord[] = Object.entries(percents).map(([workloadName, percent]) => ({
    customerId: id,
    customerName,
    productName,
    workloadName,
    licensesActive: percent === null ? 0 : Math.round(percent),
    licensesQualified: percent === null ? 0 : 100,
    ...(percent === null ? {} : { usagePercent: percent }),
    processedDateTime: '2026-10-31T00:00:00Z',
  }));
  return analyseUsage({ customerId: id, customerName, records, threshold: 75 });
}

/** Midnight UTC, `days` after 1 January 2026: the injected clock of a pass. */
export function day(days: number): Date {
  return new Date(Date.UTC(2026, 0, 1 + days));
}
