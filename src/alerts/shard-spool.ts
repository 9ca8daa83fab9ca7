import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARD_COUNT } from '../core/alerts/state-shards';

/**
 * A spool is removed when its pass ends; one left by a process that crashed is removed by a later pass
 * once it is older than any pass can run (another process's spool in use is never that old).
 */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

async function removeStale(prefix: string): Promise<void> {
  const folder = tmpdir();
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
  const before = Date.now() - STALE_AFTER_MS;
  for (const name of names) {
    const path = join(folder, name);
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isDirectory() && stats.mtimeMs < before) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Bytes buffered per shard before they are appended to its file: 256 shards hold 8 MB at most (16 with the free ones). */
const BUFFER_BYTES = 32 * 1024;

const ROW_END = Buffer.from(',\n');

/**
 * Rows on disk, one JSON line each, one file per state shard (src/core/alerts/state-shards.ts), in a
 * temporary folder. Partner Center pages its scans by row, in no order we can rely on: a customer's
 * rows may come on different pages. Appending each row to its shard's file while scanning, then
 * reading one shard file at a time, groups every customer's rows with a shard's worth of memory.
 * What a row holds is the caller's: a tuple keeps the files small and parsing cheap.
 *
 * Rows wait for their write in Buffers, outside the JavaScript heap: held across many pages, strings
 * would be copied by every young-generation collection and then promoted, and the pass's CPU and
 * peak memory would go to the garbage collector.
 */
export class ShardSpool<Row> {
  private readonly pending = new Map<number, { buffer: Buffer; used: number }>();
  /** Buffers whose rows are on disk, used again: a scan fills thousands of them, memory holds a few hundred. */
  private readonly free: Buffer[] = [];
  private readonly written = new Set<number>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly folder: string) {}

  static async create<Row>(prefix: string): Promise<ShardSpool<Row>> {
    await removeStale(prefix);
    return new ShardSpool<Row>(await mkdtemp(join(tmpdir(), prefix)));
  }

  /** Shards with at least one row, ascending. */
  get shards(): readonly number[] {
    return [...new Set([...this.written, ...this.pending.keys()])].sort((a, b) => a - b);
  }

  /** Adds one row; call `flushed` after a page of them for back-pressure. */
  add(shard: number, row: Row): void {
    const json = JSON.stringify(row);
    // Each row ends with ",\n": the file reads back as one JSON array (see rowsIn).
    const bytes = Buffer.byteLength(json) + ROW_END.length;
    let pending = this.pending.get(shard);
    if (pending && pending.used + bytes > pending.buffer.length) {
      this.queue(shard);
      pending = undefined;
    }
    if (!pending) {
      pending = { buffer: (bytes <= BUFFER_BYTES ? this.free.pop() : undefined) ?? Buffer.allocUnsafe(Math.max(BUFFER_BYTES, bytes)), used: 0 };
      this.pending.set(shard, pending);
    }
    pending.used += pending.buffer.write(json, pending.used);
    pending.used += ROW_END.copy(pending.buffer, pending.used);
  }

  /** Resolves once what had to be written so far is on disk (a scan awaits it between pages). */
  flushed(): Promise<void> {
    return this.writing;
  }

  /** Writes what is buffered; call once every row was added. */
  async finish(): Promise<void> {
    for (const shard of [...this.pending.keys()]) this.queue(shard);
    await this.writing;
  }

  /** The shard's rows, in the order they were added. */
  async rowsIn(shard: number): Promise<Row[]> {
    if (!this.written.has(shard)) return [];
    const text = await readFile(this.fileOf(shard), 'utf8');
    // One parse of the whole file as an array: far cheaper than a JSON.parse per line.
    return JSON.parse(`[${text.slice(0, -2)}]`) as Row[];
  }

  async dispose(): Promise<void> {
    await this.writing.catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
  }

  private queue(shard: number): void {
    const pending = this.pending.get(shard);
    this.pending.delete(shard);
    if (!pending || pending.used === 0) return;
    this.written.add(shard);
    const { buffer, used } = pending;
    const file = this.fileOf(shard);
    this.writing = this.writing
      .then(() => appendFile(file, buffer.subarray(0, used)))
      .then(() => {
        if (buffer.length === BUFFER_BYTES && this.free.length < SHARD_COUNT) this.free.push(buffer);
      });
  }

  private fileOf(shard: number): string {
    return join(this.folder, `${shard}.rows`);
  }
}
