import type { Activity } from 'botbuilder';
import Database from 'better-sqlite3';
import { Writable } from 'node:stream';
import pino from 'pino';
import { subscribe, type SubscribeRequest } from '../../src/core/alerts/subscriptions';
import { customerId } from '../../src/core/customers/customer-id';
import { ErrorCodes } from '../../src/core/errors';
import { alertSlotStore } from '../../src/storage/alert-slot-store';
import { conversationReferenceStore } from '../../src/storage/conversation-reference-store';
import { pendingCommandStore } from '../../src/storage/pending-command-store';
import { conversationSettingsStore } from '../../src/storage/conversation-settings-store';
import { CORRUPT_PREFIX } from '../../src/storage/stored-documents';
import { subscriptionStore } from '../../src/storage/subscription-store';
import { tempSqlite } from '../helpers/temp-storage';

/**
 * Every stored document is checked when read. A corrupt one is logged, kept aside under
 * corrupt-documents/ and read as absent: the bot keeps answering and the next write replaces it. Real
 * SQLite, with rows corrupted the way a hand edit or an older bot would leave them.
 */
const sqlite = tempSqlite('corrupt-documents-');
const CHAT = 'a:personal-chat';
const SETTINGS_KEY = `conversation-settings/${encodeURIComponent(CHAT)}`;
const SUBSCRIPTIONS_KEY = `alert-subscriptions/${encodeURIComponent(CHAT)}`;

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { logger, corrupt: () => lines.filter((line) => line.msg === 'stored document is corrupt; treated as absent') };
}

/** Replaces the stored JSON of `key` as is, bypassing every check of the bot. */
function corruptRow(key: string, json: string): void {
  const db = new Database(sqlite.file());
  try {
    const changed = db.prepare('UPDATE store_items SET value = ? WHERE key = ?').run(json, key).changes;
    if (changed === 0) db.prepare("INSERT INTO store_items (key, value, etag, updated_at) VALUES (?, ?, 'hand-edit', '2026-01-01')").run(key, json);
  } finally {
    db.close();
  }
}

function request(id: string | null): SubscribeRequest {
  return {
    customerId: id === null ? null : customerId(id),
    customerName: id ? `Customer ${id}` : null,
    threshold: null,
    subscriber: { userId: '29:anna', name: 'anna', locale: 'en-US' },
    at: '2026-03-02T08:00:00.000Z',
  };
}

describe('corrupt stored documents in SQLite', () => {
  it.each([
    ['a threshold that is not a number', '{"threshold":"fifty"}'],
    ['a threshold out of range', '{"threshold":500}'],
    ['a fractional threshold', '{"threshold":33.3}'],
  ])('conversation settings with %s read as none, are logged and kept aside, and are replaced by the next setting', async (_what, json) => {
    const storage = sqlite.open();
    const { logger, corrupt } = capture();
    const settings = conversationSettingsStore(storage, logger);
    await settings.update(CHAT, { threshold: 40 });
    corruptRow(SETTINGS_KEY, json);

    expect(await settings.get(CHAT)).toEqual({});
    expect(corrupt()).toEqual([expect.objectContaining({ key: SETTINGS_KEY, document: 'conversation settings' })]);
    const keptAside = (await storage.read([CORRUPT_PREFIX + SETTINGS_KEY]))[CORRUPT_PREFIX + SETTINGS_KEY];
    expect(keptAside?.document).toEqual(JSON.parse(json));

    await settings.update(CHAT, { threshold: 25 });
    expect(await settings.get(CHAT)).toEqual({ threshold: 25 });
  });

  // SQLite storage spreads a row's JSON into an item, so JSON that is no object at all reads as an item
  // with nothing the bot knows in it: absent, as it should be, though not reported.
  it.each([
    ['an array', '[1,2,3]'],
    ['a string', '"threshold 40"'],
    ['null', 'null'],
  ])('conversation settings stored as %s read as none and are replaced by the next setting', async (_what, json) => {
    const storage = sqlite.open();
    const settings = conversationSettingsStore(storage, capture().logger);
    await settings.update(CHAT, { threshold: 40 });
    corruptRow(SETTINGS_KEY, json);

    expect(await settings.get(CHAT)).toEqual({});
    await settings.update(CHAT, { threshold: 25 });
    expect(await settings.get(CHAT)).toEqual({ threshold: 25 });
  });

  it('a corrupt alert schedule slot reads as "never ran" and is recorded over', async () => {
    const storage = sqlite.open();
    const { logger, corrupt } = capture();
    const slots = alertSlotStore(storage, logger);
    await slots.record(new Date('2026-03-16T08:00:00.000Z'), await slots.read());
    corruptRow('alert-schedule/last-slot', '{"version":1,"slot":"last Monday"}');

    const seen = await slots.read();
    expect(seen.lastSlot).toBeUndefined();
    expect(corrupt()).toHaveLength(1);
    await slots.record(new Date('2026-03-23T08:00:00.000Z'), seen);
    expect((await slots.read()).lastSlot).toEqual(new Date('2026-03-23T08:00:00.000Z'));
  });

  it('a corrupt subscription index reads as empty, keeps the ids it named aside, and new subscriptions still work', async () => {
    const storage = sqlite.open();
    const { logger, corrupt } = capture();
    const store = subscriptionStore(storage, { logger });
    await store.update(CHAT, (alerts) => subscribe(alerts, request('contoso')));
    corruptRow('alert-subscriptions-index', '{"version":1,"conversationIds":"a:personal-chat"}');

    expect(await store.conversationIds()).toEqual([]);
    expect(corrupt().length).toBeGreaterThan(0);
    const keptAside = (await storage.read([`${CORRUPT_PREFIX}alert-subscriptions-index`]))[`${CORRUPT_PREFIX}alert-subscriptions-index`];
    expect(keptAside?.document).toEqual({ version: 1, conversationIds: 'a:personal-chat' });

    await store.update('19:sales@thread.tacv2', (alerts) => subscribe(alerts, request(null)));
    expect(await store.conversationIds()).toEqual(['19:sales@thread.tacv2']);
  });

  it("a corrupt conversation's subscriptions read as none and the next `alerts on` replaces them", async () => {
    const storage = sqlite.open();
    const { logger, corrupt } = capture();
    const store = subscriptionStore(storage, { logger });
    await store.update(CHAT, (alerts) => subscribe(alerts, request('contoso')));
    corruptRow(SUBSCRIPTIONS_KEY, `{"version":1,"conversationId":"${CHAT}","subscriptions":[{"customerId":42}],"mutedCustomerIds":[]}`);

    expect((await store.get(CHAT)).subscriptions).toEqual([]);
    expect(corrupt()).toEqual([expect.objectContaining({ key: SUBSCRIPTIONS_KEY, document: 'alert subscription document' })]);

    await store.update(CHAT, (alerts) => subscribe(alerts, request('northwind')));
    expect((await store.get(CHAT)).subscriptions.map((s) => s.customerId)).toEqual(['northwind']);
  });

  it('a corrupt conversation reference reads as none (no alert to a made-up address) until the next message brings one', async () => {
    const storage = sqlite.open();
    const { logger, corrupt } = capture();
    const references = conversationReferenceStore(storage, logger);
    const message = { type: 'message', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: CHAT }, from: { id: '29:anna', name: 'Anna' }, recipient: { id: '28:bot', name: 'Bot' } };
    await references.remember(message as Partial<Activity>);
    corruptRow(`conversation-reference/${encodeURIComponent(CHAT)}`, `{"reference":{"serviceUrl":"javascript:alert(1)","conversation":{"id":"${CHAT}"}}}`);

    expect(await references.get(CHAT)).toBeUndefined();
    expect(corrupt()).toHaveLength(1);
    await references.remember(message as Partial<Activity>);
    expect(await references.get(CHAT)).toMatchObject({ serviceUrl: 'https://smba.trafficmanager.net/emea/' });
  });

  it('a corrupt pending command is dropped, not run', async () => {
    const storage = sqlite.open();
    const { logger, corrupt } = capture();
    const pending = pendingCommandStore(storage, Date.now, logger);
    await pending.remember('anna', 'usage for Contoso');
    corruptRow(`pending-command/anna`, '{"text":{"command":"usage for Contoso"},"savedAt":"now"}');

    expect(await pending.take('anna')).toBeUndefined();
    expect(corrupt()).toHaveLength(1);
    expect((await storage.read(['pending-command/anna']))['pending-command/anna']).toBeUndefined();
  });

  it('a document from a newer version of the bot is refused and left as it is, never read as absent', async () => {
    const storage = sqlite.open();
    const { logger } = capture();
    const store = subscriptionStore(storage, { logger });
    corruptRow('alert-subscriptions-index', '{"version":2,"conversations":[{"id":"a:1"}]}');

    await expect(store.conversationIds()).rejects.toMatchObject({ code: ErrorCodes.Internal });
    expect((await storage.read(['alert-subscriptions-index']))['alert-subscriptions-index']).toMatchObject({ version: 2 });
  });
});
