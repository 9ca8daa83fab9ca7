import { createHash } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { readStoredDocument } from '../core/alerts/stored-document';
import { addSnapshot, customerHistorySchema, emptyHistory, HISTORY_VERSION, snapshotOf, type CustomerHistory } from '../core/history/usage-history';
import type { UsageHistoryStore } from '../usage/usage-history';
import type { Logger } from '../logging/logger';
import { conditionalETag, storedETag, writeIfUnchanged } from './conditional-write';
import { isEtagConflict } from './etag-conflict';
import { byKey } from '../core/key-order';

export interface UsageHistoryStoreOptions {
  clock: () => Date;
  logger: Logger;
  /** Histories kept in memory (each is a few KB); defaults to 2,000. */
  cacheEntries?: number;
  /** How long a cached history is trusted before storage is read again; defaults to an hour. */
  cacheTtlMs?: number;
  /**
   * Customers whose latest recorded data date is remembered (a date each, some 150 bytes), so that a
   * customer asked about again reads no history; defaults to 10,000.
   */
  recordedDatesEntries?: number;
  /**
   * Batches (a scan's state shard) remembered as recorded, by a digest of their customers and data dates,
   * so that a daily scan over data Partner Center has not refreshed reads no history at all; defaults to
   * 4,096 (256 shards for 16 subscribers), some 100 bytes each.
   */
  recordedBatchEntries?: number;
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
  // Histories only ever gain dates, so "this date is stored" stays true whoever writes next: no TTL needed.
  const recordedDates = new LRUCache<string, string>({ max: options.recordedDatesEntries ?? 10_000 });
  // A batch is remembered whole rather than per customer: at 100,000 customers, a key and a date each
  // were 20 MB of the pass's live heap, which every full collection marks and V8 sizes the heap by.
  const recordedBatches = new LRUCache<string, true>({ max: options.recordedBatchEntries ?? 4_096 });

  async function read(customerId: string): Promise<Cached> {
    const key = keyOf(customerId);
    const cached = storedHistory((await storage.read([key]))[key], customerId);
    cache.set(key, cached);
    return cached;
  }

  /**
   * The histories of these customers, from the cache or else in one storage read. What is read is not
   * cached: a scan goes through every customer once, and pushing each of them through the cache would
   * only turn them into garbage the collector copies and promotes (a chat answer caches its own reads).
   */
  async function knownOf(customerIds: readonly string[]): Promise<Map<string, Cached>> {
    const known = new Map<string, Cached>();
    const missing = new Map<string, string>();
    for (const customerId of customerIds) {
      const key = keyOf(customerId);
      const cached = cache.get(key);
      if (cached) known.set(key, cached);
      else missing.set(key, customerId);
    }
    if (missing.size === 0) return known;
    const items = await storage.read([...missing.keys()]);
    for (const [key, customerId] of missing) known.set(key, storedHistory(items[key], customerId));
    return known;
  }

  const store: UsageHistoryStore = {
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
          if (!next) {
            recordedDates.set(key, snapshot.date);
            return known.history;
          }
          if (await writeIfUnchanged(storage, key, next, known.eTag)) {
            // Storage made the new eTag; without it, a later write conflicts once and re-reads.
            cache.set(key, { history: next, eTag: undefined });
            recordedDates.set(key, snapshot.date);
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

    async recordMany(summaries) {
      const batch = summaries.flatMap((summary) => {
        const snapshot = snapshotOf(summary);
        return snapshot ? [{ summary, snapshot }] : [];
      });
      const digest = batchDigest(batch.map(({ summary, snapshot }) => [keyOf(summary.customerId), snapshot.date]));
      if (batch.length === 0 || recordedBatches.has(digest)) return;
      const wanted = batch.filter(({ summary, snapshot }) => recordedDates.get(keyOf(summary.customerId)) !== snapshot.date);
      const now = options.clock();
      const changes: Record<string, object> = {};
      const written: [string, CustomerHistory][] = [];
      try {
        const knownHistories = wanted.length === 0 ? new Map<string, Cached>() : await knownOf(wanted.map(({ summary }) => summary.customerId));
        for (const { summary, snapshot } of wanted) {
          const key = keyOf(summary.customerId);
          const known = knownHistories.get(key);
          if (!known || key in changes) continue;
          const next = addSnapshot(known.history, snapshot, now);
          if (!next) continue;
          changes[key] = { ...next, eTag: conditionalETag(known.eTag) };
          written.push([key, next]);
        }
        if (written.length > 0) await storage.write(changes);
        // A cached copy is brought up to date; others stay out of the cache (see knownOf).
        for (const [key, history] of written) if (cache.has(key)) cache.set(key, { history, eTag: undefined });
        recordedBatches.set(digest, true);
      } catch (error) {
        // Another instance wrote one of them (or a document was unreadable): one by one, each with its retries.
        if (!isEtagConflict(error)) options.logger.debug({ code: (error as { code?: unknown }).code }, 'usage histories not recorded as a batch; one by one');
        for (const [key] of written) cache.delete(key);
        for (const { summary } of wanted) await store.record(summary);
      }
    },
  };
  return store;
}

/** A stored history as read, with the eTag to write it back with; an empty one when none is stored. */
function storedHistory(item: StoreItem | undefined, customerId: string): Cached {
  const history = item === undefined || item === null ? emptyHistory(customerId) : readStoredDocument(item, HISTORY_VERSION, customerHistorySchema, 'usage history');
  return { history, eTag: storedETag(item) };
}

/**
 * Which customers a batch holds at which data dates, in 20 bytes: equal digests, the same batch, in
 * whatever order Partner Center listed its rows this time.
 */
function batchDigest(entries: Array<[string, string]>): string {
  const hash = createHash('sha1');
  for (const [key, date] of entries.sort(byKey)) hash.update(`${key}\u0000${date}\n`);
  return hash.digest('base64');
}
