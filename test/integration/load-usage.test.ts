import pino from 'pino';
import { loadUsage } from '../../src/usage/load-usage';
import type { Customer } from '../../src/core/customers/customer';
import { ErrorCodes } from '../../src/core/errors';
import { createPartnerCenterClient } from '../../src/partner-center/partner-center-client';
import type { PartnerCenter, PartnerCenterCallContext } from '../../src/partner-center/partner-center.port';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { customerId } from '../../src/core/customers/customer-id';

const ctx: PartnerCenterCallContext = { accessToken: 'local', locale: 'en-US', correlationId: '00000000-0000-4000-8000-00000000c0de' };
const customer = (id: string): Customer => ({ id: customerId(id), tenantId: id, companyName: 'irrelevant here' });

describe('PARTNER_CENTER_USAGE_API: which endpoint answers', () => {
  let simulator: RunningSimulator;
  let partnerCenter: PartnerCenter;
  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    partnerCenter = createPartnerCenterClient({ baseUrl: simulator.url, applicationName: 'tests', logger: pino({ level: 'silent' }) });
  });
  afterAll(() => simulator.close());

  const tailspin = customer(SAMPLE_CUSTOMER_IDS.commercialOnly);

  it('customer: only the original per-customer endpoint, even when it is empty', async () => {
    expect(await loadUsage(partnerCenter, 'customer', tailspin, ctx)).toEqual([]);
  });

  it('commercial: only the replacement endpoint, with the percent computed', async () => {
    const rows = await loadUsage(partnerCenter, 'commercial', tailspin, ctx);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.workloadName === 'SharePoint')?.usagePercent).toBeCloseTo(20, 5);
  });

  it('auto: the original endpoint when it has rows, without asking the replacement', async () => {
    const before = simulator.requestCount();
    const rows = await loadUsage(partnerCenter, 'auto', customer(SAMPLE_CUSTOMER_IDS.seed), ctx);
    expect(rows).toHaveLength(5);
    expect(simulator.requestCount() - before).toBe(1);
  });

  it('auto: falls back to the replacement when the original has no rows', async () => {
    expect(await loadUsage(partnerCenter, 'auto', tailspin, ctx)).toHaveLength(4);
  });

  it('auto: a refusal is not papered over by asking the other endpoint', async () => {
    const before = simulator.requestCount();
    await expect(loadUsage(partnerCenter, 'auto', customer(SAMPLE_CUSTOMER_IDS.noRelationship), ctx)).rejects.toMatchObject({
      code: ErrorCodes.PartnerCenterNoAccess,
    });
    expect(simulator.requestCount() - before).toBe(1);
  });
});
