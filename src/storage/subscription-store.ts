import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { SubscriptionStore } from '../alerts/ports';
import { readConversationAlerts, type ConversationAlerts } from '../core/alerts/subscriptions';
import { CodedError, ErrorCodes } from '../core/errors';
import { storedETag, writeIfUnchanged } from './conditional-write';

export interface SubscriptionStoreOptions {
  /** Reads and writes tried before a change that keeps meeting concurrent writes gives up. Defaults to 10. */
  maxAttempts?: number;
}

const INDEX_KEY = 'alert-subscriptions-index';
const INDEX_VERSION = 1;
const DEFAULT_MAX_ATTEMPTS = 10;
/** What a read-modify-write attempt returns when a concurrent write refused it. */
const CONFLICT = Symbol('conflict');

const indexSchema = z.object({ version: z.literal(INDEX_VERSION), conversationIds: z.array(z.string()) });
type SubscriptionIndex = z.infer<typeof indexSchema>;

export const subscriptionKeyOf = (conversationId: string): string => `alert-subscriptions/${encodeURIComponent(conversationId)}`;

/**
 * Alert subscriptions in botbuilder Storage (SQLite or Azure Blob): one document per conversation,
 * changed only by compare-and-set on its eTag, so two people typing `alerts on` at once, or a pass
 * recording its run while someone unsubscribes, both land.
 *
 * Storage cannot list keys, so an index document names the conversations that have subscriptions.
 * It may name a conversation that has none left (harmless: a pass finds nothing there), but never
 * misses one that has any: a conversation is indexed before its first subscription is written.
 */
export function subscriptionStore(storage: Storage, options: SubscriptionStoreOptions = {}): SubscriptionStore {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const keyOf = subscriptionKeyOf;

  async function readDocument(conversationId: string): Promise<{ alerts: ConversationAlerts; eTag: string | undefined }> {
    const key = keyOf(conversationId);
    const item = (await storage.read([key]))[key];
    return { alerts: readConversationAlerts(item, conversationId), eTag: storedETag(item) };
  }

  /**
   * Runs a read-modify-write until no concurrent write refuses it; `attempt` returns CONFLICT when one
   * did, and is then run again from a fresh read.
   */
  async function untilWritten<T>(what: string, attempt: () => Promise<T | typeof CONFLICT>): Promise<T> {
    for (let tried = 1; tried <= maxAttempts; tried++) {
      const result = await attempt();
      if (result !== CONFLICT) return result;
    }
    throw new CodedError(ErrorCodes.Internal, `Could not update ${what}: another writer changed them ${maxAttempts} times in a row`);
  }

  /** Applies a change to the index; `undefined` from the change means nothing to write. */
  function changeIndex(change: (ids: readonly string[]) => string[] | undefined): Promise<void> {
    return untilWritten('the alert subscription index', async () => {
      const item = (await storage.read([INDEX_KEY]))[INDEX_KEY];
      const next = change(readIndex(item).conversationIds);
      if (next === undefined) return;
      const document: SubscriptionIndex = { version: INDEX_VERSION, conversationIds: next };
      return (await writeIfUnchanged(storage, INDEX_KEY, document, storedETag(item))) ? undefined : CONFLICT;
    });
  }

  const index = {
    add: (conversationId: string) => changeIndex((ids) => (ids.includes(conversationId) ? undefined : [...ids, conversationId])),
    remove: (conversationId: string) => changeIndex((ids) => (ids.includes(conversationId) ? ids.filter((id) => id !== conversationId) : undefined)),
  };

  return {
    async get(conversationId) {
      return (await readDocument(conversationId)).alerts;
    },

    update(conversationId, change) {
      return untilWritten('alert subscriptions', async () => {
        const { alerts: current, eTag } = await readDocument(conversationId);
        const next = { ...change(current), conversationId };
        if (JSON.stringify(next) === JSON.stringify(current)) return current;

        const hadAny = current.subscriptions.length > 0;
        const hasAny = next.subscriptions.length > 0;
        // Indexed first: a crash between the two writes leaves an extra index entry, never a lost subscription.
        if (hasAny && !hadAny) await index.add(conversationId);
        if (!(await writeIfUnchanged(storage, keyOf(conversationId), next, eTag))) return CONFLICT;

        if (hasAny && !hadAny) {
          // Someone may have taken the conversation out of the index between our two writes, having
          // seen it empty: put it back.
          await index.add(conversationId);
        } else if (hadAny && !hasAny) {
          await index.remove(conversationId);
          // A subscription that landed after our write and before the removal must stay findable.
          if ((await readDocument(conversationId)).alerts.subscriptions.length > 0) await index.add(conversationId);
        }
        return next;
      });
    },

    async conversationIds() {
      const item = (await storage.read([INDEX_KEY]))[INDEX_KEY];
      return [...readIndex(item).conversationIds];
    },
  };
}

function readIndex(stored: unknown): SubscriptionIndex {
  if (stored === undefined || stored === null) return { version: INDEX_VERSION, conversationIds: [] };
  const parsed = indexSchema.safeParse(stored);
  // Read as empty, the index would be rewritten without the conversations it named: they would never
  // be alerted again. Refused, a pass fails loudly until someone looks.
  if (!parsed.success) throw new CodedError(ErrorCodes.Internal, 'Stored alert subscription index is malformed or of another version');
  return parsed.data;
}
