import { LRUCache } from 'lru-cache';
import type { UsageRecord } from '../core/usage/usage-record';
import type { BoughtRead } from '../renewals/load-bought';

/**
 * Usage rows a user read lately, per user and customer, so asking again within minutes needs no
 * Partner Center round trip. Partner Center refreshes these analytics every few days, so rows a few
 * minutes old are as fresh as new ones; the card says when they were read, and its Refresh button
 * reads again. Keyed by user: one user's rows are never shown to another, whose rights may differ.
 */
export interface UsageCache {
  get(userKey: string, customerId: string): CachedUsage | undefined;
  set(userKey: string, customerId: string, records: readonly UsageRecord[], readAt: Date, bought?: BoughtRead): void;
}

export interface CachedUsage {
  records: readonly UsageRecord[];
  readAt: Date;
  /** What was bought, read beside the usage; absent when that read was not complete (asked again next time). */
  bought?: BoughtRead;
}

export interface UsageCacheOptions {
  /** USAGE_CACHE_SECONDS; 0 turns the cache off. */
  ttlSeconds: number;
  /** Entries kept across all users; the least recently used go first. */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 5_000;

export function createUsageCache(options: UsageCacheOptions): UsageCache {
  if (options.ttlSeconds <= 0) return { get: () => undefined, set: () => undefined };
  const cache = new LRUCache<string, CachedUsage>({ max: options.maxEntries ?? DEFAULT_MAX_ENTRIES, ttl: options.ttlSeconds * 1000 });
  const keyOf = (userKey: string, customerId: string) => `${userKey}\u0000${customerId.trim().toLowerCase()}`;
  return {
    get: (userKey, customerId) => cache.get(keyOf(userKey, customerId)),
    set: (userKey, customerId, records, readAt, bought) => {
      cache.set(keyOf(userKey, customerId), { records, readAt, ...(bought ? { bought } : {}) });
    },
  };
}
