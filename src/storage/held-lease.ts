import type { HeldLock } from '../alerts/ports';
import type { Logger } from '../logging/logger';

/** What a lease store does for the holder of one lease. */
export interface LeaseHolder {
  /**
   * Extends the lease by its full duration. 'lost' when the store says someone else holds it now;
   * throws when the store could not be asked (the lease may still be ours).
   */
  renew(): Promise<'renewed' | 'lost'>;
  /** Gives the lease up so another holder need not wait for it to expire. */
  release(): Promise<void>;
}

export interface HoldLeaseOptions {
  leaseMs: number;
  /** performance.now() when the request that took the lease was sent. */
  acquiredAt: number;
  logger: Logger;
}

/**
 * Keeps a lease renewed at a third of its duration until released, and says when it was lost.
 *
 * A lease runs from when the store received the request, which is no earlier than when it was sent, so
 * counting from the send is on the safe side: once a lease duration has passed since the last request
 * that succeeded, the lease may be someone else's and `lost` aborts, even if the store simply could not
 * be reached. One failed renewal is retried at the next third; two in a row mean the lease is lost.
 */
export function holdLease(holder: LeaseHolder, options: HoldLeaseOptions): HeldLock {
  const { leaseMs, logger } = options;
  const renewEveryMs = Math.max(1, Math.floor(leaseMs / 3));
  const controller = new AbortController();
  let renewTimer: NodeJS.Timeout | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> | undefined;
  let released = false;

  const stopTimers = () => {
    clearTimeout(renewTimer);
    clearTimeout(expiryTimer);
  };

  const lose = (reason: string) => {
    if (controller.signal.aborted || released) return;
    stopTimers();
    logger.warn({ reason }, 'pass lock lost');
    controller.abort(new Error(`The pass lock was lost: ${reason}.`));
  };

  const holdUntil = (sentAt: number) => {
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(() => lose('it could not be renewed in time'), sentAt + leaseMs - performance.now());
    // A lock someone forgot to release must not keep the process alive.
    expiryTimer.unref();
  };

  const renewOnce = async () => {
    const sentAt = performance.now();
    try {
      const outcome = await holder.renew();
      if (released) return;
      if (controller.signal.aborted) {
        // A renewal that outran the expiry: the pass was told to stop, so hand the lease on at once.
        if (outcome === 'renewed') await holder.release().catch(() => undefined);
        return;
      }
      if (outcome === 'lost') lose('another holder has it');
      else holdUntil(sentAt);
    } catch (error) {
      logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'pass lock renewal failed; trying again');
    }
  };

  const scheduleRenewal = () => {
    renewTimer = setTimeout(() => {
      renewing = renewOnce().finally(() => {
        renewing = undefined;
        if (!released && !controller.signal.aborted) scheduleRenewal();
      });
    }, renewEveryMs);
    renewTimer.unref();
  };

  holdUntil(options.acquiredAt);
  scheduleRenewal();

  return {
    lost: controller.signal,
    async release() {
      if (released) return;
      released = true;
      stopTimers();
      // A renewal still under way would otherwise reach the store after the release and take the lease again.
      await renewing;
      if (controller.signal.aborted) return;
      try {
        await holder.release();
      } catch (error) {
        // Not worth failing the pass over: the lease runs out by itself and the next pass takes it then.
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'pass lock could not be released; it expires by itself');
      }
    },
  };
}
