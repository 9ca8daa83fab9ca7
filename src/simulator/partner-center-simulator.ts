import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import type { SimulatedCustomer, SimulatorDataset } from './dataset';
import { createSampleDataset } from './sample-data';

/**
 * An in-process HTTP server that answers like Partner Center for the endpoints the bot uses, so
 * local mode and benchmarks exercise the real HTTP client: auth header, BOM, error bodies, paging.
 */

export interface PartnerCenterSimulatorOptions {
  /** Defaults to the local-mode sample customers. */
  dataset?: SimulatorDataset;
  /** Defaults to 127.0.0.1: the simulator accepts any token, so it must not face a network. */
  host?: string;
  /** Defaults to 0: a free port chosen by the OS. */
  port?: number;
  logger?: Logger;
}

export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321. */
  url: string;
  /** Every request received so far, including rejected ones: what Partner Center would have counted. */
  requestCount(): number;
  /** Stops listening and drops keep-alive connections. */
  close(): Promise<void>;
}

const CUSTOMER_PAGE_SIZE = 500;
const COMMERCIAL_PAGE_SIZE = 10_000;

// ---------------------------------------------------------------------------------------------
// Index: everything a request needs is prepared once, so large data sets cost at start, not per call.

interface IndexedCustomer {
  customer: SimulatedCustomer;
  nameKey: string;
  domainKey: string;
  /** Position in company-name order, to sort domain matches the way name matches come out. */
  nameRank: number;
}

interface DatasetIndex {
  byId: Map<string, IndexedCustomer>;
  byTenant: Map<string, { customer: SimulatedCustomer; rowsJson: readonly string[] }>;
  byName: readonly IndexedCustomer[];
  byDomain: readonly IndexedCustomer[];
  /** Every commercial row of every customer, serialised once: a scan only slices and joins. */
  allRowsJson: readonly string[];
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildIndex(dataset: SimulatorDataset): DatasetIndex {
  const entries = dataset.customers.map((customer) => ({
    customer,
    nameKey: customer.companyName.toLowerCase(),
    domainKey: customer.domain.toLowerCase(),
    nameRank: 0,
  }));
  const byName = [...entries].sort(
    (a, b) => compareKeys(a.nameKey, b.nameKey) || compareKeys(a.customer.id, b.customer.id),
  );
  byName.forEach((entry, rank) => (entry.nameRank = rank));
  const byDomain = [...entries].sort((a, b) => compareKeys(a.domainKey, b.domainKey) || a.nameRank - b.nameRank);

  const byId = new Map<string, IndexedCustomer>();
  const byTenant = new Map<string, { customer: SimulatedCustomer; rowsJson: readonly string[] }>();
  const allRowsJson: string[] = [];
  for (const entry of entries) {
    const { customer } = entry;
    const id = customer.id.toLowerCase();
    if (byId.has(id)) throw new Error(`simulator dataset: duplicate customer id ${customer.id}`);
    byId.set(id, entry);
    const rowsJson = customer.commercialUsage.map((row) =>
      JSON.stringify({
        workloadCode: row.workloadCode,
        workloadName: row.workloadName,
        serviceCode: row.serviceCode,
        serviceName: row.serviceName,
        channel: row.channel,
        customerTenantId: customer.tenantId,
        customerName: customer.companyName,
        productId: row.productId,
        productName: row.productName,
        licensesActive: row.licensesActive,
        licensesQualified: row.licensesQualified,
        processedDateTime: row.processedDateTime,
      }),
    );
    byTenant.set(customer.tenantId.toLowerCase(), { customer, rowsJson });
    for (const json of rowsJson) allRowsJson.push(json);
  }
  return { byId, byTenant, byName, byDomain, allRowsJson };
}

/** First index whose key does not satisfy `before` (keys are sorted, so `before` flips once). */
function boundary(list: readonly IndexedCustomer[], key: (entry: IndexedCustomer) => string, before: (k: string) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(key(list[middle] as IndexedCustomer))) low = middle + 1;
    else high = middle;
  }
  return low;
}

type SearchField = 'CompanyName' | 'Domain';

/** Customers matching a case-insensitive prefix, in company-name order. */
function searchCustomers(index: DatasetIndex, field: SearchField | null, prefix: string): readonly IndexedCustomer[] {
  if (field === null) return index.byName;
  const wanted = prefix.toLowerCase();
  const list = field === 'CompanyName' ? index.byName : index.byDomain;
  const key = field === 'CompanyName' ? (e: IndexedCustomer) => e.nameKey : (e: IndexedCustomer) => e.domainKey;
  // In sorted order all keys with a given prefix are contiguous: find both ends by binary search.
  const start = boundary(list, key, (k) => k < wanted);
  const end = boundary(list, key, (k) => k < wanted || k.startsWith(wanted));
  const matches = list.slice(start, end);
  return field === 'CompanyName' ? matches : matches.sort((a, b) => a.nameRank - b.nameRank);
}

// ---------------------------------------------------------------------------------------------
// Continuation tokens: the search state travels in the token, signed so that a forged or foreign
// token is "unknown", and nothing accumulates in memory however many searches a benchmark runs.

const searchStateSchema = z.object({
  field: z.enum(['CompanyName', 'Domain']).nullable(),
  prefix: z.string(),
  offset: z.number().int().nonnegative(),
});
type SearchState = z.infer<typeof searchStateSchema>;

function createContinuationTokens(secret: Buffer) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
  return {
    issue(state: SearchState): string {
      const payload = Buffer.from(JSON.stringify(state)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    read(token: string | undefined): SearchState | undefined {
      const [payload, signature, ...rest] = (token ?? '').split('.');
      if (!payload || !signature || rest.length > 0) return undefined;
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const parsed = searchStateSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
type ContinuationTokens = ReturnType<typeof createContinuationTokens>;

// ---------------------------------------------------------------------------------------------
// Replies

interface Reply {
  status: number;
  body: string;
  /** Partner Center's classic endpoints prefix JSON with a UTF-8 BOM; the commercial one does not. */
  bom: boolean;
  headers?: Record<string, string>;
}

function json(status: number, value: unknown, bom: boolean): Reply {
  return { status, body: JSON.stringify(value), bom };
}

function pcError(status: number, code: number, description: string, bom: boolean): Reply {
  return json(status, { code, description, data: [], source: 'PartnerFD' }, bom);
}

const customerNotFound = () => pcError(404, 600010, 'Customer not found', true);

function customerResource(customer: SimulatedCustomer) {
  return {
    id: customer.id,
    companyProfile: {
      tenantId: customer.tenantId,
      domain: customer.domain,
      companyName: customer.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  };
}

/** A count from the query string: undefined when present but not a whole number in range. */
function parseCount(raw: string | null, fallback: number, min: number, max: number): number | undefined {
  if (raw === null || raw.trim() === '') return fallback;
  if (!/^\s*\d+\s*$/.test(raw)) return undefined;
  const value = Number(raw);
  if (value < min) return undefined;
  return Math.min(value, max);
}

/** Reads `name` or its OData spelling `$name`. */
function queryParam(params: URLSearchParams, name: string): { key: string; value: string | null } {
  if (params.has(name) || !params.has(`$${name}`)) return { key: name, value: params.get(name) };
  return { key: `$${name}`, value: params.get(`$${name}`) };
}

const customerFilterSchema = z.object({
  Field: z.enum(['CompanyName', 'Domain']),
  Value: z.string(),
  Operator: z.literal('starts_with'),
});

function parseCustomerFilter(raw: string | null): SearchState | undefined {
  if (raw === null || raw.trim() === '') return { field: null, prefix: '', offset: 0 };
  try {
    const parsed = customerFilterSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { field: parsed.data.Field, prefix: parsed.data.Value, offset: 0 } : undefined;
  } catch {
    return undefined;
  }
}

function listCustomers(req: IncomingMessage, url: URL, index: DatasetIndex, tokens: ContinuationTokens): Reply {
  const size = parseCount(url.searchParams.get('size'), CUSTOMER_PAGE_SIZE, 1, CUSTOMER_PAGE_SIZE);
  if (size === undefined) return pcError(400, 400, 'The size parameter must be a whole number from 1.', true);

  const header = req.headers['ms-continuationtoken'];
  const tokenHeader = Array.isArray(header) ? header[0] : header;
  const wantsNext = url.searchParams.get('seekOperation')?.toLowerCase() === 'next';
  let state: SearchState | undefined;
  if (wantsNext || tokenHeader !== undefined) {
    state = tokens.read(tokenHeader);
    if (!state) return pcError(400, 400, 'The MS-ContinuationToken header is missing or not valid.', true);
  } else {
    state = parseCustomerFilter(url.searchParams.get('filter'));
    if (!state) return pcError(400, 400, 'The filter is not valid. Use Field CompanyName or Domain with Operator starts_with.', true);
  }

  const matches = searchCustomers(index, state.field, state.prefix);
  const page = matches.slice(state.offset, state.offset + size);
  const nextOffset = state.offset + page.length;
  const links: Record<string, unknown> = { self: { uri: `${url.pathname}${url.search}`, method: 'GET', headers: [] } };
  if (nextOffset < matches.length) {
    links.next = {
      uri: `/v1/customers?size=${size}&seekOperation=Next`,
      method: 'GET',
      headers: [{ key: 'MS-ContinuationToken', value: tokens.issue({ ...state, offset: nextOffset }) }],
    };
  }
  // Like Partner Center's seek-based collections, totalCount counts the items of this page.
  return json(
    200,
    {
      totalCount: page.length,
      items: page.map((entry) => customerResource(entry.customer)),
      links,
      attributes: { objectType: 'Collection' },
    },
    true,
  );
}

function customerUsage(customer: SimulatedCustomer): Reply {
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

function noRelationship(bom: boolean): Reply {
  return pcError(403, 20002, 'The partner has no relationship with this customer.', bom);
}

const TENANT_FILTER = /^\s*customerTenantId\s+eq\s+'([^']*)'\s*$/i;

function commercialUsage(url: URL, index: DatasetIndex, origin: string): Reply {
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

// ---------------------------------------------------------------------------------------------
// Routing

const CUSTOMERS = /^\/v1\/customers$/i;
const CUSTOMER = /^\/v1\/customers\/([^/]+)$/i;
const CUSTOMER_USAGE = /^\/v1\/customers\/([^/]+)\/analytics\/licenses\/usage$/i;
const COMMERCIAL_USAGE = /^(?:\/partner)?\/v1\/analytics\/commercial\/usage\/license$/i;

function findCustomer(index: DatasetIndex, encodedId: string): SimulatedCustomer | undefined {
  try {
    return index.byId.get(decodeURIComponent(encodedId).toLowerCase())?.customer;
  } catch {
    return undefined; // malformed percent-encoding: no such customer
  }
}

function respond(req: IncomingMessage, index: DatasetIndex, tokens: ContinuationTokens, origin: string): Reply {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const bom = !COMMERCIAL_USAGE.test(path);

  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return pcError(401, 800001, 'Partner Token missing', bom);
  }
  if (req.method !== 'GET') {
    return { ...pcError(405, 405, 'Only GET is supported.', bom), headers: { Allow: 'GET' } };
  }

  if (CUSTOMERS.test(path)) return listCustomers(req, url, index, tokens);
  if (COMMERCIAL_USAGE.test(path)) return commercialUsage(url, index, origin);
  const usageMatch = CUSTOMER_USAGE.exec(path);
  if (usageMatch) {
    const customer = findCustomer(index, usageMatch[1] ?? '');
    return customer ? customerUsage(customer) : customerNotFound();
  }
  const customerMatch = CUSTOMER.exec(path);
  if (customerMatch) {
    const customer = findCustomer(index, customerMatch[1] ?? '');
    return customer ? json(200, customerResource(customer), true) : customerNotFound();
  }
  return pcError(404, 404, 'Resource not found.', true);
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.bom ? `\uFEFF${reply.body}` : reply.body;
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body, 'utf8'),
    ...reply.headers,
  });
  res.end(body, 'utf8');
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export async function startPartnerCenterSimulator(options: PartnerCenterSimulatorOptions = {}): Promise<RunningSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const index = buildIndex(options.dataset ?? createSampleDataset());
  const tokens = createContinuationTokens(randomBytes(32));
  let requests = 0;
  let url = '';

  const server = createServer((req, res) => {
    requests += 1;
    req.resume(); // no endpoint reads a body; drain it so keep-alive connections stay usable
    for (const name of ['ms-correlationid', 'ms-requestid']) {
      const value = req.headers[name];
      if (typeof value === 'string') res.setHeader(name === 'ms-correlationid' ? 'MS-CorrelationId' : 'MS-RequestId', value);
    }
    // Links point back at the address the client used, as a real service's would.
    const origin = req.headers.host ? `http://${req.headers.host}` : url;
    let reply: Reply;
    try {
      reply = respond(req, index, tokens, origin);
    } catch (error) {
      logger.error({ err: error }, 'partner center simulator failed to answer');
      reply = pcError(500, 500, 'Internal error in the Partner Center simulator.', true);
    }
    send(res, reply);
    logger.debug({ method: req.method, path: req.url?.split('?')[0], status: reply.status }, 'simulated partner center call');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = formatUrl(server.address() as AddressInfo);
  logger.info({ url, customers: index.byId.size, commercialRows: index.allRowsJson.length }, 'partner center simulator listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    requestCount: () => requests,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
