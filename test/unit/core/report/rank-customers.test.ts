import { rankCustomers, type CustomerUsage } from '../../../../src/core/report/rank-customers';
import type { WorkloadUsage } from '../../../../src/core/usage/usage-summary';
import { parseCommand } from '../../../../src/core/commands/parse-command';

function workload(productName: string, workloadName: string, licensesActive: number, licensesQualified: number): WorkloadUsage {
  const usagePercent = licensesQualified > 0 ? Math.round((licensesActive / licensesQualified) * 1000) / 10 : null;
  return { productName, workloadName, licensesActive, licensesQualified, usagePercent, status: 'healthy' };
}

function customer(name: string, workloads: WorkloadUsage[]): CustomerUsage {
  return { customerId: `id-${name}`, customerName: name, processedAt: '2026-03-02T00:00:00Z', workloads };
}

const NOW = new Date('2026-03-10T00:00:00Z');

describe('rankCustomers', () => {
  const big = customer('Big', [workload('E3', 'Teams', 10, 500), workload('E3', 'Yammer', 0, 500), workload('E3', 'Exchange', 490, 500)]);
  const small = customer('Small', [workload('E1', 'Teams', 1, 20)]);
  const healthy = customer('Healthy', [workload('E1', 'Teams', 19, 20)]);
  const nothing = customer('Nothing', [workload('E1', 'Teams', 0, 0)]);

  it('puts the customer with the most seats at risk first; a product\'s workloads share its seats', () => {
    const report = rankCustomers({ customers: [small, healthy, big, nothing], threshold: 30, filter: { kind: 'all' }, now: NOW });
    expect(report.lines.map((line) => line.customerName)).toEqual(['Big', 'Small', 'Healthy']);
    // Yammer at 0 % leaves 500 seats unused; Teams (2 %) shares them: 500, not 500 + 490.
    expect(report.lines[0]).toMatchObject({ seatsAtRisk: 500, lowCount: 2, measuredCount: 3, lowest: { workloadName: 'Yammer', percent: 0 } });
    expect(report).toMatchObject({ scanned: 4, matched: 3, withLow: 2, moreCount: 0 });
  });

  it('shows ten lines and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) => customer(`C${i}`, [workload('E1', 'Teams', i, 100)]));
    const report = rankCustomers({ customers: many, threshold: 30, filter: { kind: 'all' }, now: NOW });
    expect(report.lines).toHaveLength(10);
    expect(report.moreCount).toBe(13);
    expect(report.lines[0]?.customerName).toBe('C0');
  });

  it('counts only the workload asked for, and leaves out customers without it', () => {
    const report = rankCustomers({ customers: [big, small, healthy], threshold: 30, filter: { kind: 'workload', workload: 'YAMMER' }, now: NOW });
    expect(report.lines.map((line) => line.customerName)).toEqual(['Big']);
    expect(report.lines[0]).toMatchObject({ measuredCount: 1, lowest: { workloadName: 'Yammer' } });
  });

  it('uses a below filter as the threshold and leaves out customers with nothing below it', () => {
    const report = rankCustomers({ customers: [big, small, healthy], threshold: 30, filter: { kind: 'below', threshold: 3 }, now: NOW });
    expect(report.threshold).toBe(3);
    expect(report.lines.map((line) => line.customerName)).toEqual(['Big']);
  });

  it('weighs unassigned seats and a close renewal, and filters on the renewal window', () => {
    const facts = new Map([
      ['id-small', { unassignedSeats: 5, renewalDate: '2026-03-20T00:00:00Z' }],
      ['id-healthy', { renewalDate: '2026-08-01T00:00:00Z' }],
    ]);
    const all = rankCustomers({ customers: [small, healthy], threshold: 30, filter: { kind: 'all' }, facts, now: NOW });
    // 19 unused seats at 5 % of a 30 % threshold: 19 × 25/30 ≈ 15.8, + 5 unassigned, doubled (renews in 10 days).
    expect(all.lines[0]).toMatchObject({ customerName: 'Small', seatsAtRisk: 42, unassignedSeats: 5, renewalInDays: 10 });
    const renewing = rankCustomers({ customers: [small, healthy], threshold: 30, filter: { kind: 'renewing', days: 30 }, facts, now: NOW });
    expect(renewing.lines.map((line) => line.customerName)).toEqual(['Small']);
  });

  it('ranks drops by the biggest fall and leaves out customers that did not fall', () => {
    const drop = (points: number) => ({ productName: 'E1', workloadName: 'Teams', from: 50, to: 50 - points, points, since: '2026-02-01', date: '2026-03-01' });
    const drops = new Map([
      ['id-small', drop(4)],
      ['id-healthy', drop(12)],
    ]);
    const report = rankCustomers({ customers: [big, small, healthy], threshold: 30, filter: { kind: 'drops' }, drops, now: NOW });
    expect(report.lines.map((line) => line.customerName)).toEqual(['Healthy', 'Small']);
  });
});

describe('parsing report commands', () => {
  it.each([
    ['report', { kind: 'report', filter: { kind: 'all' } }],
    ['Report for "Microsoft 365 Apps"', { kind: 'report', filter: { kind: 'workload', workload: 'Microsoft 365 Apps' } }],
    ['report below 20 %', { kind: 'report', filter: { kind: 'below', threshold: 20 } }],
    ['report renewing within 30 days', { kind: 'report', filter: { kind: 'renewing', days: 30 } }],
    ['report drops', { kind: 'report', filter: { kind: 'drops' } }],
    ['overzicht', { kind: 'report', filter: { kind: 'all' } }],
    ['overzicht voor Teams', { kind: 'report', filter: { kind: 'workload', workload: 'Teams' } }],
    ['overzicht onder 15%', { kind: 'report', filter: { kind: 'below', threshold: 15 } }],
    ['overzicht verlengt binnen 90 dagen', { kind: 'report', filter: { kind: 'renewing', days: 90 } }],
    ['overzicht dalers', { kind: 'report', filter: { kind: 'drops' } }],
    ['report below 100', { kind: 'report-invalid', reason: 'threshold' }],
    ['report renewing within 0 days', { kind: 'report-invalid', reason: 'days' }],
    ['report renewing within', { kind: 'report-invalid', reason: 'days' }],
    ['report for ""', { kind: 'report-invalid', reason: 'workload' }],
    ['report everything please', { kind: 'report-invalid', reason: 'words' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('leaves words that only start like report alone', () => {
    expect(parseCommand('reporting').kind).toBe('unknown');
  });
});
