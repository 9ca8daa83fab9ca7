import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { createPartnerCenterClient } from '../../src/partner-center/partner-center-client';
import type { PartnerCenterCallContext } from '../../src/partner-center/partner-center.port';
import { readRenewals } from '../../src/renewals/read-renewals';
import { jsonReply, pcErrorReply, startScriptedPartnerCenter, type RecordedRequest, type ScriptedPartnerCenter, type ScriptedReply } from '../helpers/scripted-partner-center';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-partner-token.signature';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const NOW = new Date('2026-12-02T09:00:00Z');
const silent = pino({ level: 'silent' });
const FAST_RETRIES = { maxAttempts: 2, attemptTimeoutMs: 2_000, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 100 };

let pc: ScriptedPartnerCenter | undefined;
afterEach(async () => {
  await pc?.close();
  pc = undefined;
});

async function standIn(answer: (request: RecordedRequest) => ScriptedReply) {
  pc = await startScriptedPartnerCenter(answer);
  return { pc, client: createPartnerCenterClient({ baseUrl: pc.url, applicationName: 'CSP Usage Bot (tests)', logger: silent, retry: FAST_RETRIES }) };
}

function ctx(): PartnerCenterCallContext {
  return { accessToken: TOKEN, locale: 'en-US', correlationId: randomUUID() };
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

function subscriptionItem(id: string, offerName: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    offerId: 'CFQ7TTC0LFLX:0001',
    offerName,
    friendlyName: offerName,
    quantity: 25,
    unitType: 'Licenses',
    status: 'active',
    autoRenewEnabled: true,
    termDuration: 'P1Y',
    billingCycle: 'monthly',
    commitmentEndDate: '2027-01-14T00:00:00Z',
    isTrial: false,
    productType: { id: 'OnlineServicesNCE' },
    attributes: { objectType: 'Subscription' },
    ...overrides,
  };
}

function partnerRow(id: string, customerTenantId: string, commitmentEndDate: string) {
  return {
    customerTenantId,
    customerName: `Customer ${customerTenantId.slice(-1)}`,
    id,
    status: 'Active',
    productName: 'Microsoft 365 E3',
    autoRenewEnabled: true,
    commitmentEndDate,
    currentStateEndDate: commitmentEndDate,
    lastRenewalDate: '2026-01-14',
    licenseCount: 40,
    churnRisk: 'Low',
    billingCycleName: 'Monthly',
  };
}

describe("a customer's subscriptions and subscribed SKUs", () => {
  it('reads subscriptions behind a byte-order mark, with the term as Partner Center states it', async () => {
    const { client, pc } = await standIn(() =>
      jsonReply(200, { totalCount: 2, items: [subscriptionItem('s1', 'Microsoft 365 E3'), subscriptionItem('s2', 'Office 365 E1', { termDuration: 'P1M', isTrial: true, autoRenewEnabled: false, status: 'Suspended' })] }, true),
    );
    const subscriptions = await client.getCustomerSubscriptions(A, ctx());
    expect(pc.requests[0]?.path).toBe(`/v1/customers/${A}/subscriptions`);
    expect(pc.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(subscriptions).toEqual([
      expect.objectContaining({ id: 's1', customerId: A, productName: 'Microsoft 365 E3', seats: 25, termDuration: 'P1Y', autoRenew: true, isTrial: false, status: 'active' }),
      expect.objectContaining({ id: 's2', productName: 'Office 365 E1', termDuration: 'P1M', autoRenew: false, isTrial: true, status: 'suspended' }),
    ]);
  });

  it('answers subscribed SKUs while subscriptions answer 403: one part refused does not refuse the other', async () => {
    const { client } = await standIn((request) =>
      request.path.endsWith('/subscriptions')
        ? pcErrorReply(403, 20002, 'Forbidden')
        : jsonReply(200, { totalCount: 1, items: [{ productSku: { id: 'sku-1', name: 'Microsoft 365 E3', skuPartNumber: 'SPE_E3' }, activeUnits: 300, consumedUnits: 250, availableUnits: 50, capabilityStatus: 'Enabled' }] }, true),
    );
    expect((await failureOf(client.getCustomerSubscriptions(A, ctx()))).code).toBe(ErrorCodes.PartnerCenterNoAccess);
    expect(await client.getCustomerSubscribedSkus(A, ctx())).toEqual([
      { skuId: 'sku-1', skuName: 'Microsoft 365 E3', skuPartNumber: 'SPE_E3', activeUnits: 300, consumedUnits: 250 },
    ]);
  });

  it('refuses a subscription without a quantity as an unexpected answer, never a card with holes', async () => {
    const { client } = await standIn(() => jsonReply(200, { items: [{ ...subscriptionItem('s1', 'E3'), quantity: 'many' }] }));
    expect((await failureOf(client.getCustomerSubscriptions(A, ctx()))).code).toBe(ErrorCodes.PartnerCenterUnexpectedResponse);
  });
});

describe('a sign-in without MFA', () => {
  it.each([
    ['code 900421', pcErrorReply(401, 900421, 'Unauthorized')],
    ['code 10001', pcErrorReply(401, 10001, 'Unauthorized')],
    ['the words', pcErrorReply(401, 'unknown', 'MFA is required for this request')],
  ])('is told apart from "no access" by %s', async (_what, reply) => {
    const { client } = await standIn(() => reply);
    expect((await failureOf(client.getCustomerSubscriptions(A, ctx()))).code).toBe(ErrorCodes.PartnerCenterMfaRequired);
  });

  it('while another 401 stays "no access"', async () => {
    const { client } = await standIn(() => pcErrorReply(401, 800001, 'Partner Token missing'));
    expect((await failureOf(client.getCustomerSubscriptions(A, ctx()))).code).toBe(ErrorCodes.PartnerCenterNoAccess);
  });
});

describe('the partner-wide renewal scan', () => {
  it('pages with top and skip on /partner/v1, filtered on commitmentEndDate', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => partnerRow(`p${i}`, i % 2 ? A : B, `2027-01-0${i + 1}`));
    const { client, pc } = await standIn((request) => {
      const top = Number(request.query.get('top'));
      const skip = Number(request.query.get('skip'));
      const page = rows.slice(skip, skip + top);
      return jsonReply(200, { Value: page, '@nextLink': skip + top < rows.length ? 'next' : null, TotalCount: rows.length });
    });
    const progress: unknown[] = [];
    const read = await readRenewals({ partnerCenter: client, concurrency: 2, logger: silent, pageSize: 2, onProgress: (p) => progress.push(p) }, NOW, 90, ctx());
    expect(read.source).toBe('partner-wide');
    expect(read.subscriptions.map((s) => s.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(read.subscriptions[0]).toMatchObject({ customerId: B, seats: 40, status: 'active', commitmentEndDate: '2027-01-01' });
    expect(pc.requests.map((r) => [r.path, r.query.get('top'), r.query.get('skip')])).toEqual([
      ['/partner/v1/analytics/subscriptions', '2', '0'],
      ['/partner/v1/analytics/subscriptions', '2', '2'],
      ['/partner/v1/analytics/subscriptions', '2', '4'],
    ]);
    expect(pc.requests[0]?.query.get('filter')).toBe('commitmentEndDate ge 2026-12-02 and commitmentEndDate le 2027-03-02');
    expect(progress).toEqual([
      { kind: 'page', page: 1, pages: 3 },
      { kind: 'page', page: 2, pages: 3 },
      { kind: 'page', page: 3, pages: 3 },
    ]);
  });

  it.each([404, 403])('on %i falls back to listing customers and reading their subscriptions', async (status) => {
    const { client, pc } = await standIn((request) => {
      if (request.path === '/partner/v1/analytics/subscriptions') return pcErrorReply(status, status, 'Not available');
      if (request.path === '/v1/customers') {
        return jsonReply(200, {
          totalCount: 2,
          items: [A, B].map((id) => ({ id, companyProfile: { tenantId: id, domain: `${id}.example`, companyName: `Company ${id.slice(-1)}` } })),
        }, true);
      }
      if (request.path === `/v1/customers/${A}/subscriptions`) {
        return jsonReply(200, { items: [subscriptionItem('a-soon', 'Microsoft 365 E3'), subscriptionItem('a-later', 'Office 365 E1', { commitmentEndDate: '2027-10-01' })] }, true);
      }
      return pcErrorReply(403, 20002, 'No relationship');
    });
    const read = await readRenewals({ partnerCenter: client, concurrency: 2, logger: silent }, NOW, 90, ctx());
    expect(read).toMatchObject({ source: 'per-customer', failedCustomers: 1 });
    expect(read.subscriptions.map((s) => [s.id, s.customerName])).toEqual([['a-soon', 'Company a']]);
    expect(pc.requests.filter((r) => r.path.startsWith('/v1/customers/')).length).toBe(2);
  });

  it('refuses a row without a usable tenant id, and normalises one in capitals', async () => {
    let customerTenantId = '   ';
    const { client } = await standIn(() => jsonReply(200, { Value: [partnerRow('p0', customerTenantId, '2027-01-01')], '@nextLink': null }));
    const scan = () => readRenewals({ partnerCenter: client, concurrency: 2, logger: silent }, NOW, 90, ctx());
    const refused = await failureOf(scan());
    expect([refused.code, refused.message]).toEqual([ErrorCodes.PartnerCenterUnexpectedResponse, 'A partner subscription row has an unexpected shape at Value.0.customerTenantId']);
    customerTenantId = ` ${A.toUpperCase()}`;
    expect((await scan()).subscriptions.map((s) => s.customerId)).toEqual([A]);
  });

  it('stops with the MFA answer instead of reading on', async () => {
    const { client } = await standIn(() => pcErrorReply(401, 900421, 'Unauthorized'));
    expect((await failureOf(readRenewals({ partnerCenter: client, concurrency: 2, logger: silent }, NOW, 90, ctx()))).code).toBe(ErrorCodes.PartnerCenterMfaRequired);
  });
});

describe('the commercial usage path', () => {
  const commercial = (path: string) => (request: RecordedRequest) =>
    request.path === path
      ? jsonReply(200, {
          Value: [{ customerTenantId: A, customerName: 'A', productName: 'Microsoft 365 E3', workloadName: 'Teams', licensesActive: 5, licensesQualified: 10 }],
          '@nextLink': null,
          TotalCount: 1,
        })
      : pcErrorReply(404, 404, 'Resource not found');

  it('tries /partner/v1 once /v1 answers 404, and stays with the one that answered', async () => {
    const { client, pc } = await standIn(commercial('/partner/v1/analytics/commercial/usage/license'));
    expect(await client.getCommercialLicenseUsage(A, ctx())).toHaveLength(1);
    expect(await client.getCommercialLicenseUsage(A, ctx())).toHaveLength(1);
    expect(pc.requests.map((r) => r.path)).toEqual([
      '/v1/analytics/commercial/usage/license',
      '/partner/v1/analytics/commercial/usage/license',
      '/partner/v1/analytics/commercial/usage/license',
    ]);
  });

  it('tries /v1 when the configured /partner/v1 answers 404', async () => {
    pc = await startScriptedPartnerCenter(commercial('/v1/analytics/commercial/usage/license'));
    const client = createPartnerCenterClient({
      baseUrl: pc.url,
      applicationName: 'tests',
      logger: silent,
      retry: FAST_RETRIES,
      commercialUsagePath: '/partner/v1/analytics/commercial/usage/license',
    });
    expect(await client.getCommercialLicenseUsage(A, ctx())).toHaveLength(1);
    expect(pc.requests.map((r) => r.path)).toEqual(['/partner/v1/analytics/commercial/usage/license', '/v1/analytics/commercial/usage/license']);
  });

  it('reports 404 when neither path answers, after asking each once', async () => {
    const { client, pc } = await standIn(() => pcErrorReply(404, 404, 'Resource not found'));
    expect((await failureOf(client.getCommercialLicenseUsage(A, ctx()))).code).toBe(ErrorCodes.PartnerCenterNotFound);
    expect(pc.requests).toHaveLength(2);
  });
});
