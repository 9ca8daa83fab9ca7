import type { Logger } from 'pino';
import type { Customer } from '../core/customers/customer';
import { customerId, type CustomerId } from '../core/customers/customer-id';
import { CodedError, ErrorCodes } from '../core/errors';
import { sharedStrings } from '../core/shared-strings';
import type { UsageRecord } from '../core/usage/usage-record';
import type { SubscriptionRecord } from '../core/subscriptions/subscription';
import { createCommercialPath, type CommercialPath } from './commercial-path';
import { createHttpTransport, type HeaderPair, type HttpTransport } from './http-transport';
import { validatedChunks } from './row-chunks';
import { rowShape } from './row-shape';
import {
  DEFAULT_COMMERCIAL_USAGE_PATH,
  type CommercialScanOptions,
  type CustomerSearchField,
  type PartnerCenter,
  type PartnerCenterCallContext,
  type RenewalScanOptions,
} from './partner-center.port';
import { resolveRetryOptions, type RetryOptions } from './retry-policy';
import {
  partnerSubscriptionPageSchema,
  partnerSubscriptionRowSchema,
  subscribedSkuCollectionSchema,
  subscriptionCollectionSchema,
  type PartnerSubscriptionRow,
  type SubscriptionResource,
} from './subscription-schemas';
import {
  commercialLicenseUsagePageSchema,
  commercialLicenseUsageRowSchema,
  customerCollectionSchema,
  customerLicenseUsageCollectionSchema,
  customerSchema,
  type CommercialLicenseUsageRow,
  type CustomerResource,
} from './schemas';

export interface PartnerCenterClientOptions {
  baseUrl: string;
  applicationName: string;
  /** The commercial usage endpoint's path; Microsoft documents two variants, so it is configurable. */
  commercialUsagePath?: string;
  /** Rows per commercial page (`top`); Partner Center allows at most 10 000. */
  commercialPageSize?: number;
  logger: Logger;
  retry?: Partial<RetryOptions>;
  /** Largest response body read; http-get's DEFAULT_MAX_BODY_BYTES unless told. */
  maxResponseBytes?: number;
  /** Wall clock in ms since the epoch, used for Retry-After dates; defaults to Date.now. */
  now?: () => number;
}

const MAX_COMMERCIAL_PAGE_SIZE = 10_000;
const SEARCH_PAGE_SIZE = 100;
/** Customers per page when listing them all: fewer requests than a search page, within what Partner Center serves. */
const LIST_PAGE_SIZE = 500;
/**
 * Most requests one paged call (a search, a commercial read or scan) makes before it gives up: a
 * server that keeps sending next links must not keep us paging forever. At 10 000 rows a page a
 * scan still reaches ten million rows, far beyond any partner's customer base.
 */
export const MAX_PAGES = 1_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createPartnerCenterClient(options: PartnerCenterClientOptions): PartnerCenter {
  const transport = countingRequests(
    createHttpTransport({
      baseUrl: options.baseUrl,
      applicationName: options.applicationName,
      logger: options.logger,
      retry: resolveRetryOptions(options.retry),
      ...(options.now ? { now: options.now } : {}),
      ...(options.maxResponseBytes === undefined ? {} : { maxBodyBytes: options.maxResponseBytes }),
    }),
  );
  // Microsoft documents the commercial endpoint under two paths: the configured one first, the other on 404.
  const commercialUsagePath = createCommercialPath(options.commercialUsagePath || DEFAULT_COMMERCIAL_USAGE_PATH);
  const commercialPageSize = pageSizeFrom(options.commercialPageSize);

  return {
    async getCustomer(customerId, ctx) {
      try {
        const resource = await transport.getJson(`/v1/customers/${encodeURIComponent(customerId)}`, customerSchema, ctx);
        return toCustomer(resource);
      } catch (error) {
        if (error instanceof CodedError && error.code === ErrorCodes.PartnerCenterNotFound) return undefined;
        throw error;
      }
    },

    searchCustomers(field, prefix, ctx, searchOptions) {
      return searchCustomers(transport, field, prefix, ctx, searchOptions?.limit);
    },

    listCustomers(ctx) {
      return customerPages(transport, `/v1/customers?size=${LIST_PAGE_SIZE}`, ctx, Number.POSITIVE_INFINITY);
    },

    async getCustomerLicenseUsage(requestedId, ctx) {
      const path = `/v1/customers/${encodeURIComponent(requestedId)}/analytics/licenses/usage`;
      const collection = await transport.getJson(path, customerLicenseUsageCollectionSchema, ctx);
      // The rows are the asked customer's: they carry its id in the bot's one spelling.
      const id = customerId(requestedId);
      return collection.items.map((item) => ({
        customerId: id,
        customerName: item.customerName,
        productName: item.productName,
        workloadName: item.workloadName,
        licensesActive: item.licensesActive,
        licensesQualified: item.licensesQualified,
        ...optional('usagePercent', item.usagePercent),
        ...optional('processedDateTime', item.processedDateTime),
        ...optional('serviceName', item.serviceName),
        ...optional('channel', item.channel),
      }));
    },

    async getCommercialLicenseUsage(customerTenantId, ctx) {
      // The tenant id can come from user text, and it ends up inside an OData filter expression.
      if (!GUID.test(customerTenantId)) {
        throw new CodedError(ErrorCodes.PartnerCenterNotFound, 'Customer tenant id is not a GUID', {
          correlationId: ctx.correlationId,
        });
      }
      const filter = `customerTenantId eq '${customerTenantId}'`;
      const records: UsageRecord[] = [];
      for await (const page of commercialUsagePages(transport, commercialUsagePath, commercialPageSize, filter, ctx)) {
        for (const chunk of usageRecordsOf(page, ctx)) for (const record of chunk) records.push(record);
      }
      return records;
    },

    scanCommercialLicenseUsage(ctx, scanOptions) {
      const pageSize = scanOptions?.pageSize === undefined ? commercialPageSize : pageSizeFrom(scanOptions.pageSize);
      const pages = commercialUsagePages(transport, commercialUsagePath, pageSize, undefined, ctx);
      return scanCommercialUsage(pages, ctx, scanOptions?.onPage);
    },

    async getCustomerSubscriptions(requestedId, ctx) {
      const path = `/v1/customers/${encodeURIComponent(requestedId)}/subscriptions`;
      const collection = await transport.getJson(path, subscriptionCollectionSchema, ctx);
      const id = customerId(requestedId);
      return collection.items.map((item) => fromSubscriptionResource(id, item));
    },

    async getCustomerSubscribedSkus(requestedId, ctx) {
      const path = `/v1/customers/${encodeURIComponent(requestedId)}/subscribedskus`;
      const collection = await transport.getJson(path, subscribedSkuCollectionSchema, ctx);
      return collection.items.map((item) => ({
        skuId: item.productSku.id,
        skuName: item.productSku.name,
        ...optional('skuPartNumber', item.productSku.skuPartNumber),
        activeUnits: item.activeUnits,
        consumedUnits: item.consumedUnits,
      }));
    },

    scanSubscriptionRenewals(ctx, scanOptions) {
      const pageSize = scanOptions.pageSize === undefined ? commercialPageSize : pageSizeFrom(scanOptions.pageSize);
      return scanRenewals(transport, pageSize, scanOptions, ctx);
    },
  };
}

// The rows the commercial usage and renewals endpoints page through, checked where they lie (row-shape.ts).
const COMMERCIAL_USAGE_ROW = rowShape(commercialLicenseUsageRowSchema);
const PARTNER_SUBSCRIPTION_ROW = rowShape(partnerSubscriptionRowSchema);

const PARTNER_SUBSCRIPTIONS_PATH = '/partner/v1/analytics/subscriptions';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The partner-wide subscription rows whose term ends in the window, page by page (top/skip, as the commercial scan). */
async function* scanRenewals(
  transport: HttpTransport,
  pageSize: number,
  options: RenewalScanOptions,
  ctx: PartnerCenterCallContext,
): AsyncGenerator<SubscriptionRecord[]> {
  // The days end up inside a filter expression: only plain dates get there.
  if (!DAY.test(options.endsFrom) || !DAY.test(options.endsUntil)) {
    throw new CodedError(ErrorCodes.Internal, 'Renewal scan window is not two YYYY-MM-DD days', { correlationId: ctx.correlationId });
  }
  const filter = `commitmentEndDate ge ${options.endsFrom} and commitmentEndDate le ${options.endsUntil}`;
  let rowsSoFar = 0;
  for (let page = 0, skip = 0; ; page += 1) {
    if (page >= MAX_PAGES) throw tooManyPages(ctx);
    const query = `top=${pageSize}&skip=${skip}&filter=${encodeURIComponent(filter)}`;
    const result = await transport.getJson(`${PARTNER_SUBSCRIPTIONS_PATH}?${query}`, partnerSubscriptionPageSchema, ctx);
    const rows = result.Value;
    const last = rows.length < pageSize || result['@nextLink'] === null;
    rowsSoFar += rows.length;
    options.onPage?.({ page: page + 1, rows: rows.length, rowsSoFar, ...optional('totalCount', result.TotalCount) });
    yield* validatedChunks(rows, PARTNER_SUBSCRIPTION_ROW, fromPartnerSubscriptionRow, 'partner subscription', ctx);
    if (last) return;
    skip += rows.length;
  }
}

function fromSubscriptionResource(id: CustomerId, item: SubscriptionResource): SubscriptionRecord {
  return {
    id: item.id,
    customerId: id,
    productName: item.offerName?.trim() || item.friendlyName?.trim() || item.offerId?.trim() || item.id,
    ...optional('friendlyName', item.friendlyName && item.friendlyName !== item.offerName ? item.friendlyName : undefined),
    seats: item.quantity,
    status: item.status.trim().toLowerCase(),
    ...optional('autoRenew', item.autoRenewEnabled),
    ...optional('termDuration', item.termDuration?.trim().toUpperCase() || undefined),
    ...optional('billingCycle', item.billingCycle),
    ...optional('commitmentEndDate', item.commitmentEndDate),
    isTrial: item.isTrial === true,
  };
}

function fromPartnerSubscriptionRow(row: PartnerSubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    // The tenant id is the customer's Partner Center id in practice; normalised as every id entering the bot.
    customerId: customerId(row.customerTenantId),
    ...optional('customerName', row.customerName),
    productName: row.productName,
    seats: row.licenseCount,
    status: row.status.trim().toLowerCase(),
    ...optional('autoRenew', row.autoRenewEnabled),
    ...optional('termDuration', row.termDuration?.trim().toUpperCase() || undefined),
    ...optional('billingCycle', row.billingCycleName),
    ...optional('commitmentEndDate', row.commitmentEndDate),
    isTrial: row.isTrial === true,
  };
}

async function searchCustomers(
  transport: HttpTransport,
  field: CustomerSearchField,
  prefix: string,
  ctx: PartnerCenterCallContext,
  limit: number | undefined,
): Promise<Customer[]> {
  const wanted = limit === undefined ? Number.POSITIVE_INFINITY : Math.floor(limit);
  if (!(wanted > 0)) return [];
  const filter = JSON.stringify({ Field: field, Value: prefix, Operator: 'starts_with' });
  const size = Math.min(wanted, SEARCH_PAGE_SIZE);
  return customerPages(transport, `/v1/customers?size=${size}&filter=${encodeURIComponent(filter)}`, ctx, wanted);
}

/**
 * Customers from `firstTarget` and every page after it: Partner Center's customer lists are
 * seek-paged, so each next page is asked for with the link and headers the previous page named.
 */
async function customerPages(
  transport: HttpTransport,
  firstTarget: string,
  ctx: PartnerCenterCallContext,
  wanted: number,
): Promise<Customer[]> {
  let target = firstTarget;
  let headers: readonly HeaderPair[] = [];
  const customers: Customer[] = [];

  for (let page = 1; ; page += 1) {
    const collection = await transport.getJson(target, customerCollectionSchema, ctx, headers);
    for (const resource of collection.items) {
      customers.push(toCustomer(resource));
      if (customers.length >= wanted) return customers;
    }
    const next = collection.links?.next;
    if (!next || collection.items.length === 0) return customers;
    if (page >= MAX_PAGES) throw tooManyPages(ctx);
    target = next.uri;
    headers = next.headers ?? [];
  }
}

/**
 * Hands out the scanned rows as usage records, a chunk at a time. Being a generator, it asks for the
 * next page only when its consumer does, so an all-customers scan holds one page at a time; and it maps
 * the next chunk only once the consumer is done with the last, so the records of a chunk are garbage
 * before the young generation is next collected, instead of a page of them being promoted.
 */
async function* scanCommercialUsage(
  pages: AsyncIterable<CommercialUsagePage>,
  ctx: PartnerCenterCallContext,
  onPage: CommercialScanOptions['onPage'],
): AsyncGenerator<UsageRecord[]> {
  let page = 0;
  let rowsSoFar = 0;
  for await (const current of pages) {
    page += 1;
    rowsSoFar += current.rows.length;
    onPage?.({ page, rows: current.rows.length, rowsSoFar, ...optional('totalCount', current.totalCount) });
    yield* usageRecordsOf(current, ctx);
  }
}

/** One commercial response: its rows as parsed (each validated where it is mapped), and the total Partner Center announced, if any. */
interface CommercialUsagePage {
  rows: unknown[];
  totalCount?: number;
}

/** A page's rows as usage records, a chunk at a time (row-chunks.ts); a page's repeated strings are held once. */
function usageRecordsOf(page: CommercialUsagePage, ctx: PartnerCenterCallContext): Generator<UsageRecord[]> {
  const shared = sharedStrings();
  return validatedChunks(page.rows, COMMERCIAL_USAGE_ROW, (row) => toUsageRecord(row, ctx, shared), 'commercial usage', ctx);
}

/**
 * Yields every commercial usage response for `filter` (none: all customers), paging with top/skip.
 * Shared by the per-customer call and the all-customers scan, so both page and stop alike. Nothing of a
 * response but its rows is kept.
 */
async function* commercialUsagePages(
  transport: HttpTransport,
  path: CommercialPath,
  pageSize: number,
  filter: string | undefined,
  ctx: PartnerCenterCallContext,
): AsyncGenerator<CommercialUsagePage> {
  for (let page = 0, skip = 0; ; page += 1) {
    if (page >= MAX_PAGES) throw tooManyPages(ctx);
    const query = `top=${pageSize}&skip=${skip}${filter === undefined ? '' : `&filter=${encodeURIComponent(filter)}`}`;
    const result = await path.get((target) => transport.getJson(target, commercialLicenseUsagePageSchema, ctx), query);
    const rows = result.Value;
    const last = rows.length < pageSize || result['@nextLink'] === null;
    yield { rows, ...optional('totalCount', result.TotalCount) };
    if (last) return;
    skip += rows.length;
  }
}

/** Tells the caller about every request sent (ctx.onRequest); retries happen below this and are not counted. */
function countingRequests(transport: HttpTransport): HttpTransport {
  return {
    getJson(target, schema, ctx, extraHeaders) {
      ctx.onRequest?.();
      return transport.getJson(target, schema, ctx, extraHeaders);
    },
  };
}

function toCustomer(resource: CustomerResource): Customer {
  const { tenantId, domain, companyName } = resource.companyProfile;
  return {
    id: resource.id,
    companyName,
    ...optional('tenantId', tenantId),
    ...optional('domain', domain),
  };
}

function toUsageRecord(row: CommercialLicenseUsageRow, ctx: PartnerCenterCallContext, shared: (text: string) => string): UsageRecord {
  const licensesActive = row.licensesActive ?? row.licenseActive;
  if (licensesActive === undefined) {
    throw new CodedError(ErrorCodes.PartnerCenterUnexpectedResponse, 'A commercial usage row has neither licensesActive nor licenseActive', {
      correlationId: ctx.correlationId,
    });
  }
  // Built field by field rather than with spreads: a scan maps hundreds of thousands of rows.
  const record: UsageRecord = {
    customerId: shared(customerId(row.customerTenantId)) as CustomerId,
    customerName: shared(row.customerName),
    productName: shared(row.productName),
    workloadName: shared(row.workloadName),
    licensesActive,
    licensesQualified: row.licensesQualified,
  };
  // Without qualified licenses there is nothing to measure: no percentage rather than 0 %.
  if (row.licensesQualified > 0) record.usagePercent = (licensesActive / row.licensesQualified) * 100;
  if (row.processedDateTime != null) record.processedDateTime = shared(row.processedDateTime);
  if (row.serviceName != null) record.serviceName = shared(row.serviceName);
  if (row.channel != null) record.channel = shared(row.channel);
  return record;
}

/** `{ key: value }` when there is a value, `{}` otherwise, so records carry no null or undefined fields. */
function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function tooManyPages(ctx: PartnerCenterCallContext): CodedError {
  return new CodedError(ErrorCodes.PartnerCenterUnexpectedResponse, `Partner Center kept paging past ${MAX_PAGES} pages`, {
    correlationId: ctx.correlationId,
  });
}

function pageSizeFrom(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return MAX_COMMERCIAL_PAGE_SIZE;
  return Math.min(MAX_COMMERCIAL_PAGE_SIZE, Math.max(1, Math.floor(requested)));
}
