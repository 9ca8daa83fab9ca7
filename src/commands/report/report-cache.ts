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
  /** People whose read is kept. Defaults to 16. */
  maxUsers?: number;
  /**
   * Customers kept across every person's read, about 1.1 KB each (114 MB for a read of 100,000
   * customers, measured); the least recently used reads go first, and a larger read is not kept (the
   * next filter reads Partner Center again). Defaults to 100,000.
   */
  maxCustomers?: number;
  /** Defaults to 5 minutes: a filter typed after the report, or a channel's refresh, reads nothing again. */
  ttlMs?: number;
}

/**
 * Partner-wide reads kept per person (Partner Center rights differ between people), bounded and short
 * lived: Partner Center refreshes usage daily at most, so five minutes loses nothing.
 */
export function reportCache(options: ReportCacheOptions = {}): ReportCache {
  const cache = new LRUCache<string, ReportRead>({
    max: options.maxUsers ?? 16,
    ttl: options.ttlMs ?? 300_000,
    maxSize: options.maxCustomers ?? 100_000,
    // An empty read still takes a place.
    sizeCalculation: (read) => Math.max(1, read.customers.length),
  });
  return { get: (key) => cache.get(key), set: (key, read) => void cache.set(key, read) };
}
