import type { Storage } from 'botbuilder';
import pino from 'pino';
import { z } from 'zod';
import type { PendingCommands } from '../commands/pending-commands';
import type { Logger } from '../logging/logger';
import { readDocument } from './stored-documents';

/** A sign-in that takes longer than this was abandoned; running its command later would surprise. */
const PENDING_TTL_MS = 10 * 60_000;

const pendingDocument = {
  name: 'pending command',
  // As long as a Teams message the bot accepts (src/server/inbound-activity.ts).
  schema: z.object({ text: z.string().max(16_000), savedAt: z.number().finite() }),
};

export const pendingCommandKeyOf = (userKey: string): string => `pending-command/${encodeURIComponent(userKey)}`;

/**
 * Pending commands kept in botbuilder storage (shared between instances when the storage is). A corrupt
 * one reads as none: the user asks again after signing in. `logger` reports it; silent unless told.
 */
export function pendingCommandStore(storage: Storage, now: () => number = Date.now, logger: Logger = pino({ level: 'silent' })): PendingCommands {
  const keyOf = pendingCommandKeyOf;
  return {
    async remember(userKey, text) {
      await storage.write({ [keyOf(userKey)]: { text, savedAt: now(), eTag: '*' } });
    },
    async take(userKey) {
      const key = keyOf(userKey);
      const { value, stored } = await readDocument(storage, key, pendingDocument, logger);
      if (!stored) return undefined;
      await storage.delete([key]);
      return value && now() - value.savedAt <= PENDING_TTL_MS ? value.text : undefined;
    },
  };
}
