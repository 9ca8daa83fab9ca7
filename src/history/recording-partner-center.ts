import { mapWithConcurrency } from '../alerts/bounded-concurrency';
import type { UsageHistoryStore } from '../usage/usage-history';
import { customerId, type CustomerId } from '../core/customers/customer-id';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { PartnerCenter } from '../partner-center/partner-center.port';

/** Histories written at once after a partner-wide scan. */
const HISTORY_CONCURRENCY = 8;

/**
 * Partner Center as the alert pass reads it, with every usage read recorded into the customers'
 * histories on the way: the pass itself needs no change. A scan keeps references to the rows it handed
 * out (not copies) per customer, and records them once the scan is complete, since one customer's rows
 * may span two pages. What the history cannot write is logged by the store and costs the pass nothing.
 */
export function recordingPartnerCenter(partnerCenter: PartnerCenter, history: UsageHistoryStore): PartnerCenter {
  const record = async (customerId: CustomerId, records: readonly UsageRecord[]) => {
    if (records.length > 0) await history.record(analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD }));
  };
  // Everything else (customers, and whatever the port gains) passes through untouched.
  return {
    ...partnerCenter,
    async getCustomerLicenseUsage(id, ctx) {
      const rows = await partnerCenter.getCustomerLicenseUsage(id, ctx);
      await record(customerId(id), rows);
      return rows;
    },
    async getCommercialLicenseUsage(tenantId, ctx) {
      const rows = await partnerCenter.getCommercialLicenseUsage(tenantId, ctx);
      // Partner Center's customer id is the customer's tenant id.
      await record(rows[0]?.customerId ?? customerId(tenantId), rows);
      return rows;
    },
    async *scanCommercialLicenseUsage(ctx, options) {
      const byCustomer = new Map<string, { customerId: CustomerId; records: UsageRecord[] }>();
      for await (const page of partnerCenter.scanCommercialLicenseUsage(ctx, options)) {
        for (const row of page) {
          const key = row.customerId.toLowerCase();
          const group = byCustomer.get(key);
          if (group) group.records.push(row);
          else byCustomer.set(key, { customerId: row.customerId, records: [row] });
        }
        yield page;
      }
      // Each customer's references are let go as soon as it is recorded, so they do not outlive the scan.
      const groups = [...byCustomer.values()];
      byCustomer.clear();
      await mapWithConcurrency(
        groups,
        HISTORY_CONCURRENCY,
        async (group, index) => {
          await record(group.customerId, group.records);
          groups[index] = undefined as never;
        },
        ctx.signal,
      );
    },
  };
}
