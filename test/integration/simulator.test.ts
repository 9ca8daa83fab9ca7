import pino from 'pino';
import { generateDataset } from '../../src/simulator/dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { SAMPLE_CUSTOMER_IDS, createSampleDataset } from '../../src/simulator/sample-data';
import { documentedSeedRows } from '../fixtures/documented-seed-response';

const logger = pino({ level: 'silent' });
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const TOKEN = 'local-development-token';

interface Fetched {
  status: number;
  headers: Headers;
  raw: Buffer;
  /** Parsed JSON from the wire; tests index into it freely. */
  body: any;
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(new URL(path, base), {
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json', ...headers },
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const text = raw.subarray(0, 3).equals(BOM) ? raw.subarray(3).toString('utf8') : raw.toString('utf8');
  return { status: response.status, headers: response.headers, raw, body: JSON.parse(text) };
}

function customerSearch(field: 'CompanyName' | 'Domain', prefix: string, size?: number): string {
  const filter = encodeURIComponent(JSON.stringify({ Field: field, Value: prefix, Operator: 'starts_with' }));
  return `/v1/customers?${size === undefined ? '' : `size=${size}&`}filter=${filter}`;
}

const commercialPath = '/v1/analytics/commercial/usage/license';

describe('Partner Center simulator with the local-mode sample data', () => {
  let simulator: RunningSimulator;
  const sample = createSampleDataset();
  const tenantOf = (id: string) => sample.customers.find((c) => c.id === id)?.tenantId ?? 'missing';

  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: sample, logger });
  });
  afterAll(async () => {
    await simulator.close();
  });

  it('listens on a loopback port and reports a base URL without a trailing slash', () => {
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses requests without a bearer token with Partner Center\'s 401 body', async () => {
    const noHeader = await fetch(`${simulator.url}/v1/customers/${SAMPLE_CUSTOMER_IDS.seed}`);
    const noHeaderBody = Buffer.from(await noHeader.arrayBuffer()).toString('utf8').replace(/^\uFEFF/, '');
    expect(noHeader.status).toBe(401);
    expect(JSON.parse(noHeaderBody)).toMatchObject({ code: 800001, description: 'Partner Token missing', source: 'PartnerFD' });

    const emptyBearer = await get(simulator.url, commercialPath, { Authorization: 'Bearer ' });
    expect(emptyBearer.status).toBe(401);
    expect(emptyBearer.body.code).toBe(800001);
  });

  it('serves the documented five rows of the seed customer, with BOM and echoed request ids', async () => {
    const correlationId = 'ae3b8c36-348b-46bc-9a60-398f973153ff';
    const requestId = 'f657d2a8-9ed6-41b4-abfc-3cf4abebd62f';
    const result = await get(simulator.url, `/v1/customers/${SAMPLE_CUSTOMER_IDS.seed}/analytics/licenses/usage`, {
      'MS-CorrelationId': correlationId,
      'MS-RequestId': requestId,
    });

    expect(result.status).toBe(200);
    expect(result.raw.subarray(0, 3).equals(BOM)).toBe(true);
    expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(result.headers.get('ms-correlationid')).toBe(correlationId);
    expect(result.headers.get('ms-requestid')).toBe(requestId);
    expect(result.body.totalCount).toBe(5);
    expect(result.body.attributes).toEqual({ objectType: 'Collection' });
    expect(result.body.items).toEqual(documentedSeedRows.map((row) => expect.objectContaining(row)));
  });

  it('returns one customer by id, whatever the id\'s letter case', async () => {
    const result = await get(simulator.url, `/v1/customers/${SAMPLE_CUSTOMER_IDS.seed.toUpperCase()}`);
    expect(result.status).toBe(200);
    expect(result.raw.subarray(0, 3).equals(BOM)).toBe(true);
    expect(result.body).toMatchObject({
      id: SAMPLE_CUSTOMER_IDS.seed,
      companyProfile: { tenantId: SAMPLE_CUSTOMER_IDS.seed, companyName: 'DT DEMO CSP CUSTOMER 005' },
      relationshipToPartner: 'reseller',
    });
    expect(result.body.companyProfile.domain).toMatch(/\.onmicrosoft\.com$/);
  });

  it('answers 404 with "Customer not found" for an unknown customer on both customer endpoints', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/v1/customers/${unknown}`, `/v1/customers/${unknown}/analytics/licenses/usage`]) {
      const result = await get(simulator.url, path);
      expect(result.status).toBe(404);
      expect(result.body).toMatchObject({ code: 600010, source: 'PartnerFD' });
    }
  });

  it('answers 403 "no relationship" on both usage endpoints for the customer without a relationship', async () => {
    const seed = await get(simulator.url, `/v1/customers/${SAMPLE_CUSTOMER_IDS.noRelationship}/analytics/licenses/usage`);
    expect(seed.status).toBe(403);
    expect(seed.body).toMatchObject({ code: 20002, source: 'PartnerFD' });
    expect(seed.body.description).toMatch(/no relationship/i);

    const filter = encodeURIComponent(`customerTenantId eq '${tenantOf(SAMPLE_CUSTOMER_IDS.noRelationship)}'`);
    const commercial = await get(simulator.url, `${commercialPath}?filter=${filter}`);
    expect(commercial.status).toBe(403);
    expect(commercial.body.code).toBe(20002);
  });

  it('finds both Contoso customers by a case-insensitive name prefix, in name order', async () => {
    for (const prefix of ['Contoso', 'contoso', 'CONTOSO ']) {
      const result = await get(simulator.url, customerSearch('CompanyName', prefix));
      expect(result.status).toBe(200);
      expect(result.raw.subarray(0, 3).equals(BOM)).toBe(true);
      const names = result.body.items.map((c: { companyProfile: { companyName: string } }) => c.companyProfile.companyName);
      expect(names).toEqual(['Contoso Ltd', 'Contoso Pharma']);
      expect(result.body.links.next).toBeUndefined();
    }
    const narrowed = await get(simulator.url, customerSearch('CompanyName', 'contoso p'));
    expect(narrowed.body.items.map((c: { id: string }) => c.id)).toEqual([SAMPLE_CUSTOMER_IDS.contosoPharma]);
  });

  it('finds a customer by domain prefix and returns nothing for a prefix nobody has', async () => {
    const byDomain = await get(simulator.url, customerSearch('Domain', 'CONTOSOPH'));
    expect(byDomain.body.items.map((c: { id: string }) => c.id)).toEqual([SAMPLE_CUSTOMER_IDS.contosoPharma]);

    const nobody = await get(simulator.url, customerSearch('CompanyName', 'Zzz'));
    expect(nobody.status).toBe(200);
    expect(nobody.body.items).toEqual([]);
  });

  it('keeps a hostile company name byte for byte', async () => {
    const result = await get(simulator.url, customerSearch('CompanyName', 'Litware [Test]'));
    expect(result.body.items.map((c: { companyProfile: { companyName: string } }) => c.companyProfile.companyName)).toEqual([
      'Litware [Test] *Corp* ${x}',
    ]);
  });

  it('pages a search one customer at a time through links.next and its continuation header', async () => {
    const first = await get(simulator.url, customerSearch('CompanyName', 'contoso', 1));
    expect(first.body.items).toHaveLength(1);
    const next = first.body.links.next as { uri: string; method: string; headers: { key: string; value: string }[] };
    expect(next.method).toBe('GET');
    expect(next.uri.startsWith('/v1/customers?')).toBe(true);
    expect(next.uri).not.toContain('filter');

    const withoutHeader = await get(simulator.url, next.uri);
    expect(withoutHeader.status).toBe(400);
    expect(withoutHeader.body.source).toBe('PartnerFD');

    const forged = await get(simulator.url, next.uri, { 'MS-ContinuationToken': 'not-a-token' });
    expect(forged.status).toBe(400);

    const headers = Object.fromEntries(next.headers.map((h) => [h.key, h.value]));
    expect(Object.keys(headers)).toContain('MS-ContinuationToken');
    const second = await get(simulator.url, next.uri, headers);
    expect(second.status).toBe(200);
    const names = [...first.body.items, ...second.body.items].map((c) => c.companyProfile.companyName);
    expect(names).toEqual(['Contoso Ltd', 'Contoso Pharma']);
    expect(second.body.links.next).toBeUndefined();
  });

  it('lists every customer exactly once across pages when no filter is given', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/v1/customers?size=3';
    let headers: Record<string, string> = {};
    while (path) {
      const page = await get(simulator.url, path, headers);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      path = page.body.links.next?.uri;
      headers = Object.fromEntries((page.body.links.next?.headers ?? []).map((h: { key: string; value: string }) => [h.key, h.value]));
    }
    expect([...seen].sort()).toEqual(sample.customers.map((c) => c.id).sort());
  });

  it('rejects a customer filter that is not JSON or uses another operator', async () => {
    const notJson = await get(simulator.url, '/v1/customers?filter=Contoso');
    expect(notJson.status).toBe(400);
    const equals = encodeURIComponent(JSON.stringify({ Field: 'CompanyName', Value: 'Contoso', Operator: 'equals' }));
    const wrongOperator = await get(simulator.url, `/v1/customers?filter=${equals}`);
    expect(wrongOperator.status).toBe(400);
    expect(wrongOperator.body.source).toBe('PartnerFD');
  });

  it('pages one tenant\'s commercial rows with top/skip and @nextLink, without usagePercent or BOM', async () => {
    const tenantId = tenantOf(SAMPLE_CUSTOMER_IDS.manyWorkloads);
    const filter = encodeURIComponent(`customerTenantId eq '${tenantId}'`);
    const rows: Record<string, unknown>[] = [];
    let next: string | null = `${simulator.url}${commercialPath}?top=25&skip=0&filter=${filter}`;
    let pages = 0;
    while (next) {
      const page = await get(simulator.url, next);
      expect(page.status).toBe(200);
      expect(page.raw[0]).toBe('{'.charCodeAt(0));
      expect(page.body.TotalCount).toBeGreaterThanOrEqual(60);
      expect(page.body.Value.length).toBeLessThanOrEqual(25);
      rows.push(...page.body.Value);
      next = page.body['@nextLink'];
      pages += 1;
    }
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(pages).toBe(Math.ceil(rows.length / 25));
    expect(new Set(rows.map((r) => `${r.productName}/${r.workloadName}`)).size).toBe(rows.length);
    for (const row of rows) {
      expect(row).toMatchObject({ customerTenantId: tenantId, customerName: 'Woodgrove Bank' });
      expect(row).not.toHaveProperty('usagePercent');
      expect(typeof row.licensesActive).toBe('number');
      expect(typeof row.productId).toBe('string');
    }

    const secondPage = await get(simulator.url, `${commercialPath}?top=25&skip=25&filter=${filter}`);
    expect(secondPage.body.Value).toEqual(rows.slice(25, 50));
  });

  it('accepts the $-spelt parameters, a trailing slash and the /partner prefix on the commercial endpoint', async () => {
    const filter = encodeURIComponent(`customerTenantId eq '${tenantOf(SAMPLE_CUSTOMER_IDS.healthy).toUpperCase()}'`);
    const plain = await get(simulator.url, `${commercialPath}?filter=${filter}`);
    const variant = await get(simulator.url, `/partner${commercialPath}/?$top=2&$skip=1&$filter=${filter}`);
    expect(plain.body.Value.length).toBeGreaterThan(3);
    expect(variant.status).toBe(200);
    expect(variant.body.TotalCount).toBe(plain.body.TotalCount);
    expect(variant.body.Value).toEqual(plain.body.Value.slice(1, 3));
    expect(new URL(variant.body['@nextLink']).searchParams.get('$skip')).toBe('3');
  });

  it('rejects an unsupported commercial filter', async () => {
    const result = await get(simulator.url, `${commercialPath}?filter=${encodeURIComponent("customerName eq 'x'")}`);
    expect(result.status).toBe(400);
  });

  it('has data for the commercial-only customer on the commercial endpoint alone', async () => {
    const seed = await get(simulator.url, `/v1/customers/${SAMPLE_CUSTOMER_IDS.commercialOnly}/analytics/licenses/usage`);
    expect(seed.status).toBe(200);
    expect(seed.body.items).toEqual([]);
    const filter = encodeURIComponent(`customerTenantId eq '${tenantOf(SAMPLE_CUSTOMER_IDS.commercialOnly)}'`);
    const commercial = await get(simulator.url, `${commercialPath}?filter=${filter}`);
    expect(commercial.body.Value.length).toBeGreaterThan(0);
  });

  it('offers the situations local mode is meant to show', async () => {
    const seedRows = async (id: string) =>
      (await get(simulator.url, `/v1/customers/${id}/analytics/licenses/usage`)).body.items as {
        usagePercent: number;
        licensesQualified: number;
      }[];

    expect((await seedRows(SAMPLE_CUSTOMER_IDS.healthy)).every((r) => r.usagePercent >= 30)).toBe(true);
    expect((await seedRows(SAMPLE_CUSTOMER_IDS.severalLow)).filter((r) => r.usagePercent < 30).length).toBeGreaterThanOrEqual(3);
    expect((await seedRows(SAMPLE_CUSTOMER_IDS.unlicensedWorkload)).some((r) => r.licensesQualified === 0)).toBe(true);
    expect((await seedRows(SAMPLE_CUSTOMER_IDS.manyWorkloads)).length).toBeGreaterThanOrEqual(60);
    for (const row of await seedRows(SAMPLE_CUSTOMER_IDS.severalLow)) expect(typeof row.usagePercent).toBe('number');

    expect(await seedRows(SAMPLE_CUSTOMER_IDS.noData)).toEqual([]);
    const filter = encodeURIComponent(`customerTenantId eq '${tenantOf(SAMPLE_CUSTOMER_IDS.noData)}'`);
    const commercial = await get(simulator.url, `${commercialPath}?filter=${filter}`);
    expect(commercial.body).toEqual({ Value: [], '@nextLink': null, TotalCount: 0 });
  });

  it('answers 404 to unknown paths and 405 to other methods', async () => {
    expect((await get(simulator.url, '/v1/invoices')).status).toBe(404);
    const post = await fetch(`${simulator.url}/v1/customers`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(post.status).toBe(405);
    await post.arrayBuffer();
  });
});

describe('generated data sets', () => {
  it('are deterministic for a seed and have customers × workloads rows', () => {
    const first = generateDataset({ customers: 50, workloadsPerCustomer: 8, seed: 7 });
    const again = generateDataset({ customers: 50, workloadsPerCustomer: 8, seed: 7 });
    const other = generateDataset({ customers: 50, workloadsPerCustomer: 8, seed: 8 });

    expect(again).toEqual(first);
    expect(other.customers.map((c) => c.id)).not.toEqual(first.customers.map((c) => c.id));
    expect(first.customers).toHaveLength(50);
    expect(new Set(first.customers.map((c) => c.id)).size).toBe(50);
    expect(new Set(first.customers.map((c) => c.companyName.toLowerCase())).size).toBe(50);
    for (const customer of first.customers) {
      expect(customer.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(customer.commercialUsage).toHaveLength(8);
      expect(customer.seedUsage).toHaveLength(8);
      expect(new Set(customer.commercialUsage.map((r) => `${r.productName}/${r.workloadName}`)).size).toBe(8);
    }
    const percents = first.customers.flatMap((c) => c.seedUsage.map((r) => r.usagePercent));
    expect(percents.some((p) => p < 30)).toBe(true);
    expect(percents.some((p) => p >= 30)).toBe(true);
  });

  it('refuses more workloads per customer than the catalog has', () => {
    expect(() => generateDataset({ customers: 1, workloadsPerCustomer: 1000, seed: 1 })).toThrow(RangeError);
  });

  it('lets the commercial endpoint return 2,000 × 8 rows in the fewest 10,000-row pages', async () => {
    const dataset = generateDataset({ customers: 2000, workloadsPerCustomer: 8, seed: 42 });
    const simulator = await startPartnerCenterSimulator({ dataset, logger });
    try {
      const rows: { customerTenantId: string; productName: string; workloadName: string }[] = [];
      const pageSizes: number[] = [];
      let next: string | null = `${simulator.url}${commercialPath}`;
      while (next) {
        const page = await get(simulator.url, next);
        expect(page.body.TotalCount).toBe(16_000);
        pageSizes.push(page.body.Value.length);
        rows.push(...page.body.Value);
        next = page.body['@nextLink'];
      }
      expect(pageSizes).toEqual([10_000, 6_000]);
      expect(simulator.requestCount()).toBe(2);
      expect(new Set(rows.map((r) => `${r.customerTenantId}/${r.productName}/${r.workloadName}`)).size).toBe(16_000);
      expect(new Set(rows.map((r) => r.customerTenantId))).toEqual(new Set(dataset.customers.map((c) => c.tenantId)));

      const someone = dataset.customers[1234];
      const found = await get(simulator.url, customerSearch('CompanyName', someone?.companyName ?? 'missing'));
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([someone?.id]);
    } finally {
      await simulator.close();
    }
  });
});

describe('Partner Center simulator with a round-trip latency', () => {
  it('holds every answer for the latency it was given, as a distant Partner Center would', async () => {
    const simulator = await startPartnerCenterSimulator({ latencyMs: 60 });
    try {
      const started = performance.now();
      const response = await fetch(`${simulator.url}/v1/customers/${SAMPLE_CUSTOMER_IDS.severalLow}`, { headers: { Authorization: 'Bearer t', Accept: 'application/json' } });
      expect(response.status).toBe(200);
      // A timer never fires early (give or take the clock's rounding); no upper bound is asserted.
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await simulator.close();
    }
  });
});
