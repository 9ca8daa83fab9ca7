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
}

export interface GeneratedCustomer {
  companyName: string;
}

export interface SimulatorKit<Dataset extends { customers: readonly GeneratedCustomer[] }> {
  generateDataset: (options: { customers: number; workloadsPerCustomer: number; seed: number }) => Dataset;
  startPartnerCenterSimulator: (options: { dataset: Dataset }) => Promise<{ url: string; close(): Promise<void> }>;
}

/** A usage row as the bot's core takes it (the fields every Partner Center endpoint fills). */
export interface CoreUsageRecord {
  customerId: string;
  customerName: string;
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  usagePercent?: number;
  processedDateTime?: string;
}

export interface GeneratedUsageRow {
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  processedDateTime: string;
}

export interface CoreKit<Summary, Messages> {
  parseCommand: (text: string) => { kind: string };
  analyseUsage: (input: { customerId: string; customerName?: string; records: readonly CoreUsageRecord[]; threshold: number }) => Summary;
  buildUsageCard: (summary: Summary, messages: Messages) => object;
  /** English, the language of the benchmark's commands. */
  messages: Messages;
  mulberry32: (seed: number) => () => number;
  generateUsageRows: (random: () => number, count: number, processedDateTime: string) => GeneratedUsageRow[];
}

/** One named export of a bot module, or a clear error: a half-built dist/ must not measure nonsense. */
function loader(botDir: string) {
  if (!existsSync(botDir)) throw new Error(`No compiled bot in ${botDir}: run \`npm run build\` first (npm run bench does).`);
  return (file: string, name: string): any => {
    const exported: unknown = require(join(botDir, file))[name];
    if (exported === undefined) throw new Error(`${join(botDir, file)} exports no ${name}: rebuild with \`npm run build\`.`);
    return exported;
  };
}

export function loadAppKit(botDir: string): AppKit<unknown, unknown> {
  const load = loader(botDir);
  return {
    loadConfig: load('config/config', 'loadConfig'),
    createLogger: load('logging/logger', 'createLogger'),
    startApp: load('index', 'startApp'),
  };
}

export function loadSimulatorKit(botDir: string): SimulatorKit<{ customers: readonly GeneratedCustomer[] }> {
  const load = loader(botDir);
  return {
    generateDataset: load('simulator/dataset', 'generateDataset'),
    startPartnerCenterSimulator: load('simulator/partner-center-simulator', 'startPartnerCenterSimulator'),
  };
}

export function loadCoreKit(botDir: string): CoreKit<unknown, unknown> {
  const load = loader(botDir);
  return {
    parseCommand: load('core/commands/parse-command', 'parseCommand'),
    analyseUsage: load('core/usage/analyse-usage', 'analyseUsage'),
    buildUsageCard: load('cards/usage-card', 'buildUsageCard'),
    messages: load('i18n/en', 'en'),
    mulberry32: load('simulator/dataset', 'mulberry32'),
    generateUsageRows: load('simulator/dataset', 'generateUsageRows'),
  };
}

/** What the alert pass benchmark assembles: the pass and the real adapters it reads and remembers with. */
export function loadAlertKit(botDir: string): Record<
  | 'runAlertPass'
  | 'createPartnerCenterClient'
  | 'openSqliteStorage'
  | 'subscriptionStore'
  | 'alertDeliveryStore'
  | 'subscribe'
  | 'alertCards'
  | 'messagesFor'
  | 'createLogger',
  any
> {
  const load = loader(botDir);
  return {
    runAlertPass: load('alerts/run-alert-pass', 'runAlertPass'),
    createPartnerCenterClient: load('partner-center/partner-center-client', 'createPartnerCenterClient'),
    openSqliteStorage: load('storage/sqlite-storage', 'openSqliteStorage'),
    subscriptionStore: load('storage/subscription-store', 'subscriptionStore'),
    alertDeliveryStore: load('storage/alert-delivery-store', 'alertDeliveryStore'),
    subscribe: load('core/alerts/subscriptions', 'subscribe'),
    alertCards: load('cards/alert-cards', 'alertCards'),
    messagesFor: load('i18n/index', 'messagesFor'),
    createLogger: load('logging/logger', 'createLogger'),
  };
}

/** The bot's entry point as `npm start` runs it (dist/index.js, or src/index.ts in the smoke test). */
export function botEntryPoint(botDir: string): string {
  const entry = ['index.js', 'index.ts'].map((file) => join(botDir, file)).find((path) => existsSync(path));
  if (!entry) throw new Error(`No bot entry point in ${botDir}: run \`npm run build\` first (npm run bench does).`);
  return entry;
}
