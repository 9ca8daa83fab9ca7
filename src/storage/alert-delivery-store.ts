import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import pino from 'pino';
import { z } from 'zod';
import { DeliveryConflictError, emptyAlertDelivery, type AlertDelivery, type AlertDeliveryStore } from '../alerts/alert-delivery';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { SHARD_COUNT, SHARD_DOCUMENT_VERSION, shardSchema } from '../core/alerts/state-shards';
import { storedVersionOf } from '../core/alerts/stored-document';
import { migrateVersionOne } from './alert-delivery-migration';
import type { Logger } from '../logging/logger';
import { writeIfUnchanged } from './conditional-write';
import { documentFrom, readDocument } from './stored-documents';

/**
 * Alert delivery documents (the header with the outbox, see src/alerts/alert-delivery.ts) in
 * botbuilder storage, one item per conversation, and the conversation's state shards beside it, one
 * item per shard that ever held findings, so SQLite and Blob Storage keep them alike.
 */

/**
 * The version of the stored document, which outlives the code that wrote it. Version 1 held every
 * finding in the document itself.
 */
const ALERT_DELIVERY_VERSION = 2;

const timestamp = z.iso.datetime({ offset: true });
const shardNumber = z.number().int().min(0).max(SHARD_COUNT - 1);
// Subscription, window and term end per key (decide-renewal-warnings.ts).
const renewalWarnings = z.array(z.string().max(200)).max(10_000).optional();

// Cards are composed by this bot and only posted again: their inside is not ours to check here.
const cardSchema = z.looseObject({ type: z.literal('AdaptiveCard'), version: z.string() });

const outboxSchema = z.object({
  passId: z.string().min(1),
  createdAt: timestamp,
  messages: z.array(
    z.object({
      kind: z.enum(['alerts', 'sign-in']),
      card: cardSchema,
      alertCount: z.number().int().nonnegative(),
      status: z.enum(['pending', 'sending', 'sent']),
    }),
  ),
  next: z.object({ seq: z.number().int().positive(), shards: z.array(shardNumber).max(SHARD_COUNT), renewalWarnings }),
});

const documentSchema = z.object({
  version: z.literal(ALERT_DELIVERY_VERSION),
  seq: z.number().int().nonnegative(),
  shards: z.record(z.string().regex(/^\d+$/), z.number().int().positive()),
  renewalWarnings,
  outbox: outboxSchema.optional(),
  writeId: z.string().min(1),
});

type DeliveryDocument = z.output<typeof documentSchema>;

export const alertDeliveryKeyOf = (conversationId: string): string => `alert-delivery/${encodeURIComponent(conversationId)}`;
export const alertStateShardKeyOf = (conversationId: string, shard: number): string => `alert-state/${encodeURIComponent(conversationId)}/${shard}`;

/**
 * A corrupt document reads as none (logged, and kept aside by readDocument): its conversation may be told
 * about its low workloads once more, and an outbox cut off mid-pass is not posted, which beats that
 * conversation getting no alerts at all until someone repairs storage by hand. One from a newer version
 * of the bot is refused and left as it is. `logger`: where corrupt documents are reported; silent unless told.
 */
export function alertDeliveryStore(storage: Storage, logger: Logger = pino({ level: 'silent' })): AlertDeliveryStore {
  const keyOf = alertDeliveryKeyOf;

  async function readItem(key: string): Promise<StoreItem | undefined> {
    return (await storage.read([key]))[key] as StoreItem | undefined;
  }

  return {
    async read(conversationId) {
      const key = keyOf(conversationId);
      let item = await readItem(key);
      if (storedVersionOf(item) === 1) {
        const migration = await migrateVersionOne(storage, key, item, (shard) => alertStateShardKeyOf(conversationId, shard), ALERT_DELIVERY_VERSION, logger);
        if (migration !== 'unreadable') item = await readItem(key);
        // Another instance is migrating it: read as corrupt, its findings would be lost; the next pass reads it again.
        if (migration === 'conflict' && storedVersionOf(item) === 1) throw new DeliveryConflictError(conversationId);
      }
      const { value, eTag } = await documentFrom(storage, key, item, deliveryDocument, logger);
      return { conversationId, delivery: value ? toDelivery(value) : emptyAlertDelivery(), ...(eTag ? { eTag } : {}) };
    },

    async replace(current, next) {
      const key = keyOf(current.conversationId);
      const document: DeliveryDocument = { version: ALERT_DELIVERY_VERSION, ...next, writeId: randomUUID() };
      if (!(await writeIfUnchanged(storage, key, document, current.eTag))) throw new DeliveryConflictError(current.conversationId);
      // Storage does not hand back the new eTag; reading it back could pick up a later writer's
      // document, which the write id gives away. What we just wrote needs no validating again.
      const stored = await readItem(key);
      if (stored?.writeId !== document.writeId) throw new DeliveryConflictError(current.conversationId);
      return { conversationId: current.conversationId, delivery: next, eTag: stored.eTag };
    },

    async readShard(conversationId, shard) {
      const { value, eTag } = await readDocument(storage, alertStateShardKeyOf(conversationId, shard), shardDocument, logger);
      return { ...(value ? { document: value } : {}), ...(eTag ? { eTag } : {}) };
    },

    async writeShard(conversationId, shard, current, next) {
      // No read-back: a pass writes each shard once, and the header's commit is what makes it count.
      if (!(await writeIfUnchanged(storage, alertStateShardKeyOf(conversationId, shard), next, current.eTag))) throw new DeliveryConflictError(conversationId);
    },
  };
}

const deliveryDocument = { name: 'alert delivery', version: ALERT_DELIVERY_VERSION, schema: documentSchema };
const shardDocument = { name: 'alert state shard', version: SHARD_DOCUMENT_VERSION, schema: shardSchema };

function toDelivery({ seq, shards, renewalWarnings: warned, outbox }: DeliveryDocument): AlertDelivery {
  const delivery: AlertDelivery = { seq, shards, ...(warned ? { renewalWarnings: warned } : {}) };
  if (outbox) {
    const { renewalWarnings: next, ...nextShards } = outbox.next;
    delivery.outbox = {
      passId: outbox.passId,
      createdAt: outbox.createdAt,
      messages: outbox.messages.map((message) => ({ ...message, card: message.card as AdaptiveCard })),
      next: { ...nextShards, ...(next ? { renewalWarnings: next } : {}) },
    };
  }
  return delivery;
}
