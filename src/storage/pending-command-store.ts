import type { Storage } from 'botbuilder';
import type { PendingCommands } from '../commands/pending-commands';

/** A sign-in that takes longer than this was abandoned; running its command later would surprise. */
const PENDING_TTL_MS = 10 * 60_000;

interface PendingItem {
  text: string;
  savedAt: number;
  eTag?: string;
}

export const pendingCommandKeyOf = (userKey: string): string => `pending-command/${encodeURIComponent(userKey)}`;

/** Pending commands kept in botbuilder storage (shared between instances when the storage is). */
export function pendingCommandStore(storage: Storage, now: () => number = Date.now): PendingCommands {
  const keyOf = pendingCommandKeyOf;
  return {
    async remember(userKey, text) {
      const item: PendingItem = { text, savedAt: now(), eTag: '*' };
      await storage.write({ [keyOf(userKey)]: item });
    },
    async take(userKey) {
      const key = keyOf(userKey);
      const item = (await storage.read([key]))[key] as PendingItem | undefined;
      if (!item) return undefined;
      await storage.delete([key]);
      return now() - item.savedAt <= PENDING_TTL_MS ? item.text : undefined;
    },
  };
}
