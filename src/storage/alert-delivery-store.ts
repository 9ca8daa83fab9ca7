import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import pino from 'pino';
import { z } from 'zod';
import { DeliveryConflictError, type AlertDelivery, type AlertDeliveryStore } from '../alerts/alert-delivery';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { alertStateSchema, emptyAlertState, type AlertState } from '../core/alerts/alert-state';
import type { Logger } from '../logging/logger';
import { writeIfUnchanged } from './conditional-write';
import { readDocument } from './stored-documents';

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
  nextState: alertStateSchema,
});

const documentSchema = z.object({
  version: z.literal(ALERT_DELIVERY_VERSION),
  state: alertStateSchema,
  outbox: outboxSchema.optional(),
  writeId: z.string().min(1),
});

type DeliveryDocument = z.output<typeof documentSchema>;

export const alertDeliveryKeyOf = (conversationId: string): string => `alert-delivery/${encodeURIComponent(conversationId)}`;

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
      const { value, eTag } = await readDocument(storage, keyOf(conversationId), deliveryDocument, logger);
      return { conversationId, delivery: value ? toDelivery(value) : { state: emptyAlertState() }, ...(eTag ? { eTag } : {}) };
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

const deliveryDocument = { name: 'alert delivery', version: ALERT_DELIVERY_VERSION, schema: documentSchema };

function toDelivery({ state, outbox }: DeliveryDocument): AlertDelivery {
  const delivery: AlertDelivery = { state: state as AlertState };
  if (outbox) {
    delivery.outbox = {
      passId: outbox.passId,
      createdAt: outbox.createdAt,
      messages: outbox.messages.map((message) => ({ ...message, card: message.card as AdaptiveCard })),
      nextState: outbox.nextState as AlertState,
    };
  }
  return delivery;
}
