/**
 * Who in a conversation asked for low-adoption alerts, about which customers, below which threshold.
 * One document per conversation (a chat, or a channel with all its threads), stored as plain JSON with
 * an eTag by the storage adapter, versioned because a stored document outlives the code that wrote it.
 *
 * Pure: the functions here take a document and return a new one; storage applies them with
 * optimistic concurrency, so two people typing `alerts on` at once both end up subscribed.
 */
export const CONVERSATION_ALERTS_VERSION = 1;

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
  customerId: string | null;
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
   * while subscribed to all). Lower-case ids.
   */
  mutedCustomerIds: string[];
}

export function emptyConversationAlerts(conversationId: string): ConversationAlerts {
  return { version: CONVERSATION_ALERTS_VERSION, conversationId, subscriptions: [], mutedCustomerIds: [] };
}

/** Customer ids are GUIDs, and Partner Center does not promise one letter case for them. */
export function sameCustomer(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : a.toLowerCase() === b.toLowerCase();
}
