import {
  ActivityTypes,
  Channels,
  MemoryStorage,
  StatusCodes,
  TeamsSSOTokenExchangeMiddleware,
  TestAdapter,
  tokenExchangeOperationName,
  type Activity,
  type Storage,
} from 'botbuilder';
import { EtagConflictError } from '../../src/storage/etag-conflict';

/** What botbuilder (and MemoryStorage) say on a refused write; the SSO middleware matches this text. */
export const CONFLICT = /etag conflict/i;

export async function outcome(write: Promise<void>): Promise<'ok' | 'conflict'> {
  try {
    await write;
    return 'ok';
  } catch (error) {
    if (error instanceof Error && CONFLICT.test(error.message)) return 'conflict';
    throw error;
  }
}

export async function etagOf(storage: Storage, key: string): Promise<string> {
  const item = (await storage.read([key]))[key];
  if (typeof item?.eTag !== 'string') throw new Error(`no eTag for ${key}`);
  return item.eTag;
}

export interface StorageSubject {
  /**
   * Opens a storage on this test's store. Within one test every call reaches the same data, as two bot
   * instances sharing it would; each test starts with an empty store.
   */
  open(): Storage | Promise<Storage>;
}

/** Keys bot code writes (Teams ids, user ids) and keys that trip up naive key mapping. */
const ODD_KEYS = [
  'msteams/19:abc123@thread.tacv2;messageid=1700000000000/exchange-1',
  'msteams/a:1AbCdEf_gHi-JkL/user@contoso.onmicrosoft.com',
  'a:b',
  'a;b',
  'a/b',
  'a//b',
  '/a/b/',
  'a@b',
  'A:B',
  '%2F',
  '.',
  '..',
  '~',
  "it's \"quoted\"",
  "'; DROP TABLE store_items; --",
  'Ünïcödé 😀',
  'with\nnewline',
  'nul\u0000inside',
  '',
  ' ',
  'x'.repeat(5_000),
  'x'.repeat(5_001),
];

/**
 * What every storage of the bot must do: botbuilder's Storage contract with MemoryStorage's eTag rules
 * (which TeamsSSOTokenExchangeMiddleware relies on), shared by several bot instances.
 */
export function describeStorageContract(label: string, subject: StorageSubject): void {
  const open = async () => subject.open();

  describe(`${label} storage: reading and writing`, () => {
    it('gives back what was written, as JSON, with an eTag, without touching the caller\'s object', async () => {
      const storage = await open();
      const item = {
        text: 'usage for Contoso — “quoted” 😀',
        count: 3,
        ratio: 0.25,
        flags: [true, false, null],
        nested: { deeper: { list: [{ a: 1 }] } },
        savedAt: new Date(0),
      };
      await storage.write({ state: item });

      const { state } = await storage.read(['state']);
      const { eTag, ...value } = state;
      // As MemoryStorage: a JSON round trip (a Date comes back as its ISO string, no class instances).
      expect(value).toEqual(JSON.parse(JSON.stringify(item)));
      expect(typeof value.savedAt).toBe('string');
      expect(typeof eTag).toBe('string');
      expect(eTag).not.toBe('');
      expect(item).not.toHaveProperty('eTag');

      // A read hands out a copy: changing it changes nothing stored.
      state.count = 99;
      expect((await storage.read(['state'])).state.count).toBe(3);
    });

    it('reads only the keys that exist', async () => {
      const storage = await open();
      await storage.write({ present: { n: 1 } });
      const items = await storage.read(['present', 'absent']);
      expect(Object.keys(items)).toEqual(['present']);
      expect(await storage.read([])).toEqual({});
    });

    it('lets a write without an eTag or with "*" win over whatever is stored, with a new eTag each time', async () => {
      const storage = await open();
      await storage.write({ k: { v: 1 } });
      const first = await etagOf(storage, 'k');
      await storage.write({ k: { v: 2 } });
      const second = await etagOf(storage, 'k');
      await storage.write({ k: { v: 3, eTag: '*' } });
      const third = await etagOf(storage, 'k');

      expect((await storage.read(['k'])).k.v).toBe(3);
      expect(new Set([first, second, third]).size).toBe(3);
    });

    it('deletes items, and deleting a missing key is fine', async () => {
      const storage = await open();
      await storage.write({ a: { v: 1 }, b: { v: 2 } });
      await storage.delete(['a', 'never-written']);
      expect(await storage.read(['a', 'b'])).toEqual({ b: expect.objectContaining({ v: 2 }) });
    });

    it('keeps keys with Teams-style and other odd characters apart', async () => {
      const storage = await open();
      await storage.write(Object.fromEntries(ODD_KEYS.map((key, index) => [key, { index }])));

      const items = await storage.read(ODD_KEYS);
      expect(Object.keys(items)).toHaveLength(ODD_KEYS.length);
      ODD_KEYS.forEach((key, index) => expect(items[key]?.index).toBe(index));
      // Keys are exact: no case folding, no prefix matching.
      expect(await storage.read(['a:B', 'msteams/', 'nul', 'a/b/', 'x'.repeat(4_999)])).toEqual({});

      await storage.delete(['a/b', 'x'.repeat(5_000)]);
      const left = await storage.read(ODD_KEYS);
      expect(Object.keys(left)).toHaveLength(ODD_KEYS.length - 2);
      expect(left).not.toHaveProperty(['a/b']);
      expect(left['a//b']?.index).toBe(ODD_KEYS.indexOf('a//b'));
      expect(left['x'.repeat(5_001)]?.index).toBe(ODD_KEYS.indexOf('x'.repeat(5_001)));
    });
  });

  describe(`${label} storage: eTags like MemoryStorage`, () => {
    it('lets only one of two writers holding the same eTag win', async () => {
      const storage = await open();
      await storage.write({ state: { owner: 'nobody' } });
      const seen = await etagOf(storage, 'state');

      const results = await Promise.all([
        outcome(storage.write({ state: { owner: 'first', eTag: seen } })),
        outcome(storage.write({ state: { owner: 'second', eTag: seen } })),
      ]);
      expect([...results].sort()).toEqual(['conflict', 'ok']);
      expect((await storage.read(['state'])).state.owner).toBe(results[0] === 'ok' ? 'first' : 'second');
    });

    it('refuses a stale write with an EtagConflictError naming the key', async () => {
      const storage = await open();
      await storage.write({ 'conversation/19:a@thread.tacv2': { v: 1 } });
      const stale = await etagOf(storage, 'conversation/19:a@thread.tacv2');
      await storage.write({ 'conversation/19:a@thread.tacv2': { v: 2 } });

      const refused = storage.write({ 'conversation/19:a@thread.tacv2': { v: 3, eTag: stale } });
      await expect(refused).rejects.toBeInstanceOf(EtagConflictError);
      await expect(refused).rejects.toMatchObject({ key: 'conversation/19:a@thread.tacv2', message: expect.stringMatching(CONFLICT) });
    });

    it('refuses the whole batch when one item conflicts', async () => {
      const storage = await open();
      await storage.write({ a: { v: 1 } });
      const stale = await etagOf(storage, 'a');
      await storage.write({ a: { v: 2 } });

      await expect(storage.write({ b: { v: 'new' }, a: { v: 3, eTag: stale } })).rejects.toThrow(CONFLICT);
      expect(await storage.read(['a', 'b'])).toEqual({ a: expect.objectContaining({ v: 2 }) });
    });

    // Each step runs against MemoryStorage and the storage under test; 'read' remembers the eTag a later
    // 'writeWithReadEtag' uses.
    type Step =
      | { write: string; eTag?: string }
      | { writeWithReadEtag: string }
      | { read: string }
      | { delete: string };

    async function play(storage: Storage, steps: Step[]): Promise<unknown[]> {
      const remembered = new Map<string, string>();
      const log: unknown[] = [];
      for (const [index, step] of steps.entries()) {
        if ('write' in step) {
          const item = step.eTag === undefined ? { step: index } : { step: index, eTag: step.eTag };
          log.push(await outcome(storage.write({ [step.write]: item })));
        } else if ('writeWithReadEtag' in step) {
          const eTag = remembered.get(step.writeWithReadEtag);
          log.push(await outcome(storage.write({ [step.writeWithReadEtag]: { step: index, eTag } })));
        } else if ('read' in step) {
          const item = (await storage.read([step.read]))[step.read];
          if (item) remembered.set(step.read, item.eTag);
          log.push(item ? { step: item.step } : 'missing');
        } else {
          await storage.delete([step.delete]);
          log.push('deleted');
        }
      }
      return log;
    }

    const scenarios: Array<[string, Step[]]> = [
      [
        'SSO de-duplication: a first write with an unknown eTag passes, the same eTag again conflicts',
        [{ write: 'exchange', eTag: 'exchange-id-1' }, { write: 'exchange', eTag: 'exchange-id-1' }, { read: 'exchange' }],
      ],
      [
        'read-modify-write: the read eTag works once, then it is stale; "*" and no eTag still win',
        [
          { write: 'k' },
          { read: 'k' },
          { writeWithReadEtag: 'k' },
          { writeWithReadEtag: 'k' },
          { write: 'k', eTag: '*' },
          { write: 'k' },
          { read: 'k' },
        ],
      ],
      [
        'a deleted key takes a write with its old eTag as a new item',
        [{ write: 'k' }, { read: 'k' }, { delete: 'k' }, { read: 'k' }, { writeWithReadEtag: 'k' }, { read: 'k' }],
      ],
      ['a made-up eTag conflicts with an existing item', [{ write: 'k' }, { write: 'k', eTag: 'made-up' }, { read: 'k' }]],
    ];

    it.each(scenarios)('%s', async (_name, steps) => {
      const expected = await play(new MemoryStorage(), steps);
      expect(await play(await open(), steps)).toEqual(expected);
    });

    it('treats a repeated sign-in exchange id as a conflict (what TeamsSSOTokenExchangeMiddleware relies on)', async () => {
      const storage = await open();
      const key = 'msteams/a:conversation/exchange-id-1';
      expect(await outcome(storage.write({ [key]: { eTag: 'exchange-id-1' } }))).toBe('ok');
      expect(await outcome(storage.write({ [key]: { eTag: 'exchange-id-1' } }))).toBe('conflict');
      expect(await outcome(storage.write({ 'msteams/a:conversation/exchange-id-2': { eTag: 'exchange-id-2' } }))).toBe('ok');
    });
  });

  describe(`${label} storage shared by two bot instances`, () => {
    it('lets two instances see each other\'s writes and conflicts', async () => {
      const botA = await open();
      const botB = await open();
      await botA.write({ state: { by: 'A' } });
      expect((await botB.read(['state'])).state.by).toBe('A');

      const seenByA = await etagOf(botA, 'state');
      const seenByB = await etagOf(botB, 'state');
      expect(seenByB).toBe(seenByA);

      expect(await outcome(botB.write({ state: { by: 'B', eTag: seenByB } }))).toBe('ok');
      expect(await outcome(botA.write({ state: { by: 'A again', eTag: seenByA } }))).toBe('conflict');
      expect((await botA.read(['state'])).state.by).toBe('B');

      await botA.delete(['state']);
      expect(await botB.read(['state'])).toEqual({});
    });

    it('lets exactly one of two instances create the same item', async () => {
      const botA = await open();
      const botB = await open();
      const results = await Promise.all([
        outcome(botA.write({ 'pass/first': { by: 'A', eTag: 'first-A' } })),
        outcome(botB.write({ 'pass/first': { by: 'B', eTag: 'first-B' } })),
      ]);
      expect([...results].sort()).toEqual(['conflict', 'ok']);
      expect((await botB.read(['pass/first']))['pass/first'].by).toBe(results[0] === 'ok' ? 'A' : 'B');
    });
  });

  describe(`botbuilder TeamsSSOTokenExchangeMiddleware over ${label} storage`, () => {
    const CONNECTION = 'PartnerCenter';

    function botInstance(storage: Storage) {
      const handled: string[] = [];
      const adapter = new TestAdapter(
        async (context) => {
          handled.push(String(context.activity.value?.id));
        },
        { channelId: Channels.Msteams },
      );
      adapter.addExchangeableToken(CONNECTION, Channels.Msteams, 'user-1', 'sso-token', 'partner-center-token');
      adapter.use(new TeamsSSOTokenExchangeMiddleware(storage, CONNECTION));
      return { adapter, handled };
    }

    const tokenExchange = (id: string): Partial<Activity> => ({
      type: ActivityTypes.Invoke,
      name: tokenExchangeOperationName,
      from: { id: 'user-1', name: 'User One' },
      conversation: { id: 'a:personal-chat', isGroup: false, name: 'chat', conversationType: 'personal' },
      value: { id, connectionName: CONNECTION, token: 'sso-token' },
    });

    it('lets exactly one of two bot instances handle the same sign-in sent by two Teams clients', async () => {
      const botA = botInstance(await open());
      const botB = botInstance(await open());

      await Promise.all([
        botA.adapter.processActivity(tokenExchange('exchange-1')),
        botB.adapter.processActivity(tokenExchange('exchange-1')),
      ]);
      expect([...botA.handled, ...botB.handled]).toEqual(['exchange-1']);
      const skipped = botA.handled.length === 0 ? botA : botB;
      expect(skipped.adapter.activeQueue).toEqual([
        expect.objectContaining({ type: ActivityTypes.InvokeResponse, value: expect.objectContaining({ status: StatusCodes.OK }) }),
      ]);

      // The same exchange delivered again later is still a duplicate; a new sign-in is not.
      await botA.adapter.processActivity(tokenExchange('exchange-1'));
      await botB.adapter.processActivity(tokenExchange('exchange-2'));
      expect([...botA.handled, ...botB.handled]).toEqual(['exchange-1', 'exchange-2']);
    });
  });
}
