import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import type { UsageRecord } from '../../src/core/usage/usage-record';
import { createPartnerCenterClient, MAX_PAGES } from '../../src/partner-center/partner-center-client';
import type {
  CommercialScanOptions,
  CommercialScanProgress,
  PartnerCenterCallContext,
} from '../../src/partner-center/partner-center.port';
import { generateDataset, type SimulatorDataset } from '../../src/simulator/dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { startRecordingProxy, type ProxiedRequest, type ProxyAction, type RecordingProxy } from '../helpers/partner-center-proxy';
import { customerId } from '../../src/core/customers/customer-id';

/*
 * The all-customers scan of the commercial usage endpoint, read from the real simulator over
 * loopback. Where a test needs Partner Center to misbehave (a 5xx, a slow page), a small proxy sits
 * between the client and the simulator and changes only that one answer.
 */

// Partner Center's documented maximum for `top`, and so the page size a scan should use by default.
const PARTNER_CENTER_PAGE_SIZE = 10_000;
const TOKEN = 'scan-test-token';

// 3,125 customers × 8 workloads = 25,000 rows: two full pages and a partial one.
const dataset = generateDataset({ customers: 3_125, workloadsPerCustomer: 8, seed: 2026 });
const datasetRows = dataset.customers.reduce((sum, customer) => sum + customer.commercialUsage.length, 0);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const running: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function simulatorWith(data: SimulatorDataset): Promise<RunningSimulator> {
  const simulator = await startPartnerCenterSimulator({ dataset: data, logger: pino({ level: 'silent' }) });
  running.push(simulator);
  return simulator;
}

async function proxyTo(simulator: RunningSimulator, decide: (request: ProxiedRequest) => ProxyAction): Promise<RecordingProxy> {
  const proxy = await startRecordingProxy(simulator.url, decide);
  running.push(proxy);
  return proxy;
}

function client(baseUrl: string) {
  return createPartnerCenterClient({
    baseUrl,
    applicationName: 'CSP Usage Bot (scan tests)',
    logger: pino({ level: 'silent' }),
    retry: { maxAttempts: 3, attemptTimeoutMs: 5_000, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

function context(signal?: AbortSignal): PartnerCenterCallContext {
  return { accessToken: TOKEN, locale: 'nl-NL', correlationId: randomUUID(), ...(signal ? { signal } : {}) };
}

async function readAll(
  baseUrl: string,
  ctx: PartnerCenterCallContext,
  options: CommercialScanOptions = {},
): Promise<UsageRecord[][]> {
  const pages: UsageRecord[][] = [];
  for await (const page of client(baseUrl).scanCommercialLicenseUsage(ctx, options)) pages.push(page);
  return pages;
}

async function failureOf(work: Promise<unknown>): Promise<CodedError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected the scan to fail');
}

/** One customer's rows as Partner Center holds them, in the shape the bot reads them, keyed by row. */
function expectedRecordsByCustomer(data: SimulatorDataset): Map<string, UsageRecord[]> {
  const byCustomer = new Map<string, UsageRecord[]>();
  for (const customer of data.customers) {
    const records = customer.commercialUsage.map((row) => ({
      customerId: customerId(customer.tenantId),
      customerName: customer.companyName,
      productName: row.productName,
      workloadName: row.workloadName,
      licensesActive: row.licensesActive,
      licensesQualified: row.licensesQualified,
      // The endpoint has no percentage: active / qualified, and none at all when nothing qualifies.
      ...(row.licensesQualified > 0 ? { usagePercent: (row.licensesActive / row.licensesQualified) * 100 } : {}),
      processedDateTime: row.processedDateTime,
      serviceName: row.serviceName,
      channel: row.channel,
    }));
    byCustomer.set(customer.tenantId, sortedByProductAndWorkload(records));
  }
  return byCustomer;
}

function groupByCustomer(records: UsageRecord[]): Map<string, UsageRecord[]> {
  const byCustomer = new Map<string, UsageRecord[]>();
  for (const record of records) {
    const rows = byCustomer.get(record.customerId) ?? [];
    rows.push(record);
    byCustomer.set(record.customerId, rows);
  }
  for (const [customerId, rows] of byCustomer) byCustomer.set(customerId, sortedByProductAndWorkload(rows));
  return byCustomer;
}

function sortedByProductAndWorkload(records: UsageRecord[]): UsageRecord[] {
  const key = (record: UsageRecord) => `${record.productName}\u0000${record.workloadName}`;
  return [...records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function skipOf(seen: ProxiedRequest): string | null {
  return seen.query.get('skip');
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('scanning every customer on the commercial endpoint', () => {
  test('reads 25,000 rows in ⌈25,000 / 10,000⌉ = 3 requests, every row once, grouped by the right customer', async () => {
    const simulator = await simulatorWith(dataset);
    const progress: CommercialScanProgress[] = [];

    const pages = await readAll(simulator.url, context(), { onPage: (step) => progress.push(step) });

    expect(simulator.requestCount()).toBe(Math.ceil(datasetRows / PARTNER_CENTER_PAGE_SIZE));
    // Handed out in chunks far smaller than a page, none empty, every row once.
    expect(pages.every((chunk) => chunk.length > 0 && chunk.length <= PARTNER_CENTER_PAGE_SIZE / 10)).toBe(true);
    expect(pages.flat()).toHaveLength(datasetRows);
    expect(groupByCustomer(pages.flat())).toEqual(expectedRecordsByCustomer(dataset));
    expect(progress).toEqual([
      { page: 1, rows: 10_000, rowsSoFar: 10_000, totalCount: datasetRows },
      { page: 2, rows: 10_000, rowsSoFar: 20_000, totalCount: datasetRows },
      { page: 3, rows: 5_000, rowsSoFar: 25_000, totalCount: datasetRows },
    ]);
  });

  test('an empty data set yields no rows and costs one request', async () => {
    const simulator = await simulatorWith({ customers: [] });
    const progress: CommercialScanProgress[] = [];

    const pages = await readAll(simulator.url, context(), { onPage: (step) => progress.push(step) });

    expect(pages).toEqual([]);
    expect(simulator.requestCount()).toBe(1);
    // The caller can still tell "scanned, nothing there" from "never scanned".
    expect(progress).toEqual([{ page: 1, rows: 0, rowsSoFar: 0, totalCount: 0 }]);
  });

  test('asks for the next page only when the caller wants it, so stopping early sends nothing more', async () => {
    const simulator = await simulatorWith(dataset);
    const scan = client(simulator.url).scanCommercialLicenseUsage(context());
    expect(simulator.requestCount()).toBe(0);

    // The whole first page comes of the first request; the caller stops once it has it.
    let rows = 0;
    for await (const chunk of scan) {
      rows += chunk.length;
      expect(simulator.requestCount()).toBe(1);
      if (rows === PARTNER_CENTER_PAGE_SIZE) break;
    }

    expect(rows).toBe(PARTNER_CENTER_PAGE_SIZE);
    expect(simulator.requestCount()).toBe(1);
  });

  test('honours a smaller page size, paging with top/skip through every row', async () => {
    const small = generateDataset({ customers: 30, workloadsPerCustomer: 8, seed: 7 });
    const simulator = await simulatorWith(small);
    const proxy = await proxyTo(simulator, () => 'forward');

    const pages = await readAll(proxy.url, context(), { pageSize: 100 });

    expect(pages.map((page) => page.length)).toEqual([100, 100, 40]);
    expect(proxy.requests.map((seen) => [seen.query.get('top'), skipOf(seen), seen.query.get('filter')])).toEqual([
      ['100', '0', null],
      ['100', '100', null],
      ['100', '200', null],
    ]);
    expect(groupByCustomer(pages.flat())).toEqual(expectedRecordsByCustomer(small));
  });

  test('a 5xx on the second page is retried with the same request id, and no row is lost or read twice', async () => {
    const simulator = await simulatorWith(dataset);
    let failedOnce = false;
    const proxy = await proxyTo(simulator, (seen) => {
      if (skipOf(seen) !== '10000' || failedOnce) return 'forward';
      failedOnce = true;
      return { status: 503, body: { code: 503, description: 'Service unavailable', data: [], source: 'PartnerFD' } };
    });
    const ctx = context();

    const pages = await readAll(proxy.url, ctx);

    expect(proxy.requests.map(skipOf)).toEqual(['0', '10000', '10000', '20000']);
    expect(simulator.requestCount()).toBe(3);
    expect(groupByCustomer(pages.flat())).toEqual(expectedRecordsByCustomer(dataset));

    // Every request carries the usual headers; a retry is the same logical request, a new page is not.
    for (const seen of proxy.requests) {
      expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(seen.headers['ms-correlationid']).toBe(ctx.correlationId);
      expect(seen.headers['x-locale']).toBe('nl-NL');
      expect(seen.headers.accept).toBe('application/json');
    }
    const requestIds = proxy.requests.map((seen) => seen.headers['ms-requestid']);
    expect(requestIds[1]).toBe(requestIds[2]);
    expect(new Set(requestIds).size).toBe(3);
  });

  test('the caller aborting between pages ends the scan with DeadlineExceeded and sends nothing more', async () => {
    const simulator = await simulatorWith(dataset);
    const controller = new AbortController();
    const ctx = context(controller.signal);
    const seenRows: number[] = [];

    const error = await failureOf(
      (async () => {
        for await (const chunk of client(simulator.url).scanCommercialLicenseUsage(ctx)) {
          seenRows.push(chunk.length);
          controller.abort();
        }
      })(),
    );

    expect(error.code).toBe(ErrorCodes.DeadlineExceeded);
    expect(error.details.correlationId).toBe(ctx.correlationId);
    // The rest of the page already read is handed out; the next page is never asked for.
    expect(seenRows.reduce((sum, rows) => sum + rows, 0)).toBe(PARTNER_CENTER_PAGE_SIZE);
    expect(simulator.requestCount()).toBe(1);
  });

  test('the caller aborting while a page is on its way ends the scan at once with DeadlineExceeded', async () => {
    const simulator = await simulatorWith(dataset);
    let secondPageAsked!: () => void;
    const secondPageArrived = new Promise<void>((resolve) => (secondPageAsked = resolve));
    const proxy = await proxyTo(simulator, (seen) => {
      if (skipOf(seen) !== '10000') return 'forward';
      secondPageAsked();
      return 'hold';
    });
    const controller = new AbortController();

    const scan = failureOf(readAll(proxy.url, context(controller.signal)));
    await secondPageArrived;
    controller.abort();
    const error = await scan;

    expect(error.code).toBe(ErrorCodes.DeadlineExceeded);
    // The held page was never retried or followed by another request.
    expect(proxy.requests.map(skipOf)).toEqual(['0', '10000']);
  });

  test('a scan that would page on and on stops with an unexpected response after the page limit', async () => {
    // At one row a page, this data set needs more requests than any scan may make.
    const endless = generateDataset({ customers: Math.ceil((MAX_PAGES + 1) / 8), workloadsPerCustomer: 8, seed: 3 });
    const simulator = await simulatorWith(endless);
    let pagesRead = 0;

    const error = await failureOf(
      (async () => {
        for await (const _page of client(simulator.url).scanCommercialLicenseUsage(context(), { pageSize: 1 })) {
          pagesRead += 1;
        }
      })(),
    );

    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(simulator.requestCount()).toBe(MAX_PAGES);
    expect(pagesRead).toBe(MAX_PAGES);
  });
});
