import { analyseUsage, usagePercentOf } from '../../../src/core/usage/analyse-usage';
import type { UsageRecord } from '../../../src/core/usage/usage-record';
import { customerId } from '../../../src/core/customers/customer-id';

const row = (overrides: Partial<UsageRecord>): UsageRecord => ({
  customerId: customerId('c1'),
  customerName: 'Contoso Ltd',
  productName: 'MICROSOFT 365 BUSINESS STANDARD',
  workloadName: 'Exchange',
  licensesActive: 10,
  licensesQualified: 20,
  processedDateTime: '2026-10-31T00:00:00+00:00',
  ...overrides,
});

describe('analyseUsage', () => {
  it('splits workloads at the threshold and lists the lowest first', () => {
    const summary = analyseUsage({
      customerId: customerId('c1'),
      threshold: 30,
      records: [
        row({ workloadName: 'Exchange', usagePercent: 85 }),
        row({ workloadName: 'Teams', usagePercent: 12.5 }),
        row({ workloadName: 'SharePoint', usagePercent: 29.9 }),
        row({ workloadName: 'OneDrive', usagePercent: 30 }),
        row({ workloadName: 'Yammer', usagePercent: 2 }),
      ],
    });

    expect(summary.low.map((w) => [w.workloadName, w.usagePercent])).toEqual([
      ['Yammer', 2],
      ['Teams', 12.5],
      ['SharePoint', 29.9],
    ]);
    expect(summary.healthy.map((w) => w.workloadName)).toEqual(['OneDrive', 'Exchange']);
    expect(summary.measuredCount).toBe(5);
    expect(summary.customerName).toBe('Contoso Ltd');
    expect(summary.hasData).toBe(true);
  });

  it('computes the percent from active / qualified when Partner Center did not', () => {
    const summary = analyseUsage({
      customerId: customerId('c1'),
      threshold: 30,
      records: [row({ licensesActive: 1, licensesQualified: 8, usagePercent: undefined })],
    });
    expect(summary.low[0]?.usagePercent).toBe(12.5);
  });

  it('treats zero qualified licenses as "no licenses", not as 0 % adoption', () => {
    const summary = analyseUsage({
      customerId: customerId('c1'),
      threshold: 30,
      records: [row({ workloadName: 'Teams', licensesActive: 0, licensesQualified: 0, usagePercent: 0 })],
    });
    expect(summary.low).toEqual([]);
    expect(summary.unlicensed).toEqual([expect.objectContaining({ workloadName: 'Teams', usagePercent: null, status: 'no-licenses' })]);
    expect(summary.measuredCount).toBe(0);
  });

  it('keeps only the newest data date when a workload appears more than once', () => {
    const summary = analyseUsage({
      customerId: customerId('c1'),
      threshold: 30,
      records: [
        row({ usagePercent: 10, processedDateTime: '2026-09-30T00:00:00Z' }),
        row({ usagePercent: 55, processedDateTime: '2026-10-31T00:00:00Z' }),
        row({ usagePercent: 5, processedDateTime: '2026-08-31T00:00:00Z' }),
      ],
    });
    expect(summary.healthy.map((w) => w.usagePercent)).toEqual([55]);
    expect(summary.low).toEqual([]);
    expect(summary.processedAt).toBe('2026-10-31T00:00:00Z');
  });

  it('keeps the same workload of different products apart', () => {
    const summary = analyseUsage({
      customerId: customerId('c1'),
      threshold: 30,
      records: [row({ productName: 'EXCHANGE ONLINE (PLAN 1)', usagePercent: 0 }), row({ productName: 'OFFICE 365 E3', usagePercent: 0 })],
    });
    expect(summary.low).toHaveLength(2);
  });

  it('reports "no usage data yet" for an empty result instead of 0 %', () => {
    const summary = analyseUsage({ customerId: customerId('c9'), customerName: 'Adatum', threshold: 30, records: [] });
    expect(summary).toMatchObject({ hasData: false, low: [], healthy: [], measuredCount: 0, processedAt: null, customerName: 'Adatum' });
  });

  it('reads the seed example as five workloads at 0 %', () => {
    const seed = ['Exchange', 'SharePoint', 'Skype For Business'].map((workloadName) =>
      row({ productName: 'OFFICE 365 BUSINESS ESSENTIALS', workloadName, licensesActive: 0, licensesQualified: 1, usagePercent: 0 }),
    );
    seed.push(row({ productName: 'EXCHANGE ONLINE (PLAN 1)', licensesActive: 0, licensesQualified: 5, usagePercent: 0 }));
    seed.push(row({ productName: 'EXCHANGE ONLINE ARCHIVING FOR EXCHANGE ONLINE', licensesActive: 0, licensesQualified: 2, usagePercent: 0 }));
    const summary = analyseUsage({ customerId: customerId('c1'), threshold: 30, records: seed });
    expect(summary.low).toHaveLength(5);
    expect(summary.low.every((w) => w.usagePercent === 0)).toBe(true);
  });
});

describe('usagePercentOf', () => {
  it('keeps figures above 100 % as Partner Center reported them, never below 0, and rounds to one decimal', () => {
    expect(usagePercentOf({ licensesActive: 12, licensesQualified: 10, usagePercent: 120 })).toBe(120);
    expect(usagePercentOf({ licensesActive: 13, licensesQualified: 10 })).toBe(130);
    expect(usagePercentOf({ licensesActive: 1, licensesQualified: 10, usagePercent: -5 })).toBe(0);
    expect(usagePercentOf({ licensesActive: 1, licensesQualified: 3 })).toBe(33.3);
    expect(usagePercentOf({ licensesActive: 1, licensesQualified: 3, usagePercent: Number.NaN })).toBe(33.3);
  });
});
