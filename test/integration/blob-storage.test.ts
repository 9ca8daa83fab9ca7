import { ContainerClient } from '@azure/storage-blob';
import type { Storage } from 'botbuilder';
import pino from 'pino';
import { connectBlobContainer } from '../../src/storage/blob-container';
import { blobNameOf, blobStorage } from '../../src/storage/blob-storage';
import { conversationSettingsStore } from '../../src/storage/conversation-settings-store';
import { alertDeliveryStore } from '../../src/storage/alert-delivery-store';
import { usageHistoryStore } from '../../src/storage/usage-history-store';
import { analyseUsage } from '../../src/core/usage/analyse-usage';
import { customerId } from '../../src/core/customers/customer-id';
import { ALERT_STATE_VERSION } from '../../src/core/alerts/alert-state';
import { shardOf } from '../../src/core/alerts/state-shards';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { alertedFinding, committedState } from '../helpers/alert-findings';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { describeStorageContract, etagOf, outcome } from '../helpers/storage-contract';

const logger = pino({ level: 'silent' });

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.close();
});

// A container per test: each starts empty, and every instance within a test shares it.
let container: string;
let containers = 0;
beforeEach(() => {
  container = `storage-test-${++containers}`;
});

/** Another bot instance on this test's container, with its own clients and connections. */
async function open(): Promise<Storage> {
  const client = await connectBlobContainer(azurite.connectionString, container);
  return blobStorage({ connectionString: azurite.connectionString, container: client, logger });
}

describeStorageContract('Blob', { open });

describe('Blob storage: the container', () => {
  it('keeps items and their eTags for an instance started later', async () => {
    const before = await open();
    await before.write({ state: { v: 1 } });
    const eTag = await etagOf(before, 'state');

    const after = await open();
    expect((await after.read(['state'])).state).toEqual({ v: 1, eTag });
    expect(await outcome(after.write({ state: { v: 2, eTag } }))).toBe('ok');
  });

  it('stores one JSON blob per key, with names Azure accepts', async () => {
    const storage = await open();
    const keys = ['conversation-reference/19%3Aabc%40thread.tacv2', '..', '', 'k'.repeat(3_000)];
    await storage.write(Object.fromEntries(keys.map((key, index) => [key, { index }])));

    const names: string[] = [];
    for await (const blob of new ContainerClient(azurite.connectionString, container).listBlobsFlat()) {
      names.push(blob.name);
      expect(blob.properties.contentType).toBe('application/json');
    }
    expect(names).toHaveLength(keys.length);
    for (const name of names) {
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(1024);
      // No virtual folders, no "." segments a URL would fold away.
      expect(name).not.toMatch(/\/|^\.\.?$/);
    }
    expect(new Set(keys.map(blobNameOf)).size).toBe(keys.length);
  });
});

describe('Blob storage: corrupt documents', () => {
  const key = `conversation-settings/${encodeURIComponent('a:chat')}`;
  async function upload(content: string) {
    const client = new ContainerClient(azurite.connectionString, container);
    await client.createIfNotExists();
    await client.getBlockBlobClient(blobNameOf(key)).upload(content, Buffer.byteLength(content), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }

  it.each([
    ['of the wrong shape', '{"threshold":"fifty"}'],
    ['that is no JSON at all', '{"threshold": 4'],
  ])('reads conversation settings %s as none, and the next setting replaces them', async (_what, content) => {
    const storage = await open();
    const settings = conversationSettingsStore(storage, logger);
    await upload(content);

    expect(await settings.get('a:chat')).toEqual({});
    await settings.update('a:chat', { threshold: 45 });
    expect(await settings.get('a:chat')).toEqual({ threshold: 45 });
  });
});

describe('Blob storage: an alert document of version 1', () => {
  it('is moved into shards on first read, for every instance after it', async () => {
    const storage = await open();
    const conversation = '19:general@thread.tacv2';
    const key = `alert-delivery/${encodeURIComponent(conversation)}`;
    const finding = alertedFinding({ customerId: SAMPLE_CUSTOMER_IDS.severalLow, productName: 'MICROSOFT 365 E3', workloadName: 'Yammer', percent: 2, at: '2026-03-09T08:00:00.000Z' });
    await storage.write({ [key]: { version: 1, state: { version: ALERT_STATE_VERSION, findings: [finding] }, writeId: 'old', eTag: '*' } });

    const read = await alertDeliveryStore(storage).read(conversation);
    expect(read.delivery.shards).toEqual({ [String(shardOf(finding.customerId))]: 1 });
    const another = alertDeliveryStore(await open());
    expect((await committedState(another, conversation)).findings).toEqual([finding]);
    expect((await storage.read([key]))[key]).toMatchObject({ version: 2 });
  });
});

describe('Blob storage: usage histories in a head and sealed segments', () => {
  const customer = customerId(SAMPLE_CUSTOMER_IDS.severalLow);
  const summaryOn = (date: string, active: number) =>
    analyseUsage({
      customerId: customer,
      threshold: 30,
      records: [{ customerId: customer, customerName: 'Contoso', productName: 'E3', workloadName: 'Teams', licensesActive: active, licensesQualified: 100, processedDateTime: `${date}T00:00:00Z` }],
    });
  /** Every third day from `from`, as Partner Center refreshes. */
  const dates = (count: number, from: string) => Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 3 * 86_400_000).toISOString().slice(0, 10));

  it('reads every data date back in another instance, and deletes the segments that expired', async () => {
    const all = dates(20, '2025-01-01');
    const early = usageHistoryStore(await open(), { clock: () => new Date('2025-03-15T00:00:00Z'), logger });
    for (const [index, date] of all.entries()) await (index % 2 ? early.recordMany([summaryOn(date, index)]) : early.record(summaryOn(date, index)));

    const storage = await open();
    const history = await usageHistoryStore(storage, { clock: () => new Date('2025-03-15T00:00:00Z'), logger }).get(customer);
    expect(history.snapshots.map((s) => [s.date, s.rows[0]![2]])).toEqual(all.map((date, index) => [date, index]));

    const headKey = `usage-history/${customer}`;
    const head = (await storage.read([headKey]))[headKey] as { segments: Array<{ first: string; last: string }> };
    const segmentKeys = head.segments.map((ref) => `${headKey}@${ref.first}_${ref.last}`);
    expect(Object.keys(await storage.read(segmentKeys))).toHaveLength(segmentKeys.length);
    // More than 13 months later, what the segments held has expired: they are deleted.
    await usageHistoryStore(storage, { clock: () => new Date('2026-06-01T00:00:00Z'), logger }).record(summaryOn('2026-06-01', 30));
    expect(await storage.read(segmentKeys)).toEqual({});
  });
});
