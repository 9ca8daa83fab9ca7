/**
 * The composition root: reads the configuration, builds every adapter and wires them together.
 * Nothing else in the bot reads the environment or creates long-lived objects.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { CloudAdapter } from 'botbuilder';
import { createAlertRunner, type AlertRunner } from './alerts/alert-runner';
import type { AlertPassDeps, SubscriberTokens } from './alerts/ports';
import { startAlertSchedule, type AlertSchedule } from './alerts/alert-schedule';
import { PROCESS_SPOOL_MEMORY } from './alerts/shard-spool';
import { runAlertPass } from './alerts/run-alert-pass';
import { alertCards } from './cards/alert-cards';
import { createCardActionHandler } from './commands/card-actions';
import { createFileConsentHandler } from './commands/export/export-card-action';
import { createMessageHandler } from './commands/handle-message';
import { createCustomerSearch, DEFAULT_SEARCH_LIMITS } from './commands/message-extension/customer-search';
import { createInstallationHandlers } from './commands/installation';
import { tenantPolicy } from './core/tenants/tenant-policy';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import type { CloudEndpoints } from './identity/cloud-endpoints';
import { developmentTokenSource } from './identity/development-token-source';
import { createEntraClient } from './identity/entra-client';
import { onBehalfOfTokenSource } from './identity/on-behalf-of-token-source';
import type { PartnerCenterTokenSource } from './identity/partner-center-token-source';
import { conversationReferenceStore } from './storage/conversation-reference-store';
import { conversationSettingsStore } from './storage/conversation-settings-store';
import { pendingCommandStore } from './storage/pending-command-store';
import { alertDeliveryStore } from './storage/alert-delivery-store';
import { createCustomerDirectory } from './usage/customer-directory';
import { createUsageCache } from './usage/usage-cache';
import { alertSlotStore } from './storage/alert-slot-store';
import { openStorage } from './storage/open-storage';
import { subscriptionStore } from './storage/subscription-store';
import { usageHistoryStore } from './storage/usage-history-store';
import { alertTuningStore } from './storage/alert-tuning-store';
import { reportCache } from './commands/report/report-cache';
import { renewalFactsSource } from './commands/report/renewal-facts';
import { recordingPartnerCenter } from './history/recording-partner-center';
import { personalChatData } from './storage/personal-chat-data';
import { recentCustomerStore } from './storage/recent-customer-store';
import { messagesFor } from './i18n';
import { chooseLogFormat, createLogger, type Logger } from './logging/logger';
import { createPartnerCenterClient } from './partner-center/partner-center-client';
import { createServer } from './server/create-server';
import { duringBulkWork, tuneV8 } from './server/v8-tuning';
import { createSampleDataset } from './simulator/sample-data';
import { startPartnerCenterSimulator } from './simulator/partner-center-simulator';
import { createAdapter } from './teams/create-adapter';
import { inboundTokenCheck } from './teams/inbound-token';
import { createProactiveMessenger } from './teams/proactive-messenger';
import { cloudSubscriberTokens, developmentSubscriberTokens } from './teams/subscriber-tokens';
import { UsageBot } from './teams/usage-bot';
import { createBackgroundWork } from './teams/background-work';
import { recentCards } from './teams/recent-cards';
import { createTurnRunner } from './teams/turn-runner';

export interface RunningApp {
  /** Base URL of the bot's HTTP server, e.g. http://127.0.0.1:3978. */
  url: string;
  /** The Partner Center the bot calls: the built-in simulator's URL in local mode without a base URL. */
  partnerCenterUrl: string;
  /** Stops taking requests, lets running turns finish, then releases everything. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Reported by /healthz; read from package.json by default. */
  version?: string;
  /** Microsoft's identity endpoints; unset in production (tests point them at loopback stand-ins). */
  cloudEndpoints?: CloudEndpoints;
  /** Today for renewal dates, the simulator and alert passes; the wall clock unless a test fixes it. */
  clock?: () => Date;
}

export async function startApp(config: AppConfig, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const version = options.version ?? readVersion();
  // Partner Center: the real one (or any stand-in the operator points at), else the built-in simulator.
  const clock = options.clock ?? (() => new Date());
  // One budget for the whole process, like the scans it bounds (src/alerts/shard-spool.ts).
  PROCESS_SPOOL_MEMORY.setLimit(config.spoolMemoryBytes);
  const partnerCenterEndpoint = await connectPartnerCenter(config, logger, clock);
  const partnerCenterUrl = partnerCenterEndpoint.url;
  const partnerCenter = createPartnerCenterClient({
    baseUrl: partnerCenterUrl,
    applicationName: config.partnerCenter.applicationName,
    commercialUsagePath: config.partnerCenter.commercialUsagePath,
    maxResponseBytes: config.partnerCenter.maxResponseBytes,
    logger: logger.child({ component: 'partner-center' }),
  });

  // State: embedded SQLite in DATA_DIR (one machine), or Azure Blob Storage shared by every instance.
  // Settings, sign-in bookkeeping, subscriptions and alert state all survive restarts.
  const opened = await openStorage({ storage: config.storage, dataDir: config.dataDir, logger: logger.child({ component: 'storage' }) }).catch(
    async (error: unknown) => {
      await partnerCenterEndpoint.close();
      throw error;
    },
  );
  const { storage } = opened;
  const storageLogger = logger.child({ component: 'storage' });
  const pendingCommands = pendingCommandStore(storage, Date.now, storageLogger);
  const settings = conversationSettingsStore(storage, storageLogger);
  const subscriptions = subscriptionStore(storage, { logger: storageLogger });
  // Every usage read (chat, report, alert pass) records a snapshot per customer and data date.
  const history = usageHistoryStore(storage, { clock: () => new Date(), logger: logger.child({ component: 'usage-history' }) });
  // Snoozes, ignored products and customer thresholds set from alert cards, one document per conversation.
  const tuning = alertTuningStore(storage);
  const recentCustomers = recentCustomerStore(storage);
  const references = conversationReferenceStore(storage, storageLogger);

  const identity = connectIdentity(config, options.cloudEndpoints, logger.child({ component: 'entra' }));
  const commandDeps = {
    partnerCenter,
    tokens: identity.tokens,
    pendingCommands,
    settings,
    subscriptions,
    usageApi: config.partnerCenter.usageApi,
    lowUsageThreshold: config.lowUsageThreshold,
    requestDeadlineMs: config.requestDeadlineMs,
    directory: createCustomerDirectory({ partnerCenter, logger: logger.child({ component: 'customer-directory' }) }),
    usageCache: createUsageCache({ ttlSeconds: config.usageCacheSeconds }),
    history,
    reportCache: reportCache(),
    bulkWork: duringBulkWork,
    // "Renewal close" for the report's ranking and `report renewing within`, from the renewals read.
    adoptionFacts: renewalFactsSource({ partnerCenter, logger: logger.child({ component: 'report' }), clock }),
    tuning,
    recentCustomers,
    personalData: personalChatData(storage, subscriptions, references),
    clock,
  };
  const handleMessage = createMessageHandler(commandDeps);
  const cardActions = createCardActionHandler(commandDeps);
  const fileConsent = createFileConsentHandler(commandDeps);

  // Teams: botbuilder's adapter and activity handler, served over HTTP.
  const tenants = tenantPolicy(config.allowedTenantIds);
  if (tenants.kind === 'any' && config.mode === 'cloud') {
    logger.warn('ALLOW_ANY_TENANT=true: users of ANY Microsoft 365 tenant that installs the bot can use it');
  }
  const adapter = createAdapter({
    bot: config.bot,
    tenants,
    storage,
    ...(identity.connectorEntra ? { connectorEntra: identity.connectorEntra } : {}),
    ...(options.cloudEndpoints ? { endpoints: options.cloudEndpoints } : {}),
    logger: logger.child({ component: 'adapter' }),
    connectorLimits: { attemptTimeoutMs: config.turns.connectorTimeoutMs, inboundBudgetMs: config.turns.connectorTimeoutMs },
  });
  // Slow answers: bounded in number, continued after the inbound turn, waited for at shutdown.
  const background = createBackgroundWork({ maxRunning: config.turns.maxRunning, maxQueued: config.turns.maxQueued, logger: logger.child({ component: 'background' }) });
  const cards = recentCards();
  const runner = createTurnRunner({
    adapter,
    botAppId: config.bot?.id,
    logger: logger.child({ component: 'bot' }),
    ...(config.bot ? { oauthConnectionName: config.bot.oauthConnectionName } : {}),
    handOffMs: config.turns.handOffMs,
    work: background,
    cards,
  });
  const bot = new UsageBot({
    runner,
    cards,
    handleMessage,
    cardActions,
    installation: createInstallationHandlers({ settings, subscriptions, tuning }),
    fileConsent,
    customerSearch: createCustomerSearch({
      partnerCenter,
      tokens: identity.tokens,
      usageApi: config.partnerCenter.usageApi,
      recentCustomers,
      // A search answers within seconds, and never later than any other request.
      limits: { deadlineMs: Math.min(DEFAULT_SEARCH_LIMITS.deadlineMs, config.requestDeadlineMs) },
    }),
    references,
    pendingCommands,
    logger: logger.child({ component: 'bot' }),
    ...(config.bot ? { oauthConnectionName: config.bot.oauthConnectionName } : {}),
  });
  // Alerts: one pass at a time across every instance (the lock), started by the schedule or by
  // POST /api/alerts/run, reading Partner Center as each subscriber and posting through the connector.
  const alertsLogger = logger.child({ component: 'alerts' });
  const alertPass: AlertPassDeps = {
    subscriptions,
    deliveries: alertDeliveryStore(storage, storageLogger),
    addresses: references,
    settings,
    defaultThreshold: config.lowUsageThreshold,
    // An alert pass is a usage read too: its customers' snapshots are recorded on the way (customers
    // read one by one by the adapter, a partner-wide scan's by the pass as it analyses them).
    partnerCenter: recordingPartnerCenter(partnerCenter, history),
    history,
    usageApi: config.partnerCenter.usageApi,
    tokens: identity.subscriberTokens(adapter),
    messenger: createProactiveMessenger({ adapter, botAppId: config.bot?.id, logger: logger.child({ component: 'messenger' }) }),
    cards: alertCards(),
    messagesFor,
    clock,
    logger: alertsLogger,
    tuning,
    renewalDays: config.alerts.renewalDays,
  };
  const alertRunner = createAlertRunner({
    lock: opened.lock('alert-pass', config.alerts.leaseSeconds),
    slots: alertSlotStore(storage, storageLogger),
    logger: alertsLogger,
    // A pass allocates page after page: it runs with the garbage collector's bulk setting.
    runPass: (passOptions) => duringBulkWork(() => runAlertPass(alertPass, passOptions)),
  });
  const { server, drain } = createServer({
    adapter,
    bot,
    logger,
    health: { mode: config.mode, version },
    alerts: { apiKey: config.alerts.apiKey, run: () => alertRunner.runNow() },
    authenticate: inboundTokenCheck(config.bot, options.cloudEndpoints),
  });

  try {
    await new Promise<void>((resolve, reject) => {
      // restify re-emits the HTTP server's errors on itself; unheard there, they would crash the process.
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    // E.g. the port is taken: release what already started so the process can exit cleanly.
    await opened.close();
    await partnerCenterEndpoint.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  if (config.mode === 'local') {
    logger.info(
      { url, partnerCenterUrl },
      'LOCAL MODE: no BOT_ID configured, inbound requests are NOT authenticated; listening on loopback only unless HOST says otherwise',
    );
  } else {
    logger.info({ url, botId: config.bot?.id }, 'cloud mode: inbound requests must carry a valid Bot Framework token');
  }

  const schedule = startSchedule(config, alertRunner, logger.child({ component: 'alert-schedule' }));

  let closing: Promise<void> | undefined;
  return {
    url,
    partnerCenterUrl,
    close: () =>
      (closing ??= (async () => {
        // Before the first await: a running pass must stop at its next message, not run on.
        schedule?.stop();
        const passStopped = alertRunner.stop();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.server.closeIdleConnections();
        // Answers on their way after their inbound turn get the grace period, alongside the running turns.
        const backgroundStopped = background.stop(config.turns.shutdownGraceMs);
        await drain();
        await backgroundStopped;
        // The connections that carried the last turns are idle once their responses are flushed.
        server.server.closeIdleConnections();
        const lingering = setTimeout(() => server.server.closeAllConnections(), LINGER_MS);
        await stopped;
        clearTimeout(lingering);
        await passStopped;
        await opened.close();
        await partnerCenterEndpoint.close();
      })()),
  };
}

/** Where Partner Center tokens come from, for chat turns and for alert passes, and the bot's own Entra client. */
interface Identity {
  tokens: PartnerCenterTokenSource;
  /** The connector's client in cloud mode; local mode calls the connector without credentials. */
  connectorEntra?: ConfidentialClientApplication;
  subscriberTokens(adapter: CloudAdapter): SubscriberTokens;
}

/**
 * Local mode shares one development token. Cloud mode signs each user in (Teams SSO) and exchanges that
 * sign-in for a Partner Center token on their behalf, with two clients of the bot's own Entra app: the
 * connector needs app tokens from the Bot Framework's tenant (multi-tenant bots) or the bot's own; the
 * on-behalf-of exchange runs in the user's tenant per request.
 */
function connectIdentity(config: AppConfig, endpoints: CloudEndpoints | undefined, logger: Logger): Identity {
  const { bot } = config;
  if (!bot) {
    const token = config.partnerCenter.developmentToken;
    return { tokens: developmentTokenSource(token), subscriberTokens: () => developmentSubscriberTokens(token) };
  }
  const common = { clientId: bot.id, clientSecret: bot.password ?? '', logger, ...(endpoints?.entraNetwork ? { network: endpoints.entraNetwork } : {}) };
  const onBehalfOf = onBehalfOfTokenSource({
    entra: createEntraClient({ ...common, tenant: bot.tenantId ?? 'organizations' }),
    ...(bot.type === 'SingleTenant' ? { tenantId: bot.tenantId } : {}),
  });
  return {
    tokens: onBehalfOf,
    connectorEntra: createEntraClient({ ...common, tenant: bot.type === 'MultiTenant' ? 'botframework.com' : (bot.tenantId ?? 'organizations') }),
    subscriberTokens: (adapter) => cloudSubscriberTokens({ adapter, botAppId: bot.id, connectionName: bot.oauthConnectionName, onBehalfOf }),
  };
}

function startSchedule(config: AppConfig, runner: AlertRunner, logger: Logger): AlertSchedule | undefined {
  if (!config.alerts.schedule) {
    logger.info('ALERT_SCHEDULE=off: alert passes run only through POST /api/alerts/run');
    return undefined;
  }
  const schedule = startAlertSchedule({
    pattern: config.alerts.schedule,
    timeZone: config.alerts.timeZone,
    logger,
    onTick: async (slot) => {
      const result = await runner.runScheduled(slot);
      // Another instance running it (busy) or having run it (skipped) is the normal case when scaled out.
      if (result.kind === 'done') logger.info({ slot: slot.toISOString(), passId: result.summary.passId }, 'scheduled alert pass ran on this instance');
      else logger.debug({ slot: slot.toISOString(), result: result.kind }, 'scheduled alert pass not run here');
    },
  });
  return schedule;
}

/** The Partner Center to call: the configured one, or (local mode without one) the built-in simulator. */
async function connectPartnerCenter(config: AppConfig, logger: Logger, clock: () => Date): Promise<{ url: string; close(): Promise<void> }> {
  if (config.partnerCenter.baseUrl) return { url: config.partnerCenter.baseUrl, close: async () => undefined };
  const step = config.partnerCenter.simulatorDataStepMinutes;
  const simulator = await startPartnerCenterSimulator({
    dataset: createSampleDataset(),
    logger: logger.child({ component: 'simulator' }),
    // Figures that move between data dates, to watch a trend build up in local mode.
    ...(step !== undefined ? { movingData: { stepMs: step * 60_000 } } : {}),
    now: clock,
  });
  logger.info({ partnerCenterUrl: simulator.url }, 'built-in Partner Center simulator started with sample customers');
  return simulator;
}

function readVersion(): string {
  // Works from src/ (ts-jest, ts-node) and from dist/ alike: package.json is one level up.
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

/** How long a finished connection may stay open during shutdown before it is cut. */
const LINGER_MS = 1_000;

/**
 * How long shutdown may take beyond the grace for answers on their way (SHUTDOWN_GRACE_SECONDS): telling
 * their users, the last inbound turns (Teams' 10 s), closing storage.
 */
const SHUTDOWN_MARGIN_MS = 12_000;

/** The last line of start-up: what the person who ran `npm start` can do now. */
function nextStep(config: AppConfig, url: string): string {
  if (config.mode === 'cloud') {
    return `Ready on ${url}. Teams reaches the bot through the messaging endpoint of its Azure Bot: https://<public host>/api/messages`;
  }
  // `npm run playground` calls port 3978 unless PORT says otherwise.
  const port = new URL(url).port;
  const playground = port === '3978' ? 'npm run playground' : `PORT=${port} npm run playground`;
  return `Ready on ${url}. To chat with the bot, run \`${playground}\` in another terminal.`;
}

async function main(): Promise<void> {
  tuneV8();
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.sample for every variable and its default.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, format: chooseLogFormat(config.logFormat, process.stdout.isTTY === true) });
  const app = await startApp(config, logger);
  logger.info(nextStep(config, app.url));

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing running turns');
    const forced = setTimeout(() => {
      logger.warn('running turns did not finish in time; exiting');
      process.exit(1);
    }, config.turns.shutdownGraceMs + SHUTDOWN_MARGIN_MS);
    forced.unref();
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
