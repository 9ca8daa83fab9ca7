import { CustomerSpool } from '../../../src/alerts/customer-spool';
import { shardOf } from '../../../src/core/alerts/state-shards';
import { customerId } from '../../../src/core/customers/customer-id';
import type { UsageRecord } from '../../../src/core/usage/usage-record';
import type { UsageSummary } from '../../../src/core/usage/usage-summary';

const CONTOSO = customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763');
const FABRIKAM = customerId('f0a1b2c3-d4e5-4f60-8172-839405a6b763');

function row(id: typeof CONTOSO, workloadName: string, active: number, processedDateTime?: string): UsageRecord {
  return {
    customerId: id,
    customerName: id === CONTOSO ? 'Contoso' : 'Fabrikam',
    productName: 'Microsoft 365 E3',
    workloadName,
    licensesActive: active,
    licensesQualified: 100,
    usagePercent: active,
    ...(processedDateTime ? { processedDateTime } : {}),
  };
}

describe('the alert pass spool', () => {
  it("hands back every row of a customer, however its rows were interleaved, split over pages or dated", async () => {
    const recorded: UsageSummary[][] = [];
    const spool = await CustomerSpool.create(async (customers) => void recorded.push([...customers]));
    try {
      await spool.add([
        row(CONTOSO, 'Exchange', 90, '2026-03-01T00:00:00Z'),
        row(CONTOSO, 'Teams', 10, '2026-03-01T00:00:00Z'),
        row(FABRIKAM, 'Teams', 20),
        row(CONTOSO, 'SharePoint', 5, '2026-03-02T00:00:00Z'),
      ]);
      // The next page goes on with Contoso's rows.
      await spool.add([row(CONTOSO, 'OneDrive', 50, '2026-03-02T00:00:00Z'), row(FABRIKAM, 'Exchange', 80)]);
      await spool.finish();

      const customers = (await Promise.all([...new Set([shardOf(CONTOSO), shardOf(FABRIKAM)])].map((shard) => spool.customersIn(shard)))).flat();
      const workloads = (id: string) => {
        const customer = customers.find((c) => c.customerId === id);
        return [...(customer?.low ?? []), ...(customer?.healthy ?? [])].map((w) => `${w.workloadName} ${w.usagePercent}`).sort();
      };
      expect(workloads(CONTOSO)).toEqual(['Exchange 90', 'OneDrive 50', 'SharePoint 5', 'Teams 10']);
      expect(workloads(FABRIKAM)).toEqual(['Exchange 80', 'Teams 20']);
      // The history is told once per shard, with the customers' latest data date.
      expect(recorded.flat().find((c) => c.customerId === CONTOSO)?.processedAt).toBe('2026-03-02T00:00:00Z');
      await spool.customersIn(shardOf(CONTOSO));
      expect(recorded).toHaveLength(new Set([shardOf(CONTOSO), shardOf(FABRIKAM)]).size);
    } finally {
      await spool.dispose();
    }
  });
});
