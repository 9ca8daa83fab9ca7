import { createHash } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { storedVersionOf } from '../core/alerts/stored-document';
import { addSnapshot, customerHistorySchema, emptyHistory, HISTORY_VERSION, snapshotOf, type CustomerHistory, type UsageSnapshot } from '../core/history/usage-history';
import {
  addToHead,
  assembleHistory,
  emptyHead,
  HEAD_VERSION,
  headOfWholeHistory,
  historyHeadSchema,
  historySegmentSchema,
  segmentId,
  type HeadChange,
  type HistoryHead,
  type SegmentRef,
} from '../core/history/history-segments';
import type { UsageHistoryStore } from '../usage/usage-history';
import type { UsageSummary } from '../core/usage/usage-summary';
import type { Logger } from '../logging/logger';
import { conditionalETag, writeAllIfUnchanged } from './conditional-write';
import { documentFrom, type DocumentKind } from './stored-documents';
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

const HEAD_DOCUMENT: DocumentKind<typeof historyHeadSchema> = { schema: historyHeadSchema, name: 'usage history', version: HEAD_VERSION };
const WHOLE_HISTORY_DOCUMENT: DocumentKind<typeof customerHistorySchema> = { schema: customerHistorySchema, name: 'usage history', version: HISTORY_VERSION };
const SEGMENT_DOCUMENT: DocumentKind<typeof historySegmentSchema> = { schema: historySegmentSchema, name: 'usage history segment', version: HEAD_VERSION };

/** A head as read, with the eTag to write it back with. */
interface KnownHead {
  head: HistoryHead;
  eTag: string | undefined;
}

/** How much of a history an answer needs: all of it (a usage card's trend), or what its head holds. */
type Reach = 'whole' | 'recent';

/** What a chat answer reads: the head, and the whole history assembled from it and its segments. */
interface Cached extends KnownHead {
  history: CustomerHistory;
}

/**
 * Usage histories in botbuilder Storage (SQLite or Blob): per customer a small head document, written by
 * compare-and-set, and the sealed segments it lists, written once (src/core/history/history-segments.ts).
 * A bounded, short-lived cache means a scan of thousands of customers whose data date did not move reads
 * and writes nothing, and one whose date moved reads and writes heads only: cost grows with change.
 * Another instance's write shows up as an eTag conflict, which re-reads.
 */
export function usageHistoryStore(storage: Storage, options: UsageHistoryStoreOptions): UsageHistoryStore {
  const cache = new LRUCache<string, Cached>({ max: options.cacheEntries ?? 2_000, ttl: options.cacheTtlMs ?? 3_600_000 });
  const keyOf = (customerId: string) => `usage-history/${encodeURIComponent(customerId.toLowerCase())}`;
  // "@" never appears in a head's key (encodeURIComponent escapes it).
  const segmentKeyOf = (key: string, ref: SegmentRef) => `${key}@${segmentId(ref)}`;
  // Histories only ever gain dates, so "this date is stored" stays true whoever writes next: no TTL needed.
  const recordedDates = new LRUCache<string, string>({ max: options.recordedDatesEntries ?? 10_000 });
  // A batch is remembered whole rather than per customer: at 100,000 customers, a key and a date each
  // were 20 MB of the pass's live heap, which every full collection marks and V8 sizes the heap by.
  const recordedBatches = new LRUCache<string, true>({ max: options.recordedBatchEntries ?? 4_096 });

  /**
   * A stored head as read, with the eTag to write it back with; an empty one when none is stored. A
   * version 1 document (the whole history in one) is read as a head holding every snapshot. A corrupt
   * one is kept aside and read as empty, with its eTag, so the next data date replaces it; one from a
   * newer bot is refused (stored-documents.ts).
   */
  async function headFrom(key: string, item: StoreItem | undefined, customerId: string): Promise<KnownHead> {
    if (storedVersionOf(item) === HISTORY_VERSION) {
      const whole = await documentFrom(storage, key, item, WHOLE_HISTORY_DOCUMENT, options.logger);
      return { head: whole.value ? headOfWholeHistory(whole.value) : emptyHead(customerId), eTag: whole.eTag };
    }
    const read = await documentFrom(storage, key, item, HEAD_DOCUMENT, options.logger);
    return { head: read.value ?? emptyHead(customerId), eTag: read.eTag };
  }

  async function readHead(customerId: string): Promise<KnownHead> {
    const key = keyOf(customerId);
    return headFrom(key, (await storage.read([key]))[key], customerId);
  }

  /** The whole history: the head and, in one more storage read, the segments it lists. */
  async function read(customerId: string): Promise<Cached> {
    const key = keyOf(customerId);
    const known = await readHead(customerId);
    const segments: UsageSnapshot[][] = [];
    if (known.head.segments.length > 0) {
      const keys = known.head.segments.map((ref) => segmentKeyOf(key, ref));
      const items = await storage.read(keys);
      // A listed segment that is not there (deleted by hand) or cannot be read only shortens the trend. An
      // unreadable one is kept aside and then deleted: segments are never rewritten, so it would
      // otherwise be reported and copied again at every read.
      const unreadable: string[] = [];
      for (const segmentKey of keys) {
        const segment = await documentFrom(storage, segmentKey, items[segmentKey], SEGMENT_DOCUMENT, options.logger);
        if (segment.value) segments.push(segment.value.snapshots);
        else if (segment.stored) unreadable.push(segmentKey);
      }
      await dropSegments(unreadable);
    }
    const cached = { ...known, history: assembleHistory(known.head, segments, options.clock()) };
    cache.set(key, cached);
    return cached;
  }

  /**
   * The heads of these customers, from the cache or else in one storage read. What is read is not
   * cached: a scan goes through every customer once, and pushing each of them through the cache would
   * only turn them into garbage the collector copies and promotes (a chat answer caches its own reads).
   */
  async function knownOf(customerIds: readonly string[]): Promise<Map<string, KnownHead>> {
    const known = new Map<string, KnownHead>();
    const missing = new Map<string, string>();
    for (const customerId of customerIds) {
      const key = keyOf(customerId);
      const cached = cache.get(key);
      if (cached) known.set(key, cached);
      else missing.set(key, customerId);
    }
    if (missing.size === 0) return known;
    const items = await storage.read([...missing.keys()]);
    for (const [key, customerId] of missing) known.set(key, await headFrom(key, items[key], customerId));
    return known;
  }

  /** The documents one change writes: the sealed segment (written once, so unconditionally) and the head. */
  function documentsOf(key: string, change: HeadChange, eTag: string | undefined): Record<string, object> {
    const documents: Record<string, object> = {};
    if (change.sealed) {
      const { ref, ...segment } = change.sealed;
      documents[segmentKeyOf(key, ref)] = { ...segment, eTag: '*' };
    }
    documents[key] = { ...change.head, eTag: conditionalETag(eTag) };
    return documents;
  }

  /** Segments no head lists any more; a leftover costs only its space, so a failure is logged, not thrown. */
  async function dropSegments(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await storage.delete(keys).catch((error: unknown) => options.logger.debug({ err: error, segments: keys.length }, 'expired usage history segments not deleted'));
  }

  /** The history as far as `reach` asks: whole (read with its segments, and cached), or the head's recent snapshots. */
  async function known(customerId: string, reach: Reach): Promise<Cached & { whole: boolean }> {
    const key = keyOf(customerId);
    const cached = cache.get(key) ?? (reach === 'whole' ? await read(customerId) : undefined);
    if (cached) return { ...cached, whole: true };
    const head = await readHead(customerId);
    return { ...head, history: assembleHistory(head.head, [], options.clock()), whole: false };
  }

  async function recordOne(summary: UsageSummary, reach: Reach): Promise<CustomerHistory> {
    const key = keyOf(summary.customerId);
    const snapshot = snapshotOf(summary);
    let current: (Cached & { whole: boolean }) | undefined;
    try {
      current = await known(summary.customerId, reach);
      if (!snapshot) return current.history;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const now = options.clock();
        const change = addToHead(current.head, snapshot, now);
        if (!change) {
          recordedDates.set(key, snapshot.date);
          return current.history;
        }
        if (!(await writeAllIfUnchanged(storage, documentsOf(key, change, current.eTag)))) {
          cache.delete(key);
          current = await known(summary.customerId, reach);
          continue;
        }
        const history = addSnapshot(current.history, snapshot, now) ?? current.history;
        // Storage made the new eTag; without it, a later write conflicts once and re-reads. The cache
        // holds whole histories only.
        if (current.whole) cache.set(key, { head: change.head, eTag: undefined, history });
        recordedDates.set(key, snapshot.date);
        await dropSegments(change.dropped.map((ref) => segmentKeyOf(key, ref)));
        return history;
      }
      options.logger.warn({ customerId: summary.customerId }, 'usage history not recorded: kept meeting concurrent writes');
      return current.history;
    } catch (error) {
      options.logger.warn({ err: error, customerId: summary.customerId }, 'usage history could not be recorded');
      return current?.history ?? emptyHistory(summary.customerId);
    }
  }

  /**
   * Records a batch with one storage read of the heads and one write. With `collect`, also answers each
   * customer's recent history (what its head holds, by customer id in lower case). Another instance's
   * write, or an unreadable document, sends the batch one by one, each with its retries (`batched` false).
   */
  async function recordBatch(
    entries: ReadonlyArray<{ summary: UsageSummary; snapshot: UsageSnapshot | undefined }>,
    collect: boolean,
  ): Promise<{ recent: Map<string, CustomerHistory>; batched: boolean }> {
    const now = options.clock();
    const recent = new Map<string, CustomerHistory>();
    const documents: Record<string, object> = {};
    const written: Array<{ key: string; head: HistoryHead; snapshot: UsageSnapshot }> = [];
    const dropped: string[] = [];
    try {
      const knownHeads = entries.length === 0 ? new Map<string, KnownHead>() : await knownOf(entries.map(({ summary }) => summary.customerId));
      for (const { summary, snapshot } of entries) {
        const key = keyOf(summary.customerId);
        const known = knownHeads.get(key);
        if (!known) continue;
        const change = snapshot && !(key in documents) ? addToHead(known.head, snapshot, now) : undefined;
        if (change && snapshot) {
          Object.assign(documents, documentsOf(key, change, known.eTag));
          dropped.push(...change.dropped.map((ref) => segmentKeyOf(key, ref)));
          written.push({ key, head: change.head, snapshot });
        }
        if (collect) recent.set(summary.customerId.toLowerCase(), assembleHistory(change?.head ?? known.head, [], now));
      }
      if (written.length > 0) await storage.write(documents);
      // A cached copy is brought up to date; others stay out of the cache (see knownOf).
      for (const { key, head, snapshot } of written) {
        const cached = cache.get(key);
        if (cached) cache.set(key, { head, eTag: undefined, history: addSnapshot(cached.history, snapshot, now) ?? cached.history });
      }
    } catch (error) {
      if (!isEtagConflict(error)) options.logger.debug({ code: (error as { code?: unknown }).code }, 'usage histories not recorded as a batch; one by one');
      for (const { key } of written) cache.delete(key);
      recent.clear();
      for (const { summary } of entries) {
        const history = await recordOne(summary, 'recent');
        if (collect) recent.set(summary.customerId.toLowerCase(), history);
      }
      return { recent, batched: false };
    }
    await dropSegments(dropped);
    return { recent, batched: true };
  }

  const store: UsageHistoryStore = {
    async get(customerId) {
      return (cache.get(keyOf(customerId)) ?? (await read(customerId))).history;
    },

    record: (summary) => recordOne(summary, 'whole'),
    recordRecent: (summary) => recordOne(summary, 'recent'),

    async recordMany(summaries) {
      const batch = summaries.flatMap((summary) => {
        const snapshot = snapshotOf(summary);
        return snapshot ? [{ summary, snapshot }] : [];
      });
      const digest = batchDigest(batch.map(({ summary, snapshot }) => [keyOf(summary.customerId), snapshot.date]));
      if (batch.length === 0 || recordedBatches.has(digest)) return;
      const wanted = batch.filter(({ summary, snapshot }) => recordedDates.get(keyOf(summary.customerId)) !== snapshot.date);
      if ((await recordBatch(wanted, false)).batched) recordedBatches.set(digest, true);
    },

    async recordManyRecent(summaries) {
      return (await recordBatch(summaries.map((summary) => ({ summary, snapshot: snapshotOf(summary) })), true)).recent;
    },
  };
  return store;
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
