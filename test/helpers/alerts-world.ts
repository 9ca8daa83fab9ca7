import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { AlertDeliveryStore } from '../../src/alerts/alert-delivery';
import type { AlertPassDeps, AlertPassSummary, SubscriberTokens, SubscriptionStore } from '../../src/alerts/ports';
import { runAlertPass, type AlertPassOptions } from '../../src/alerts/run-alert-pass';
import type { ConversationSettingsStore } from '../../src/settings/conversation-settings';
import type { UsageApi } from '../../src/config/config';
import { subscribe, type ConversationAlerts, type Subscriber } from '../../src/core/alerts/subscriptions';
import { CodedError, ErrorCodes, type ErrorCode } from '../../src/core/errors';
import { messagesFor } from '../../src/i18n';
import { createPartnerCenterClient } from '../../src/partner-center/partner-center-client';
import type { PartnerCenter } from '../../src/partner-center/partner-center.port';
import type { SimulatorDataset } from '../../src/simulator/dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { alertDeliveryStore } from '../../src/storage/alert-delivery-store';
import { conversationSettingsStore } from '../../src/storage/conversation-settings-store';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite-storage';
import { subscriptionStore } from '../../src/storage/subscription-store';
import { fakeAlertCards } from './alerts-cards';
import { recordingMessenger, testAddress, type RecordingMessenger, type TestAddress } from './alerts-messenger';
import { customerId } from '../../src/core/customers/customer-id';

/**
 * Everything an alert pass works with, real where it can be: the Partner Center simulator over
 * loopback with the real client, SQLite storage in a temporary file with the real subscription,
 * delivery and settings stores. Teams is a recording messenger, cards are plain (alerts-cards.ts).
 */

export const DEFAULT_THRESHOLD = 30;
export const DEV_TOKEN = 'alerts-test-token-never-logged';

export const ANNA: Subscriber = { userId: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Account', locale: 'en-US' };
export const BOB: Subscriber = { userId: '29:bob', aadObjectId: 'aad-bob', name: 'Bob Sales', locale: 'en-US' };
export const DIRK: Subscriber = { userId: '29:dirk', aadObjectId: 'aad-dirk', name: 'Dirk de Vries', locale: 'nl-NL' };

export interface ScriptedTokens extends SubscriberTokens {
  /** From now on this subscriber's token fails with `code` (a sign-in code by default). */
  refuse(userId: string, code?: ErrorCode): void;
  /** tokenFor calls per user id. */
  calls: Map<string, number>;
}

export interface TestClock {
  (): Date;
  advanceDays(days: number): void;
}

export interface SubscribeOptions {
  customerId?: string | null;
  customerName?: string | null;
  threshold?: number | null;
  subscriber?: Subscriber;
}

export interface AlertsWorld {
  simulator: RunningSimulator;
  partnerCenter: PartnerCenter;
  storage: SqliteStorage;
  subscriptions: SubscriptionStore;
  deliveries: AlertDeliveryStore;
  settings: ConversationSettingsStore;
  messenger: RecordingMessenger;
  tokens: ScriptedTokens;
  clock: TestClock;
  /** Conversations the bot can reach; `subscribe` adds to it. */
  addresses: Map<string, TestAddress>;
  /** Every log line of every pass, as written. */
  logLines: string[];
  deps(overrides?: Partial<AlertPassDeps>): AlertPassDeps;
  pass(options?: AlertPassOptions, overrides?: Partial<AlertPassDeps>): Promise<AlertPassSummary>;
  subscribe(conversationId: string, options?: SubscribeOptions): Promise<void>;
  change(conversationId: string, change: (alerts: ConversationAlerts) => ConversationAlerts): Promise<ConversationAlerts>;
  close(): Promise<void>;
}

export interface AlertsWorldOptions {
  dataset?: SimulatorDataset;
  usageApi?: UsageApi;
  commercialPageSize?: number;
  commercialUsagePath?: string;
  /** The simulator's today for subscription dates (the wall clock unless told). */
  simulatorNow?: () => Date;
  /** As the simulator's option: 'documented' serves partner-wide subscription rows without their term. */
  partnerSubscriptionScan?: boolean | 'documented';
}

export async function startAlertsWorld(options: AlertsWorldOptions = {}): Promise<AlertsWorld> {
  const silent = pino({ level: 'silent' });
  const simulator = await startPartnerCenterSimulator({
    ...(options.dataset ? { dataset: options.dataset } : {}),
    ...(options.simulatorNow ? { now: options.simulatorNow } : {}),
    ...(options.partnerSubscriptionScan === undefined ? {} : { partnerSubscriptionScan: options.partnerSubscriptionScan }),
  });
  const partnerCenter = createPartnerCenterClient({
    baseUrl: simulator.url,
    applicationName: 'alert-tests',
    logger: silent,
    retry: { maxAttempts: 1 },
    ...(options.commercialPageSize ? { commercialPageSize: options.commercialPageSize } : {}),
    ...(options.commercialUsagePath ? { commercialUsagePath: options.commercialUsagePath } : {}),
  });
  const directory = mkdtempSync(join(tmpdir(), 'alert-pass-'));
  const storage = openSqliteStorage({ file: join(directory, 'bot.sqlite') });
  const subscriptions = subscriptionStore(storage);
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );

  let now = new Date('2026-03-16T08:00:00Z');
  const clock = Object.assign(() => new Date(now), {
    advanceDays(days: number) {
      now = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
    },
  });

  const refused = new Map<string, ErrorCode>();
  const calls = new Map<string, number>();
  const tokens: ScriptedTokens = {
    calls,
    refuse(userId, code = ErrorCodes.SignInExpired) {
      refused.set(userId, code);
    },
    async tokenFor(subscriber) {
      calls.set(subscriber.userId, (calls.get(subscriber.userId) ?? 0) + 1);
      const code = refused.get(subscriber.userId);
      if (code) throw new CodedError(code, 'The token service has no usable sign-in for this user');
      return DEV_TOKEN;
    },
  };

  const addresses = new Map<string, TestAddress>();
  const world: AlertsWorld = {
    simulator,
    partnerCenter,
    storage,
    subscriptions,
    deliveries: alertDeliveryStore(storage),
    settings: conversationSettingsStore(storage, pino({ level: 'silent' })),
    messenger: recordingMessenger(),
    tokens,
    clock,
    addresses,
    logLines,
    deps(overrides = {}) {
      return {
        subscriptions: world.subscriptions,
        deliveries: world.deliveries,
        addresses: { get: async (conversationId) => addresses.get(conversationId) },
        settings: world.settings,
        defaultThreshold: DEFAULT_THRESHOLD,
        partnerCenter: world.partnerCenter,
        usageApi: options.usageApi ?? 'commercial',
        tokens: world.tokens,
        messenger: world.messenger,
        cards: fakeAlertCards(),
        messagesFor,
        clock: world.clock,
        logger,
        ...overrides,
      };
    },
    pass(passOptions = {}, overrides = {}) {
      return runAlertPass(world.deps(overrides), passOptions);
    },
    async subscribe(conversationId, subscription = {}) {
      addresses.set(conversationId, testAddress(conversationId));
      await subscriptions.update(conversationId, (alerts) =>
        subscribe(alerts, {
          customerId: subscription.customerId ? customerId(subscription.customerId) : null,
          customerName: subscription.customerName ?? null,
          threshold: subscription.threshold ?? null,
          subscriber: subscription.subscriber ?? ANNA,
          at: clock().toISOString(),
        }),
      );
    },
    change(conversationId, change) {
      return subscriptions.update(conversationId, change);
    },
    async close() {
      await simulator.close();
      storage.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return world;
}
