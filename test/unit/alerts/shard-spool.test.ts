import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShardSpool, SpoolMemory } from '../../../src/alerts/shard-spool';

/** The spool folders with this prefix in the temporary folder. */
const foldersOf = (prefix: string) => readdirSync(tmpdir()).filter((name) => name.startsWith(prefix));

describe('rows spooled per shard', () => {
  // No budget: every row goes to disk. 256 KB: the first rows stay in memory until the spool outgrows it.
  it.each([
    ['on disk', 0, true],
    ['moved to disk on the way', 256 * 1024, true],
    ['in memory', 64 * 1024 * 1024, false],
  ])('hands back each shard its rows in order, whatever their size and characters (%s)', async (_where, budget, onDisk) => {
    const prefix = `csp-spool-test-${process.pid}-${budget}-`;
    const memory = new SpoolMemory(budget);
    const spool = await ShardSpool.create<[string, number]>(prefix, { memory });
    try {
      // Partner Center names are data: a hostile one can be long, quoted, multi-byte and multi-line.
      const hostile = `"Ω" ${'ö'.repeat(50_000)}\n],[ <script>`;
      const rows: [number, [string, number]][] = [];
      // Enough rows to fill several of a shard's 32 KB buffers.
      for (let i = 0; i < 30_000; i += 1) rows.push([i % 3, [`customer ${i} · Zoë`, i]]);
      rows.splice(1_500, 0, [1, [hostile, -1]]);
      for (const [shard, row] of rows) spool.add(shard, row);
      await spool.flushed();
      await spool.finish();

      expect(spool.shards).toEqual([0, 1, 2]);
      for (const shard of [0, 1, 2]) {
        expect(await spool.rowsIn(shard)).toEqual(rows.filter(([s]) => s === shard).map(([, row]) => row));
      }
      expect(await spool.rowsIn(7)).toEqual([]);
      // Only a spool that did not fit in memory went to disk, and then it holds none of the budget.
      expect(foldersOf(prefix)).toHaveLength(onDisk ? 1 : 0);
      expect(memory.take(budget)).toBe(onDisk);
      if (onDisk) memory.give(budget);
    } finally {
      await spool.dispose();
    }
    expect(foldersOf(prefix)).toEqual([]);
    // What the spool held in memory is free again for the next one.
    expect(memory.take(budget)).toBe(true);
  });

  it('shares one memory budget between spools: the second goes to disk while the first holds it', async () => {
    const prefix = `csp-spool-shared-test-${process.pid}-`;
    const memory = new SpoolMemory(100 * 1024);
    const first = await ShardSpool.create<string>(prefix, { memory });
    const second = await ShardSpool.create<string>(prefix, { memory });
    try {
      for (let i = 0; i < 2_000; i += 1) first.add(0, `row ${i} ${'x'.repeat(30)}`);
      await first.finish();
      expect(foldersOf(prefix)).toHaveLength(0);
      for (let i = 0; i < 2_000; i += 1) second.add(0, `other ${i} ${'y'.repeat(30)}`);
      await second.finish();
      expect(foldersOf(prefix)).toHaveLength(1);
      expect(await second.rowsIn(0)).toHaveLength(2_000);
      expect((await first.rowsIn(0))[1_999]).toBe(`row 1999 ${'x'.repeat(30)}`);
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  it('needs no folder while its rows fit, and fails the write, not the clean-up, when one cannot be made', async () => {
    const parent = join(tmpdir(), `csp-spool-missing-${process.pid}`, 'not-there');
    const fits = await ShardSpool.create<string>('csp-spool-fits-', { memory: new SpoolMemory(1024 * 1024), parent });
    fits.add(3, 'a row');
    await fits.finish();
    expect(await fits.rowsIn(3)).toEqual(['a row']);
    await fits.dispose();

    const spills = await ShardSpool.create<string>('csp-spool-spills-', { memory: new SpoolMemory(0), parent });
    spills.add(3, 'a row');
    await expect(spills.finish()).rejects.toThrow(/ENOENT/);
    await expect(spills.dispose()).resolves.toBeUndefined();
  });

  it('removes a spool a crashed pass left behind, and not one another pass may still be writing', async () => {
    const prefix = `csp-spool-stale-test-${process.pid}-`;
    const crashed = join(tmpdir(), `${prefix}crashed`);
    const recent = join(tmpdir(), `${prefix}recent`);
    mkdirSync(crashed, { recursive: true });
    mkdirSync(recent, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(crashed, twoDaysAgo, twoDaysAgo);

    try {
      const spool = await ShardSpool.create<number>(prefix);
      await spool.dispose();
      expect(existsSync(crashed)).toBe(false);
      expect(existsSync(recent)).toBe(true);
    } finally {
      rmSync(crashed, { recursive: true, force: true });
      rmSync(recent, { recursive: true, force: true });
    }
  });
});
