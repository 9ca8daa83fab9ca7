import type { Storage } from 'botbuilder';
import type { SubscriptionStore } from '../../src/alerts/ports';
import {
  emptyConversationAlerts,
  recordRun,
  subscribe,
  unsubscribeAll,
  unsubscribeCustomer,
  type SubscribeRequest,
} from '../../src/core/alerts/subscriptions';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { subscriptionStore } from '../../src/storage/subscription-store';
import { tempSqlite } from '../helpers/temp-storage';
import { customerId } from '../../src/core/customers/customer-id';

const CHANNEL = '19:sales@thread.tacv2';
const CHAT = 'a:personal-chat';

const sqlite = tempSqlite('subscription-store-');
/** One bot instance's connection to the shared SQLite file. */
const open = () => sqlite.open();

function request(rawId: string | null, subscriber = 'anna'): SubscribeRequest {
  return {
    customerId: rawId === null ? null : customerId(rawId),
    customerName: rawId ? `Customer ${rawId}` : null,
    threshold: null,
    subscriber: { userId: `29:${subscriber}`, name: subscriber, locale: 'en-US' },
    at: '2026-03-02T08:00:00.000Z',
  };
}

const customersOf = async (store: SubscriptionStore, conversationId: string) =>
  (await store.get(conversationId)).subscriptions.map((s) => s.customerId);

/**
 * Bot instances over real SQLite whose first reads wait for each other, so their read-modify-writes
 * really overlap (both read before either writes). Counts the writes refused for a stale eTag.
 */
function overlapping(count: number): { instances: Storage[]; conflicts: () => number } {
  let firstReads = 0;
  let conflicts = 0;
  let release!: () => void;
  const allRead = new Promise<void>((resolve) => (release = resolve));
  const instances = Array.from({ length: count }, (): Storage => {
    const storage = open();
    let hasRead = false;
    return {
      read: async (keys) => {
        const items = await storage.read(keys);
        if (!hasRead) {
          hasRead = true;
          if (++firstReads === count) release();
          await allRead;
        }
        return items;
      },
      write: async (changes) => {
        try {
          await storage.write(changes);
        } catch (error) {
          conflicts++;
          throw error;
        }
      },
      delete: (keys) => storage.delete(keys),
    };
  });
  return { instances, conflicts: () => conflicts };
}

describe('alert subscriptions in SQLite storage', () => {
  it('has nothing for a conversation nobody subscribed', async () => {
    const store = subscriptionStore(open());
    expect(await store.get(CHAT)).toEqual(emptyConversationAlerts(CHAT));
    expect(await store.conversationIds()).toEqual([]);
  });

  it('keeps subscriptions and lists their conversations, across a restart', async () => {
    const before = open();
    const store = subscriptionStore(before);
    const stored = await store.update(CHANNEL, (alerts) => subscribe(alerts, request('contoso')));
    await store.update(CHAT, (alerts) => subscribe(alerts, request(null)));
    expect(stored.subscriptions).toEqual([expect.objectContaining({ customerId: 'contoso', status: 'active' })]);
    before.close();

    const after = subscriptionStore(open());
    expect(await customersOf(after, CHANNEL)).toEqual(['contoso']);
    expect(await customersOf(after, CHAT)).toEqual([null]);
    expect((await after.conversationIds()).sort()).toEqual([CHAT, CHANNEL].sort());
  });

  it('takes a conversation out of the list when its last subscription goes, and keeps the others', async () => {
    const store = subscriptionStore(open());
    await store.update(CHANNEL, (alerts) => subscribe(subscribe(alerts, request('contoso')), request('northwind')));
    await store.update(CHAT, (alerts) => subscribe(alerts, request(null)));

    await store.update(CHANNEL, (alerts) => unsubscribeCustomer(alerts, customerId('contoso')));
    expect(await store.conversationIds()).toEqual(expect.arrayContaining([CHANNEL, CHAT]));

    await store.update(CHANNEL, unsubscribeAll);
    expect(await store.conversationIds()).toEqual([CHAT]);
    expect(await store.get(CHANNEL)).toEqual(emptyConversationAlerts(CHANNEL));
  });

  it('lets two people subscribing at once on two instances both land', async () => {
    const { instances, conflicts } = overlapping(2);
    await Promise.all([
      subscriptionStore(instances[0]!).update(CHANNEL, (alerts) => subscribe(alerts, request('contoso', 'anna'))),
      subscriptionStore(instances[1]!).update(CHANNEL, (alerts) => subscribe(alerts, request('northwind', 'chris'))),
    ]);

    // Both read the same (empty) document, so one of them had to re-read and apply its change again.
    expect(conflicts()).toBeGreaterThan(0);
    const store = subscriptionStore(open());
    expect((await customersOf(store, CHANNEL)).sort()).toEqual(['contoso', 'northwind']);
    expect(await store.conversationIds()).toEqual([CHANNEL]);
  });

  it('keeps a subscription made while a pass records its run on the same conversation', async () => {
    const { instances, conflicts } = overlapping(2);
    await subscriptionStore(open()).update(CHANNEL, (alerts) => subscribe(alerts, request(null)));
    const run = { at: '2026-03-09T08:00:00.000Z', outcome: 'quiet' as const };
    await Promise.all([
      subscriptionStore(instances[0]!).update(CHANNEL, (alerts) => recordRun(alerts, run)),
      subscriptionStore(instances[1]!).update(CHANNEL, (alerts) => subscribe(alerts, request('contoso', 'chris'))),
    ]);

    expect(conflicts()).toBeGreaterThan(0);
    const { subscriptions } = await subscriptionStore(open()).get(CHANNEL);
    expect(subscriptions.map((s) => s.customerId).sort()).toEqual(['contoso', null].sort());
    expect(subscriptions.find((s) => s.customerId === null)?.lastRun).toEqual(run);
  });

  it('lists conversations subscribed at the same moment on two instances', async () => {
    const { instances, conflicts } = overlapping(2);
    await Promise.all([
      subscriptionStore(instances[0]!).update(CHANNEL, (alerts) => subscribe(alerts, request(null))),
      subscriptionStore(instances[1]!).update(CHAT, (alerts) => subscribe(alerts, request(null))),
    ]);
    // Their documents differ, but both created the index from the same empty read.
    expect(conflicts()).toBeGreaterThan(0);
    expect((await subscriptionStore(open()).conversationIds()).sort()).toEqual([CHAT, CHANNEL].sort());
  });

  it('gives up with an error, writing nothing, when another writer always gets there first', async () => {
    const storage = open();
    const store = subscriptionStore(storage);
    await store.update(CHAT, (alerts) => subscribe(alerts, request('contoso')));
    // Another instance rewrites the document between every read and write of ours.
    const meddled: Storage = {
      read: async (keys) => {
        const items = await storage.read(keys);
        for (const [key, item] of Object.entries(items)) await storage.write({ [key]: { ...item, eTag: '*' } });
        return items;
      },
      write: (changes) => storage.write(changes),
      delete: (keys) => storage.delete(keys),
    };

    const attempt = subscriptionStore(meddled, { maxAttempts: 3 }).update(CHAT, (alerts) => subscribe(alerts, request('northwind')));
    await expect(attempt).rejects.toThrow(CodedError);
    expect(await customersOf(store, CHAT)).toEqual(['contoso']);
  });

  it('refuses a document of another version rather than overwrite it', async () => {
    const storage = open();
    const key = `alert-subscriptions/${encodeURIComponent(CHAT)}`;
    await storage.write({ [key]: { version: 2, conversationId: CHAT, subscriptions: 'a new shape' } });
    const store = subscriptionStore(storage);

    await expect(store.get(CHAT)).rejects.toMatchObject({ code: ErrorCodes.Internal });
    await expect(store.update(CHAT, (alerts) => subscribe(alerts, request(null)))).rejects.toMatchObject({ code: ErrorCodes.Internal });
    expect((await storage.read([key]))[key]).toMatchObject({ version: 2, subscriptions: 'a new shape' });
  });

  it('keeps conversation ids with Teams characters apart', async () => {
    const store = subscriptionStore(open());
    const ids = ['19:a@thread.tacv2', '19:a@thread.tacv2/x', 'a:1Xy/+=?%;', '29:ünïcödé'];
    for (const [index, id] of ids.entries()) await store.update(id, (alerts) => subscribe(alerts, request(`c${index}`)));
    for (const [index, id] of ids.entries()) expect(await customersOf(store, id)).toEqual([`c${index}`]);
    expect((await store.conversationIds()).sort()).toEqual([...ids].sort());
  });
});
