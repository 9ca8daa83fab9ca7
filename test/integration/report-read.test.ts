import pino from 'pino';
import { CUSTOMERS_PER_BATCH, readAllUsage } from '../../src/commands/report/read-all-usage';
import { reportCache } from '../../src/commands/report/report-cache';
import { readForReport } from '../../src/commands/report/report-command';
import { messagesFor } from '../../src/i18n';
import type { UsageSummary } from '../../src/core/usage/usage-summary';
import { createPartnerCenterClient } from '../../src/partner-center/partner-center-client';
import { generateDataset } from '../../src/simulator/dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';

/*
 * The report's partner-wide read over the real simulator: rows spooled per state shard and handed on a
 * shard's customers at a time, as the alert pass reads them, so a large partner's rows are never all in
 * memory at once.
 */
const logger = pino({ level: 'silent' });
const dataset = generateDataset({ customers: 400, workloadsPerCustomer: 8, seed: 7 });
const ctx = { accessToken: 'report-read-token', correlationId: 'report-read', locale: 'en-US' };

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startPartnerCenterSimulator({ dataset, logger });
});
afterAll(() => simulator.close());

it('hands every customer on once, whole even when its rows span pages, in batches', async () => {
  // Pages of 5 rows: every customer of 8 workloads spans two or three of them.
  const partnerCenter = createPartnerCenterClient({ baseUrl: simulator.url, applicationName: 'report read test', commercialPageSize: 5, logger });
  const batches: UsageSummary[][] = [];
  let pages = 0;
  await readAllUsage(
    { partnerCenter, usageApi: 'commercial', logger, onProgress: (progress) => void (progress.kind === 'page' && (pages = progress.page)) },
    ctx,
    async (summaries) => void batches.push([...summaries]),
  );
  const customers = batches.flat();
  expect(pages).toBe(Math.ceil((400 * 8) / 5));
  expect(batches.length).toBeGreaterThan(1);
  expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThan(400);
  expect(customers.map((summary) => summary.customerId.toLowerCase()).sort()).toEqual(dataset.customers.map((customer) => customer.id.toLowerCase()).sort());
  for (const summary of customers) expect(summary.low.length + summary.healthy.length + summary.unlicensed.length).toBe(8);
});

it('hands customers read one by one on in bounded batches too, each once', async () => {
  const partnerCenter = createPartnerCenterClient({ baseUrl: simulator.url, applicationName: 'report read test', logger });
  const batches: UsageSummary[][] = [];
  await readAllUsage({ partnerCenter, usageApi: 'customer', logger, onProgress: () => undefined }, ctx, async (summaries) => void batches.push([...summaries]));
  expect(batches.length).toBe(Math.ceil(400 / CUSTOMERS_PER_BATCH));
  expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(CUSTOMERS_PER_BATCH);
  expect(new Set(batches.flat().map((summary) => summary.customerId.toLowerCase())).size).toBe(400);
  expect(batches.flat()).toHaveLength(400);
});

it("runs a person's partner-wide read as bulk work, once until the read is cached", async () => {
  const client = createPartnerCenterClient({ baseUrl: simulator.url, applicationName: 'report read test', logger });
  let inBulkWork = 0;
  let bulkWorks = 0;
  const pagesRead: boolean[] = [];
  const partnerCenter: typeof client = {
    ...client,
    scanCommercialLicenseUsage: (...args) => {
      pagesRead.push(inBulkWork > 0);
      return client.scanCommercialLicenseUsage(...args);
    },
  };
  const deps = {
    partnerCenter,
    usageApi: 'commercial' as const,
    reportCache: reportCache(),
    // As the composition root passes duringBulkWork (V8's settings for bulk work).
    bulkWork: async <T>(work: () => Promise<T>): Promise<T> => {
      bulkWorks += 1;
      inBulkWork += 1;
      try {
        return await work();
      } finally {
        inBulkWork -= 1;
      }
    },
  };
  const turn = { user: { id: '29:report-reader' }, log: logger, progress: async () => undefined };
  const messages = messagesFor('en-US');
  const first = await readForReport(turn, messages, ctx, deps);
  const again = await readForReport(turn, messages, ctx, deps);
  expect(first.customers).toHaveLength(400);
  expect(again).toBe(first);
  expect(pagesRead).toEqual([true]);
  expect(bulkWorks).toBe(1);
});
