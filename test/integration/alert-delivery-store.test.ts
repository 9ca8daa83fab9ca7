import { DeliveryConflictError, type AlertDelivery } from '../../src/alerts/alert-delivery';
import { ALERT_STATE_VERSION, type AlertState } from '../../src/core/alerts/alert-state';
import pino from 'pino';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { alertDeliveryStore } from '../../src/storage/alert-delivery-store';
import type { SqliteStorage } from '../../src/storage/sqlite-storage';
import { alertedFinding } from '../helpers/alert-findings';
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

const withOutbox: AlertDelivery = {
  state: { version: ALERT_STATE_VERSION, findings: [] },
  outbox: {
    passId: 'pass-1',
    createdAt: '2026-03-09T08:00:00.000Z',
    nextState: state,
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
    expect(record).toEqual({ conversationId: CONVERSATION, delivery: { state: { version: ALERT_STATE_VERSION, findings: [] } } });
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
    await store.replace(first, { state });

    await expect(store.replace(first, withOutbox)).rejects.toBeInstanceOf(DeliveryConflictError);
    expect((await store.read(CONVERSATION)).delivery).toEqual({ state });
  });

  it('two first writers: the second is refused', async () => {
    const store = alertDeliveryStore(storage);
    const seenByOne = await store.read(CONVERSATION);
    const seenByTwo = await store.read(CONVERSATION);
    await store.replace(seenByOne, { state });

    await expect(store.replace(seenByTwo, withOutbox)).rejects.toBeInstanceOf(DeliveryConflictError);
  });

  it('writes of one conversation leave the others alone', async () => {
    const store = alertDeliveryStore(storage);
    await store.replace(await store.read(CONVERSATION), { state });
    const thread = `${CONVERSATION};messageid=1700000000000`;
    expect((await store.read(thread)).delivery.state.findings).toEqual([]);
  });

  it('refuses a document from a newer version of the bot, and leaves it as it is', async () => {
    const store = alertDeliveryStore(storage);
    const key = `alert-delivery/${encodeURIComponent(CONVERSATION)}`;
    await storage.write({ [key]: { version: 2, state, writeId: 'x' } });

    const newer = await store.read(CONVERSATION).catch((error: unknown) => error);
    expect(newer).toBeInstanceOf(CodedError);
    expect(newer).toMatchObject({ code: ErrorCodes.Internal, message: expect.stringContaining('version 2') });
    expect((await storage.read([key]))[key]).toMatchObject({ version: 2 });
  });

  it.each([
    ['an outbox message of an unknown status', { ...withOutbox, outbox: { ...withOutbox.outbox!, messages: [{ ...withOutbox.outbox!.messages[1]!, status: 'maybe' }] } }],
    ['a finding without its fields', { state: { version: 1, findings: [{ customerId: 'Northwind' }] } }],
  ])('reads a broken document (%s) as none, logged without quoting it, and replaces it on the next write', async (_what, broken) => {
    const lines: string[] = [];
    const store = alertDeliveryStore(storage, pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }));
    const key = `alert-delivery/${encodeURIComponent(CONVERSATION)}`;
    await storage.write({ [key]: { version: 1, ...broken, writeId: 'x' } });

    const read = await store.read(CONVERSATION);
    expect(read.delivery).toEqual({ state: { version: ALERT_STATE_VERSION, findings: [] } });
    expect(lines.some((line) => line.includes('stored document is corrupt'))).toBe(true);
    expect(lines.join('\n')).not.toContain('Northwind');

    const replaced = await store.replace(read, { state });
    expect((await store.read(CONVERSATION)).delivery).toEqual(replaced.delivery);
  });
});
