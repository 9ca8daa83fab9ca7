import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeStorageContract, etagOf, outcome } from '../helpers/storage-contract';
import { tempSqlite } from '../helpers/temp-storage';

const sqlite = tempSqlite('sqlite-storage-');
const open = sqlite.open;

describeStorageContract('SQLite', { open: () => open() });

describe('SQLite storage: the file', () => {
  it('creates the data directory when it does not exist', async () => {
    const file = join(sqlite.dir(), 'data', 'nested', 'bot.sqlite');
    const storage = open({ file });
    await storage.write({ k: { v: 1 } });
    expect(existsSync(file)).toBe(true);
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

    // Another process (as a second bot on this machine) takes the write lock and keeps it until told to
    // let go; then it says so and lets go a moment later, while our writer is already waiting.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(process.argv[1]);
         const db = new Database(process.argv[2]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         process.stdin.once('data', () => {
           process.stdout.write('releasing\\n');
           setTimeout(() => { db.exec('ROLLBACK'); db.close(); process.exit(0); }, 300);
         });`,
        require.resolve('better-sqlite3'),
        sqlite.file(),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = once(holder, 'exit');
    await once(holder.stdout, 'data');

    // While the lock is held (until we say so): readers are not blocked, a writer without a busy timeout is refused...
    expect((await impatient.read(['k'])).k.v).toBe('before');
    await expect(impatient.write({ k: { v: 'impatient' } })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    // ...and one with it waits its turn. (SQLite waits inside the write, blocking this event loop, so the
    // holder is told first and lets go on its own.)
    const releasing = once(holder.stdout, 'data');
    holder.stdin.write('release\n');
    await releasing;
    await patient.write({ k: { v: 'patient' } });

    const [exitCode] = await exited;
    expect(exitCode).toBe(0);
    expect((await impatient.read(['k'])).k.v).toBe('patient');
  });
});
