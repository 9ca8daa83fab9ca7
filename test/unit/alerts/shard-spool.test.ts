import { existsSync, mkdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShardSpool } from '../../../src/alerts/shard-spool';

describe('rows spooled per shard', () => {
  it('hands back each shard its rows in order, whatever their size and characters', async () => {
    const spool = await ShardSpool.create<[string, number]>('csp-spool-test-');
    try {
      // Partner Center names are data: a hostile one can be long, quoted, multi-byte and multi-line.
      const hostile = `"Ω" ${'ö'.repeat(50_000)}\n],[ <script>`;
      const rows: [number, [string, number]][] = [];
      for (let i = 0; i < 3_000; i += 1) rows.push([i % 3, [`customer ${i} · Zoë`, i]]);
      rows.splice(1_500, 0, [1, [hostile, -1]]);
      for (const [shard, row] of rows) spool.add(shard, row);
      await spool.flushed();
      await spool.finish();

      expect(spool.shards).toEqual([0, 1, 2]);
      for (const shard of [0, 1, 2]) {
        expect(await spool.rowsIn(shard)).toEqual(rows.filter(([s]) => s === shard).map(([, row]) => row));
      }
      expect(await spool.rowsIn(7)).toEqual([]);
    } finally {
      await spool.dispose();
    }
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
