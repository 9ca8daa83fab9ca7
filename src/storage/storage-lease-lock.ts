import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import type { Clock, PassLock } from '../alerts/ports';
import type { Logger } from '../logging/logger';
import { storedETag, writeIfUnchanged } from './conditional-write';
import { holdLease } from './held-lease';

export interface StorageLeaseLockOptions {
  /** Shared by every process that must not run a pass at the same time (e.g. one SQLite file). */
  storage: Storage;
  /** Which lock, e.g. "alert-pass": one lease record per name. */
  name: string;
  leaseSeconds: number;
  logger: Logger;
  /** Decides when a lease has expired; every process sharing the storage should agree on the time. */
  clock?: Clock;
}

interface LeaseRecord {
  /** Who holds the lease; null once released. */
  holder: string | null;
  /** ISO 8601; after it, anyone may take the lease over. */
  expiresAt: string;
}

/**
 * A pass lock kept as a lease record in botbuilder storage, for processes that share storage but have
 * no blob lease to use (several bot processes on one SQLite file). Taking, renewing and releasing are
 * compare-and-set writes on the record's eTag, so of two processes racing for it exactly one wins; a
 * holder that stops renewing (it died) loses the lease once `expiresAt` has passed.
 */
export function storageLeaseLock(options: StorageLeaseLockOptions): PassLock {
  const { storage, name, leaseSeconds, logger, clock = () => new Date() } = options;
  if (!(leaseSeconds > 0)) throw new RangeError(`A lease must last a positive number of seconds, not ${leaseSeconds}.`);
  const leaseMs = leaseSeconds * 1000;
  const key = `pass-lock/${encodeURIComponent(name)}`;
  const log = logger.child({ lock: name });

  const readLease = async () => (await storage.read([key]))[key] as (LeaseRecord & StoreItem) | undefined;

  /** Writes the record only if it is still as `read` found it; false when someone wrote it in between. */
  const replace = (read: StoreItem | undefined, record: LeaseRecord) => writeIfUnchanged(storage, key, record, storedETag(read));

  const until = () => new Date(clock().getTime() + leaseMs).toISOString();

  return {
    async tryAcquire() {
      const acquiredAt = performance.now();
      const current = await readLease();
      if (current?.holder && Date.parse(current.expiresAt) > clock().getTime()) return undefined;
      // A fresh holder per acquisition: a second pass in this same process is refused like any other.
      const holder = randomUUID();
      // With no record yet, the write is a create that loses to any other process creating it first.
      if (!(await replace(current, { holder, expiresAt: until() }))) return undefined;
      log.debug('pass lock taken');

      return holdLease(
        {
          async renew() {
            const record = await readLease();
            if (record?.holder !== holder) return 'lost';
            return (await replace(record, { holder, expiresAt: until() })) ? 'renewed' : 'lost';
          },
          async release() {
            const record = await readLease();
            if (record?.holder !== holder) return;
            // Expired rather than deleted: a delete cannot be made conditional on the eTag, and could
            // remove a lease someone took over meanwhile.
            await replace(record, { holder: null, expiresAt: clock().toISOString() });
          },
        },
        { leaseMs, acquiredAt, logger: log },
      );
    },
  };
}
