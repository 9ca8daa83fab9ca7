import { customerId } from '../../../../src/core/customers/customer-id';
import { addSnapshot, biggestDrop, changeAt, emptyHistory, MAX_SNAPSHOTS, snapshotOf, workloadSeries, type CustomerHistory } from '../../../../src/core/history/usage-history';
import { analyseUsage } from '../../../../src/core/usage/analyse-usage';

const CUSTOMER = customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763');

function summary(date: string, teamsActive: number, exchangeActive = 90) {
  return analyseUsage({
    customerId: CUSTOMER,
    customerName: 'Contoso',
    threshold: 30,
    records: [
      { customerId: CUSTOMER, customerName: 'Contoso', productName: 'E3', workloadName: 'Teams', licensesActive: teamsActive, licensesQualified: 100, processedDateTime: `${date}T00:00:00+00:00` },
      { customerId: CUSTOMER, customerName: 'Contoso', productName: 'E3', workloadName: 'Exchange', licensesActive: exchangeActive, licensesQualified: 100, processedDateTime: `${date}T00:00:00+00:00` },
    ],
  });
}

function historyOf(...points: Array<[string, number]>): CustomerHistory {
  let history = emptyHistory(CUSTOMER);
  for (const [date, active] of points) history = addSnapshot(history, snapshotOf(summary(date, active))!, new Date('2026-04-01T00:00:00Z')) ?? history;
  return history;
}

describe('usage history', () => {
  it('keeps one compact snapshot per data date, and nothing to write for a date it knows', () => {
    const history = historyOf(['2026-01-03', 40]);
    expect(history.snapshots).toEqual([{ date: '2026-01-03', products: ['E3'], rows: [[0, 'Teams', 40, 100], [0, 'Exchange', 90, 100]] }]);
    expect(addSnapshot(history, snapshotOf(summary('2026-01-03', 10))!, new Date('2026-04-01T00:00:00Z'))).toBeUndefined();
  });

  it('drops snapshots older than 13 months and keeps at most the newest MAX_SNAPSHOTS', () => {
    const old = historyOf(['2024-12-01', 40], ['2025-06-01', 41]);
    expect(old.snapshots.map((s) => s.date)).toEqual(['2025-06-01']);
    let many = emptyHistory(CUSTOMER);
    for (let day = 0; day < MAX_SNAPSHOTS + 5; day++) {
      const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      many = addSnapshot(many, snapshotOf(summary(date, 40))!, new Date('2026-04-01T00:00:00Z')) ?? many;
    }
    expect(many.snapshots).toHaveLength(MAX_SNAPSHOTS);
    expect(many.snapshots[0]?.date).toBe('2026-01-06');
  });

  it('tells how a workload moved since its previous data point', () => {
    const history = historyOf(['2026-01-03', 40], ['2026-02-03', 30], ['2026-03-03', 24]);
    const series = workloadSeries(history, 'e3', 'TEAMS');
    expect(series.map((p) => p.percent)).toEqual([40, 30, 24]);
    expect(changeAt(series, '2026-03-03')).toEqual({ points: -6, since: '2026-02-03' });
    expect(changeAt(series, '2026-01-03')).toBeUndefined();
  });

  it('finds the biggest fall between the two newest data dates', () => {
    expect(biggestDrop(historyOf(['2026-01-03', 40], ['2026-02-03', 28]))).toMatchObject({ workloadName: 'Teams', from: 40, to: 28, points: 12, since: '2026-01-03' });
    expect(biggestDrop(historyOf(['2026-01-03', 20], ['2026-02-03', 28]))).toBeUndefined();
    expect(biggestDrop(historyOf(['2026-01-03', 20]))).toBeUndefined();
  });

  it('records nothing without a data date', () => {
    const undated = analyseUsage({ customerId: CUSTOMER, threshold: 30, records: [{ customerId: CUSTOMER, customerName: 'C', productName: 'E3', workloadName: 'Teams', licensesActive: 1, licensesQualified: 2 }] });
    expect(snapshotOf(undated)).toBeUndefined();
  });
});
