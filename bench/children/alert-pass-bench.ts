/**
 * Child process: one alert pass for one conversation subscribed to every customer, against the
 * simulator (its own child). Only the pass is timed; the process's peak RSS is read by the driver.
 * Posting is counted, not sent: the targets cover fetching, analysing, deciding and composing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAlertKit } from '../lib/bot-modules';
import type { AlertPassBenchConfig, AlertPassBenchInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';
import { startPassDiagnostics } from '../lib/pass-diagnostics';

const CONVERSATION_ID = 'a:bench-alerts';

serveChild(async (raw) => {
  const config = raw as AlertPassBenchConfig;
  const kit = loadAlertKit(config.botDir);
  // As the bot's entry point does before anything else.
  kit.tuneV8();
  const logger = kit.createLogger({ level: 'silent' });
  // A database file, as the bot keeps in DATA_DIR: in memory, the stored state would count as the pass's.
  const folder = mkdtempSync(join(tmpdir(), 'csp-bench-alerts-'));
  const storage = kit.openSqliteStorage({ file: join(folder, 'bot.sqlite') });
  const subscriptions = kit.subscriptionStore(storage);
  const subscribedAt = new Date().toISOString();
  await subscriptions.update(CONVERSATION_ID, (current: unknown) =>
    kit.subscribe(current, {
      customerId: null,
      customerName: null,
      threshold: null,
      subscriber: { userId: '29:bench-account-manager', name: 'Bench', locale: 'en-US' },
      at: subscribedAt,
    }),
  );
  let messages = 0;
  let cardBytes = 0;
  // As the bot wires it: the pass records each customer's usage history (a snapshot per new data date) on the way.
  const history = kit.usageHistoryStore(storage, { clock: () => new Date(), logger });
  const client = kit.createPartnerCenterClient({ baseUrl: config.simulatorUrl, applicationName: 'CSP Usage Bot bench', logger });
  const partnerCenter = kit.recordingPartnerCenter(client, history);

  const deliveries = kit.alertDeliveryStore(storage);
  let stateWrites = 0;
  const countedDeliveries = {
    ...deliveries,
    replace: (...args: Parameters<typeof deliveries.replace>) => {
      stateWrites += 1;
      return deliveries.replace(...args);
    },
    writeShard: (...args: Parameters<typeof deliveries.writeShard>) => {
      stateWrites += 1;
      return deliveries.writeShard(...args);
    },
  };
  let now = new Date(subscribedAt);

  const pass = async () => {
    stateWrites = 0;
    messages = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // As src/index.ts runs a pass: with V8's settings for bulk work.
    const summary = await kit.duringBulkWork(() => kit.runAlertPass({
      subscriptions,
      deliveries: countedDeliveries,
      addresses: { get: async () => ({ conversation: { id: CONVERSATION_ID } }) },
      settings: { get: async () => ({}) },
      defaultThreshold: 30,
      partnerCenter,
      // The scan reads every customer's rows in pages; `customer` is what a naive pass does: one call each.
      usageApi: config.strategy === 'scan' ? 'commercial' : 'customer',
      tokens: { tokenFor: async () => 'bench-token' },
      messenger: {
        send: async (_address: unknown, card: unknown) => {
          messages += 1;
          cardBytes = Math.max(cardBytes, Buffer.byteLength(JSON.stringify(card)));
          return 'sent';
        },
      },
      cards: kit.alertCards(),
      messagesFor: kit.messagesFor,
      clock: () => now,
      logger,
      concurrency: config.concurrency,
      tuning: kit.alertTuningStore(storage),
      history,
      // As the bot is configured by default (RENEWAL_ALERT_DAYS=60,14): the renewals side is part of the pass.
      renewalDays: [60, 14],
    }));
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    return { wallMs, cpuMicros: cpu.user + cpu.system, partnerCenterRequests: summary.partnerCenterRequests, alertsSent: summary.alertsSent, messagesSent: messages, stateWrites };
  };

  const diagnostics = await startPassDiagnostics(config.strategy);
  const first = await pass();
  await diagnostics.firstPassDone();
  // An hour later, as the day's next scheduled pass: nothing changed, so nothing may be written.
  now = new Date(now.getTime() + 60 * 60 * 1000);
  const second = await pass();
  diagnostics.finish();
  const info: AlertPassBenchInfo = {
    ...first,
    largestCardBytes: cardBytes,
    repeat: {
      wallMs: second.wallMs,
      cpuMicros: second.cpuMicros,
      partnerCenterRequests: second.partnerCenterRequests,
      alertsSent: second.alertsSent,
      messagesSent: second.messagesSent,
      stateWrites: second.stateWrites,
    },
  };
  return {
    info,
    stop: async () => {
      storage.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
});
