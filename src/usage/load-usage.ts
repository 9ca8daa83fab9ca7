import type { UsageApi } from '../config/config';
import type { Customer } from '../core/customers/customer';
import { CodedError, ErrorCodes } from '../core/errors';
import type { UsageRecord } from '../core/usage/usage-record';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';

/**
 * Fetches a customer's usage rows from the configured endpoint. In `auto` mode the original per-customer
 * endpoint is asked first; Microsoft superseded it, so when it has nothing (no rows, or it is gone) the
 * commercial endpoint is asked for the same customer.
 */
export async function loadUsage(
  partnerCenter: PartnerCenter,
  api: UsageApi,
  customer: Customer,
  ctx: PartnerCenterCallContext,
): Promise<UsageRecord[]> {
  const tenantId = customer.tenantId ?? customer.id;
  switch (api) {
    case 'customer':
      return partnerCenter.getCustomerLicenseUsage(customer.id, ctx);
    case 'commercial':
      return partnerCenter.getCommercialLicenseUsage(tenantId, ctx);
    case 'auto': {
      const rows = await partnerCenter
        .getCustomerLicenseUsage(customer.id, ctx)
        .catch((error: unknown) => {
          if (error instanceof CodedError && error.code === ErrorCodes.PartnerCenterNotFound) return [];
          throw error;
        });
      return rows.length > 0 ? rows : partnerCenter.getCommercialLicenseUsage(tenantId, ctx);
    }
  }
}
