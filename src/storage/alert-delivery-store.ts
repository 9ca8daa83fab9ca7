import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import { DeliveryConflictError, type AlertDelivery, type AlertDeliveryStore } from '../alerts/alert-delivery';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { readStoredDocument } from '../core/alerts/stored-document';
import { readShardDocument, SHARD_COUNT } from '../core/alerts/state-shards';
import { emptyAlertDelivery } from '../alerts/alert-delivery';
import { writeIfUnchanged } from './conditional-write';

/**
 * Alert delivery documents (the header with the outbox, see src/alerts/alert-delivery.ts) in
 * botbuilder storage, one item per conversation, and the conversation's state shards beside it, one
 * item per shard that ever held findings, so SQLite and Blob Storage keep them alike.
 */

/**
 * The version of the stored document, which outlives the code that wrote it. Version 1 held every
 * finding in the document itself; it is refused like any other version (see parseDelivery).
 */
const ALERT_DELIVERY_VERSION = 2;

const timestamp = z.iso.datetime({ offset: true });
const shardNumber = z.number().int().min(0).max(SHARD_COUNT - 1);

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
  next: z.object({ seq: z.number().int().positive(), shards: z.array(shardNumber).max(SHARD_COUNT) }),
});

const documentSchema = z.object({
  version: z.literal(ALERT_DELIVERY_VERSION),
  seq: z.number().int().nonnegative(),
  shards: z.record(z.string().regex(/^\d+$/), z.number().int().positive()),
  outbox: outboxSchema.optional(),
  writeId: z.string().min(1),
});

type DeliveryDocument = z.output<typeof documentSchema>;

export function alertDeliveryStore(storage: Storage): AlertDeliveryStore {
  const keyOf = (conversationId: string) => `alert-delivery/${encodeURIComponent(conversationId)}`;
  const shardKeyOf = (conversationId: string, shard: number) => `alert-state/${encodeURIComponent(conversationId)}/${shard}`;

  async function readItem(key: string): Promise<StoreItem | undefined> {
    return (await storage.read([key]))[key] as StoreItem | undefined;
  }

  return {
    async read(conversationId) {
      const item = await readItem(keyOf(conversationId));
      if (!item) return { conversationId, delivery: emptyAlertDelivery() };
      return { conversationId, delivery: parseDelivery(item), eTag: item.eTag };
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
      const item = await readItem(shardKeyOf(conversationId, shard));
      if (!item) return {};
      return { document: readShardDocument(item), eTag: item.eTag };
    },

    async writeShard(conversationId, shard, current, next) {
      // No read-back: a pass writes each shard once, and the header's commit is what makes it count.
      if (!(await writeIfUnchanged(storage, shardKeyOf(conversationId, shard), next, current.eTag))) throw new DeliveryConflictError(conversationId);
    },
  };
}

/**
 * A document of another version or shape is refused, not treated as empty: starting afresh would
 * alert the conversation about everything again, or post an outbox's cards a second time.
 */
function parseDelivery(item: StoreItem): AlertDelivery {
  const { seq, shards, outbox } = readStoredDocument(item, ALERT_DELIVERY_VERSION, documentSchema, 'alert delivery');
  const delivery: AlertDelivery = { seq, shards };
  if (outbox) {
    delivery.outbox = {
      passId: outbox.passId,
      createdAt: outbox.createdAt,
      messages: outbox.messages.map((message) => ({ ...message, card: message.card as AdaptiveCard })),
      next: outbox.next,
    };
  }
  return delivery;
}

