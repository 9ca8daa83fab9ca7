import type { UsageHistoryStore } from '../usage/usage-history';
import { customerId, type CustomerId } from '../core/customers/customer-id';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD, latestProcessedAt } from '../core/usage/analyse-usage';
import { dataDateOf } from '../core/history/usage-history';
import type { UsageRecord } from '../core/usage/usage-record';
import type { PartnerCenter } from '../partner-center/partner-center.port';

/**
 * Partner Center as the alert pass reads it, with every usage read recorded into the customers'
 * histories on the way: the pass itself needs no change. A scan records each page's customers once the
 * page is done, in one storage read and one write (see below). What the history cannot write is logged by the store and costs the pass nothing.
 */
export function recordingPartnerCenter(partnerCenter: PartnerCenter, history: UsageHistoryStore): PartnerCenter {
  const summaryOf = (customerId: CustomerId, records: readonly UsageRecord[]) => analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
  // A daily scan over data Partner Center has not refreshed: nothing to analyse for the history.
  const knownAlready = (group: { customerId: CustomerId; records: readonly UsageRecord[] }) => {
    const date = dataDateOf(latestProcessedAt(group.records));
    return date !== undefined && history.recordedAlready(group.customerId, date);
  };
  const record = async (customerId: CustomerId, records: readonly UsageRecord[]) => {
    if (records.length > 0) await history.record(summaryOf(customerId, records));
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
      type Group = { key: string; customerId: CustomerId; records: UsageRecord[] };
      // Rows come grouped by customer, but one customer's rows may go on past the end of a page: the
      // last customer of a page is held until the next page says whether it goes on. Everyone else is
      // recorded when their page is done, so the pass holds one page of rows, never the whole scan.
      // (A customer whose rows came back after others' would be recorded from its first rows only:
      // the history keeps one snapshot per data date. Partner Center has not been seen to do that.)
      let carried: Group | undefined;
      for await (const page of partnerCenter.scanCommercialLicenseUsage(ctx, options)) {
        const groups = new Map<string, Group>(carried ? [[carried.key, carried]] : []);
        for (const row of page) {
          const key = row.customerId.toLowerCase();
          const group = groups.get(key);
          if (group) group.records.push(row);
          else groups.set(key, { key, customerId: row.customerId, records: [row] });
        }
        yield page;
        const last = page.at(-1);
        carried = last ? groups.get(last.customerId.toLowerCase()) : carried;
        if (carried) groups.delete(carried.key);
        await history.recordMany([...groups.values()].filter((group) => !knownAlready(group)).map((group) => summaryOf(group.customerId, group.records)));
      }
      if (carried) await record(carried.customerId, carried.records);
    },
  };
}
