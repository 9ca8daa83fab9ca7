import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logging/logger';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';
import { CustomerIndex } from './customer-index';
import { customerPool } from './customer-pool';
import { deadlineSignal } from '../timing/deadline-signal';

/**
 * Per user, the customers that user can see in Partner Center, listed in the background with that
 * user's own token and kept for a while, so a name resolves without a search round trip. A user's
 * list is never used for anyone else: Partner Center rights differ per person (GDAP), so the key is
 * the user and the list is only ever fetched with the token of the user it is kept for.
 *
 * Bounded: at most `maxUsers` lists and `maxEntries` customers in all (least recently used lists go
 * first); a partner with more than `maxEntriesPerUser` customers is not listed at all, and its names
 * are searched as before. Stale lists are still used while a new one is fetched.
 */
export interface CustomerDirectory {
  /**
   * The user's customers if listed, else undefined; starts a listing (in the background, with the
   * turn's token) when there is none or it is older than the TTL.
   */
  customersOf(userKey: string, ctx: PartnerCenterCallContext): CustomerIndex | undefined;
  /** Lists the user's customers now (or waits for the listing under way) and returns them; e.g. to warm up. */
  listFor(userKey: string, ctx: PartnerCenterCallContext): Promise<CustomerIndex | undefined>;
}

export interface CustomerDirectoryOptions {
  partnerCenter: PartnerCenter;
  logger: Logger;
  /** How long a list is fresh; defaults to an hour (customers are added rarely, and a miss still searches). */
  ttlMs?: number;
  maxUsers?: number;
  maxEntries?: number;
  maxEntriesPerUser?: number;
  /** A background listing gives up after this long. */
  listTimeoutMs?: number;
}

const DEFAULTS = { ttlMs: 60 * 60 * 1000, maxUsers: 1_000, maxEntries: 500_000, maxEntriesPerUser: 100_000, listTimeoutMs: 120_000 };

export function createCustomerDirectory(options: CustomerDirectoryOptions): CustomerDirectory {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const shared = customerPool();
  // null: the user has more customers than a list may hold (kept, so they are not listed again at every message).
  const cache = new LRUCache<string, { customers: CustomerIndex | null }, PartnerCenterCallContext>({
    max: settings.maxUsers,
    maxSize: settings.maxEntries,
    maxEntrySize: settings.maxEntriesPerUser,
    sizeCalculation: ({ customers }) => Math.max(1, customers?.size ?? 0),
    ttl: settings.ttlMs,
    allowStale: true,
    noDeleteOnStaleGet: true,
    allowStaleOnFetchRejection: true,
    fetchMethod: async (_userKey, _stale, { signal, context }) => {
      const correlationId = randomUUID();
      const ctx: PartnerCenterCallContext = {
        accessToken: context.accessToken,
        locale: context.locale,
        correlationId,
        // Not the turn's deadline: the listing outlives the answer it was started by.
        signal: deadlineSignal(settings.listTimeoutMs, signal),
      };
      const customers = await options.partnerCenter.listCustomers(ctx);
      options.logger.debug({ correlationId, customers: customers.length }, 'Customer directory listed for a user');
      // Too many to keep: the user has no list, so their names are searched.
      return { customers: customers.length > settings.maxEntriesPerUser ? null : new CustomerIndex(customers.map(shared)) };
    },
  });

  return {
    customersOf(userKey, ctx) {
      const entry = cache.get(userKey);
      if (entry === undefined || cache.getRemainingTTL(userKey) <= 0) {
        cache.fetch(userKey, { context: ctx }).catch((error: unknown) => {
          options.logger.warn({ err: error instanceof Error ? { name: error.name, code: (error as { code?: unknown }).code } : undefined }, 'Customer directory listing failed');
        });
      }
      return entry?.customers ?? undefined;
    },
    async listFor(userKey, ctx) {
      return (await cache.fetch(userKey, { context: ctx }))?.customers ?? undefined;
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
