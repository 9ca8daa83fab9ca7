import type { SimulatedCustomer } from './dataset';
import type { DatasetIndex } from './dataset-index';
import { parseCount, queryParam } from './query-params';
import { json, noRelationship, pcError, type Reply } from './replies';

/**
 * The two usage endpoints: one customer's license usage insights (classic, with BOM) and the
 * partner-wide commercial usage report (OData-style paging, no BOM).
 */

const COMMERCIAL_PAGE_SIZE = 10_000;

const TENANT_FILTER = /^\s*customerTenantId\s+eq\s+'([^']*)'\s*$/i;

/** GET /v1/customers/{id}/analytics/licenses/usage */
export function customerUsage(customer: SimulatedCustomer): Reply {
  if (customer.failure === 'no-relationship') return noRelationship(true);
  const items = customer.seedUsage.map((row) => ({
    customerId: customer.id,
    customerName: customer.companyName,
    productName: row.productName,
    licensesActive: row.licensesActive,
    licensesQualified: row.licensesQualified,
    usagePercent: row.usagePercent,
    workloadCode: row.workloadCode,
    workloadName: row.workloadName,
    processedDateTime: row.processedDateTime,
    serviceCode: row.serviceCode,
    serviceName: row.serviceName,
    channel: row.channel,
    attributes: { objectType: 'CustomerLicensesUsageInsights' },
  }));
  return json(200, { totalCount: items.length, items, attributes: { objectType: 'Collection' } }, true);
}

/** GET [/partner]/v1/analytics/commercial/usage/license */
export function commercialUsage(url: URL, index: DatasetIndex, origin: string): Reply {
  const params = url.searchParams;
  const topParam = queryParam(params, 'top');
  const skipParam = queryParam(params, 'skip');
  const filterParam = queryParam(params, 'filter');
  const top = parseCount(topParam.value, COMMERCIAL_PAGE_SIZE, 1, COMMERCIAL_PAGE_SIZE);
  const skip = parseCount(skipParam.value, 0, 0, Number.MAX_SAFE_INTEGER);
  if (top === undefined || skip === undefined) {
    return pcError(400, 400, 'top must be a whole number from 1 and skip a whole number from 0.', false);
  }

  let rows = index.allRowsJson;
  const filter = filterParam.value?.trim() ?? '';
  if (filter !== '') {
    const tenantId = TENANT_FILTER.exec(filter)?.[1];
    if (tenantId === undefined) return pcError(400, 400, "Only the filter customerTenantId eq '<id>' is supported.", false);
    const tenant = index.byTenant.get(tenantId.toLowerCase());
    if (tenant?.customer.failure === 'no-relationship') return noRelationship(false);
    rows = tenant?.rowsJson ?? [];
  }

  const page = rows.slice(skip, skip + top);
  let nextLink: string | null = null;
  if (skip + page.length < rows.length) {
    const next = new URL(`${url.pathname}${url.search}`, origin);
    next.searchParams.set(topParam.key, String(top));
    next.searchParams.set(skipParam.key, String(skip + page.length));
    nextLink = next.href;
  }
  // Rows are serialised already; only the envelope is built per request.
  const body = `{"Value":[${page.join(',')}],"@nextLink":${JSON.stringify(nextLink)},"TotalCount":${rows.length}}`;
  return { status: 200, body, bom: false };
}
