import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import pino from 'pino';
import { openSqliteStorage, type SqliteStorage, type SqliteStorageOptions } from '../../src/storage/sqlite-storage';

const logger = pino({ level: 'silent' });
const CONFLICT = /etag conflict/i;

let dir: string;
let opened: SqliteStorage[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-storage-'));
  opened = [];
});
afterEach(() => {
  for (const storage of opened) storage.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<SqliteStorageOptions> = {}): SqliteStorage {
  const storage = openSqliteStorage({ file: join(dir, 'bot.sqlite'), logger, ...options });
  opened.push(storage);
  return storage;
}

async function outcome(write: Promise<void>): Promise<'ok' | 'conflict'> {
  try {
    await write;
    return 'ok';
  } catch (error) {
    if (error instanceof Error && CONFLICT.test(error.message)) return 'conflict';
    throw error;
  }
}

async function etagOf(storage: Storage, key: string): Promise<string> {
  const item = (await storage.read([key]))[key];
  if (typeof item?.eTag !== 'string') throw new Error(`no eTag for ${key}`);
  return item.eTag;
}

describe('SQLite storage: reading and writing', () => {
  it('gives back what was written, as JSON, with an eTag, without touching the caller\'s object', async () => {
    const storage = open();
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
    const storage = open();
    await storage.write({ present: { n: 1 } });
    const items = await storage.read(['present', 'absent']);
    expect(Object.keys(items)).toEqual(['present']);
    expect(await storage.read([])).toEqual({});
  });

  it('lets a write without an eTag or with "*" win over whatever is stored, with a new eTag each time', async () => {
    const storage = open();
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
    const storage = open();
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    await storage.delete(['a', 'never-written']);
    expect(await storage.read(['a', 'b'])).toEqual({ b: expect.objectContaining({ v: 2 }) });
  });

  it('creates the data directory when it does not exist', async () => {
    const file = join(dir, 'data', 'nested', 'bot.sqlite');
    const storage = open({ file });
    await storage.write({ k: { v: 1 } });
    expect(existsSync(file)).toBe(true);
  });

  it('keeps keys with Teams-style and other odd characters apart', async () => {
    const storage = open();
    const keys = [
      'msteams/19:abc123@thread.tacv2;messageid=1700000000000/exchange-1',
      'msteams/a:1AbCdEf_gHi-JkL/user@contoso.onmicrosoft.com',
      'a:b',
      'a;b',
      'a/b',
      'a@b',
      'A:B',
      '%2F',
      "it's \"quoted\"",
      "'; DROP TABLE store_items; --",
      'Ünïcödé 😀',
      'with\nnewline',
      'nul\u0000inside',
      '',
      ' ',
      'x'.repeat(5_000),
    ];
    await storage.write(Object.fromEntries(keys.map((key, index) => [key, { index }])));

    const items = await storage.read(keys);
    expect(Object.keys(items)).toHaveLength(keys.length);
    keys.forEach((key, index) => expect(items[key]?.index).toBe(index));
    // Keys are exact: no case folding, no prefix matching.
    expect(await storage.read(['a:B', 'msteams/', 'nul'])).toEqual({});
  });
});

describe('SQLite storage: eTags like MemoryStorage', () => {
  it('lets only one of two writers holding the same eTag win', async () => {
    const storage = open();
    await storage.write({ state: { owner: 'nobody' } });
    const seen = await etagOf(storage, 'state');

    const results = await Promise.all([
      outcome(storage.write({ state: { owner: 'first', eTag: seen } })),
      outcome(storage.write({ state: { owner: 'second', eTag: seen } })),
    ]);
    expect(results).toEqual(['ok', 'conflict']);
    expect((await storage.read(['state'])).state.owner).toBe('first');
  });

  it('refuses the whole batch when one item conflicts', async () => {
    const storage = open();
    await storage.write({ a: { v: 1 } });
    const stale = await etagOf(storage, 'a');
    await storage.write({ a: { v: 2 } });

    await expect(storage.write({ b: { v: 'new' }, a: { v: 3, eTag: stale } })).rejects.toThrow(CONFLICT);
    expect(await storage.read(['a', 'b'])).toEqual({ a: expect.objectContaining({ v: 2 }) });
  });

  // Each step runs against MemoryStorage and SQLite; 'read' remembers the eTag a later 'writeWithReadEtag' uses.
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
    expect(await play(open(), steps)).toEqual(expected);
  });

  it('treats a repeated sign-in exchange id as a conflict (what TeamsSSOTokenExchangeMiddleware relies on)', async () => {
    const storage = open();
    const key = 'msteams/a:conversation/exchange-id-1';
    expect(await outcome(storage.write({ [key]: { eTag: 'exchange-id-1' } }))).toBe('ok');
    expect(await outcome(storage.write({ [key]: { eTag: 'exchange-id-1' } }))).toBe('conflict');
    expect(await outcome(storage.write({ 'msteams/a:conversation/exchange-id-2': { eTag: 'exchange-id-2' } }))).toBe('ok');
  });
});

describe('SQLite storage shared by two bot instances and across restarts', () => {
  it('lets two instances on one file see each other\'s writes and conflicts', async () => {
    const botA = open();
    const botB = open();
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

  it('keeps items and their eTags when the bot restarts', async () => {
    const before = open();
    await before.write({ state: { v: 1 } });
    const eTag = await etagOf(before, 'state');
    before.close();

    const after = open();
    expect((await after.read(['state'])).state).toEqual({ v: 1, eTag });
    expect(await outcome(after.write({ state: { v: 2, eTag } }))).toBe('ok');
  });

  it('waits for another process\'s write transaction instead of failing at once', async () => {
    const patient = open();
    const impatient = open({ busyTimeoutMs: 0 });
    await patient.write({ k: { v: 'before' } });

    // Another process (as a second bot on this machine) takes the write lock and keeps it a moment.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(process.argv[1]);
         const db = new Database(process.argv[2]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, 400);`,
        require.resolve('better-sqlite3'),
        join(dir, 'bot.sqlite'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(holder, 'exit');
    await once(holder.stdout, 'data');

    // Readers are not blocked; a writer without a busy timeout is refused, one with it waits its turn.
    expect((await impatient.read(['k'])).k.v).toBe('before');
    await expect(impatient.write({ k: { v: 'impatient' } })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await patient.write({ k: { v: 'patient' } });

    const [exitCode] = await exited;
    expect(exitCode).toBe(0);
    expect((await impatient.read(['k'])).k.v).toBe('patient');
  });
});

describe('botbuilder TeamsSSOTokenExchangeMiddleware over SQLite storage', () => {
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
    const botA = botInstance(open());
    const botB = botInstance(open());

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
