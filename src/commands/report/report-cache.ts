import { LRUCache } from 'lru-cache';
import type { CustomerDrop } from '../../core/history/usage-history';
import type { CustomerUsage } from '../../core/report/rank-customers';

/** One person's partner-wide read: what the report, its filters, its refreshes and its CSV are made from. */
export interface ReportRead {
  customers: CustomerUsage[];
  /** By customer id, lower case. */
  drops: Map<string, CustomerDrop>;
}

export interface ReportCache {
  get(userKey: string): ReportRead | undefined;
  set(userKey: string, read: ReportRead): void;
}

export interface ReportCacheOptions {
  /** People whose read is kept; each is a few MB at 10,000 customers. Defaults to 16. */
  maxUsers?: number;
  /** Defaults to 5 minutes: a filter typed after the report, or a channel's refresh, reads nothing again. */
  ttlMs?: number;
}

/**
 * Partner-wide reads kept per person (Partner Center rights differ between people), bounded and short
 * lived: Partner Center refreshes usage daily at most, so five minutes loses nothing.
 */
export function reportCache(options: ReportCacheOptions = {}): ReportCache {
  const cache = new LRUCache<string, ReportRead>({ max: options.maxUsers ?? 16, ttl: options.ttlMs ?? 300_000 });
  return { get: (key) => cache.get(key), set: (key, read) => void cache.set(key, read) };
}
