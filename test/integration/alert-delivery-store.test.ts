import { committing, DeliveryConflictError, emptyAlertDelivery, type AlertDelivery } from '../../src/alerts/alert-delivery';
import { ALERT_STATE_VERSION, type AlertState } from '../../src/core/alerts/alert-state';
import { shardOf } from '../../src/core/alerts/state-shards';
import pino from 'pino';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { alertDeliveryStore } from '../../src/storage/alert-delivery-store';
import type { SqliteStorage } from '../../src/storage/sqlite-storage';
import { alertedFinding, committedState, writeNextState } from '../helpers/alert-findings';
import { tempSqlite } from '../helpers/temp-storage';

/** The per-conversation alert delivery documents, on real SQLite storage in a temporary file. */

const CONVERSATION = '19:general@thread.tacv2';

const state: AlertState = {
  version: ALERT_STATE_VERSION,
  findings: [
    alertedFinding({
      customerId: SAMPLE_CUSTOMER_IDS.severalLow,
      productName: 'MICROSOFT 365 E3',
      workloadName: 'Yammer',
      percent: 2,
      at: '2026-03-09T08:00:00.000Z',
    }),
  ],
};

const committed: AlertDelivery = { seq: 3, shards: { '17': 3, '200': 2 } };

const withOutbox: AlertDelivery = {
  ...committed,
  outbox: {
    passId: 'pass-1',
    createdAt: '2026-03-09T08:00:00.000Z',
    next: { seq: 4, shards: [17, 18] },
    messages: [
      { kind: 'sign-in', card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Sign in again' }] }, alertCount: 0, status: 'sent' },
      { kind: 'alerts', card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Northwind Traders' }] }, alertCount: 1, status: 'pending' },
    ],
  },
};

describe('alert delivery store', () => {
  const sqlite = tempSqlite('alert-delivery-');
  let storage: SqliteStorage;
  beforeEach(() => {
    storage = sqlite.open();
  });

  it('a conversation never alerted has an empty state and no outbox', async () => {
    const record = await alertDeliveryStore(storage).read(CONVERSATION);
    expect(record).toEqual({ conversationId: CONVERSATION, delivery: emptyAlertDelivery() });
    expect(await committedState(alertDeliveryStore(storage), CONVERSATION)).toEqual({ version: ALERT_STATE_VERSION, findings: [] });
  });

  it('keeps state and outbox across a restart, message by message', async () => {
    const store = alertDeliveryStore(storage);
    await store.replace(await store.read(CONVERSATION), withOutbox);
    storage.close();

    storage = sqlite.open();
    const reopened = await alertDeliveryStore(storage).read(CONVERSATION);

    expect(reopened.delivery).toEqual(withOutbox);
  });

  it('refuses a write based on an older read, keeping the newer document', async () => {
    const store = alertDeliveryStore(storage);
    const first = await store.replace(await store.read(CONVERSATION), withOutbox);
    await store.replace(first, committed);

    await expect(store.replace(first, withOutbox)).rejects.toBeInstanceOf(DeliveryConflictError);
    expect((await store.read(CONVERSATION)).delivery).toEqual(committed);
  });

  it('two first writers: the second is refused', async () => {
    const store = alertDeliveryStore(storage);
    const seenByOne = await store.read(CONVERSATION);
    const seenByTwo = await store.read(CONVERSATION);
    await store.replace(seenByOne, committed);

    await expect(store.replace(seenByTwo, withOutbox)).rejects.toBeInstanceOf(DeliveryConflictError);
  });

  it('writes of one conversation leave the others alone', async () => {
    const store = alertDeliveryStore(storage);
    const record = await store.read(CONVERSATION);
    await store.replace(record, committing(record.delivery, await writeNextState(store, record, state)));
    const thread = `${CONVERSATION};messageid=1700000000000`;
    expect((await store.read(thread)).delivery).toEqual(emptyAlertDelivery());
    expect((await committedState(store, thread)).findings).toEqual([]);
    expect(await committedState(store, CONVERSATION)).toEqual(state);
  });

  it('new shard versions count only once the header commits them, and survive a restart', async () => {
    const store = alertDeliveryStore(storage);
    const record = await store.read(CONVERSATION);
    const next = await writeNextState(store, record, state);
    expect((await committedState(store, CONVERSATION)).findings).toEqual([]);

    await store.replace(record, committing(record.delivery, next));
    storage.close();
    storage = sqlite.open();
    expect(await committedState(alertDeliveryStore(storage), CONVERSATION)).toEqual(state);
  });

  it('refuses a shard write based on an older read', async () => {
    const store = alertDeliveryStore(storage);
    const shard = shardOf(SAMPLE_CUSTOMER_IDS.severalLow);
    const seenByOne = await store.readShard(CONVERSATION, shard);
    const seenByTwo = await store.readShard(CONVERSATION, shard);
    const document = { version: 1 as const, slots: [{ seq: 1, findings: state.findings }] };
    await store.writeShard(CONVERSATION, shard, seenByOne, document);

    await expect(store.writeShard(CONVERSATION, shard, seenByTwo, { ...document, slots: [{ seq: 1, findings: [] }] })).rejects.toBeInstanceOf(
      DeliveryConflictError,
    );
    expect((await store.readShard(CONVERSATION, shard)).document).toEqual(document);
  });

  it('takes over the findings of a version 1 document, which held them all in itself, so nothing is said twice', async () => {
    const lines: string[] = [];
    const store = alertDeliveryStore(storage, pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }));
    const key = `alert-delivery/${encodeURIComponent(CONVERSATION)}`;
    const another = alertedFinding({ customerId: SAMPLE_CUSTOMER_IDS.healthy, productName: 'EMS E5', workloadName: 'Intune', percent: 8, at: '2026-03-08T08:00:00.000Z' });
    const both: AlertState = { version: ALERT_STATE_VERSION, findings: [...state.findings, another] };
    await storage.write({ [key]: { version: 1, state: both, writeId: 'old' } });

    const read = await store.read(CONVERSATION);
    expect(read.delivery.outbox).toBeUndefined();
    expect(Object.keys(read.delivery.shards).sort()).toEqual([...new Set(both.findings.map((f) => String(shardOf(f.customerId))))].sort());
    expect((await committedState(store, CONVERSATION)).findings).toEqual(expect.arrayContaining(both.findings));
    expect((await committedState(store, CONVERSATION)).findings).toHaveLength(2);
    expect(lines.some((line) => line.includes('migrated from version 1'))).toBe(true);

    // Stored as version 2 now: read again, and by another instance after a restart, it says the same.
    expect((await storage.read([key]))[key]).toMatchObject({ version: 2 });
    expect((await alertDeliveryStore(sqlite.open()).read(CONVERSATION)).delivery).toEqual(read.delivery);
  });

  it('leaves a version 1 document another instance is migrating meanwhile to it, and migrates it on a later read', async () => {
    const key = `alert-delivery/${encodeURIComponent(CONVERSATION)}`;
    await storage.write({ [key]: { version: 1, state, writeId: 'old' } });
    const other = sqlite.open();
    let interfered = false;
    // The other instance writes the same shard just before this one does.
    const racing = {
      ...storage,
      write: async (changes: Record<string, unknown>) => {
        const shardKey = Object.keys(changes).find((k) => k.startsWith('alert-state/'));
        if (shardKey && !interfered) {
          interfered = true;
          await other.write({ [shardKey]: { version: 1, slots: [], eTag: '*' } });
        }
        return storage.write(changes);
      },
    };

    const refused = await alertDeliveryStore(racing).read(CONVERSATION).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryConflictError);
    expect((await storage.read([key]))[key]).toMatchObject({ version: 1 });
    expect(await storage.read([`corrupt-documents/${key}`])).toEqual({});

    expect((await committedState(alertDeliveryStore(storage), CONVERSATION)).findings).toEqual(state.findings);
  });

  it('refuses a document from a newer version of the bot, and leaves it as it is', async () => {
    const store = alertDeliveryStore(storage);
    const key = `alert-delivery/${encodeURIComponent(CONVERSATION)}`;
    await storage.write({ [key]: { version: 3, state, writeId: 'x' } });

    const newer = await store.read(CONVERSATION).catch((error: unknown) => error);
    expect(newer).toBeInstanceOf(CodedError);
    expect(newer).toMatchObject({ code: ErrorCodes.Internal, message: expect.stringContaining('version 3') });
    expect((await storage.read([key]))[key]).toMatchObject({ version: 3 });
  });

  it.each([
    ['an outbox message of an unknown status', { ...withOutbox, outbox: { ...withOutbox.outbox!, messages: [{ ...withOutbox.outbox!.messages[1]!, status: 'maybe' }] } }],
    ['a header without its shard versions', { seq: 1 }],
  ])('reads a broken document (%s) as none, logged without quoting it, and replaces it on the next write', async (_what, broken) => {
    const lines: string[] = [];
    const store = alertDeliveryStore(storage, pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }));
    const key = `alert-delivery/${encodeURIComponent(CONVERSATION)}`;
    await storage.write({ [key]: { version: 2, ...broken, writeId: 'x' } });

    const read = await store.read(CONVERSATION);
    expect(read.delivery).toEqual(emptyAlertDelivery());
    expect(lines.some((line) => line.includes('stored document is corrupt'))).toBe(true);
    expect(lines.join('\n')).not.toContain('Northwind');

    const replaced = await store.replace(read, committed);
    expect((await store.read(CONVERSATION)).delivery).toEqual(replaced.delivery);
  });

  it('reads a broken state shard as none, without quoting it', async () => {
    const store = alertDeliveryStore(storage);
    const shardKey = `alert-state/${encodeURIComponent(CONVERSATION)}/7`;
    await storage.write({ [shardKey]: { version: 1, slots: [{ seq: 1, findings: [{ customerId: 'Northwind' }] }] } });
    expect((await store.readShard(CONVERSATION, 7)).document).toBeUndefined();
  });
});
