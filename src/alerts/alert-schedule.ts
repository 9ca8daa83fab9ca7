import { Cron } from 'croner';
import type { Logger } from '../logging/logger';

export interface AlertScheduleOptions {
  /** Cron syntax (five fields, or six with seconds), e.g. `0 8 * * 1` for Mondays at 08:00. */
  pattern: string;
  /** IANA time zone the pattern is read in, e.g. `Europe/Amsterdam`; daylight saving time included. */
  timeZone: string;
  /**
   * Runs one pass. `slot` is the time the run was scheduled for (not the moment the timer fired), the
   * same on every instance: what instances can agree on to run a slot once.
   */
  onTick(slot: Date): Promise<void>;
  logger: Logger;
}

export interface AlertSchedule {
  /** When the next pass is due; null when the pattern has no future run. */
  nextRun(): Date | null;
  /** No further ticks; a pass already running finishes on its own. */
  stop(): void;
}

/**
 * The in-process alert schedule (ALERT_SCHEDULE, ALERT_TIMEZONE), on croner. A tick that comes while
 * the previous pass still runs is skipped, not queued, and a failed pass is logged: the schedule
 * keeps going and the process stays up.
 */
export function startAlertSchedule(options: AlertScheduleOptions): AlertSchedule {
  const { logger } = options;
  const job: Cron = new Cron(
    options.pattern,
    {
      timezone: options.timeZone,
      protect: () => logger.warn({ nextRun: job.nextRun()?.toISOString() ?? null }, 'alert pass still running at the next scheduled time; skipped that tick'),
      // The HTTP server keeps the process alive; a forgotten schedule alone should not.
      unref: true,
    },
    async (self: Cron) => {
      const firedAt = self.currentRun() ?? new Date();
      // croner reports when the timer fired, usually a few ms late; the slot is the last time the pattern
      // names at or before that. previousRuns excludes its reference itself, hence the extra millisecond.
      const slot = self.previousRuns(1, new Date(firedAt.getTime() + 1))[0] ?? firedAt;
      try {
        await options.onTick(slot);
      } catch (error) {
        logger.error({ err: error, slot: slot.toISOString() }, 'scheduled alert pass failed');
      }
    },
  );
  logger.info({ pattern: options.pattern, timeZone: options.timeZone, nextRun: job.nextRun()?.toISOString() ?? null }, 'alert schedule started');
  return {
    nextRun: () => job.nextRun(),
    stop: () => job.stop(),
  };
}
