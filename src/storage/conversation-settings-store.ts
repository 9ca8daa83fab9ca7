import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import type { ConversationSettingsStore } from '../settings/conversation-settings';
import { readDocument } from './stored-documents';

const settingsDocument = {
  name: 'conversation settings',
  schema: z.object({ threshold: z.number().int().min(1).max(99).optional() }),
};

export const conversationSettingsKeyOf = (conversationId: string): string => `conversation-settings/${encodeURIComponent(conversationId)}`;

/** Conversation settings kept in botbuilder storage, one item per conversation. */
export function conversationSettingsStore(storage: Storage, logger: Logger): ConversationSettingsStore {
  const keyOf = conversationSettingsKeyOf;
  const read = async (conversationId: string) => (await readDocument(storage, keyOf(conversationId), settingsDocument, logger)).value ?? {};
  return {
    get: read,
    async update(conversationId, change) {
      const current = await read(conversationId);
      // Settings change rarely and by hand; the last person to set a value wins.
      await storage.write({ [keyOf(conversationId)]: { ...current, ...change, eTag: '*' } });
    },
    async forget(conversationId) {
      await storage.delete([keyOf(conversationId)]);
    },
  };
}
