import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScannedCustomer } from '../core/alerts/decide-alerts';
import { shardOf } from '../core/alerts/state-shards';
import type { CustomerId } from '../core/customers/customer-id';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';

/**
 * The customers one read of a pass produced, handed out one state shard at a time (see
 * src/core/alerts/state-shards.ts), so a conversation decides shard by shard and memory never holds
 * every customer. A read is shared by every conversation of its subscriber, so it can be walked
 * more than once.
 */
export interface CustomerSource {
  /** Shards with at least one customer, ascending. */
  readonly shards: readonly number[];
  /** The shard's customers, each analysed from all its rows. */
  customersIn(shard: number): Promise<ScannedCustomer[]>;
}

/** A few customers, held in memory: a subscription to one customer. */
export function customersInMemory(customers: readonly ScannedCustomer[]): CustomerSource {
  const byShard = new Map<number, ScannedCustomer[]>();
  for (const customer of customers) {
    const shard = shardOf(customer.customerId);
    byShard.set(shard, [...(byShard.get(shard) ?? []), customer]);
  }
  return {
    shards: [...byShard.keys()].sort((a, b) => a - b),
    customersIn: async (shard) => byShard.get(shard) ?? [],
  };
}

/** Buffered bytes per shard before they are appended to its file. */
const FLUSH_AT_CHARS = 64 * 1024;

/** Where a row lives on disk: the fields analyseUsage reads, as a JSON array (one line each). */
// The id is a CustomerId as this bot wrote it (normalised where it entered from Partner Center).
type SpooledRow = [CustomerId, string, string, string, number, number, number | null, string | null];

/**
 * Usage rows on disk, one file per shard, in a temporary folder. Partner Center pages its scan by
 * row, in no order we can rely on: a customer's rows may come on different pages. Writing each row to
 * its customer's shard file while scanning, then reading one shard file at a time, groups every
 * customer's rows with a shard's worth of memory. One scan of 100,000 customers is some 80 MB on disk
 * for the length of the pass.
 */
export class CustomerSpool implements CustomerSource {
  private readonly pending = new Map<number, string>();
  private readonly written = new Set<number>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly folder: string) {}

  static async create(): Promise<CustomerSpool> {
    return new CustomerSpool(await mkdtemp(join(tmpdir(), 'csp-alert-scan-')));
  }

  get shards(): readonly number[] {
    return [...new Set([...this.written, ...this.pending.keys()])].sort((a, b) => a - b);
  }

  /** Adds rows; resolves once what had to be flushed is on disk (back-pressure for the scan). */
  async add(records: readonly UsageRecord[]): Promise<void> {
    for (const record of records) {
      const shard = shardOf(record.customerId);
      const row: SpooledRow = [
        record.customerId,
        record.customerName,
        record.productName,
        record.workloadName,
        record.licensesActive,
        record.licensesQualified,
        record.usagePercent ?? null,
        record.processedDateTime ?? null,
      ];
      const text = (this.pending.get(shard) ?? '') + JSON.stringify(row) + '\n';
      if (text.length < FLUSH_AT_CHARS) {
        this.pending.set(shard, text);
        continue;
      }
      this.pending.delete(shard);
      this.queue(shard, text);
    }
    await this.writing;
  }

  /** Writes what is buffered; call once every row was added. */
  async finish(): Promise<void> {
    for (const [shard, text] of this.pending) this.queue(shard, text);
    this.pending.clear();
    await this.writing;
  }

  async customersIn(shard: number): Promise<ScannedCustomer[]> {
    if (!this.written.has(shard)) return [];
    const text = await readFile(this.fileOf(shard), 'utf8');
    const byCustomer = new Map<string, { customerId: CustomerId; records: UsageRecord[] }>();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [customerId, customerName, productName, workloadName, licensesActive, licensesQualified, usagePercent, processedDateTime] = JSON.parse(
        line,
      ) as SpooledRow;
      const record: UsageRecord = { customerId, customerName, productName, workloadName, licensesActive, licensesQualified };
      if (usagePercent !== null) record.usagePercent = usagePercent;
      if (processedDateTime !== null) record.processedDateTime = processedDateTime;
      const key = customerId.toLowerCase();
      const group = byCustomer.get(key);
      if (group) group.records.push(record);
      else byCustomer.set(key, { customerId, records: [record] });
    }
    return [...byCustomer.values()].map((group) => scannedCustomer(group.customerId, group.records));
  }

  async dispose(): Promise<void> {
    await this.writing.catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
  }

  private queue(shard: number, text: string): void {
    this.written.add(shard);
    const file = this.fileOf(shard);
    this.writing = this.writing.then(() => appendFile(file, text, 'utf8'));
  }

  private fileOf(shard: number): string {
    return join(this.folder, `${shard}.jsonl`);
  }
}

/** One customer as the alert pass decides about it. */
export function scannedCustomer(customerId: CustomerId, records: readonly UsageRecord[]): ScannedCustomer {
  // Which workloads are low is decided later, per conversation and threshold; this one only sorts.
  const { customerName, low, healthy } = analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
  return { customerId, customerName, low, healthy };
}
