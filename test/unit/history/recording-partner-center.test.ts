import { customerId } from '../../../src/core/customers/customer-id';
import type { UsageRecord } from '../../../src/core/usage/usage-record';
import type { UsageSummary } from '../../../src/core/usage/usage-summary';
import type { CustomerHistory } from '../../../src/core/history/usage-history';
import { CustomerSpool } from '../../../src/alerts/customer-spool';
import { recordingPartnerCenter } from '../../../src/history/recording-partner-center';
import type { PartnerCenter, PartnerCenterCallContext } from '../../../src/partner-center/partner-center.port';

function row(customer: string, workloadName: string): UsageRecord {
  return {
    customerId: customerId(customer),
    customerName: customer,
    productName: 'Microsoft 365 E3',
    workloadName,
    licensesActive: 10,
    licensesQualified: 100,
    usagePercent: 10,
    processedDateTime: '2026-03-01T00:00:00Z',
  } as UsageRecord;
}

const ctx = {} as PartnerCenterCallContext;

describe('usage history recorded on the way', () => {
  it("records a single customer's usage read, and none of an empty one", async () => {
    const recorded: string[] = [];
    const partnerCenter = {
      getCustomerLicenseUsage: async (id: string) => (id === 'empty' ? [] : [row(id, 'Teams'), row(id, 'Exchange')]),
    } as unknown as PartnerCenter;
    const history = {
      recordRecent: async (summary: UsageSummary) => {
        recorded.push(`${summary.customerId}: ${summary.low.length + summary.healthy.length} workloads`);
        return {} as CustomerHistory;
      },
    };
    const recording = recordingPartnerCenter(partnerCenter, history);
    expect(await recording.getCustomerLicenseUsage('a', ctx)).toHaveLength(2);
    await recording.getCustomerLicenseUsage('empty', ctx);
    expect(recorded).toEqual(['a: 2 workloads']);
  });

  it("records a scan's customers from the pass's own analysis, each shard once however often it is walked", async () => {
    const recorded: string[] = [];
    const spool = await CustomerSpool.create(async (customers) => {
      for (const customer of customers) recorded.push(`${customer.customerId}: ${customer.low.length + customer.healthy.length} workloads`);
    });
    try {
      // b's rows come on two pages, apart: the spool groups them before anything is analysed.
      await spool.add([row('a', 'Teams'), row('b', 'Teams'), row('a', 'Exchange')]);
      await spool.add([row('c', 'Teams'), row('b', 'Exchange')]);
      await spool.finish();
      for (let walk = 0; walk < 2; walk += 1) for (const shard of spool.shards) await spool.customersIn(shard);
      expect(recorded.sort()).toEqual(['a: 2 workloads', 'b: 2 workloads', 'c: 1 workloads']);
    } finally {
      await spool.dispose();
    }
  });
});
