import { randomUUID } from 'node:crypto';
import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import type { PassLock } from '../alerts/ports';
import type { Logger } from '../logging/logger';
import { blobErrorSummary, blobStatus } from './blob-container';
import { holdLease } from './held-lease';

export interface BlobLeaseLockOptions {
  /** The container the bot's state lives in (connectBlobContainer). */
  container: ContainerClient;
  /** Which lock, e.g. "alert-pass": one lock blob per name. */
  name: string;
  /** 15 to 60: the lease durations Azure Blob Storage grants. */
  leaseSeconds: number;
  logger: Logger;
}

/**
 * The blob holding a lock's lease. State blobs never contain "/" (see blobNameOf), so lock blobs in the
 * same container cannot be mistaken for state.
 */
export function lockBlobName(name: string): string {
  return `locks/${encodeURIComponent(name)}`;
}

/**
 * A pass lock for every instance sharing a Blob Storage container: a lease on a lock blob. Azure grants
 * it to one holder at a time and lets it expire when the holder stops renewing it, so an instance that
 * dies mid-pass hands the lock on after leaseSeconds without anyone cleaning up.
 */
export function blobLeaseLock(options: BlobLeaseLockOptions): PassLock {
  const { container, name, leaseSeconds, logger } = options;
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 15 || leaseSeconds > 60) {
    throw new RangeError(`A blob lease lasts 15 to 60 whole seconds, not ${leaseSeconds}.`);
  }
  const blob = container.getBlockBlobClient(lockBlobName(name));
  const log = logger.child({ lock: name });

  return {
    async tryAcquire() {
      // A fresh lease id per acquisition: a second pass in this same process is refused like any other.
      const lease = blob.getBlobLeaseClient(randomUUID());
      const acquiredAt = await acquire(blob, lease, leaseSeconds);
      if (acquiredAt === undefined) return undefined;
      log.debug('pass lock taken');
      return holdLease(
        {
          async renew() {
            try {
              await lease.renewLease();
              return 'renewed';
            } catch (error) {
              // 409: released, broken or expired and taken by someone else; 404: the lock blob is gone.
              const status = blobStatus(error);
              if (status === 409 || status === 404) return 'lost';
              throw new Error(`renewing the lease failed: ${blobErrorSummary(error).message}`);
            }
          },
          async release() {
            try {
              await lease.releaseLease();
            } catch (error) {
              // 409: it is no longer ours (it expired), which is what releasing wanted.
              if (blobStatus(error) !== 409) throw new Error(`releasing the lease failed: ${blobErrorSummary(error).message}`);
            }
          },
        },
        { leaseMs: leaseSeconds * 1000, acquiredAt, logger: log },
      );
    },
  };
}

/** performance.now() when the successful request was sent; undefined while someone else holds the lease. */
async function acquire(blob: BlockBlobClient, lease: BlobLeaseClient, leaseSeconds: number): Promise<number | undefined> {
  for (let attempt = 1; ; attempt++) {
    const sentAt = performance.now();
    try {
      await lease.acquireLease(leaseSeconds);
      return sentAt;
    } catch (error) {
      const status = blobStatus(error);
      if (status === 409) return undefined;
      // The first pass ever on this container: create the empty lock blob (whoever wins that race, a
      // blob exists afterwards) and try once more.
      if (status === 404 && attempt === 1) {
        await createLockBlob(blob);
        continue;
      }
      throw error;
    }
  }
}

async function createLockBlob(blob: BlockBlobClient): Promise<void> {
  try {
    await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
  } catch (error) {
    // 409: another instance created it first; 412: and already leased it.
    const status = blobStatus(error);
    if (status !== 409 && status !== 412) throw error;
  }
}
