import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARD_COUNT } from '../core/alerts/state-shards';

/**
 * A spool is removed when its pass ends; one left by a process that crashed is removed by a later pass
 * once it is older than any pass can run (another process's spool in use is never that old).
 */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

async function removeStale(folder: string, prefix: string): Promise<void> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
  const before = Date.now() - STALE_AFTER_MS;
  for (const name of names) {
    const path = join(folder, name);
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isDirectory() && stats.mtimeMs < before) await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Bytes buffered per shard before they are kept or appended to its file: 256 shards hold 8 MB at most (16 with the free ones). */
const BUFFER_BYTES = 32 * 1024;

const ROW_END = Buffer.from(',\n');

/**
 * The bytes of spooled rows every spool of a process may keep in memory together. A spool that outgrows
 * what is left moves all its rows to disk and gives its share back. A small partner's pass then opens no
 * file at all (at 10,000 customers its usage and renewal rows are 6.2 MB), and a large one's memory is
 * what it was with every row on disk, however many subscribers read.
 */
export class SpoolMemory {
  private used = 0;

  constructor(private limitBytes: number) {}

  /** A new limit, for spools that take from the budget from now on (set from SPOOL_MEMORY_MB at start). */
  setLimit(bytes: number): void {
    this.limitBytes = bytes;
  }

  /** Takes `bytes` from the budget if they fit in what is left. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** What the process's spools may keep in memory unless SPOOL_MEMORY_MB says otherwise. */
export const DEFAULT_SPOOL_MEMORY_MB = 8;

/** Shared by every spool of this process unless one is given its own. */
export const PROCESS_SPOOL_MEMORY = new SpoolMemory(DEFAULT_SPOOL_MEMORY_MB * 1024 * 1024);

/**
 * Rows as one JSON line each, per state shard (src/core/alerts/state-shards.ts): in memory while they fit
 * in the process's spool budget, else in one file per shard in a temporary folder. Partner Center pages
 * its scans by row, in no order we can rely on: a customer's rows may come on different pages.
 * Spooling each row to its shard while scanning, then reading one shard at a time, groups every
 * customer's rows with a shard's worth of memory. What a row holds is the caller's: a tuple keeps the
 * spool small and parsing cheap.
 *
 * Rows are held in Buffers, outside the JavaScript heap: held across many pages, strings would be
 * copied by every young-generation collection and then promoted, and the pass's CPU and peak memory
 * would go to the garbage collector.
 */
export class ShardSpool<Row> {
  private readonly pending = new Map<number, { buffer: Buffer; used: number }>();
  /** Buffers whose rows were written or copied, used again: a scan fills thousands of them, memory holds a few hundred. */
  private readonly free: Buffer[] = [];
  /** Shards with sealed rows: in `kept` while the spool fits in the budget, in their files once it did not. */
  private readonly sealed = new Set<number>();
  /** Per shard, the rows kept in memory. */
  private readonly kept = new Map<number, Buffer[]>();
  private keptBytes = 0;
  /** Once the spool outgrew the budget, every row is on disk. */
  private onDisk = false;
  private folder: Promise<string> | undefined;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly parent: string,
    private readonly prefix: string,
    private readonly memory: SpoolMemory,
  ) {}

  /**
   * `memory`: the budget to keep rows in (the process's unless given); `parent`: where the spool's folder
   * is made once rows go to disk (the system's temporary folder unless given).
   */
  static async create<Row>(prefix: string, options: { memory?: SpoolMemory; parent?: string } = {}): Promise<ShardSpool<Row>> {
    const parent = options.parent ?? tmpdir();
    await removeStale(parent, prefix);
    return new ShardSpool<Row>(parent, prefix, options.memory ?? PROCESS_SPOOL_MEMORY);
  }

  /** Shards with at least one row, ascending. */
  get shards(): readonly number[] {
    return [...new Set([...this.sealed, ...this.pending.keys()])].sort((a, b) => a - b);
  }

  /** Adds one row; call `flushed` after a page of them for back-pressure. */
  add(shard: number, row: Row): void {
    const json = JSON.stringify(row);
    // Each row ends with ",\n": a shard reads back as one JSON array (see rowsIn).
    const bytes = Buffer.byteLength(json) + ROW_END.length;
    let pending = this.pending.get(shard);
    if (pending && pending.used + bytes > pending.buffer.length) {
      this.seal(shard, false);
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

  /** Seals what is buffered; call once every row was added. */
  async finish(): Promise<void> {
    for (const shard of [...this.pending.keys()]) this.seal(shard, true);
    await this.writing;
  }

  /** The shard's rows, in the order they were added. */
  async rowsIn(shard: number): Promise<Row[]> {
    if (!this.sealed.has(shard)) return [];
    // A spool's rows are all in memory or all on disk (see moveToDisk).
    const parts = this.onDisk ? [await readFile(this.fileOf(await this.folderOnDisk(), shard))] : (this.kept.get(shard) ?? []);
    const text = Buffer.concat(parts).toString('utf8');
    // One parse of the whole shard as an array: far cheaper than a JSON.parse per line.
    return JSON.parse(`[${text.slice(0, -2)}]`) as Row[];
  }

  async dispose(): Promise<void> {
    await this.writing.catch(() => undefined);
    this.releaseKept();
    // A folder that could not be made failed the write that needed it; there is nothing to remove.
    const folder = await this.folder?.catch(() => undefined);
    if (folder) await rm(folder, { recursive: true, force: true });
  }

  /** Moves a shard's pending rows to memory while the spool fits in the budget, to its file once not. */
  private seal(shard: number, last: boolean): void {
    const pending = this.pending.get(shard);
    this.pending.delete(shard);
    if (!pending || pending.used === 0) return;
    this.sealed.add(shard);
    const { buffer, used } = pending;
    // A full buffer is kept as it is; the last, partly filled one is copied to its size.
    const keptBytes = last ? used : buffer.length;
    if (!this.onDisk && this.memory.take(keptBytes)) {
      this.keptBytes += keptBytes;
      const rows = last ? Buffer.from(buffer.subarray(0, used)) : buffer.subarray(0, used);
      const chunks = this.kept.get(shard);
      if (chunks) chunks.push(rows);
      else this.kept.set(shard, [rows]);
      if (last) this.recycle(buffer);
      return;
    }
    if (!this.onDisk) this.moveToDisk();
    this.append(shard, buffer.subarray(0, used), buffer);
  }

  /** Writes every kept row to its shard's file, in order, and gives the spool's share of the budget back. */
  private moveToDisk(): void {
    this.onDisk = true;
    for (const [shard, chunks] of this.kept) this.append(shard, Buffer.concat(chunks));
    this.releaseKept();
  }

  private releaseKept(): void {
    this.kept.clear();
    this.memory.give(this.keptBytes);
    this.keptBytes = 0;
  }

  /** Queues rows for the end of the shard's file; `reusable` goes back to the free buffers once written. */
  private append(shard: number, rows: Buffer, reusable?: Buffer): void {
    this.writing = this.writing
      .then(() => this.folderOnDisk())
      .then((folder) => appendFile(this.fileOf(folder, shard), rows))
      .then(() => {
        if (reusable) this.recycle(reusable);
      });
  }

  private recycle(buffer: Buffer): void {
    if (buffer.length === BUFFER_BYTES && this.free.length < SHARD_COUNT) this.free.push(buffer);
  }

  /** The spool's folder, made when the first rows go to disk. */
  private folderOnDisk(): Promise<string> {
    this.folder ??= mkdtemp(join(this.parent, this.prefix));
    return this.folder;
  }

  private fileOf(folder: string, shard: number): string {
    return join(folder, `${shard}.rows`);
  }
}
