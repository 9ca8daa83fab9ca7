import type { Storage } from 'botbuilder';
import type { ConversationSettings, ConversationSettingsStore } from '../settings/conversation-settings';

type SettingsItem = ConversationSettings & { eTag?: string };

/** Conversation settings kept in botbuilder storage, one item per conversation. */
export function conversationSettingsStore(storage: Storage): ConversationSettingsStore {
  const keyOf = (conversationId: string) => `conversation-settings/${encodeURIComponent(conversationId)}`;
  return {
    async get(conversationId) {
      const key = keyOf(conversationId);
      const { eTag: _eTag, ...settings } = ((await storage.read([key]))[key] ?? {}) as SettingsItem;
      return settings;
    },
    async update(conversationId, change) {
      const key = keyOf(conversationId);
      const current = ((await storage.read([key]))[key] ?? {}) as SettingsItem;
      // Settings change rarely and by hand; the last person to set a value wins.
      await storage.write({ [key]: { ...current, ...change, eTag: '*' } });
    },
    async forget(conversationId) {
      await storage.delete([keyOf(conversationId)]);
    },
  };
}
