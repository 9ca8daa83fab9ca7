/**
 * Sample cards of the all-customer report, the usage trend and alert tuning, for the card previews
 * (scripts/cards-preview.ts) and their validation: drawn by the bot's own builders from fixed data.
 */
import { customerId, type CustomerId } from '../core/customers/customer-id';
import { addSnapshot, emptyHistory, snapshotOf, type CustomerHistory } from '../core/history/usage-history';
import { rankCustomers } from '../core/report/rank-customers';
import { analyseUsage } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { Messages } from '../i18n/messages';
import { buildTunedCard, buildTuningMenuCard } from './alert-tuning-card';
import { applyTuning, emptyTuning } from '../core/alerts/alert-tuning';
import { buildReportCard, buildSharedReportCard } from './report-card';
import { buildUsageCard } from './usage-card';

const NORTHWIND = customerId('9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61');
const DATES = ['2025-12-02', '2026-01-02', '2026-02-02', '2026-03-02'];
const NOW = new Date('2026-03-10T00:00:00Z');

function rows(id: CustomerId, customerName: string, date: string, figures: ReadonlyArray<[string, string, number, number]>): UsageRecord[] {
  return figures.map(([productName, workloadName, licensesActive, licensesQualified]) => ({
    customerId: id,
    customerName,
    productName,
    workloadName,
    licensesActive,
    licensesQualified,
    processedDateTime: `${date}T00:00:00+00:00`,
  }));
}

/** Northwind's E3 over four data dates: Teams and SharePoint falling, Exchange steady. */
function northwindAt(step: number): UsageRecord[] {
  return rows(NORTHWIND, 'Northwind Traders', DATES[step]!, [
    ['MICROSOFT 365 E3', 'Exchange', 240, 250],
    ['MICROSOFT 365 E3', 'Teams', 110 - step * 18, 250],
    ['MICROSOFT 365 E3', 'SharePoint', 80 - step * 12, 250],
    ['MICROSOFT 365 E3', 'Yammer', 5 + step, 250],
  ]);
}

function northwindHistory(): CustomerHistory {
  let history = emptyHistory(NORTHWIND);
  for (let step = 0; step < DATES.length; step++) {
    const snapshot = snapshotOf(analyseUsage({ customerId: NORTHWIND, records: northwindAt(step), threshold: 30 }));
    history = (snapshot && addSnapshot(history, snapshot, NOW)) || history;
  }
  return history;
}

const REPORT_CUSTOMERS: ReadonlyArray<[string, string, ReadonlyArray<[string, string, number, number]>]> = [
  ['c0a1b2c3-d4e5-4f60-8172-839405a6b763', 'Contoso Ltd', [['MICROSOFT 365 BUSINESS PREMIUM', 'Intune', 12, 80], ['MICROSOFT 365 BUSINESS PREMIUM', 'Exchange', 78, 80]]],
  ['c0f9e8d7-c6b5-4a49-b382-71605f4e3d64', 'Contoso Pharma', [['OFFICE 365 E3', 'Yammer', 20, 400], ['OFFICE 365 E3', 'Microsoft 365 Apps', 90, 400]]],
  ['a7b6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d', 'Fabrikam, Inc.', [['MICROSOFT 365 BUSINESS STANDARD', 'Teams', 117, 120]]],
  ['5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c', 'Litware [EU] *Holding*', [['OFFICE 365 E1', 'SharePoint', 14, 60], ['OFFICE 365 E1', 'Yammer', 3, 60]]],
  ['7a1b2c3d-4e5f-4061-a2b3-c4d5e6f7a865', 'Tailspin Toys', [['MICROSOFT 365 BUSINESS BASIC', 'SharePoint', 9, 45]]],
];

function sampleReport(filter: Parameters<typeof rankCustomers>[0]['filter']) {
  const customers = [
    ...REPORT_CUSTOMERS.map(([raw, name, figures]) => {
      const id = customerId(raw);
      return analyseUsage({ customerId: id, customerName: name, records: rows(id, name, '2026-03-02', figures), threshold: 30 });
    }),
    analyseUsage({ customerId: NORTHWIND, customerName: 'Northwind Traders', records: northwindAt(3), threshold: 30 }),
  ].map((summary) => ({ customerId: summary.customerId, customerName: summary.customerName, processedAt: summary.processedAt, workloads: [...summary.low, ...summary.healthy] }));
  const facts = new Map([['c0a1b2c3-d4e5-4f60-8172-839405a6b763', { unassignedSeats: 6, renewalDate: '2026-03-31T00:00:00Z' }]]);
  return rankCustomers({ customers, threshold: 30, filter, facts, now: NOW, limit: 4 });
}

const contoso = { id: 'c0a1b2c3-d4e5-4f60-8172-839405a6b763', name: 'Contoso Ltd' };
const snooze = { kind: 'snooze', days: 30 } as const;
const snoozed = applyTuning(emptyTuning(), contoso, snooze, NOW);

/** Every feature sample card in one language, named by kind. */
export function featureSampleCards(messages: Messages): Array<{ name: string; card: unknown }> {
  const trend = analyseUsage({ customerId: NORTHWIND, customerName: 'Northwind Traders', records: northwindAt(3), threshold: 30 });
  return [
    { name: 'usage-trend', card: buildUsageCard(trend, messages, { history: northwindHistory() }) },
    { name: 'report', card: buildReportCard(sampleReport({ kind: 'all' }), messages, { canExport: true }) },
    { name: 'report-shared', card: buildSharedReportCard({ kind: 'below', threshold: 20 }, messages, ['29:colleague']) },
    { name: 'alert-tuning', card: buildTuningMenuCard(contoso, ['MICROSOFT 365 BUSINESS PREMIUM', 'ENTERPRISE MOBILITY + SECURITY E3'], messages) },
    { name: 'alert-tuned', card: buildTunedCard(contoso, snooze, snoozed.entry, snoozed.undo, messages) },
  ];
}
