import type { AlertTuning } from '../core/alerts/alert-tuning';
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { ConversationSettingsStore } from '../settings/conversation-settings';
import type { UsageApi } from '../config/config';
import type { AlertMessagePlan } from '../core/alerts/digest';
import type { AlertSubscription, ConversationAlerts, Subscriber } from '../core/alerts/subscriptions';
import type { Messages } from '../i18n';
import type { Logger } from '../logging/logger';
import type { UsageHistoryStore } from '../usage/usage-history';
import type { PartnerCenter } from '../partner-center/partner-center.port';
import type { AlertDeliveryStore } from './alert-delivery';

/**
 * The edges an alert pass works through. Each has one production implementation (storage, Teams,
 * Entra) and can be swapped without touching the pass: nothing under src/alerts imports botbuilder.
 */

/**
 * Where the bot can post in a conversation without being asked: whatever the Teams adapter stored
 * (a Bot Framework conversation reference today). The pass hands it back to the messenger untouched.
 */
export type ConversationAddress = object;

export interface ConversationAddressBook {
  get(conversationId: string): Promise<ConversationAddress | undefined>;
}

/** Subscriptions per conversation, plus an index of the conversations that have any. */
export interface SubscriptionStore {
  /** The conversation's document; an empty one when it has none. */
  get(conversationId: string): Promise<ConversationAlerts>;
  /**
   * Applies a pure change with optimistic concurrency (re-reading and re-applying on an eTag conflict)
   * and keeps the index in step. Returns the stored result.
   */
  update(conversationId: string, change: (current: ConversationAlerts) => ConversationAlerts): Promise<ConversationAlerts>;
  /** Every conversation with at least one subscription, whatever its status. */
  conversationIds(): Promise<string[]>;
}

/** What a send came to. `gone`: Teams answered 403, the bot was removed or blocked: stop posting there. */
export type SendOutcome = 'sent' | 'gone';

/** Posts proactive messages through the Teams connector, within Teams' rate limits. */
export interface ProactiveMessenger {
  /**
   * Posts the card as a new message (a new thread in a channel). Retries throttling and transient
   * failures (429, 412, 502, 504) honouring Retry-After; throws when they outlast the retries or for
   * any other failure.
   */
  send(address: ConversationAddress, card: AdaptiveCard, log: Logger): Promise<SendOutcome>;
}

/** Partner Center tokens for a subscriber who is not in the chat right now. */
export interface SubscriberTokens {
  /**
   * Cloud mode: the subscriber's token from the Bot Framework token service, exchanged on their behalf.
   * Local mode: the development token. Throws a CodedError with a code in SIGN_IN_CODES when the
   * subscriber has to sign in again (token expired or revoked, consent withdrawn).
   */
  tokenFor(subscriber: Subscriber, address: ConversationAddress, correlationId: string): Promise<string>;
}

/** The cards an alert pass posts. */
export interface AlertCards {
  /** One card per message of the plan (one per customer, or one digest). */
  compose(plan: AlertMessagePlan, messages: Messages): AdaptiveCard[];
  /** Posted once when subscriptions are paused: asks the subscriber to sign in again. */
  signInAgain(paused: readonly AlertSubscription[], messages: Messages): AdaptiveCard;
}

/** Held by the one instance running a pass; other instances are told the pass is busy. */
export interface HeldLock {
  /** Aborted when the lock was lost (e.g. its lease could not be renewed): stop soon. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export interface PassLock {
  /** Undefined when another pass holds the lock, here or on another instance. */
  tryAcquire(): Promise<HeldLock | undefined>;
}

/** What one pass did, as `POST /api/alerts/run` reports it. */
export interface AlertPassSummary {
  passId: string;
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string;
  /** Conversations with at least one active subscription that the pass looked at. */
  conversationsChecked: number;
  /** Findings delivered (a digest counts each finding it carries). */
  alertsSent: number;
  /** Proactive messages posted, sign-in requests included. */
  messagesSent: number;
  /** Conversations with nothing new to say, or none of their subscriptions active. */
  skipped: number;
  /** Conversations where Partner Center or Teams failed; their state is kept for the next pass. */
  failed: number;
  /** Subscriptions paused in this pass because their subscriber must sign in again. */
  paused: number;
  /** Conversations whose subscriptions were deactivated because Teams answered 403. */
  deactivated: number;
  /** Partner Center requests made by this pass. */
  partnerCenterRequests: number;
  /**
   * True when the pass stopped early (shutdown, or its lock was lost): what it did not get to, the
   * next pass does. Absent when the pass went through every conversation.
   */
  cancelled?: boolean;
}

export type Clock = () => Date;

/**
 * Everything one alert pass needs, built once by the composition root (src/index.ts). Kept here, not
 * next to runAlertPass, so the modules a pass is made of can name it without importing the pass.
 */
export interface AlertPassDeps {
  subscriptions: SubscriptionStore;
  deliveries: AlertDeliveryStore;
  addresses: ConversationAddressBook;
  /** Only read: a conversation's own threshold. */
  settings: Pick<ConversationSettingsStore, 'get'>;
  /** The threshold of conversations that did not choose one (LOW_USAGE_THRESHOLD). */
  defaultThreshold: number;
  partnerCenter: PartnerCenter;
  usageApi: UsageApi;
  tokens: SubscriberTokens;
  messenger: ProactiveMessenger;
  cards: AlertCards;
  messagesFor(locale: string | undefined): Messages;
  clock: Clock;
  logger: Logger;
  /** Partner Center reads at once when customers are read one by one; defaults to a small number (see run-alert-pass.ts). */
  concurrency?: number;
  /** RENEWAL_ALERT_DAYS: renewal warnings in these windows (days); none when unset or empty. */
  renewalDays?: readonly number[];
  /** Only read: each conversation's snoozes, ignored products and customer thresholds (set from alert cards). */
  tuning?: AlertTuningReader;
  /**
   * Where a partner-wide scan's customers are recorded (a snapshot per new data date), from the
   * analysis the pass makes anyway. Reads of single customers are recorded by the Partner Center
   * adapter (recording-partner-center.ts) instead.
   */
  history?: Pick<UsageHistoryStore, 'recordMany'>;
}

/** A conversation's alert tuning, as a pass reads it (src/storage/alert-tuning-store.ts). */
export interface AlertTuningReader {
  get(conversationId: string): Promise<AlertTuning>;
}
