import type { Customer } from '../core/customers/customer';
import type { SubscribedSkuRecord, SubscriptionRecord } from '../core/subscriptions/subscription';
import type { UsageRecord } from '../core/usage/usage-record';

/** Who is asking and within which limits; passed to every Partner Center call. */
export interface PartnerCenterCallContext {
  /** A delegated (app + user) Partner Center access token. Never logged. */
  accessToken: string;
  /** The user's locale, sent as X-Locale (e.g. `en-US`, `nl-NL`). */
  locale: string;
  /** One id per user request, sent as MS-CorrelationId and shown to the user on failure. */
  correlationId: string;
  /** Aborts every attempt and retry when the user's deadline passes. */
  signal?: AbortSignal;
  /**
   * Called once per request sent (a retry of the same request is not counted again), so a caller can
   * report how much of Partner Center's rate limit its work used, e.g. an alert pass.
   */
  onRequest?: () => void;
}

export type CustomerSearchField = 'CompanyName' | 'Domain';

/**
 * The commercial usage endpoint's path as Partner Center documents it today; Microsoft documents a
 * variant too, hence PARTNER_CENTER_COMMERCIAL_USAGE_PATH.
 */
export const DEFAULT_COMMERCIAL_USAGE_PATH = '/v1/analytics/commercial/usage/license';

/** What a commercial usage scan reports after each request, e.g. for progress logs or benchmarks. */
export interface CommercialScanProgress {
  /** 1 for the first request. */
  page: number;
  /** Rows this request returned; 0 for an empty last page. */
  rows: number;
  /** Rows returned so far, this request included. */
  rowsSoFar: number;
  /** The row total Partner Center announced, when it did. */
  totalCount?: number;
}

export interface CommercialScanOptions {
  /**
   * Rows per request (`top`), 1 to 10 000; defaults to the client's commercial page size. A scan
   * stops with an error after a fixed number of requests, so small pages only suit small data.
   */
  pageSize?: number;
  /** Called once per request, empty pages included, before that page's rows are handed out. */
  onPage?: (progress: CommercialScanProgress) => void;
}

/** Which subscriptions a partner-wide renewal scan asks for: terms ending between two days, inclusive. */
export interface RenewalScanOptions {
  /** First day, `YYYY-MM-DD`. */
  endsFrom: string;
  /** Last day, `YYYY-MM-DD`. */
  endsUntil: string;
  /** Rows per request (`top`), 1 to 10 000; defaults to the client's commercial page size. */
  pageSize?: number;
  /** Called once per request, as for the commercial scan. */
  onPage?: (progress: CommercialScanProgress) => void;
}

/**
 * What the bot needs from Partner Center. The HTTP client implements it; failures are thrown as
 * CodedError with a Partner Center code.
 */
export interface PartnerCenter {
  /** One customer by Partner Center id; undefined when Partner Center answers 404. */
  getCustomer(customerId: string, ctx: PartnerCenterCallContext): Promise<Customer | undefined>;

  /** Customers whose company name or domain starts with `prefix` (case-insensitive), all pages. */
  searchCustomers(
    field: CustomerSearchField,
    prefix: string,
    ctx: PartnerCenterCallContext,
    options?: { limit?: number },
  ): Promise<Customer[]>;

  /**
   * Every customer of the partner (no filter), all pages, in Partner Center's order. For reading
   * customers one by one when the commercial scan is not available.
   */
  listCustomers(ctx: PartnerCenterCallContext): Promise<Customer[]>;

  /** The seed endpoint: /v1/customers/{id}/analytics/licenses/usage. */
  getCustomerLicenseUsage(customerId: string, ctx: PartnerCenterCallContext): Promise<UsageRecord[]>;

  /**
   * The replacement commercial endpoint, filtered to one customer tenant and paged with top/skip.
   * usagePercent is computed from active / qualified.
   */
  getCommercialLicenseUsage(customerTenantId: string, ctx: PartnerCenterCallContext): Promise<UsageRecord[]>;

  /**
   * Every customer's rows of the commercial endpoint (no filter), in order, a chunk of a page per item
   * (a few hundred rows). The next page is fetched only when the caller asks for the item after a page's
   * last chunk, so memory holds one page at most; `onPage` tells when each page arrived. usagePercent is
   * computed as in getCommercialLicenseUsage. Empty chunks are not handed out; ctx.signal aborts the scan.
   */
  scanCommercialLicenseUsage(ctx: PartnerCenterCallContext, options?: CommercialScanOptions): AsyncIterable<UsageRecord[]>;

  /** GET /v1/customers/{id}/subscriptions: what the customer bought, each with its term and renewal. */
  getCustomerSubscriptions(customerId: string, ctx: PartnerCenterCallContext): Promise<SubscriptionRecord[]>;

  /** GET /v1/customers/{id}/subscribedskus: per SKU, licences bought and active versus assigned. */
  getCustomerSubscribedSkus(customerId: string, ctx: PartnerCenterCallContext): Promise<SubscribedSkuRecord[]>;

  /**
   * GET /partner/v1/analytics/subscriptions filtered on commitmentEndDate, every customer's rows page by
   * page (top/skip), fetched as the consumer asks, each page handed out in chunks of a few hundred rows. Throws PartnerCenterNotFound or PartnerCenterNoAccess
   * when the scan is not available to this user: read-renewals.ts then reads customer by customer.
   */
  scanSubscriptionRenewals(ctx: PartnerCenterCallContext, options: RenewalScanOptions): AsyncIterable<SubscriptionRecord[]>;
}
