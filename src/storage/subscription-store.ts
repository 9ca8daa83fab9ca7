import type { Storage } from 'botbuilder';
import pino from 'pino';
import { z } from 'zod';
import type { SubscriptionStore } from '../alerts/ports';
import { conversationAlertsDocument, emptyConversationAlerts, type ConversationAlerts } from '../core/alerts/subscriptions';
import { CodedError, ErrorCodes } from '../core/errors';
import type { Logger } from '../logging/logger';
import { writeIfUnchanged } from './conditional-write';
import { readDocument } from './stored-documents';

export interface SubscriptionStoreOptions {
  /** Reads and writes tried before a change that keeps meeting concurrent writes gives up. Defaults to 10. */
  maxAttempts?: number;
  /** Where corrupt documents are reported; silent unless told. */
  logger?: Logger;
}

const INDEX_KEY = 'alert-subscriptions-index';
const INDEX_VERSION = 1;
const DEFAULT_MAX_ATTEMPTS = 10;
/** What a read-modify-write attempt returns when a concurrent write refused it. */
const CONFLICT = Symbol('conflict');

const indexDocument = {
  name: 'alert subscription index',
  version: INDEX_VERSION,
  schema: z.object({ version: z.literal(INDEX_VERSION), conversationIds: z.array(z.string()) }),
};
type SubscriptionIndex = z.infer<typeof indexDocument.schema>;

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
  const logger = options.logger ?? pino({ level: 'silent' });
  /**
   * The index; a corrupt one reads as empty. The conversations it named are not lost: readDocument keeps
   * the corrupt copy aside (and logs it) for a person to merge back, while new subscriptions keep working.
   */
  const readIndex = async () => {
    const { value, eTag } = await readDocument(storage, INDEX_KEY, indexDocument, logger);
    return { conversationIds: value?.conversationIds ?? [], eTag };
  };
  const keyOf = subscriptionKeyOf;

  /** A conversation's subscriptions; none when nothing (or something corrupt, logged and kept aside) is stored. */
  async function readConversation(conversationId: string): Promise<{ alerts: ConversationAlerts; eTag: string | undefined }> {
    const { value, eTag } = await readDocument(storage, keyOf(conversationId), conversationAlertsDocument, logger);
    return { alerts: value ?? emptyConversationAlerts(conversationId), eTag };
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
      const { conversationIds, eTag } = await readIndex();
      const next = change(conversationIds);
      if (next === undefined) return;
      const document: SubscriptionIndex = { version: INDEX_VERSION, conversationIds: next };
      return (await writeIfUnchanged(storage, INDEX_KEY, document, eTag)) ? undefined : CONFLICT;
    });
  }

  const index = {
    add: (conversationId: string) => changeIndex((ids) => (ids.includes(conversationId) ? undefined : [...ids, conversationId])),
    remove: (conversationId: string) => changeIndex((ids) => (ids.includes(conversationId) ? ids.filter((id) => id !== conversationId) : undefined)),
  };

  return {
    async get(conversationId) {
      return (await readConversation(conversationId)).alerts;
    },

    update(conversationId, change) {
      return untilWritten('alert subscriptions', async () => {
        const { alerts: current, eTag } = await readConversation(conversationId);
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
          if ((await readConversation(conversationId)).alerts.subscriptions.length > 0) await index.add(conversationId);
        }
        return next;
      });
    },

    async conversationIds() {
      return [...(await readIndex()).conversationIds];
    },
  };
}
