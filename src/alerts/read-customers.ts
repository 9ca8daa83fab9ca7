import type { UsageApi } from '../config/config';
import type { ScannedCustomer } from '../core/alerts/decide-alerts';
import type { CustomerId } from '../core/customers/customer-id';
import { asCodedError, CodedError, ErrorCodes } from '../core/errors';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';
import { loadUsage } from '../usage/load-usage';
import { mapWithConcurrency } from './bounded-concurrency';
import { scannedCustomer, type CustomerSource, type CustomerSpool } from './customer-spool';

/** Every customer one subscriber can see, as far as Partner Center let us read them. */
export interface CustomersRead {
  customers: CustomerSource;
  /** Customers read with usage rows; a scan does not count them (it reads rows, not customers). */
  customersRead?: number;
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
 * Reads every customer's usage for an all-customers subscription into `spool`. The commercial
 * endpoint returns every customer's rows in one paged scan (a handful of requests for thousands of
 * customers), so it is used where it is available; otherwise customers are listed and read one by one.
 */
export async function readAllCustomers(
  options: ReadCustomersOptions,
  ctx: PartnerCenterCallContext,
  /** recordHistory: the spool records the customers' history (a scan); customers read one by one were recorded as they were read. */
  spool: (recordHistory: boolean) => Promise<CustomerSpool>,
): Promise<CustomersRead> {
  if (options.usageApi !== 'customer') {
    const scanned = await spool(true);
    try {
      await scanAllCustomers(options.partnerCenter, ctx, scanned);
      return { customers: scanned, failedCustomers: 0 };
    } catch (error) {
      const coded = asCodedError(error);
      if (options.usageApi === 'commercial' || coded.code !== ErrorCodes.PartnerCenterNotFound) throw coded;
      options.logger.info({ correlationId: ctx.correlationId }, 'Commercial usage scan not available; reading customers one by one');
    }
  }
  return readCustomersOneByOne(options, ctx, await spool(false));
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

/** Page by page into the spool: a customer's rows may span pages, and the spool groups them per shard. */
async function scanAllCustomers(partnerCenter: PartnerCenter, ctx: PartnerCenterCallContext, spool: CustomerSpool): Promise<void> {
  for await (const page of partnerCenter.scanCommercialLicenseUsage(ctx)) await spool.add(page);
  await spool.finish();
}

async function readCustomersOneByOne(options: ReadCustomersOptions, ctx: PartnerCenterCallContext, spool: CustomerSpool): Promise<CustomersRead> {
  const customers = await options.partnerCenter.listCustomers(ctx);
  let failedCustomers = 0;
  let customersRead = 0;
  await mapWithConcurrency(
    customers,
    options.concurrency,
    async (customer) => {
      try {
        // The commercial endpoint is what was found missing (or not wanted): the per-customer one remains.
        const records = await loadUsage(options.partnerCenter, 'customer', customer, ctx);
        // The customer's id as listed, whatever the rows say, as the one-by-one read always did.
        await spool.add(records.map((record) => ({ ...record, customerId: customer.id })));
        customersRead += 1;
      } catch (error) {
        failedCustomers += 1;
        const coded = asCodedError(error);
        const fields = { code: coded.code, status: coded.details.status, correlationId: ctx.correlationId };
        options.logger.debug(fields, 'Alert pass could not read a customer');
      }
      return undefined;
    },
    ctx.signal,
  );
  if (ctx.signal?.aborted) {
    // A partial read would look like customers without data: none of it is used.
    throw new CodedError(ErrorCodes.DeadlineExceeded, 'The alert pass was cancelled while reading customers', { correlationId: ctx.correlationId });
  }
  await spool.finish();
  return { customers: spool, customersRead, failedCustomers };
}
