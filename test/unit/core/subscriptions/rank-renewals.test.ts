import { rankRenewals, type RenewalCandidate } from '../../../../src/core/subscriptions/rank-renewals';
import { customerId } from '../../../../src/core/customers/customer-id';
import { renewalFacts, termOf } from '../../../../src/core/subscriptions/renewal';
import type { SubscriptionRecord } from '../../../../src/core/subscriptions/subscription';
import type { WorkloadUsage } from '../../../../src/core/usage/usage-summary';

const NOW = new Date('2026-12-02T10:00:00Z');

function sub(id: string, overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id,
    customerId: customerId(`customer-${id}`),
    customerName: `Customer ${id}`,
    productName: 'Microsoft 365 E3',
    seats: 100,
    status: 'active',
    isTrial: false,
    autoRenew: true,
    termDuration: 'P1Y',
    commitmentEndDate: '2027-01-14',
    ...overrides,
  };
}

function workload(workloadName: string, licensesActive: number, licensesQualified = 100): WorkloadUsage {
  const usagePercent = (licensesActive / licensesQualified) * 100;
  return { productName: 'MICROSOFT 365 E3', workloadName, licensesActive, licensesQualified, usagePercent, status: usagePercent < 30 ? 'low' : 'healthy' };
}

function candidate(subscription: SubscriptionRecord, bought: number, assigned: number, lowest: WorkloadUsage[]): RenewalCandidate {
  return { renewal: renewalFacts(subscription, NOW), product: { bought, assigned, unassigned: Math.max(0, bought - assigned), workloads: lowest } };
}

describe('renewal facts', () => {
  it('takes the term from termDuration, never from dates', () => {
    expect([termOf('P1M'), termOf('P1Y'), termOf('P3Y'), termOf('P12M'), termOf('P2Y'), termOf(undefined)]).toEqual([
      'monthly',
      'annual',
      'three-year',
      'annual',
      'other',
      'unknown',
    ]);
  });

  it('counts days left to the inclusive end date on the injected clock, and marks trials and suspended subscriptions', () => {
    expect(renewalFacts(sub('a', { commitmentEndDate: '2027-01-14T00:00:00Z' }), NOW)).toMatchObject({ endDate: '2027-01-14', daysLeft: 43, term: 'annual' });
    expect(renewalFacts(sub('b', { commitmentEndDate: '2026-12-02' }), NOW).daysLeft).toBe(0);
    expect(renewalFacts(sub('c', { isTrial: true, status: 'suspended' }), NOW)).toMatchObject({ trial: true, suspended: true });
  });

  it('treats "a date far in the future" as no renewal', () => {
    expect(renewalFacts(sub('d', { commitmentEndDate: '9999-12-31' }), NOW)).toMatchObject({ endDate: null, daysLeft: null });
  });
});

describe('the renewal ranking', () => {
  const wellUsed = [workload('Exchange', 95), workload('Teams', 90)];

  it('puts unassigned seats and low adoption first and a fully assigned, well-used subscription last', () => {
    const ranked = rankRenewals(
      [
        candidate(sub('healthy', { commitmentEndDate: '2026-12-10' }), 100, 100, wellUsed),
        candidate(sub('unassigned'), 100, 60, wellUsed),
        candidate(sub('low'), 100, 100, [workload('Teams', 5), workload('Exchange', 90)]),
        candidate(sub('both'), 100, 50, [workload('Teams', 5)]),
      ],
      { withinDays: 90, threshold: 30 },
    );
    expect(ranked.map((r) => r.renewal.subscriptionId)).toEqual(['both', 'low', 'unassigned', 'healthy']);
    expect(ranked[0]).toMatchObject({ assignedShare: 0.5, unassignedSeats: 50, lowestUsage: { workloadName: 'Teams', percent: 5 } });
  });

  it('leaves out what ends after the window or has ended', () => {
    const ranked = rankRenewals(
      [
        candidate(sub('later', { commitmentEndDate: '2027-06-01' }), 100, 50, wellUsed),
        candidate(sub('gone', { status: 'expired' }), 100, 50, wellUsed),
        candidate(sub('past', { commitmentEndDate: '2026-11-30' }), 100, 50, wellUsed),
        candidate(sub('in'), 100, 50, wellUsed),
      ],
      { withinDays: 90, threshold: 30 },
    );
    expect(ranked.map((r) => r.renewal.subscriptionId)).toEqual(['in']);
  });

  it('lists a rolling monthly subscription only when it carries unassigned seats or low adoption', () => {
    const monthly = { termDuration: 'P1M', commitmentEndDate: '2026-12-31' };
    const ranked = rankRenewals(
      [
        candidate(sub('monthly-healthy', monthly), 100, 100, wellUsed),
        candidate(sub('monthly-idle-seats', monthly), 100, 70, wellUsed),
        candidate(sub('monthly-low', monthly), 100, 100, [workload('Teams', 10)]),
        candidate(sub('annual-healthy'), 100, 100, wellUsed),
      ],
      { withinDays: 90, threshold: 30 },
    );
    expect(ranked.map((r) => r.renewal.subscriptionId).sort()).toEqual(['annual-healthy', 'monthly-idle-seats', 'monthly-low']);
    expect(ranked.at(-1)?.renewal.subscriptionId).toBe('annual-healthy');
  });

  it('ranks a subscription whose product has no usage or SKU between the known-good and the known-bad', () => {
    const ranked = rankRenewals(
      [
        { renewal: renewalFacts(sub('unknown'), NOW) },
        candidate(sub('bad'), 100, 20, [workload('Teams', 2)]),
        candidate(sub('good'), 100, 100, wellUsed),
      ],
      { withinDays: 90, threshold: 30 },
    );
    expect(ranked.map((r) => r.renewal.subscriptionId)).toEqual(['bad', 'unknown', 'good']);
    expect(ranked[1]).toMatchObject({ assignedShare: null, lowestUsage: null });
  });
});
