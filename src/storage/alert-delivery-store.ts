import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import { DeliveryConflictError, type AlertDelivery, type AlertDeliveryStore } from '../alerts/alert-delivery';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { emptyAlertState, readAlertState } from '../core/alerts/alert-state';
import { readStoredDocument } from '../core/alerts/stored-document';
import { writeIfUnchanged } from './conditional-write';

/**
 * Alert delivery documents (state and outbox, see src/alerts/alert-delivery.ts) in botbuilder
 * storage, one item per conversation, so SQLite and Blob Storage keep them alike.
 */

/** The version of the stored document, which outlives the code that wrote it. */
const ALERT_DELIVERY_VERSION = 1;

const timestamp = z.iso.datetime({ offset: true });

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
  // Validated by readAlertState, which knows the state's own versions.
  nextState: z.unknown(),
});

const documentSchema = z.object({
  version: z.literal(ALERT_DELIVERY_VERSION),
  state: z.unknown(),
  outbox: outboxSchema.optional(),
  writeId: z.string().min(1),
});

type DeliveryDocument = z.output<typeof documentSchema>;

export const alertDeliveryKeyOf = (conversationId: string): string => `alert-delivery/${encodeURIComponent(conversationId)}`;

export function alertDeliveryStore(storage: Storage): AlertDeliveryStore {
  const keyOf = alertDeliveryKeyOf;

  async function readItem(key: string): Promise<StoreItem | undefined> {
    return (await storage.read([key]))[key] as StoreItem | undefined;
  }

  return {
    async read(conversationId) {
      const item = await readItem(keyOf(conversationId));
      if (!item) return { conversationId, delivery: { state: emptyAlertState() } };
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
  };
}

/**
 * A document of another version or shape is refused, not treated as empty: starting afresh would
 * alert the conversation about everything again, or post an outbox's cards a second time.
 */
function parseDelivery(item: StoreItem): AlertDelivery {
  const { state, outbox } = readStoredDocument(item, ALERT_DELIVERY_VERSION, documentSchema, 'alert delivery');
  const delivery: AlertDelivery = { state: readAlertState(state) };
  if (outbox) {
    delivery.outbox = {
      passId: outbox.passId,
      createdAt: outbox.createdAt,
      messages: outbox.messages.map((message) => ({ ...message, card: message.card as AdaptiveCard })),
      nextState: readAlertState(outbox.nextState),
    };
  }
  return delivery;
}

