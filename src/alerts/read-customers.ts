import type { UsageApi } from '../config/config';
import type { ScannedCustomer } from '../core/alerts/decide-alerts';
import type { CustomerId } from '../core/customers/customer-id';
import { asCodedError, CodedError, ErrorCodes } from '../core/errors';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';
import { loadUsage } from '../usage/load-usage';
import { mapWithConcurrency } from './bounded-concurrency';

/** Every customer one subscriber can see, as far as Partner Center let us read them. */
export interface CustomersRead {
  customers: ScannedCustomer[];
  /** Customers whose own read failed: left out, so their findings stay as they were. */
  failedCustomers: number;
}

export interface ReadCustomersOptions {
  partnerCenter: PartnerCenter;
  usageApi: UsageApi;
  /** Customer reads at once when reading one by one. */
  concurrency: number;
  logger: Logger;
}

/**
 * Reads every customer's usage for an all-customers subscription. The commercial endpoint returns
 * every customer's rows in one paged scan (a handful of requests for thousands of customers), so it
 * is used where it is available; otherwise customers are listed and read one by one.
 */
export async function readAllCustomers(options: ReadCustomersOptions, ctx: PartnerCenterCallContext): Promise<CustomersRead> {
  if (options.usageApi !== 'customer') {
    try {
      return { customers: await scanAllCustomers(options.partnerCenter, ctx), failedCustomers: 0 };
    } catch (error) {
      const coded = asCodedError(error);
      if (options.usageApi === 'commercial' || coded.code !== ErrorCodes.PartnerCenterNotFound) throw coded;
      options.logger.info({ correlationId: ctx.correlationId }, 'Commercial usage scan not available; reading customers one by one');
    }
  }
  return readCustomersOneByOne(options, ctx);
}

/** One customer's usage, for a subscription to that customer. */
export async function readOneCustomer(
  options: Pick<ReadCustomersOptions, 'partnerCenter' | 'usageApi'>,
  customerId: CustomerId,
  ctx: PartnerCenterCallContext,
): Promise<ScannedCustomer> {
  // Partner Center's customer id is the customer's tenant id, which the commercial endpoint filters on;
  // the rows carry the customer's current name, so the stored one is not needed.
  const records = await loadUsage(options.partnerCenter, options.usageApi, { id: customerId, tenantId: customerId, companyName: customerId }, ctx);
  return scannedCustomer(customerId, records);
}

async function scanAllCustomers(partnerCenter: PartnerCenter, ctx: PartnerCenterCallContext): Promise<ScannedCustomer[]> {
  // A customer's rows may span two pages, so every customer is analysed once the scan is complete.
  const byCustomer = new Map<CustomerId, UsageRecord[]>();
  for await (const page of partnerCenter.scanCommercialLicenseUsage(ctx)) {
    for (const record of page) {
      const records = byCustomer.get(record.customerId);
      if (records) records.push(record);
      else byCustomer.set(record.customerId, [record]);
    }
  }
  return [...byCustomer].map(([customerId, records]) => scannedCustomer(customerId, records));
}

async function readCustomersOneByOne(options: ReadCustomersOptions, ctx: PartnerCenterCallContext): Promise<CustomersRead> {
  const customers = await options.partnerCenter.listCustomers(ctx);
  let failedCustomers = 0;
  const read = await mapWithConcurrency(
    customers,
    options.concurrency,
    async (customer) => {
      try {
        // The commercial endpoint is what was found missing (or not wanted): the per-customer one remains.
        return scannedCustomer(customer.id, await loadUsage(options.partnerCenter, 'customer', customer, ctx));
      } catch (error) {
        failedCustomers += 1;
        const coded = asCodedError(error);
        const fields = { code: coded.code, status: coded.details.status, correlationId: ctx.correlationId };
        options.logger.debug(fields, 'Alert pass could not read a customer');
        return undefined;
      }
    },
    ctx.signal,
  );
  if (ctx.signal?.aborted) {
    // A partial read would look like customers without data: none of it is used.
    throw new CodedError(ErrorCodes.DeadlineExceeded, 'The alert pass was cancelled while reading customers', { correlationId: ctx.correlationId });
  }
  return { customers: read.filter((customer): customer is ScannedCustomer => customer !== undefined), failedCustomers };
}

function scannedCustomer(customerId: CustomerId, records: readonly UsageRecord[]): ScannedCustomer {
  // Which workloads are low is decided later, per conversation and threshold; this one only sorts.
  const { customerName, low, healthy } = analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
  return { customerId, customerName, low, healthy };
}
