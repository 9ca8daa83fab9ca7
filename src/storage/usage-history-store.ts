import type { Storage } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { readStoredDocument } from '../core/alerts/stored-document';
import { addSnapshot, customerHistorySchema, emptyHistory, HISTORY_VERSION, snapshotOf, type CustomerHistory } from '../core/history/usage-history';
import type { UsageHistoryStore } from '../usage/usage-history';
import type { Logger } from '../logging/logger';
import { storedETag, writeIfUnchanged } from './conditional-write';

export interface UsageHistoryStoreOptions {
  clock: () => Date;
  logger: Logger;
  /** Histories kept in memory (each is a few KB); defaults to 2,000. */
  cacheEntries?: number;
  /** How long a cached history is trusted before storage is read again; defaults to an hour. */
  cacheTtlMs?: number;
}

const MAX_ATTEMPTS = 3;

interface Cached {
  history: CustomerHistory;
  eTag: string | undefined;
}

/**
 * Usage histories in botbuilder Storage (SQLite or Blob), one small document per customer, written by
 * compare-and-set. A bounded, short-lived cache means a scan of thousands of customers whose data date
 * did not move reads and writes nothing: cost grows with change. Another instance's write shows up as
 * an eTag conflict, which re-reads.
 */
export function usageHistoryStore(storage: Storage, options: UsageHistoryStoreOptions): UsageHistoryStore {
  const cache = new LRUCache<string, Cached>({ max: options.cacheEntries ?? 2_000, ttl: options.cacheTtlMs ?? 3_600_000 });
  const keyOf = (customerId: string) => `usage-history/${encodeURIComponent(customerId.toLowerCase())}`;

  async function read(customerId: string): Promise<Cached> {
    const key = keyOf(customerId);
    const item = (await storage.read([key]))[key];
    const history =
      item === undefined || item === null ? emptyHistory(customerId) : readStoredDocument(item, HISTORY_VERSION, customerHistorySchema, 'usage history');
    const cached = { history, eTag: storedETag(item) };
    cache.set(key, cached);
    return cached;
  }

  return {
    async get(customerId) {
      return (cache.get(keyOf(customerId)) ?? (await read(customerId))).history;
    },

    async record(summary) {
      const key = keyOf(summary.customerId);
      const snapshot = snapshotOf(summary);
      let known = cache.get(key);
      try {
        known ??= await read(summary.customerId);
        if (!snapshot) return known.history;
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const next = addSnapshot(known.history, snapshot, options.clock());
          if (!next) return known.history;
          if (await writeIfUnchanged(storage, key, next, known.eTag)) {
            // Storage made the new eTag; without it, a later write conflicts once and re-reads.
            cache.set(key, { history: next, eTag: undefined });
            return next;
          }
          known = await read(summary.customerId);
        }
        options.logger.warn({ customerId: summary.customerId }, 'usage history not recorded: kept meeting concurrent writes');
        return known.history;
      } catch (error) {
        options.logger.warn({ err: error, customerId: summary.customerId }, 'usage history could not be recorded');
        return known?.history ?? emptyHistory(summary.customerId);
      }
    },
  };
}
