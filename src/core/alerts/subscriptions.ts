import { z } from 'zod';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '../commands/command-text';
import { customerIdSchema, type CustomerId } from '../customers/customer-id';
import { readStoredDocument } from './stored-document';

/**
 * Who in a conversation asked for low-adoption alerts, about which customers, below which threshold.
 * One document per conversation (a chat, or a channel with all its threads), stored as plain JSON with
 * an eTag by the storage adapter, versioned because a stored document outlives the code that wrote it.
 *
 * Pure: the functions here take a document and return a new one; storage applies them with
 * optimistic concurrency, so two people typing `alerts on` at once both end up subscribed.
 */
const CONVERSATION_ALERTS_VERSION = 1;

/** The person whose Partner Center rights a subscription reads with, as Teams identified them. */
export interface Subscriber {
  /** Teams user id (29:…): the key of the user's token in the Bot Framework token service. */
  userId: string;
  /** Entra object id, when Teams sent it. */
  aadObjectId?: string;
  /** Display name, for the `alerts` list. */
  name?: string;
  tenantId?: string;
  /** The subscriber's locale when subscribing: the language of the alert cards. */
  locale: string;
}

/**
 * active: read in every pass. paused: the subscriber's sign-in no longer works; kept until they sign in
 * again (`alerts on` or the card's button). inactive: the bot can no longer post in the conversation
 * (removed or blocked); kept so reinstalling and `alerts on` shows what was there.
 */
export type SubscriptionStatus = 'active' | 'paused' | 'inactive';

export type SubscriptionStatusReason = 'sign-in-needed' | 'bot-removed';

export interface PassOutcome {
  /** ISO 8601. */
  at: string;
  /** sent: cards were posted; quiet: nothing new; failed: Partner Center or Teams failed; paused: sign-in needed. */
  outcome: 'sent' | 'quiet' | 'failed' | 'paused';
}

export interface AlertSubscription {
  /** A Partner Center customer id, or null for every customer the subscriber can see. */
  customerId: CustomerId | null;
  /** The customer's name when subscribed (null for all customers), for lists and cards. */
  customerName: string | null;
  /** Percent, 1–99; null follows the conversation's threshold at the time of each pass. */
  threshold: number | null;
  subscriber: Subscriber;
  /** ISO 8601. */
  createdAt: string;
  status: SubscriptionStatus;
  statusReason?: SubscriptionStatusReason;
  lastRun?: PassOutcome;
}

export interface ConversationAlerts {
  version: typeof CONVERSATION_ALERTS_VERSION;
  /** The base conversation id (a channel, not one of its threads). */
  conversationId: string;
  /** At most one per customer id, and at most one for all customers. */
  subscriptions: AlertSubscription[];
  /**
   * Customers left out of the all-customers subscription ("mute" on an alert card, or `alerts off for`
   * while subscribed to all).
   */
  mutedCustomerIds: CustomerId[];
}

export function emptyConversationAlerts(conversationId: string): ConversationAlerts {
  return { version: CONVERSATION_ALERTS_VERSION, conversationId, subscriptions: [], mutedCustomerIds: [] };
}

/** Subscriptions follow the person, not one Teams client: the Entra object id when both have it. */
function sameSubscriber(a: Subscriber, b: Subscriber): boolean {
  return a.aadObjectId && b.aadObjectId ? a.aadObjectId === b.aadObjectId : a.userId === b.userId;
}

/** The conversation's subscription for one customer id, or for all customers (null). */
export function subscriptionFor(alerts: ConversationAlerts, customerId: CustomerId | null): AlertSubscription | undefined {
  return alerts.subscriptions.find((subscription) => subscription.customerId === customerId);
}

export function isMuted(alerts: ConversationAlerts, customerId: CustomerId): boolean {
  return alerts.mutedCustomerIds.includes(customerId);
}

export interface SubscribeRequest {
  /** A customer id, or null for all customers. */
  customerId: CustomerId | null;
  customerName: string | null;
  threshold: number | null;
  subscriber: Subscriber;
  /** ISO 8601, from the caller's clock. */
  at: string;
}

/**
 * Subscribes the conversation to one customer or to all. Saying it again replaces the threshold and
 * the subscriber (the last person to ask is the one whose rights are read) and turns a paused or
 * stopped subscription back on; the last run is kept. Subscribing one customer also un-mutes it.
 */
export function subscribe(alerts: ConversationAlerts, request: SubscribeRequest): ConversationAlerts {
  const { customerId, at, ...fields } = request;
  const previous = subscriptionFor(alerts, customerId);
  const subscription: AlertSubscription = {
    customerId,
    ...fields,
    createdAt: at,
    status: 'active',
    ...(previous?.lastRun ? { lastRun: previous.lastRun } : {}),
  };
  const others = alerts.subscriptions.filter((existing) => existing.customerId !== customerId);
  const mutedCustomerIds = customerId === null ? alerts.mutedCustomerIds : withoutId(alerts.mutedCustomerIds, customerId);
  return { ...alerts, subscriptions: [...others, subscription], mutedCustomerIds };
}

/** `alerts off`: nothing is left, mutes included (they only qualified the all-customers subscription). */
export function unsubscribeAll(alerts: ConversationAlerts): ConversationAlerts {
  return { ...alerts, subscriptions: [], mutedCustomerIds: [] };
}

/**
 * `alerts off for X`: removes X's own subscription and, while the conversation is subscribed to all
 * customers, mutes X too, so no alert about X arrives here by either road.
 */
export function unsubscribeCustomer(alerts: ConversationAlerts, customerId: CustomerId): ConversationAlerts {
  const subscriptions = alerts.subscriptions.filter((subscription) => subscription.customerId !== customerId);
  const withoutOwn = { ...alerts, subscriptions };
  return subscriptionFor(alerts, null) ? mute(withoutOwn, customerId) : withoutOwn;
}

/** Leaves a customer out of the all-customers subscription. */
export function mute(alerts: ConversationAlerts, customerId: CustomerId): ConversationAlerts {
  if (isMuted(alerts, customerId)) return alerts;
  return { ...alerts, mutedCustomerIds: [...alerts.mutedCustomerIds, customerId] };
}

/** After the subscriber signed in again: their paused subscriptions are read again from the next pass. */
export function resume(alerts: ConversationAlerts, subscriber: Subscriber): ConversationAlerts {
  return mapSubscriptions(alerts, (subscription) => (isOf(subscription, 'paused', subscriber) ? activated(subscription) : subscription));
}

/** The subscriber's paused subscriptions here: what `resume` would turn back on. */
export function pausedSubscriptionsOf(alerts: ConversationAlerts, subscriber: Subscriber): AlertSubscription[] {
  return alerts.subscriptions.filter((subscription) => isOf(subscription, 'paused', subscriber));
}

/** The subscriber's active subscriptions stop being read until they sign in again; stopped ones stay stopped. */
export function pause(alerts: ConversationAlerts, subscriber: Subscriber): ConversationAlerts {
  return mapSubscriptions(alerts, (subscription) =>
    isOf(subscription, 'active', subscriber) ? { ...subscription, status: 'paused', statusReason: 'sign-in-needed' } : subscription,
  );
}

/** The bot can no longer post here (removed, or blocked): keep everything, read nothing. */
export function deactivateAll(alerts: ConversationAlerts): ConversationAlerts {
  return mapSubscriptions(alerts, (subscription) => ({ ...subscription, status: 'inactive', statusReason: 'bot-removed' }));
}

/** Notes what a pass came to on the conversation's subscriptions (all of them, or those `which` picks). */
export function recordRun(
  alerts: ConversationAlerts,
  run: PassOutcome,
  which: (subscription: AlertSubscription) => boolean = () => true,
): ConversationAlerts {
  return mapSubscriptions(alerts, (subscription) => (which(subscription) ? { ...subscription, lastRun: { ...run } } : subscription));
}

function isOf(subscription: AlertSubscription, status: SubscriptionStatus, subscriber: Subscriber): boolean {
  return subscription.status === status && sameSubscriber(subscription.subscriber, subscriber);
}

function activated(subscription: AlertSubscription): AlertSubscription {
  const { statusReason: _reason, ...rest } = subscription;
  return { ...rest, status: 'active' };
}

function mapSubscriptions(alerts: ConversationAlerts, change: (subscription: AlertSubscription) => AlertSubscription): ConversationAlerts {
  return { ...alerts, subscriptions: alerts.subscriptions.map(change) };
}

function withoutId(ids: readonly CustomerId[], customerId: CustomerId): CustomerId[] {
  return ids.filter((id) => id !== customerId);
}

const timestamp = z.iso.datetime({ offset: true });

const subscriberSchema = z.object({
  userId: z.string().min(1),
  aadObjectId: z.string().optional(),
  name: z.string().optional(),
  tenantId: z.string().optional(),
  locale: z.string().min(1),
});

const subscriptionSchema = z.object({
  customerId: customerIdSchema.nullable(),
  customerName: z.string().nullable(),
  threshold: z.number().int().min(MIN_THRESHOLD).max(MAX_THRESHOLD).nullable(),
  subscriber: subscriberSchema,
  createdAt: timestamp,
  status: z.enum(['active', 'paused', 'inactive']),
  statusReason: z.enum(['sign-in-needed', 'bot-removed']).optional(),
  lastRun: z.object({ at: timestamp, outcome: z.enum(['sent', 'quiet', 'failed', 'paused']) }).optional(),
});

// Unknown fields (the storage adapter's eTag among them) are stripped, not refused.
const conversationAlertsSchema = z.object({
  version: z.literal(CONVERSATION_ALERTS_VERSION),
  conversationId: z.string().min(1),
  subscriptions: z.array(subscriptionSchema),
  // Documents written before ids were normalised may hold another letter case: read as today's spelling,
  // and a mute stored twice in two spellings counts once.
  mutedCustomerIds: z.array(customerIdSchema).transform((ids) => [...new Set(ids)]),
});

/** What a conversation's subscriptions document must be, for storage's one document reader. */
export const conversationAlertsDocument = {
  name: 'alert subscription document',
  version: CONVERSATION_ALERTS_VERSION,
  schema: conversationAlertsSchema,
};

/** Turns what storage returned into a conversation's subscriptions; nothing stored means none. */
export function readConversationAlerts(stored: unknown, conversationId: string): ConversationAlerts {
  if (stored === undefined || stored === null) return emptyConversationAlerts(conversationId);
  return readStoredDocument(stored, CONVERSATION_ALERTS_VERSION, conversationAlertsSchema, 'alert subscription document');
}
