import { TurnContext, type Activity, type ConversationReference, type Storage } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import pino from 'pino';
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import { baseConversationId } from '../teams/conversation-ids';
import { readDocument } from './stored-documents';
import { byKey } from '../core/key-order';

/**
 * Where the bot can reach a conversation without being asked (proactive alerts): Teams' conversation
 * reference, kept from install and refreshed by each message, forgotten on uninstall.
 */
export interface ConversationReferenceStore {
  remember(activity: Partial<Activity>): Promise<void>;
  get(conversationId: string): Promise<Partial<ConversationReference> | undefined>;
  forget(conversationId: string): Promise<void>;
}

// What a proactive message needs at least; the rest of Teams' reference is kept as Teams sent it.
const referenceDocument = {
  name: 'conversation reference',
  schema: z.object({
    reference: z.looseObject({
      serviceUrl: z.url({ protocol: /^https?$/ }),
      conversation: z.looseObject({ id: z.string().min(1) }),
    }),
  }),
};

export const conversationReferenceKeyOf = (conversationId: string): string =>
  `conversation-reference/${encodeURIComponent(baseConversationId(conversationId))}`;

/**
 * Conversations whose stored reference this instance knows (read or wrote it), and for how long that is
 * trusted before storage is read again. Every message carries the reference, and it almost never
 * changes: with this, a message costs no storage read. Another instance that stores a newer reference
 * got it from Teams, which then sends the newer one here too, and that differs from what is kept.
 */
const KNOWN_REFERENCES = { max: 10_000, ttl: 10 * 60 * 1000 };

/** `logger`: where corrupt references are reported; silent unless told. */
export function conversationReferenceStore(storage: Storage, logger: Logger = pino({ level: 'silent' })): ConversationReferenceStore {
  const keyOf = conversationReferenceKeyOf;
  // Storage key -> the JSON of the last reference remembered that storage was found to hold. Plain JSON:
  // references are all built alike (getConversationReference), so the same one has the same key order.
  const known = new LRUCache<string, string>(KNOWN_REFERENCES);
  // A corrupt reference reads as none: alerts for that conversation wait until its next message brings a fresh one.
  const read = async (key: string) =>
    (await readDocument(storage, key, referenceDocument, logger)).value?.reference as Partial<ConversationReference> | undefined;
  return {
    async remember(activity) {
      const reference = TurnContext.getConversationReference(activity);
      if (!reference.conversation?.id) return;
      // A channel's threads share one reference: an alert starts a new thread in the channel.
      reference.conversation = { ...reference.conversation, id: baseConversationId(reference.conversation.id) };
      // The activity id is this message's, not the conversation's; an alert is a new message.
      delete reference.activityId;
      const key = keyOf(reference.conversation.id);
      const json = JSON.stringify(reference);
      if (known.get(key) === json) return;
      const stored = await read(key);
      // Every message carries the reference; write only when Teams moved something (e.g. its serviceUrl).
      if (!stored || canonicalJson(stored) !== canonicalJson(reference)) await storage.write({ [key]: { reference, eTag: '*' } });
      known.set(key, json);
    },
    async get(conversationId) {
      const key = keyOf(conversationId);
      const stored = await read(key);
      // Deleted or found corrupt: the next message stores its reference again.
      if (!stored) known.delete(key);
      return stored;
    },
    async forget(conversationId) {
      known.delete(keyOf(conversationId));
      await storage.delete([keyOf(conversationId)]);
    },
  };
}

/** JSON with every object's keys sorted: the stored reference comes back from its schema in another key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(byKey))
      : inner,
  );
}
