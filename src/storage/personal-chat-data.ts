import type { Storage } from 'botbuilder';
import type { SubscriptionStore } from '../alerts/ports';
import type { PersonalChatData } from '../commands/forget-command';
import { emptyConversationAlerts } from '../core/alerts/subscriptions';
import { SHARD_COUNT } from '../core/alerts/state-shards';
import { alertDeliveryKeyOf, alertStateShardKeyOf } from './alert-delivery-store';
import { alertTuningKeyOf } from './alert-tuning-store';
import { conversationReferenceKeyOf, type ConversationReferenceStore } from './conversation-reference-store';
import { conversationSettingsKeyOf } from './conversation-settings-store';
import { pendingCommandKeyOf } from './pending-command-store';
import { recentCustomersKeyOf } from './recent-customer-store';
import { CORRUPT_PREFIX } from './stored-documents';
import { subscriptionKeyOf } from './subscription-store';

/**
 * Deletes every item the bot keeps for a personal chat (keyed by its conversation id) and for the person
 * in it (keyed by their user key). A store that adds an item per conversation or per person adds its
 * key here, so `forget` keeps its promise.
 */
export function personalChatData(
  storage: Storage,
  subscriptions: SubscriptionStore,
  /** Told too, so it stops taking the reference for stored: the next message stores it again. */
  references?: Pick<ConversationReferenceStore, 'forget'>,
): PersonalChatData {
  return {
    async forget({ conversationId, userKey }) {
      // Emptied through the store first, so the subscription index stops naming the conversation.
      await subscriptions.update(conversationId, () => emptyConversationAlerts(conversationId));
      await references?.forget(conversationId);
      const keys = [
        subscriptionKeyOf(conversationId),
        alertDeliveryKeyOf(conversationId),
        conversationSettingsKeyOf(conversationId),
        alertTuningKeyOf(conversationId),
        conversationReferenceKeyOf(conversationId),
        pendingCommandKeyOf(userKey),
        recentCustomersKeyOf(userKey),
        // The alert findings, in up to SHARD_COUNT documents beside the delivery header.
        ...Array.from({ length: SHARD_COUNT }, (_, shard) => alertStateShardKeyOf(conversationId, shard)),
      ];
      // Copies of corrupt documents kept aside for a person to look at are the chat's data too.
      await storage.delete([...keys, ...keys.map((key) => CORRUPT_PREFIX + key)]);
    },
  };
}
