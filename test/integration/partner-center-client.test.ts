import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pino, { type Logger } from 'pino';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { createPartnerCenterClient, type PartnerCenterClientOptions } from '../../src/partner-center/partner-center-client';
import type { PartnerCenterCallContext } from '../../src/partner-center/partner-center.port';
import { DOCUMENTED_CUSTOMER_ID, documentedSeedResponse } from '../fixtures/documented-seed-response';

// ---------------------------------------------------------------------------------------------
// A scripted stand-in for Partner Center: each test queues the answers it wants, in order.
// ---------------------------------------------------------------------------------------------

type Reply = { status: number; body?: string | Buffer; headers?: Record<string, string> } | 'reset' | 'hang';

interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

interface FakePartnerCenter {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order. */
  reply(...replies: Reply[]): void;
  /** The answer once the queue is empty. */
  replyAlways(reply: Reply): void;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

async function startFakePartnerCenter(): Promise<FakePartnerCenter> {
  const queue: Reply[] = [];
  let fallback: Reply = { status: 599, body: 'no reply scripted' };
  const requests: RecordedRequest[] = [];
  let waiters: Array<(request: RecordedRequest) => void> = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded = { path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(recorded);
    const reply = queue.shift() ?? fallback;
    if (reply === 'reset') {
      req.socket.destroy();
    } else if (reply !== 'hang') {
      res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(reply.body ?? '');
    }
    const current = waiters;
    waiters = [];
    current.forEach((resolve) => resolve(recorded));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    reply: (...replies) => queue.push(...replies),
    replyAlways: (reply) => {
      fallback = reply;
    },
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body: JSON.stringify(body), headers };
}

function jsonWithBom(status: number, body: unknown): Reply {
  return { status, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(body))]) };
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-partner-token.signature';
const CUSTOMER_ID = DOCUMENTED_CUSTOMER_ID;

function customerResource(name: string, index: number) {
  const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return {
    id,
    companyProfile: { tenantId: id, domain: `${name.toLowerCase().replace(/\W+/g, '')}.onmicrosoft.com`, companyName: name },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  };
}

function commercialRow(workloadName: string, active: number, qualified: number, misspelled = false) {
  return {
    workloadCode: workloadName.toUpperCase(),
    workloadName,
    serviceCode: 'O365',
    serviceName: 'Office 365',
    channel: 'Reseller',
    customerTenantId: CUSTOMER_ID,
    customerName: 'Contoso',
    productId: 'b214fe08-1a4b-4c5e-9a2c-6f1d9c1b7a00',
    productName: 'Microsoft 365 Business Standard',
    [misspelled ? 'licenseActive' : 'licensesActive']: active,
    licensesQualified: qualified,
    processedDateTime: '2025-05-01T00:00:00Z',
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const FAST_RETRIES = { maxAttempts: 4, attemptTimeoutMs: 2_000, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 };

function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

function context(overrides: Partial<PartnerCenterCallContext> = {}): PartnerCenterCallContext {
  return { accessToken: TOKEN, locale: 'nl-NL', correlationId: randomUUID(), ...overrides };
}

async function failureOf(call: Promise<unknown>): Promise<CodedError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

let pc: FakePartnerCenter;

function client(overrides: Partial<Omit<PartnerCenterClientOptions, 'retry'>> & { retry?: Partial<typeof FAST_RETRIES> } = {}) {
  return createPartnerCenterClient({
    baseUrl: pc.url,
    applicationName: 'CSP Usage Bot (tests)',
    logger: pino({ level: 'silent' }),
    ...overrides,
    retry: { ...FAST_RETRIES, ...overrides.retry },
  });
}

beforeEach(async () => {
  pc = await startFakePartnerCenter();
});

afterEach(async () => {
  if (fakeTimers) await jest.runOnlyPendingTimersAsync();
  fakeTimers = false;
  jest.useRealTimers();
  await pc.close();
});

/**
 * Fake timers for the waits of the retry policy (cockatiel's sleeps and attempt timeouts use the global
 * timers); sockets and the event loop's own scheduling stay real, so loopback HTTP works as before.
 */
let fakeTimers = false;
function useFakeTimers(): void {
  fakeTimers = true;
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'] });
}

/** A logger, and the first retry it logs (with the delay the policy chose). */
function retryLogs(): { logger: Logger; retried: Promise<{ delayMs: number }> } {
  let onRetry!: (line: { delayMs: number }) => void;
  const retried = new Promise<{ delayMs: number }>((resolve) => (onRetry = resolve));
  const logger = pino({ level: 'warn' }, {
    write: (line: string) => {
      const parsed = JSON.parse(line) as { msg?: string; delayMs: number };
      if (parsed.msg === 'Retrying Partner Center request') onRetry(parsed);
    },
  });
  return { logger, retried };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// Requests and bodies
// ---------------------------------------------------------------------------------------------

describe('requests', () => {
  test('carry every Partner Center header, with one MS-RequestId per logical request reused by its retries', async () => {
    pc.reply(json(503, {}), json(503, {}), json(200, documentedSeedResponse()), json(200, documentedSeedResponse()));
    const ctx = context();
    const partnerCenter = client();

    await partnerCenter.getCustomerLicenseUsage(CUSTOMER_ID, ctx);
    await partnerCenter.getCustomerLicenseUsage(CUSTOMER_ID, ctx);

    expect(pc.requests).toHaveLength(4);
    for (const { path, headers } of pc.requests) {
      expect(path).toBe(`/v1/customers/${CUSTOMER_ID}/analytics/licenses/usage`);
      expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(headers.accept).toBe('application/json');
      expect(headers['ms-correlationid']).toBe(ctx.correlationId);
      expect(headers['x-locale']).toBe('nl-NL');
      expect(headers['ms-partnercenter-application']).toBe('CSP Usage Bot (tests)');
      expect(headers['ms-requestid']).toMatch(GUID);
    }
    const requestIds = pc.requests.map((request) => request.headers['ms-requestid']);
    expect(new Set(requestIds.slice(0, 3)).size).toBe(1);
    expect(requestIds[3]).not.toBe(requestIds[0]);
  });

  test('send X-Locale en-US when the user has no locale', async () => {
    pc.reply(json(200, documentedSeedResponse()));
    await client().getCustomerLicenseUsage(CUSTOMER_ID, context({ locale: '' }));
    expect(pc.requests[0]?.headers['x-locale']).toBe('en-US');
  });

  test.each([
    ['with a byte-order mark', jsonWithBom(200, documentedSeedResponse())],
    ['without a byte-order mark', json(200, documentedSeedResponse())],
  ])('the seed response is read %s', async (_label, reply) => {
    pc.reply(reply);
    const records = await client().getCustomerLicenseUsage(CUSTOMER_ID, context());

    const sample = documentedSeedResponse();
    expect(records).toHaveLength(sample.items.length);
    expect(records.map((r) => r.workloadName)).toEqual(sample.items.map((i) => i.workloadName));
    expect(records.map((r) => r.licensesQualified)).toEqual(sample.items.map((i) => i.licensesQualified));
    for (const record of records) {
      expect(record).toMatchObject({
        customerId: CUSTOMER_ID,
        customerName: 'DT DEMO CSP CUSTOMER 005',
        licensesActive: 0,
        usagePercent: 0,
        processedDateTime: '2017-03-09T00:00:00+00:00',
        serviceName: 'o365',
        channel: 'reseller',
      });
    }
  });

  test('an empty seed collection is no rows, not an error', async () => {
    pc.reply(json(200, { totalCount: 0, items: [], attributes: { objectType: 'Collection' } }));
    await expect(client().getCustomerLicenseUsage(CUSTOMER_ID, context())).resolves.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

describe('customers', () => {
  test('getCustomer maps the customer resource and encodes the id', async () => {
    const resource = customerResource('Contoso Ltd', 1);
    pc.reply(json(200, resource));

    const customer = await client().getCustomer('a/b c', context());

    expect(customer).toEqual({
      id: resource.id,
      tenantId: resource.companyProfile.tenantId,
      companyName: 'Contoso Ltd',
      domain: resource.companyProfile.domain,
    });
    expect(pc.requests[0]?.path).toBe('/v1/customers/a%2Fb%20c');
  });

  test('getCustomer answers undefined when Partner Center says 404, without retrying', async () => {
    pc.reply(json(404, { code: 600010, description: 'Customer not found', source: 'PartnerFD' }));
    await expect(client().getCustomer(CUSTOMER_ID, context())).resolves.toBeUndefined();
    expect(pc.requests).toHaveLength(1);
  });

  test('search follows links.next with its continuation header and stops once the limit is reached', async () => {
    const names = ['Contoso', 'Contoso Ltd', 'Contoso Pharma', 'Contoso Retail', 'Contoso West'];
    const nextLink = (token: string) => ({
      next: {
        uri: '/v1/customers?size=2&seekOperation=next',
        // Only the continuation token is taken over: headers the client owns stay its own.
        headers: [
          { key: 'MS-ContinuationToken', value: token },
          { key: 'Authorization', value: 'Bearer someone-else' },
          { key: 'Accept-Encoding', value: 'gzip' },
        ],
        method: 'GET',
      },
    });
    pc.reply(
      json(200, { totalCount: 2, items: names.slice(0, 2).map(customerResource), links: nextLink('page-2-token') }),
      json(200, { totalCount: 2, items: names.slice(2, 4).map(customerResource), links: nextLink('page-3-token') }),
      json(200, { totalCount: 1, items: names.slice(4).map(customerResource) }),
    );

    const customers = await client().searchCustomers('CompanyName', 'Contoso', context(), { limit: 3 });

    expect(customers.map((c) => c.companyName)).toEqual(names.slice(0, 3));
    expect(pc.requests).toHaveLength(2);
    const [first, second] = pc.requests;
    expect(first?.path).toBe('/v1/customers');
    expect(first?.query.get('size')).toBe('3');
    expect(JSON.parse(first?.query.get('filter') ?? '')).toEqual({
      Field: 'CompanyName',
      Value: 'Contoso',
      Operator: 'starts_with',
    });
    expect(first?.headers['ms-continuationtoken']).toBeUndefined();
    expect(second?.query.get('seekOperation')).toBe('next');
    expect(second?.headers['ms-continuationtoken']).toBe('page-2-token');
    expect(second?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(second?.headers['accept-encoding']).toBeUndefined();
  });

  test('search without a limit reads every page, also from absolute links on the same origin', async () => {
    pc.reply(
      json(200, {
        items: [customerResource('Fabrikam', 1)],
        links: { next: { uri: `${pc.url}/v1/customers?seek=2`, headers: [{ key: 'MS-ContinuationToken', value: 't2' }] } },
      }),
      json(200, { items: [customerResource('Fabrikam Inc', 2)], links: { next: null } }),
    );

    const customers = await client().searchCustomers('Domain', 'fabrikam', context());

    expect(customers.map((c) => c.domain)).toEqual(['fabrikam.onmicrosoft.com', 'fabrikaminc.onmicrosoft.com']);
    expect(JSON.parse(pc.requests[0]?.query.get('filter') ?? '')).toMatchObject({ Field: 'Domain', Value: 'fabrikam' });
    expect(pc.requests[1]?.query.get('seek')).toBe('2');
    expect(pc.requests[1]?.headers['ms-continuationtoken']).toBe('t2');
  });

  test('search refuses a next link to another origin, so the token never goes there', async () => {
    pc.reply(
      json(200, {
        items: [customerResource('Northwind', 1)],
        // Same machine, different origin: must be refused all the same.
        links: { next: { uri: `http://localhost:${pc.port}/v1/customers?seek=2` } },
      }),
    );

    const error = await failureOf(client().searchCustomers('CompanyName', 'North', context()));

    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(pc.requests).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Commercial usage
// ---------------------------------------------------------------------------------------------

describe('commercial usage', () => {
  test('pages with top/skip until a short page, computing usagePercent and accepting licenseActive', async () => {
    pc.reply(
      json(200, { Value: [commercialRow('Exchange', 3, 4), commercialRow('Teams', 1, 4, true)], '@nextLink': 'more', TotalCount: 5 }),
      json(200, { Value: [commercialRow('SharePoint', 0, 4), commercialRow('Yammer', 0, 0)], '@nextLink': 'more', TotalCount: 5 }),
      json(200, { Value: [commercialRow('OneDrive', 2, 8)], '@nextLink': null, TotalCount: 5 }),
    );

    const records = await client({ commercialPageSize: 2 }).getCommercialLicenseUsage(CUSTOMER_ID, context());

    expect(records.map((r) => [r.workloadName, r.licensesActive, r.usagePercent])).toEqual([
      ['Exchange', 3, 75],
      ['Teams', 1, 25],
      ['SharePoint', 0, 0],
      ['Yammer', 0, undefined],
      ['OneDrive', 2, 25],
    ]);
    expect(records[0]).toMatchObject({ customerId: CUSTOMER_ID, customerName: 'Contoso', licensesQualified: 4 });
    expect(pc.requests.map((r) => [r.path, r.query.get('top'), r.query.get('skip')])).toEqual([
      ['/v1/analytics/commercial/usage/license', '2', '0'],
      ['/v1/analytics/commercial/usage/license', '2', '2'],
      ['/v1/analytics/commercial/usage/license', '2', '4'],
    ]);
    for (const request of pc.requests) {
      expect(request.query.get('filter')).toBe(`customerTenantId eq '${CUSTOMER_ID}'`);
    }
  });

  test('stops when @nextLink is null even after a full page, on the configured path', async () => {
    pc.reply(json(200, { Value: [commercialRow('Exchange', 1, 1), commercialRow('Teams', 1, 1)], '@nextLink': null }));

    const partnerCenter = client({ commercialPageSize: 2, commercialUsagePath: '/partner/v1/analytics/commercial/usage/license' });
    const records = await partnerCenter.getCommercialLicenseUsage(CUSTOMER_ID, context());

    expect(records).toHaveLength(2);
    expect(pc.requests).toHaveLength(1);
    expect(pc.requests[0]?.path).toBe('/partner/v1/analytics/commercial/usage/license');
  });

  test('refuses a tenant id that is not a GUID without calling Partner Center', async () => {
    const error = await failureOf(client().getCommercialLicenseUsage("x' or customerName ne 'y", context()));
    expect(error).toBeInstanceOf(CodedError);
    expect(pc.requests).toHaveLength(0);
  });

  test('a row of the wrong shape is an unexpected response that names its field, never its value', async () => {
    const rows = [commercialRow('Exchange', 1, 2), { ...commercialRow('Teams', 1, 2), licensesQualified: 'lots-secret-value' }];
    pc.reply(json(200, { Value: rows, '@nextLink': null }));
    const error = await failureOf(client().getCommercialLicenseUsage(CUSTOMER_ID, context()));
    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(error.message).toContain('Value.1.licensesQualified');
    expect(error.message).not.toContain('lots-secret-value');
  });

  // Rows are checked where they lie, by a validator compiled from the zod schema (row-shape.ts): each of
  // these must still be refused, and worded by zod, as when zod parsed every row.
  test.each([
    ['a negative count', { licensesQualified: -1 }, 'licensesQualified'],
    ['a fractional count', { licensesQualified: 2.5 }, 'licensesQualified'],
    ['a count past what a double holds exactly', { licensesQualified: 2 ** 53 }, 'licensesQualified'],
    ['a count in quotes', { licensesActive: '3' }, 'licensesActive'],
    ['a blank tenant id', { customerTenantId: ' \t ' }, 'customerTenantId'],
    ['a null customer name', { customerName: null }, 'customerName'],
    ['no workload name', { workloadName: undefined }, 'workloadName'],
    ['a date that is a number', { processedDateTime: 20250501 }, 'processedDateTime'],
  ])('a row with %s is refused, naming the field and never its value', async (_what, change, field) => {
    const bad = JSON.parse(JSON.stringify({ ...commercialRow('Teams', 1, 2), ...change })) as object;
    pc.reply(json(200, { Value: [commercialRow('Exchange', 1, 2), bad], '@nextLink': null }));
    const error = await failureOf(client().getCommercialLicenseUsage(CUSTOMER_ID, context()));
    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(error.message).toBe(`A commercial usage row has an unexpected shape at Value.1.${field}`);
  });

  test.each([null, 'Exchange', 7, [1, 2]])('a row that is not an object (%p) is refused', async (row) => {
    pc.reply(json(200, { Value: [row], '@nextLink': null }));
    const error = await failureOf(client().getCommercialLicenseUsage(CUSTOMER_ID, context()));
    expect(error.message).toBe('A commercial usage row has an unexpected shape at Value.0');
  });

  test('a row is mapped as it came: its tenant id normalised, fields the bot does not read left behind', async () => {
    pc.reply(json(200, { Value: [{ ...commercialRow('Exchange', 1, 2), customerTenantId: `  ${CUSTOMER_ID.toUpperCase()} ` }], '@nextLink': null }));
    const [record] = await client().getCommercialLicenseUsage(CUSTOMER_ID, context());
    expect(record).toEqual({
      customerId: CUSTOMER_ID,
      customerName: 'Contoso',
      productName: 'Microsoft 365 Business Standard',
      workloadName: 'Exchange',
      licensesActive: 1,
      licensesQualified: 2,
      usagePercent: 50,
      processedDateTime: '2025-05-01T00:00:00Z',
      serviceName: 'Office 365',
      channel: 'Reseller',
    });
  });

  test('a row with neither licensesActive nor licenseActive is an unexpected response', async () => {
    const { licensesActive: _dropped, ...row } = commercialRow('Exchange', 1, 1);
    pc.reply(json(200, { Value: [row], '@nextLink': null }));
    const error = await failureOf(client().getCommercialLicenseUsage(CUSTOMER_ID, context()));
    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
  });
});

// ---------------------------------------------------------------------------------------------
// Throttling, outages and deadlines
// ---------------------------------------------------------------------------------------------

describe('retries', () => {
  test('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
    pc.reply(json(429, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' }, { 'Retry-After': '1' }));
    pc.reply(json(200, documentedSeedResponse()));

    const started = performance.now();
    const records = await client({ retry: { maxRetryAfterMs: 5_000 } }).getCustomerLicenseUsage(CUSTOMER_ID, context());

    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(records).toHaveLength(5);
    expect(pc.requests).toHaveLength(2);
  });

  test('Retry-After as an HTTP date is measured against the injected clock', async () => {
    const retryAt = Date.UTC(2030, 0, 1, 0, 0, 1);
    pc.reply({ status: 429, headers: { 'Retry-After': new Date(retryAt).toUTCString() } }, json(200, documentedSeedResponse()));

    const started = performance.now();
    await client({ now: () => retryAt - 300 }).getCustomerLicenseUsage(CUSTOMER_ID, context());

    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(pc.requests).toHaveLength(2);
  });

  test('a long Retry-After is capped at maxRetryAfterMs', async () => {
    pc.reply({ status: 429, headers: { 'Retry-After': '3600' } }, json(200, documentedSeedResponse()));
    const { logger, retried } = retryLogs();
    useFakeTimers();

    const call = client({ logger, retry: { maxRetryAfterMs: 20 } }).getCustomerLicenseUsage(CUSTOMER_ID, context());
    expect(await retried).toMatchObject({ delayMs: 20 });
    // Twenty (fake) milliseconds later the second attempt goes out; an hour-long wait would never end here.
    await jest.advanceTimersByTimeAsync(20);
    await expect(call).resolves.toHaveLength(5);
    expect(pc.requests).toHaveLength(2);
  });

  test('429 on every attempt ends as PartnerCenterBusy after maxAttempts', async () => {
    pc.replyAlways({ status: 429, headers: { 'Retry-After': '0' } });
    const ctx = context();

    const error = await failureOf(client({ retry: { maxAttempts: 3 } }).getCustomerLicenseUsage(CUSTOMER_ID, ctx));

    expect(error.code).toBe(ErrorCodes.PartnerCenterBusy);
    expect(error.details).toMatchObject({ status: 429, correlationId: ctx.correlationId });
    expect(pc.requests).toHaveLength(3);
  });

  test('503 then 200 succeeds', async () => {
    pc.reply(json(503, { code: 'ServiceUnavailable' }), json(200, documentedSeedResponse()));
    await expect(client().getCustomerLicenseUsage(CUSTOMER_ID, context())).resolves.toHaveLength(5);
    expect(pc.requests).toHaveLength(2);
  });

  test('500 on every attempt ends as PartnerCenterUnavailable after exactly maxAttempts requests', async () => {
    pc.replyAlways(json(500, { code: 500, description: 'Internal error' }));
    const ctx = context();

    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, ctx));

    expect(error.code).toBe(ErrorCodes.PartnerCenterUnavailable);
    expect(error.details).toMatchObject({ status: 500, correlationId: ctx.correlationId });
    expect(pc.requests).toHaveLength(FAST_RETRIES.maxAttempts);
  });

  test('a connection reset is retried', async () => {
    pc.reply('reset', json(200, documentedSeedResponse()));
    await expect(client().getCustomerLicenseUsage(CUSTOMER_ID, context())).resolves.toHaveLength(5);
    expect(pc.requests).toHaveLength(2);
  });

  test('connection resets on every attempt end as PartnerCenterUnavailable', async () => {
    pc.replyAlways('reset');
    const error = await failureOf(client({ retry: { maxAttempts: 2 } }).getCustomerLicenseUsage(CUSTOMER_ID, context()));
    expect(error.code).toBe(ErrorCodes.PartnerCenterUnavailable);
    expect(pc.requests).toHaveLength(2);
  });

  test('an attempt that hangs past attemptTimeoutMs is abandoned and retried', async () => {
    pc.reply('hang', json(200, documentedSeedResponse()));
    const partnerCenter = client({ retry: { attemptTimeoutMs: 100 } });
    await expect(partnerCenter.getCustomerLicenseUsage(CUSTOMER_ID, context())).resolves.toHaveLength(5);
    expect(pc.requests).toHaveLength(2);
  });

  test('attempts that keep hanging end as PartnerCenterUnavailable', async () => {
    pc.replyAlways('hang');
    const started = performance.now();

    const error = await failureOf(
      client({ retry: { attemptTimeoutMs: 100, maxAttempts: 2 } }).getCustomerLicenseUsage(CUSTOMER_ID, context()),
    );

    expect(error.code).toBe(ErrorCodes.PartnerCenterUnavailable);
    expect(pc.requests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  test("the caller's signal aborting ends the call at once with DeadlineExceeded", async () => {
    pc.replyAlways('hang');
    useFakeTimers();
    const controller = new AbortController();
    const ctx = context({ signal: controller.signal });
    const call = failureOf(client({ retry: { attemptTimeoutMs: 10_000 } }).getCustomerLicenseUsage(CUSTOMER_ID, ctx));

    await pc.nextRequest();
    // The clock stands still: only the abort can end the call (an attempt timeout never comes).
    controller.abort();
    const error = await call;

    expect(error.code).toBe(ErrorCodes.DeadlineExceeded);
    expect(error.details.correlationId).toBe(ctx.correlationId);
    expect(pc.requests).toHaveLength(1);
  });

  test('an already aborted signal sends nothing', async () => {
    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, context({ signal: AbortSignal.abort() })));
    expect(error.code).toBe(ErrorCodes.DeadlineExceeded);
    expect(pc.requests).toHaveLength(0);
  });

  test('a deadline that passes while waiting out a 429 reports Partner Center as busy, without waiting on', async () => {
    pc.replyAlways({ status: 429, headers: { 'Retry-After': '1' } });
    const { logger, retried } = retryLogs();
    useFakeTimers();
    const controller = new AbortController();
    const call = failureOf(
      client({ logger, retry: { maxRetryAfterMs: 600 } }).getCustomerLicenseUsage(CUSTOMER_ID, context({ signal: controller.signal })),
    );

    await retried;
    // The clock stands still, so the call is in the middle of its wait: the abort must end it now.
    controller.abort();
    const error = await call;
    expect(error.code).toBe(ErrorCodes.PartnerCenterBusy);

    // The abandoned wait runs out and sends nothing more.
    await jest.runOnlyPendingTimersAsync();
    expect(pc.requests).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Answers that cannot be used
// ---------------------------------------------------------------------------------------------

describe('unusable answers', () => {
  test('malformed JSON is an unexpected response, not retried', async () => {
    pc.reply({ status: 200, body: '{"totalCount": 5, "items": [' });
    const ctx = context();

    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, ctx));

    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(error.details).toMatchObject({ status: 200, correlationId: ctx.correlationId });
    expect(pc.requests).toHaveLength(1);
  });

  test('valid JSON of the wrong shape is an unexpected response that does not quote the body', async () => {
    const sample = documentedSeedResponse();
    pc.reply(json(200, { ...sample, items: [{ ...sample.items[0], licensesActive: 'five-secret-value' }] }));

    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, context()));

    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(error.message).not.toContain('five-secret-value');
  });

  test.each([401, 403])('%i is PartnerCenterNoAccess, with exactly one request', async (status) => {
    pc.replyAlways(json(status, { code: 20002, description: 'Partner does not have relationship with customer', source: 'PartnerFD' }));
    const ctx = context();

    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, ctx));

    expect(error.code).toBe(ErrorCodes.PartnerCenterNoAccess);
    expect(error.details).toMatchObject({ status, correlationId: ctx.correlationId });
    expect(pc.requests).toHaveLength(1);
  });

  test('404 on usage is PartnerCenterNotFound', async () => {
    pc.reply(json(404, { code: 600010, description: 'Customer not found' }));
    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, context()));
    expect(error.code).toBe(ErrorCodes.PartnerCenterNotFound);
    expect(pc.requests).toHaveLength(1);
  });

  test('another status, such as 400, is an unexpected response and not retried', async () => {
    pc.replyAlways(json(400, { code: 400, description: 'Bad request' }));
    const error = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, context()));
    expect(error.code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
    expect(error.details.status).toBe(400);
    expect(pc.requests).toHaveLength(1);
  });

  test('error body text never reaches the error message; the Partner Center code may', async () => {
    pc.reply(json(403, { code: 20002, description: 'SECRET-DESCRIPTION about customer Contoso', data: ['SECRET-DATA'] }));
    const forbidden = await failureOf(client().getCustomerLicenseUsage(CUSTOMER_ID, context()));

    pc.replyAlways({ status: 500, body: '<html>SECRET-HTML stack trace at Foo.Bar()</html>' });
    const outage = await failureOf(client({ retry: { maxAttempts: 1 } }).getCustomerLicenseUsage(CUSTOMER_ID, context()));

    expect(forbidden.message).toContain('20002');
    for (const error of [forbidden, outage]) {
      expect(error.message).not.toMatch(/SECRET/);
      expect(error.message).not.toContain(TOKEN);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Logging
// ---------------------------------------------------------------------------------------------

describe('logging', () => {
  test('one debug line per attempt and a warn per retry, never the bearer token', async () => {
    const { logger, lines } = captureLogs();
    const partnerCenter = client({ logger });
    pc.reply(json(503, {}), 'reset', jsonWithBom(200, documentedSeedResponse()));
    pc.reply(json(401, { code: 800001, description: 'Partner Token missing' }));

    await partnerCenter.getCustomerLicenseUsage(CUSTOMER_ID, context());
    await failureOf(partnerCenter.getCustomerLicenseUsage(CUSTOMER_ID, context()));

    const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string; path?: string });
    expect(entries.filter((e) => e.level === 20)).toHaveLength(4);
    expect(entries.filter((e) => e.level === 40)).toHaveLength(2);
    expect(entries.every((e) => e.path === `/v1/customers/${CUSTOMER_ID}/analytics/licenses/usage`)).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain('secret-partner-token');
      expect(line.toLowerCase()).not.toContain('authorization');
    }
  });
});
