import { TurnContext, type Activity, type ConversationReference, type Storage } from 'botbuilder';
import { baseConversationId } from '../teams/conversation-ids';

/**
 * Where the bot can reach a conversation without being asked (proactive alerts): Teams' conversation
 * reference, kept from install and refreshed by each message, forgotten on uninstall.
 */
export interface ConversationReferenceStore {
  remember(activity: Partial<Activity>): Promise<void>;
  get(conversationId: string): Promise<Partial<ConversationReference> | undefined>;
  forget(conversationId: string): Promise<void>;
}

type ReferenceItem = { reference: Partial<ConversationReference>; eTag?: string };

export const conversationReferenceKeyOf = (conversationId: string): string =>
  `conversation-reference/${encodeURIComponent(baseConversationId(conversationId))}`;

export function conversationReferenceStore(storage: Storage): ConversationReferenceStore {
  const keyOf = conversationReferenceKeyOf;
  return {
    async remember(activity) {
      const reference = TurnContext.getConversationReference(activity);
      if (!reference.conversation?.id) return;
      // A channel's threads share one reference: an alert starts a new thread in the channel.
      reference.conversation = { ...reference.conversation, id: baseConversationId(reference.conversation.id) };
      // The activity id is this message's, not the conversation's; an alert is a new message.
      delete reference.activityId;
      const key = keyOf(reference.conversation.id);
      const stored = ((await storage.read([key]))[key] as ReferenceItem | undefined)?.reference;
      // Every message carries the reference; write only when Teams moved something (e.g. its serviceUrl).
      if (stored && JSON.stringify(stored) === JSON.stringify(reference)) return;
      await storage.write({ [key]: { reference, eTag: '*' } });
    },
    async get(conversationId) {
      const key = keyOf(conversationId);
      return ((await storage.read([key]))[key] as ReferenceItem | undefined)?.reference;
    },
    async forget(conversationId) {
      await storage.delete([keyOf(conversationId)]);
    },
  };
}
