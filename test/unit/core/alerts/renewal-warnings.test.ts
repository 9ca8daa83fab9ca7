import { RenewalWarningCollector, type RenewalWarning } from '../../../../src/core/alerts/decide-renewal-warnings';
import { customerId } from '../../../../src/core/customers/customer-id';

function warning(n: number, daysLeft: number): RenewalWarning {
  return {
    customerId: customerId(`c0a1b2c3-d4e5-4f60-8172-${String(n).padStart(12, '0')}`),
    customerName: `Customer ${String(n).padStart(3, '0')}`,
    subscriptionId: `sub-${n}`,
    productName: 'Microsoft 365 E3',
    seats: 10,
    term: 'annual',
    endDate: '2027-01-31',
    daysLeft,
    windowDays: 60,
    unassigned: null,
    lowest: { workloadName: 'Teams', percent: 12 },
    threshold: 30,
  };
}

describe('a pass gathering its renewal warnings shard by shard', () => {
  it('keeps the soonest ten in card order and counts them all', () => {
    const collector = new RenewalWarningCollector();
    // Shards come in hash order, not date order.
    const all = Array.from({ length: 40 }, (_, n) => warning(n, (n * 17) % 59));
    for (let i = 0; i < all.length; i += 7) collector.add(all.slice(i, i + 7));

    const { warnings, total } = collector.list();
    expect(total).toBe(40);
    const expected = [...all].sort((a, b) => a.daysLeft - b.daysLeft || a.customerName.localeCompare(b.customerName)).slice(0, 10);
    expect(warnings.map((w) => w.subscriptionId)).toEqual(expected.map((w) => w.subscriptionId));
  });
});
