import type { AdaptiveCard } from '../cards/adaptive-card';
import type { ShardDocument } from '../core/alerts/state-shards';

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
  /** The shard versions to commit once every message is out: what decideAlerts returned with these alerts. */
  next: NextShards;
}

/** Shard versions a pass wrote (see src/core/alerts/state-shards.ts), committed together. */
export interface NextShards {
  seq: number;
  /** The shards that have a version `seq`. */
  shards: number[];
  /** The renewal warnings given so far, once these messages are out (decide-renewal-warnings.ts). */
  renewalWarnings?: string[];
}

/**
 * A conversation's header: which version of each state shard counts, and what is on its way. It stays
 * small (at most one number per shard); the findings themselves live in the shard documents.
 */
export interface AlertDelivery {
  /** The sequence number of the last committed shard versions; 0 before any. */
  seq: number;
  /** Per shard (its number as the key), the version that counts; a shard not named has no findings. */
  shards: Record<string, number>;
  /**
   * Renewal warnings given (one key per subscription, window and term end). Few per conversation
   * (subscriptions renewing within a window), so they stay in the header.
   */
  renewalWarnings?: string[];
  outbox?: AlertOutbox;
}

export function emptyAlertDelivery(): AlertDelivery {
  return { seq: 0, shards: {} };
}

/** The header once `next` counts (and the outbox, if any, is done). Pure. */
export function committing(delivery: AlertDelivery, next: NextShards): AlertDelivery {
  const shards = { ...delivery.shards };
  for (const shard of next.shards) shards[String(shard)] = next.seq;
  const renewalWarnings = next.renewalWarnings ?? delivery.renewalWarnings;
  return { seq: Math.max(delivery.seq, next.seq), shards, ...(renewalWarnings ? { renewalWarnings } : {}) };
}

/** One shard document as read, with its eTag for a conditional write. */
export interface StoredShard {
  document?: ShardDocument;
  eTag?: string;
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
  /** One state shard of the conversation, validated. */
  readShard(conversationId: string, shard: number): Promise<StoredShard>;
  /**
   * Writes a shard document if it is still as `current` was read; throws DeliveryConflictError
   * otherwise (another instance is deciding for this conversation).
   */
  writeShard(conversationId: string, shard: number, current: StoredShard, next: ShardDocument): Promise<void>;
}

export class DeliveryConflictError extends Error {
  override readonly name = 'DeliveryConflictError';

  constructor(readonly conversationId: string) {
    super('The alert delivery document was written by someone else since it was read');
  }
}
