import type { AdaptiveCard } from '../cards/adaptive-card';
import type { AlertState } from '../core/alerts/alert-state';

/*
 * What a conversation's alerts have been told, and what is on its way. Posting to Teams and writing
 * storage cannot be one transaction, so the cards of a pass are written down (the outbox) before the
 * first is posted, and each message's progress is written around its POST. Whatever a crash
 * interrupts, the next pass can tell what was posted, what was not, and what it cannot be sure of.
 */

/**
 * pending: not posted yet. sending: its POST may have reached Teams or not (a crash came in between).
 * sent: Teams accepted it.
 */
export type OutboxMessageStatus = 'pending' | 'sending' | 'sent';

export interface OutboxMessage {
  /** What the message is for: alert cards count towards the pass's alerts, a sign-in request does not. */
  kind: 'alerts' | 'sign-in';
  card: AdaptiveCard;
  /** Findings the card carries (a digest counts each one); 0 for a sign-in request. */
  alertCount: number;
  status: OutboxMessageStatus;
}

export interface AlertOutbox {
  /** The pass that composed these messages, for the logs of a later pass that finishes them. */
  passId: string;
  /** ISO 8601. */
  createdAt: string;
  messages: OutboxMessage[];
  /** The state to keep once every message is out: what decideAlerts returned with these alerts. */
  nextState: AlertState;
}

export interface AlertDelivery {
  /** What the conversation was last told (committed only once the messages about it were out). */
  state: AlertState;
  outbox?: AlertOutbox;
}

/** A delivery document as read, with what storage needs to refuse a write based on an older read. */
export interface StoredAlertDelivery {
  conversationId: string;
  delivery: AlertDelivery;
  /** Storage's eTag; undefined when nothing was stored yet. Opaque. */
  eTag?: string;
}

/** Per-conversation delivery documents, written with optimistic concurrency. */
export interface AlertDeliveryStore {
  /** The stored document, validated; an empty state without outbox when there is none. */
  read(conversationId: string): Promise<StoredAlertDelivery>;
  /**
   * Replaces the document that `current` was read as, and returns it as stored now. Throws
   * DeliveryConflictError when someone wrote it since: another instance is delivering to this
   * conversation (one whose lock was lost), and carrying on would risk posting twice.
   */
  replace(current: StoredAlertDelivery, next: AlertDelivery): Promise<StoredAlertDelivery>;
}

export class DeliveryConflictError extends Error {
  override readonly name = 'DeliveryConflictError';

  constructor(readonly conversationId: string) {
    super('The alert delivery document was written by someone else since it was read');
  }
}
