/** What the driver sends each child in its `start` message, and what the child reports back as ready. */

export interface BotHostConfig {
  /** The compiled bot (dist/). */
  botDir: string;
  partnerCenterUrl: string;
  /** A fresh folder for the bot's SQLite state, so no run inherits another's. */
  dataDir: string;
  logLevel: string;
}

export interface EchoBotConfig {
  /** The Adaptive Card the echo bot answers every message with. */
  card: object;
  /**
   * Given, the echo bot first reads from Partner Center what our bot reads for a question about a
   * customer it has not seen (the second ceiling: a bot that makes the same calls and nothing else).
   */
  reads?: { partnerCenterUrl: string; customerIdsByName: Record<string, string> };
}

export interface SimulatorHostConfig {
  botDir: string;
  customers: number;
  workloadsPerCustomer: number;
  seed: number;
  /** Milliseconds every Partner Center answer waits (a real round trip); 0 when absent. */
  latencyMs?: number;
  /** false: the partner-wide subscription scan answers 404 (the customer-by-customer fallback is measured). */
  partnerSubscriptionScan?: boolean;
}

export interface SimulatorHostInfo {
  url: string;
  /** Every generated customer's company name, in data set order: what the benchmark asks about. */
  customerNames: string[];
  /** Their ids, in the same order. */
  customerIds: string[];
  /** Subscriptions whose term ends within the alert pass's renewal window (60 days): the rows its renewals scan pages through. */
  renewalRows: number;
}

export interface ServerInfo {
  url: string;
}

export interface CoreBenchConfig {
  botDir: string;
  /** Workload rows of the customer being analysed. */
  rows: number;
  seed: number;
  /** Commands per round; as many warm up first. */
  iterations: number;
  rounds: number;
}

export type CoreStage = 'parse' | 'analyse' | 'render' | 'total';

export interface CoreBenchInfo {
  /** CPU microseconds per command of each stage, one value per round. */
  rounds: Record<CoreStage, number[]>;
  cardBytes: number;
  lowWorkloads: number;
}

export interface AlertPassBenchConfig {
  botDir: string;
  simulatorUrl: string;
  /** scan: the commercial endpoint's pages; per-customer: one usage call per customer, as a naive pass would. */
  strategy: 'scan' | 'per-customer';
  /** Partner Center calls at once in the per-customer strategy. */
  concurrency: number;
}

export interface RenewalsBenchConfig {
  botDir: string;
  simulatorUrl: string;
  /** How far ahead the scan looks. */
  days: number;
  /** Customer reads at once in the fallback. */
  concurrency: number;
}

export interface RenewalsBenchInfo {
  wallMs: number;
  cpuMicros: number;
  partnerCenterRequests: number;
  /** Subscriptions ending in the window. */
  subscriptions: number;
  source: 'partner-wide' | 'per-customer';
}

export interface AlertPassBenchInfo {
  wallMs: number;
  /** CPU of the pass alone (user + system), not of loading modules. */
  cpuMicros: number;
  partnerCenterRequests: number;
  alertsSent: number;
  messagesSent: number;
  largestCardBytes: number;
  /** State documents written by the pass (conversation header and state shards). */
  stateWrites: number;
  /** The same figures for a second pass the next day over the same data: nothing new to say. */
  repeat: { wallMs: number; cpuMicros: number; partnerCenterRequests: number; alertsSent: number; messagesSent: number; stateWrites: number };
}

export interface HistoryBenchConfig {
  botDir: string;
  customers: number;
  /** Data dates each customer's history holds before the measured refreshes. */
  keptDates: number;
  /** Refreshes measured after the first one after the upgrade. */
  refreshes: number;
  seed: number;
}

export interface HistoryBenchInfo {
  /** CPU microseconds per customer of the first refresh, which reads each version 1 history whole and splits it. */
  afterUpgradeCpuMicros: number;
  /** CPU microseconds per customer of each later refresh. */
  refreshCpuMicros: number[];
  /** Snapshots a customer's history holds when read at the end: every one kept, none lost. */
  snapshotsRead: number;
}
