import { randomUUID } from 'node:crypto';
import { customerId } from '../../src/core/customers/customer-id';
import pino from 'pino';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { buildFunnel } from '../../src/core/subscriptions/funnel';
import { renewalFacts } from '../../src/core/subscriptions/renewal';
import { analyseUsage } from '../../src/core/usage/analyse-usage';
import { createPartnerCenterClient } from '../../src/partner-center/partner-center-client';
import type { PartnerCenter, PartnerCenterCallContext } from '../../src/partner-center/partner-center.port';
import { readRenewals } from '../../src/renewals/read-renewals';
import { generateDataset } from '../../src/simulator/dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-12-02T08:00:00Z');
const ctx = (): PartnerCenterCallContext => ({ accessToken: 'local-development-token', locale: 'en-US', correlationId: randomUUID() });

let simulator: RunningSimulator;
let partnerCenter: PartnerCenter;

beforeAll(async () => {
  simulator = await startPartnerCenterSimulator({ logger, now: () => NOW });
  partnerCenter = createPartnerCenterClient({ baseUrl: simulator.url, applicationName: 'tests', logger });
});
afterAll(() => simulator.close());

describe('the simulator serves subscriptions that fit its usage data', () => {
  const sample = createSampleDataset();

  it('gives every readable sample customer what it bought: at least what is assigned, the same products as its usage', async () => {
    for (const customer of sample.customers) {
      if (customer.failure || customer.subscriptionsFailure) continue;
      const [subscriptions, skus, usage] = await Promise.all([
        partnerCenter.getCustomerSubscriptions(customer.id, ctx()),
        partnerCenter.getCustomerSubscribedSkus(customer.id, ctx()),
        partnerCenter.getCommercialLicenseUsage(customer.tenantId, ctx()),
      ]);
      for (const sku of skus) expect(sku.activeUnits + 0).toBeGreaterThanOrEqual(sku.consumedUnits);
      const summary = analyseUsage({ customerId: customerId(customer.id), records: usage, threshold: 30 });
      const funnel = buildFunnel({ workloads: [...summary.low, ...summary.healthy, ...summary.unlicensed], subscriptions, skus, now: NOW });
      // Only Northwind carries a product on purpose that no usage row names.
      expect(funnel.unmatched.bought).toEqual(customer.id === SAMPLE_CUSTOMER_IDS.severalLow ? ['Microsoft Teams Essentials'] : []);
      expect(funnel.unmatched.usage).toEqual([]);
    }
  });

  it('keeps the documented seed customer, with subscriptions for its three products', async () => {
    const subscriptions = await partnerCenter.getCustomerSubscriptions(SAMPLE_CUSTOMER_IDS.seed, ctx());
    expect(subscriptions.map((s) => [s.productName, s.seats, s.termDuration])).toEqual([
      ['Office 365 Business Essentials', 1, 'P1M'],
      ['Exchange Online (Plan 1)', 5, 'P1Y'],
      ['Exchange Online Archiving for Exchange Online', 2, 'P1Y'],
    ]);
    expect(renewalFacts(subscriptions[1]!, NOW)).toMatchObject({ endDate: '2027-01-29', daysLeft: 58 });
  });

  it('has monthly, annual and three-year terms, a trial, a suspended subscription, a 403 and a workload over 100 %', async () => {
    const all = (await readRenewals({ partnerCenter, concurrency: 4, logger }, NOW, 365, ctx())).subscriptions;
    expect(new Set(all.map((s) => s.termDuration))).toEqual(new Set(['P1M', 'P1Y', 'P3Y']));
    expect(all.some((s) => s.isTrial)).toBe(true);
    expect(all.some((s) => s.status === 'suspended')).toBe(true);
    const days = all.map((s) => renewalFacts(s, NOW).daysLeft ?? -1);
    expect(Math.min(...days)).toBeLessThan(30);
    expect(Math.max(...days)).toBeGreaterThan(300);

    const refused = await partnerCenter.getCustomerSubscriptions(SAMPLE_CUSTOMER_IDS.contosoLtd, ctx()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CodedError);
    expect((refused as CodedError).code).toBe(ErrorCodes.PartnerCenterNoAccess);
    expect(await partnerCenter.getCustomerSubscribedSkus(SAMPLE_CUSTOMER_IDS.contosoLtd, ctx())).toHaveLength(1);

    const fabrikam = analyseUsage({ customerId: customerId(SAMPLE_CUSTOMER_IDS.healthy), records: await partnerCenter.getCustomerLicenseUsage(SAMPLE_CUSTOMER_IDS.healthy, ctx()), threshold: 30 });
    expect(fabrikam.healthy.find((w) => w.workloadName === 'Teams')?.usagePercent).toBe(105);
  });

  it('answers the partner-wide scan for the window only, and leaves out customers without a relationship', async () => {
    const within14 = (await readRenewals({ partnerCenter, concurrency: 4, logger }, NOW, 14, ctx())).subscriptions;
    // Woodgrove's sixty generated rows come with generated subscriptions; the hand-made ones are checked here.
    const handMade = within14.filter((s) => s.customerId !== SAMPLE_CUSTOMER_IDS.manyWorkloads);
    expect(handMade.map((s) => [s.customerName, s.productName, s.commitmentEndDate])).toEqual([
      ['Tailspin Toys', 'Microsoft 365 Business Basic', '2026-12-11'],
      ['Contoso Pharma', 'Office 365 E3', '2026-12-14'],
    ]);
    const year = (await readRenewals({ partnerCenter, concurrency: 4, logger }, NOW, 365, ctx())).subscriptions;
    expect(year.some((s) => s.customerId === SAMPLE_CUSTOMER_IDS.noRelationship)).toBe(false);
  });
});

describe('the generated benchmark data set', () => {
  it('gets subscriptions too, spread over the year, bought at least what is assigned', async () => {
    const dataset = generateDataset({ customers: 200, workloadsPerCustomer: 8, seed: 20260301 });
    const generated = await startPartnerCenterSimulator({ logger, dataset, now: () => NOW });
    try {
      const client = createPartnerCenterClient({ baseUrl: generated.url, applicationName: 'tests', logger });
      const read = await readRenewals({ partnerCenter: client, concurrency: 4, logger, pageSize: 50 }, NOW, 365, ctx());
      expect(read.source).toBe('partner-wide');
      expect(read.subscriptions.length).toBeGreaterThan(150);
      expect(generated.requestCount()).toBe(Math.floor(read.subscriptions.length / 50) + 1);
      for (const customer of dataset.customers) for (const s of customer.subscriptions ?? []) expect(s.quantity).toBeGreaterThanOrEqual(s.assigned);
    } finally {
      await generated.close();
    }
  });
});
