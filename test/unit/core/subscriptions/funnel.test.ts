import { buildFunnel } from '../../../../src/core/subscriptions/funnel';
import { customerId } from '../../../../src/core/customers/customer-id';
import type { SubscribedSkuRecord, SubscriptionRecord } from '../../../../src/core/subscriptions/subscription';
import { analyseUsage } from '../../../../src/core/usage/analyse-usage';
import type { UsageRecord } from '../../../../src/core/usage/usage-record';

const NOW = new Date('2026-12-02T10:00:00Z');
const CUSTOMER = customerId('9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61');

function row(productName: string, workloadName: string, licensesActive: number, licensesQualified: number): UsageRecord {
  return { customerId: CUSTOMER, customerName: 'Northwind', productName, workloadName, licensesActive, licensesQualified };
}

function subscription(overrides: Partial<SubscriptionRecord> & Pick<SubscriptionRecord, 'id' | 'productName' | 'seats'>): SubscriptionRecord {
  return { customerId: CUSTOMER, status: 'active', isTrial: false, termDuration: 'P1Y', autoRenew: true, commitmentEndDate: '2027-01-14', ...overrides };
}

function sku(skuName: string, activeUnits: number, consumedUnits: number): SubscribedSkuRecord {
  return { skuId: skuName, skuName, activeUnits, consumedUnits };
}

function workloadsOf(records: UsageRecord[]) {
  const summary = analyseUsage({ customerId: CUSTOMER, records, threshold: 30 });
  return [...summary.low, ...summary.healthy, ...summary.unlicensed];
}

describe('the licence funnel', () => {
  const usage = workloadsOf([
    row('MICROSOFT 365 E3', 'Exchange', 240, 250),
    row('MICROSOFT 365 E3', 'Teams', 61, 250),
    row('OFFICE 365 E1', 'Exchange', 30, 20),
  ]);

  it('puts bought, assigned, unassigned and active per workload together per product, whatever the spelling', () => {
    const funnel = buildFunnel({
      workloads: usage,
      subscriptions: [subscription({ id: 's1', productName: 'Microsoft 365 E3 (NCE)', seats: 300 }), subscription({ id: 's2', productName: 'Office 365 E1', seats: 20 })],
      skus: [sku('Microsoft 365 E3', 300, 250), sku('Office 365 E1', 20, 20)],
      now: NOW,
    });
    const e3 = funnel.products.find((p) => p.productName === 'Microsoft 365 E3');
    expect(e3).toMatchObject({ bought: 300, assigned: 250, unassigned: 50 });
    expect(e3?.workloads.map((w) => [w.workloadName, w.licensesActive])).toEqual([
      ['Teams', 61],
      ['Exchange', 240],
    ]);
    expect(e3?.renewals).toEqual([expect.objectContaining({ subscriptionId: 's1', term: 'annual', endDate: '2027-01-14', daysLeft: 43 })]);
    expect(funnel.unmatched).toEqual({ bought: [], usage: [] });
  });

  it('keeps usage above 100 % as it is', () => {
    const funnel = buildFunnel({ workloads: usage, skus: [sku('Office 365 E1', 20, 20)], now: NOW });
    const e1 = funnel.products.find((p) => p.productName === 'Office 365 E1');
    expect(e1?.workloads[0]?.usagePercent).toBe(150);
  });

  it('adds the subscriptions of one product, and falls back to the SKU when subscriptions could not be read', () => {
    const twice = buildFunnel({
      workloads: usage,
      subscriptions: [subscription({ id: 'a', productName: 'MICROSOFT 365 E3', seats: 200 }), subscription({ id: 'b', productName: 'Microsoft 365 E3', seats: 50, termDuration: 'P1M' })],
      now: NOW,
    });
    expect(twice.products.find((p) => p.productName === 'MICROSOFT 365 E3')).toMatchObject({ bought: 250, assigned: null, unassigned: null });

    const skusOnly = buildFunnel({ workloads: usage, skus: [sku('Microsoft 365 E3', 280, 260)], now: NOW });
    expect(skusOnly.products.find((p) => p.productName === 'Microsoft 365 E3')).toMatchObject({ bought: 280, assigned: 260, unassigned: 20 });
  });

  it('shows what it cannot match on its own line instead of linking it to a similar name', () => {
    const funnel = buildFunnel({
      workloads: usage,
      subscriptions: [subscription({ id: 's1', productName: 'Microsoft 365 E3 (no Teams)', seats: 300 })],
      skus: [sku('Microsoft Teams Essentials', 10, 4)],
      now: NOW,
    });
    expect(funnel.unmatched.bought).toEqual(['Microsoft Teams Essentials', 'Microsoft 365 E3 (no Teams)']);
    expect(funnel.unmatched.usage).toEqual(['MICROSOFT 365 E3', 'OFFICE 365 E1']);
    expect(funnel.products.find((p) => p.productName === 'MICROSOFT 365 E3')).toMatchObject({ bought: null, assigned: null });
  });

  it('leaves expired and deleted subscriptions out of what was bought', () => {
    const funnel = buildFunnel({
      workloads: usage,
      subscriptions: [
        subscription({ id: 'old', productName: 'Microsoft 365 E3', seats: 500, status: 'expired' }),
        subscription({ id: 'now', productName: 'Microsoft 365 E3', seats: 250 }),
      ],
      now: NOW,
    });
    const e3 = funnel.products.find((p) => p.productName === 'Microsoft 365 E3');
    expect(e3?.bought).toBe(250);
    expect(e3?.renewals.map((r) => r.subscriptionId)).toEqual(['now']);
  });
});
