import type { UsageHistoryStore } from '../usage/usage-history';
import { customerId, type CustomerId } from '../core/customers/customer-id';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { PartnerCenter } from '../partner-center/partner-center.port';

/**
 * Partner Center with every single customer's usage read recorded into its history on the way (a
 * chat answer, or an alert pass reading customers one by one). A partner-wide scan passes through:
 * the alert pass records its customers from the analysis it makes of them anyway, a shard at a time
 * (AlertPassDeps.history). What the history cannot write is logged by the store and costs nothing.
 */
export function recordingPartnerCenter(partnerCenter: PartnerCenter, history: Pick<UsageHistoryStore, 'recordRecent'>): PartnerCenter {
  const record = async (customerId: CustomerId, records: readonly UsageRecord[]) => {
    // Nobody reads the history back here: the head is all that needs reading.
    if (records.length > 0) await history.recordRecent(analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD }));
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
  };
}
