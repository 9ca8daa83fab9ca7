/**
 * Child process: one alert pass for one conversation subscribed to every customer, against the
 * simulator (its own child). Only the pass is timed; the process's peak RSS is read by the driver.
 * Posting is counted, not sent: the targets cover fetching, analysing, deciding and composing.
 */
import { performance } from 'node:perf_hooks';
import { loadAlertKit } from '../lib/bot-modules';
import type { AlertPassBenchConfig, AlertPassBenchInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

const CONVERSATION_ID = 'a:bench-alerts';

serveChild(async (raw) => {
  const config = raw as AlertPassBenchConfig;
  const kit = loadAlertKit(config.botDir);
  const logger = kit.createLogger({ level: 'silent' });
  const storage = kit.openSqliteStorage({ file: ':memory:' });
  const subscriptions = kit.subscriptionStore(storage);
  const now = new Date().toISOString();
  await subscriptions.update(CONVERSATION_ID, (current: unknown) =>
    kit.subscribe(current, {
      customerId: null,
      customerName: null,
      threshold: null,
      subscriber: { userId: '29:bench-account-manager', name: 'Bench', locale: 'en-US' },
      at: now,
    }),
  );
  let messages = 0;
  let cardBytes = 0;
  // As the bot wires it: the pass records each customer's usage history (a snapshot per new data date) on the way.
  const history = kit.usageHistoryStore(storage, { clock: () => new Date(), logger });
  const partnerCenter = kit.recordingPartnerCenter(kit.createPartnerCenterClient({ baseUrl: config.simulatorUrl, applicationName: 'CSP Usage Bot bench', logger }), history);

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const summary = await kit.runAlertPass({
    subscriptions,
    deliveries: kit.alertDeliveryStore(storage),
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
    clock: () => new Date(),
    logger,
    concurrency: config.concurrency,
    tuning: kit.alertTuningStore(storage),
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  const info: AlertPassBenchInfo = {
    wallMs,
    cpuMicros: cpu.user + cpu.system,
    partnerCenterRequests: summary.partnerCenterRequests,
    alertsSent: summary.alertsSent,
    messagesSent: messages,
    largestCardBytes: cardBytes,
  };
  return { info, stop: async () => storage.close() };
});
