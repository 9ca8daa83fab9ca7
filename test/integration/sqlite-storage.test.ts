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
        sqlite.file(),
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
