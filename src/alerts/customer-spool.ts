import type { ScannedCustomer } from '../core/alerts/decide-alerts';
import { shardOf } from '../core/alerts/state-shards';
import type { CustomerId } from '../core/customers/customer-id';
import { analyseUsage, DEFAULT_LOW_USAGE_THRESHOLD } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { UsageSummary } from '../core/usage/usage-summary';
import { ShardSpool } from './shard-spool';

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

/**
 * Where rows live on disk: a run of one customer's consecutive rows (a page lists a customer's workloads
 * one after the other) as one flat JSON array, the customer's id, name and data date once and then five
 * fields per workload: `[id, name, date, product, workload, active, qualified, percent, product, ...]`.
 * Against one array per row, that is some 40 % fewer bytes to write, read and parse.
 */
// The id is a CustomerId as this bot wrote it (normalised where it entered from Partner Center).
type SpooledRun = [CustomerId, string, string | null, ...(string | number | null)[]];
const RUN_HEAD = 3;
const FIELDS_PER_ROW = 5;

/**
 * The usage rows of one scan, spooled per shard (shard-spool.ts) and handed back one shard's
 * customers at a time. One scan of 10,000 customers is some 5.5 MB, held in memory; of 100,000, some 70 MB,
 * most of it on disk for the length of the pass.
 */
export class CustomerSpool implements CustomerSource {
  private readonly handedOut = new Set<number>();

  private constructor(
    private readonly rows: ShardSpool<SpooledRun>,
    private readonly onFirstRead: ((customers: readonly UsageSummary[]) => Promise<void>) | undefined,
  ) {}

  /**
   * `onFirstRead` is given each shard's analysed customers the first time the shard is read (a read is
   * walked by every conversation of its subscriber): the pass records usage history from it.
   */
  static async create(onFirstRead?: (customers: readonly UsageSummary[]) => Promise<void>): Promise<CustomerSpool> {
    return new CustomerSpool(await ShardSpool.create<SpooledRun>('csp-alert-scan-'), onFirstRead);
  }

  get shards(): readonly number[] {
    return this.rows.shards;
  }

  /** Adds rows; resolves once what had to be flushed is on disk (back-pressure for the scan). */
  async add(records: readonly UsageRecord[]): Promise<void> {
    let run: SpooledRun | undefined;
    for (const record of records) {
      const date = record.processedDateTime ?? null;
      if (!run || run[0] !== record.customerId || run[1] !== record.customerName || run[2] !== date) {
        if (run) this.rows.add(shardOf(run[0]), run);
        run = [record.customerId, record.customerName, date];
      }
      run.push(record.productName, record.workloadName, record.licensesActive, record.licensesQualified, record.usagePercent ?? null);
    }
    if (run) this.rows.add(shardOf(run[0]), run);
    await this.rows.flushed();
  }

  /** Writes what is buffered; call once every row was added. */
  finish(): Promise<void> {
    return this.rows.finish();
  }

  /** The shard's customers, analysed in full (the report ranks by more than the pass decides on). */
  async customersIn(shard: number): Promise<UsageSummary[]> {
    const byCustomer = new Map<string, { customerId: CustomerId; records: UsageRecord[] }>();
    for (const run of await this.rows.rowsIn(shard)) {
      const [customerId, customerName, processedDateTime] = run;
      const key = customerId.toLowerCase();
      let group = byCustomer.get(key);
      if (!group) {
        group = { customerId, records: [] };
        byCustomer.set(key, group);
      }
      for (let at = RUN_HEAD; at + FIELDS_PER_ROW <= run.length; at += FIELDS_PER_ROW) {
        const record: UsageRecord = {
          customerId,
          customerName,
          productName: run[at] as string,
          workloadName: run[at + 1] as string,
          licensesActive: run[at + 2] as number,
          licensesQualified: run[at + 3] as number,
        };
        const usagePercent = run[at + 4];
        if (usagePercent !== null) record.usagePercent = usagePercent as number;
        if (processedDateTime !== null) record.processedDateTime = processedDateTime;
        group.records.push(record);
      }
    }
    const customers = [...byCustomer.values()].map((group) => analysed(group.customerId, group.records));
    if (this.onFirstRead && !this.handedOut.has(shard)) {
      this.handedOut.add(shard);
      await this.onFirstRead(customers);
    }
    return customers;
  }

  dispose(): Promise<void> {
    return this.rows.dispose();
  }
}

/** One customer as the alert pass decides about it. */
export function scannedCustomer(customerId: CustomerId, records: readonly UsageRecord[]): ScannedCustomer {
  const { customerName, low, healthy } = analysed(customerId, records);
  return { customerId, customerName, low, healthy };
}

function analysed(customerId: CustomerId, records: readonly UsageRecord[]): UsageSummary {
  // Which workloads are low is decided later, per conversation and threshold; this one only sorts.
  return analyseUsage({ customerId, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
}
