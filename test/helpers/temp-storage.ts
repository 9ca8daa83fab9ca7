import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openSqliteStorage, type SqliteStorage, type SqliteStorageOptions } from '../../src/storage/sqlite-storage';

/**
 * A fresh temporary folder for each test of the calling file, removed after the test; `cleanUp` runs
 * first (e.g. closing what the test opened there). Call it at the top of a file or a describe block.
 */
export function tempDir(prefix: string, cleanUp: () => unknown = () => undefined): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await cleanUp();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (!dir) throw new Error('tempDir is only there while a test runs');
    return dir;
  };
}

export interface TempSqlite {
  /** This test's folder. */
  dir(): string;
  /** This test's database file, `bot-state.sqlite` in its folder. */
  file(): string;
  /**
   * Another connection to this test's database file, as another bot process on the machine would
   * open; closed after the test.
   */
  open(options?: Partial<SqliteStorageOptions>): SqliteStorage;
}

/** SQLite storage in a fresh temporary folder for each test of the calling file. */
export function tempSqlite(prefix: string): TempSqlite {
  let opened: SqliteStorage[] = [];
  const dir = tempDir(prefix, () => {
    for (const storage of opened) storage.close();
    opened = [];
  });
  const file = () => join(dir(), 'bot-state.sqlite');
  return {
    dir,
    file,
    open(options = {}) {
      const storage = openSqliteStorage({ file: file(), logger: pino({ level: 'silent' }), ...options });
      opened.push(storage);
      return storage;
    },
  };
}
