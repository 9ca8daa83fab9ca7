import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The parts of the bot the benchmark drives, loaded at run time from its compiled output (dist/, from
 * `npm run build`; the smoke test points at src/ instead). The shapes below are what the benchmark
 * relies on; the smoke test type-checks them against the sources.
 */

export interface RunningBot {
  url: string;
  close(): Promise<void>;
}

// Function-typed properties rather than methods: their parameters are checked strictly, not bivariantly.
export interface AppKit<Config, Logger> {
  loadConfig: (env: Record<string, string | undefined>) => Config;
  createLogger: (options: { level: string }) => Logger;
  startApp: (config: Config, logger: Logger, options?: { version?: string }) => Promise<RunningBot>;
  /** What the bot's entry point does first (src/server/v8-tuning.ts); a child measuring the bot does it too. */
  tuneV8: () => boolean;
}

export interface GeneratedCustomer {
  id: string;
  companyName: string;
  /** What the customer bought: each ends this many days from the simulator's today. */
  subscriptions?: readonly { endsInDays: number }[];
}

export interface SimulatorKit<Dataset extends { customers: readonly GeneratedCustomer[] }> {
  generateDataset: (options: { customers: number; workloadsPerCustomer: number; seed: number }) => Dataset;
  startPartnerCenterSimulator: (options: { dataset: Dataset; latencyMs?: number; partnerSubscriptionScan?: boolean }) => Promise<{ url: string; close(): Promise<void>; requestCount(): number }>;
}

export interface GeneratedUsageRow {
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  processedDateTime: string;
}

/**
 * A usage row as the bot's core takes it: a generated row and whose it is. Declared here, not imported:
 * bench/ compiles on its own (rootDir bench/), and even a type-only import of src/ breaks that.
 */
export type CoreUsageRecord<Id extends string = string> = GeneratedUsageRow & { customerId: Id; customerName: string };

/**
 * `Id`: the bot brands its customer ids (normalised where they enter); the benchmark hands in plain
 * strings, which the compiled bot takes as they are.
 */
export interface CoreKit<Summary, Messages, Id extends string = string> {
  parseCommand: (text: string) => { kind: string };
  analyseUsage: (input: { customerId: Id; customerName?: string; records: readonly CoreUsageRecord<Id>[]; threshold: number }) => Summary;
  buildUsageCard: (summary: Summary, messages: Messages) => object;
  /** English, the language of the benchmark's commands. */
  en: Messages;
  mulberry32: (seed: number) => () => number;
  generateUsageRows: (random: () => number, count: number, processedDateTime: string) => GeneratedUsageRow[];
}

/** What the alert pass benchmark assembles: the pass and the real adapters it reads and remembers with. */
type AlertKit = Record<
  | 'runAlertPass'
  | 'createPartnerCenterClient'
  | 'openSqliteStorage'
  | 'subscriptionStore'
  | 'alertDeliveryStore'
  | 'subscribe'
  | 'alertCards'
  | 'messagesFor'
  | 'createLogger'
  | 'recordingPartnerCenter'
  | 'usageHistoryStore'
  | 'alertTuningStore'
  | 'tuneV8'
  | 'duringBulkWork',
  any
>;

/**
 * A kit from the bot's modules: each member is the export of that name from the module named beside it,
 * or a clear error, since a half-built dist/ must not measure nonsense.
 */
function loadKit<Kit>(botDir: string, modules: { [Member in keyof Kit & string]: string }): Kit {
  if (!existsSync(botDir)) throw new Error(`No compiled bot in ${botDir}: run \`npm run build\` first (npm run bench does).`);
  const kit: Record<string, unknown> = {};
  for (const [member, file] of Object.entries<string>(modules)) {
    kit[member] = require(join(botDir, file))[member];
    if (kit[member] === undefined) throw new Error(`${join(botDir, file)} exports no ${member}: rebuild with \`npm run build\`.`);
  }
  return kit as Kit;
}

export const loadAppKit = (botDir: string) =>
  loadKit<AppKit<unknown, unknown>>(botDir, {
    loadConfig: 'config/config',
    createLogger: 'logging/logger',
    startApp: 'index',
    tuneV8: 'server/v8-tuning',
  });

export const loadSimulatorKit = (botDir: string) =>
  loadKit<SimulatorKit<{ customers: readonly GeneratedCustomer[] }>>(botDir, {
    generateDataset: 'simulator/dataset',
    startPartnerCenterSimulator: 'simulator/partner-center-simulator',
  });

export const loadCoreKit = (botDir: string) =>
  loadKit<CoreKit<unknown, unknown>>(botDir, {
    parseCommand: 'core/commands/parse-command',
    analyseUsage: 'core/usage/analyse-usage',
    buildUsageCard: 'cards/usage-card',
    en: 'i18n/en',
    mulberry32: 'simulator/dataset',
    generateUsageRows: 'simulator/dataset',
  });

export const loadAlertKit = (botDir: string) =>
  loadKit<AlertKit>(botDir, {
    runAlertPass: 'alerts/run-alert-pass',
    createPartnerCenterClient: 'partner-center/partner-center-client',
    openSqliteStorage: 'storage/sqlite-storage',
    subscriptionStore: 'storage/subscription-store',
    alertDeliveryStore: 'storage/alert-delivery-store',
    subscribe: 'core/alerts/subscriptions',
    alertCards: 'cards/alert-cards',
    messagesFor: 'i18n/index',
    createLogger: 'logging/logger',
    recordingPartnerCenter: 'history/recording-partner-center',
    usageHistoryStore: 'storage/usage-history-store',
    alertTuningStore: 'storage/alert-tuning-store',
    tuneV8: 'server/v8-tuning',
    duringBulkWork: 'server/v8-tuning',
  });

/** What the usage history benchmark drives: the history store over SQLite, and the core to make summaries. */
export type HistoryKit = Record<'openSqliteStorage' | 'usageHistoryStore' | 'createLogger' | 'analyseUsage' | 'mulberry32' | 'generateUsageRows', any>;

export const loadHistoryKit = (botDir: string) =>
  loadKit<HistoryKit>(botDir, {
    openSqliteStorage: 'storage/sqlite-storage',
    usageHistoryStore: 'storage/usage-history-store',
    createLogger: 'logging/logger',
    analyseUsage: 'core/usage/analyse-usage',
    mulberry32: 'simulator/dataset',
    generateUsageRows: 'simulator/dataset',
  });

/** What the renewals benchmark drives: the bot's renewal read and its Partner Center client. */
type RenewalsKit = Record<'readRenewals' | 'createPartnerCenterClient' | 'createLogger', any>;

export const loadRenewalsKit = (botDir: string) =>
  loadKit<RenewalsKit>(botDir, {
    readRenewals: 'renewals/read-renewals',
    createPartnerCenterClient: 'partner-center/partner-center-client',
    createLogger: 'logging/logger',
  });

/** The bot's entry point as `npm start` runs it (dist/index.js, or src/index.ts in the smoke test). */
export function botEntryPoint(botDir: string): string {
  const entry = ['index.js', 'index.ts'].map((file) => join(botDir, file)).find((path) => existsSync(path));
  if (!entry) throw new Error(`No bot entry point in ${botDir}: run \`npm run build\` first (npm run bench does).`);
  return entry;
}
