import { boundingWork } from '../timing/deadline-signal';
import type { Logger } from '../logging/logger';
import type { AlertPassOptions } from './run-alert-pass';
import type { AlertPassSummary, PassLock } from './ports';
import type { ScheduledSlots } from './schedule-slots';

export type AlertRunDone = { kind: 'done'; summary: AlertPassSummary };
/** A pass is running already, here or on another instance (or this runner is stopping). */
export type AlertRunBusy = { kind: 'busy' };
/** The scheduled slot was run already, by this instance or another. */
export type AlertRunSkipped = { kind: 'skipped'; lastSlot: string };

export interface AlertRunner {
  /** A pass now (POST /api/alerts/run). */
  runNow(): Promise<AlertRunDone | AlertRunBusy>;
  /** The pass of a scheduled time; every instance fires it, one runs it. */
  runScheduled(slot: Date): Promise<AlertRunDone | AlertRunBusy | AlertRunSkipped>;
  /** Cancels a running pass (between two messages) and waits for it; later runs answer busy. */
  stop(): Promise<void>;
}

export interface AlertRunnerOptions {
  lock: PassLock;
  slots: ScheduledSlots;
  /** The pass itself, e.g. `(options) => runAlertPass(deps, options)`. */
  runPass(options: AlertPassOptions): Promise<AlertPassSummary>;
  logger: Logger;
}

const BUSY: AlertRunBusy = { kind: 'busy' };

export function createAlertRunner(options: AlertRunnerOptions): AlertRunner {
  const { lock, slots, logger } = options;
  let running: { controller: AbortController; done: Promise<unknown> } | undefined;
  let stopped = false;

  /** Runs `work` holding the pass lock, with a signal that aborts when the lock is lost or the runner stops. */
  async function holdingLock<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | AlertRunBusy> {
    // Checked and set before the first await: two calls at once must not both reach the lock.
    if (stopped || running) return BUSY;
    const controller = new AbortController();
    // Every Partner Center attempt of the pass listens to it until it ends, several at a time.
    boundingWork(controller.signal);
    const done = (async () => {
      const held = await lock.tryAcquire();
      if (!held) return BUSY;
      const onLost = () => {
        logger.warn('Alert pass lock lost: cancelling the pass');
        controller.abort();
      };
      if (held.lost.aborted) onLost();
      else held.lost.addEventListener('abort', onLost, { once: true });
      try {
        return await work(controller.signal);
      } finally {
        held.lost.removeEventListener('abort', onLost);
        await held.release().catch((error: unknown) => logger.warn({ err: error }, 'Could not release the alert pass lock'));
      }
    })();
    running = { controller, done };
    try {
      return await done;
    } finally {
      running = undefined;
    }
  }

  return {
    runNow() {
      return holdingLock(async (signal): Promise<AlertRunDone> => ({ kind: 'done', summary: await options.runPass({ signal }) }));
    },

    runScheduled(slot) {
      return holdingLock(async (signal): Promise<AlertRunDone | AlertRunSkipped> => {
        // Read under the lock: whoever recorded a slot held it too, so this is the latest word.
        const record = await slots.read();
        if (record.lastSlot && record.lastSlot.getTime() >= slot.getTime()) {
          logger.info({ slot: slot.toISOString(), lastSlot: record.lastSlot.toISOString() }, 'Scheduled alert pass already ran');
          return { kind: 'skipped', lastSlot: record.lastSlot.toISOString() };
        }
        const summary = await options.runPass({ signal });
        // A cancelled pass did not finish the slot: whichever instance fires it next may run it.
        if (!summary.cancelled) {
          await slots.record(slot, record).catch((error: unknown) =>
            logger.warn({ err: error, slot: slot.toISOString() }, 'Could not record the scheduled alert slot'),
          );
        }
        return { kind: 'done', summary };
      });
    },

    async stop() {
      stopped = true;
      const current = running;
      if (!current) return;
      current.controller.abort();
      await current.done.catch(() => undefined);
    },
  };
}
