import { mapWithConcurrency } from '../../alerts/bounded-concurrency';
import { CustomerSpool } from '../../alerts/customer-spool';
import type { UsageApi } from '../../config/config';
import { asCodedError, CodedError, ErrorCodes } from '../../core/errors';
import type { CustomerId } from '../../core/customers/customer-id';
import type { CustomerUsage } from '../../core/report/rank-customers';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../../core/usage/analyse-usage';
import type { UsageRecord } from '../../core/usage/usage-record';
import type { UsageSummary } from '../../core/usage/usage-summary';
import type { Logger } from '../../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import { loadUsage } from '../../usage/load-usage';

/** Where the partner-wide read is, for the user's progress line. */
export type ReadProgress = { kind: 'page'; page: number; pages: number | undefined } | { kind: 'customers'; done: number; total: number };

export interface ReadAllUsageOptions {
  partnerCenter: PartnerCenter;
  usageApi: UsageApi;
  logger: Logger;
  onProgress: (progress: ReadProgress) => void;
  /** Customer reads at once when the commercial scan is not available. */
  concurrency?: number;
}

/** Reads one by one report progress this often, so a 500-customer read says something ~20 times. */
const CUSTOMERS_PER_PROGRESS = 25;
/**
 * Customers read one by one are handed on this many at a time, so each batch the history records is one
 * bounded storage read and write, as a scan's state shard is.
 */
export const CUSTOMERS_PER_BATCH = 200;

/** Receives the customers read, a batch at a time (a state shard's customers, for a scan). */
export type CustomersRead = (summaries: readonly UsageSummary[]) => Promise<void>;

/**
 * Every customer the asker can see, with the latest usage of each workload: one paged scan of the
 * commercial endpoint (a handful of requests for thousands of customers), or, where it is not
 * available, the customers listed and read a few at a time, as the alert pass does. The summaries
 * carry each customer's data date, for the history, and are handed to `onCustomers` in batches, so the
 * rows of every customer are never in memory at once: a scan spools them to disk per state shard, as the
 * alert pass does (src/alerts/customer-spool.ts).
 */
export async function readAllUsage(options: ReadAllUsageOptions, ctx: PartnerCenterCallContext, onCustomers: CustomersRead): Promise<void> {
  if (options.usageApi !== 'customer') {
    let delivered = false;
    try {
      return await scan(options, ctx, async (summaries) => {
        delivered = true;
        await onCustomers(summaries);
      });
    } catch (error) {
      const coded = asCodedError(error);
      // A scan that failed after handing customers on cannot start again one by one: they would count twice.
      if (delivered || options.usageApi === 'commercial' || coded.code !== ErrorCodes.PartnerCenterNotFound) throw coded;
      options.logger.info({ correlationId: ctx.correlationId }, 'report: commercial usage scan not available; reading customers one by one');
    }
  }
  const summaries = await oneByOne(options, ctx);
  for (let start = 0; start < summaries.length; start += CUSTOMERS_PER_BATCH) await onCustomers(summaries.slice(start, start + CUSTOMERS_PER_BATCH));
}

/**
 * A summary as the report ranks it: every workload, whatever the threshold it was sorted with. `shared`
 * keeps one copy of each repeated name across the whole read (src/core/shared-strings.ts).
 */
export function customerUsageOf(summary: UsageSummary, shared: (text: string) => string): CustomerUsage {
  return {
    customerId: summary.customerId,
    customerName: summary.customerName,
    processedAt: summary.processedAt === null ? null : shared(summary.processedAt),
    workloads: [...summary.low, ...summary.healthy, ...summary.unlicensed].map((workload) => ({
      ...workload,
      productName: shared(workload.productName),
      workloadName: shared(workload.workloadName),
    })),
  };
}

async function scan(options: ReadAllUsageOptions, ctx: PartnerCenterCallContext, onCustomers: CustomersRead): Promise<void> {
  let firstPageRows = 0;
  const pages = options.partnerCenter.scanCommercialLicenseUsage(ctx, {
    onPage: ({ page, rows, totalCount }) => {
      if (page === 1) firstPageRows = rows;
      const estimate = totalCount !== undefined && firstPageRows > 0 ? Math.max(page, Math.ceil(totalCount / firstPageRows)) : undefined;
      options.onProgress({ kind: 'page', page, pages: estimate });
    },
  });
  // A customer's rows may span two pages: the spool groups them, and each is analysed once the scan is complete.
  const spool = await CustomerSpool.create();
  try {
    for await (const page of pages) await spool.add(page);
    await spool.finish();
    for (const shard of spool.shards) await onCustomers(await spool.customersIn(shard));
  } finally {
    await spool.dispose();
  }
}

async function oneByOne(options: ReadAllUsageOptions, ctx: PartnerCenterCallContext): Promise<UsageSummary[]> {
  const customers = await options.partnerCenter.listCustomers(ctx);
  let done = 0;
  let failed = 0;
  const read = await mapWithConcurrency(
    customers,
    options.concurrency ?? 4,
    async (customer) => {
      try {
        return summarise(customer.id, customer.companyName, await loadUsage(options.partnerCenter, 'customer', customer, ctx));
      } catch (error) {
        // One customer the asker may not read (no relationship) must not cost them the whole report.
        failed += 1;
        options.logger.debug({ code: asCodedError(error).code, correlationId: ctx.correlationId }, 'report could not read a customer');
        return undefined;
      } finally {
        done += 1;
        if (done % CUSTOMERS_PER_PROGRESS === 0) options.onProgress({ kind: 'customers', done, total: customers.length });
      }
    },
    ctx.signal,
  );
  if (ctx.signal?.aborted) throw new CodedError(ErrorCodes.DeadlineExceeded, 'The report was cancelled while reading customers', { correlationId: ctx.correlationId });
  const summaries = read.filter((summary): summary is UsageSummary => summary !== undefined);
  if (summaries.length === 0 && failed > 0) {
    throw new CodedError(ErrorCodes.PartnerCenterUnavailable, `None of ${failed} customers could be read`, { correlationId: ctx.correlationId });
  }
  return summaries;
}

function summarise(customerId: CustomerId, customerName: string | undefined, records: readonly UsageRecord[]): UsageSummary {
  // The threshold only sorts here: the report decides what is low with its own.
  return analyseUsage({ customerId, ...(customerName ? { customerName } : {}), records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
}
