import type { Logger } from '../logging/logger';

/** Lets the next waiting command run. */
export type Release = () => void;

/** Work that outlived its inbound turn and still has to post its answer. */
export interface BackgroundJob {
  /** Settles when the work is done (answer posted, or failure said). */
  readonly settled: Promise<void>;
  /** The bot is stopping: tell the user the answer was interrupted, and stop the work. */
  interrupt(): Promise<void>;
}

export interface BackgroundWorkOptions {
  /** Commands running at once (each may call Partner Center). */
  maxRunning: number;
  /** Commands waiting for a slot; past that, new ones are refused. */
  maxQueued: number;
  logger: Logger;
}

/**
 * The bot's slow work, in one place: a bound on how much runs at once (so a burst of slow questions
 * holds neither unbounded memory nor Partner Center's whole throttling budget), single flights (the
 * same question again joins the running answer), and the jobs shutdown has to wait for.
 */
export interface BackgroundWork {
  /** A slot to run in, when one frees up; undefined when the queue is full too (refuse politely). */
  slot(): Promise<Release> | undefined;
  /** The running flight for `key`, if any. */
  flight<T>(key: string): Promise<T> | undefined;
  /** Makes `running` the flight for `key` until it settles. */
  startFlight<T>(key: string, running: Promise<T>): void;
  track(job: BackgroundJob): void;
  /** Counts, for logs and tests. */
  readonly running: number;
  readonly queued: number;
  readonly background: number;
  /**
   * Waits up to `graceMs` for the background jobs, then interrupts the rest (each user is told) and
   * waits up to `interruptMs` for them to wind down.
   */
  stop(graceMs: number, interruptMs?: number): Promise<void>;
}

export function createBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const waiting: Array<(release: Release) => void> = [];
  const flights = new Map<string, Promise<unknown>>();
  const jobs = new Set<BackgroundJob>();
  let running = 0;

  const release: Release = () => {
    const next = waiting.shift();
    if (next) next(onceOnly(release));
    else running -= 1;
  };

  return {
    slot() {
      if (running < options.maxRunning) {
        running += 1;
        return Promise.resolve(onceOnly(release));
      }
      if (waiting.length >= options.maxQueued) return undefined;
      return new Promise<Release>((resolve) => waiting.push(resolve));
    },
    flight: <T>(key: string) => flights.get(key) as Promise<T> | undefined,
    startFlight(key, flight) {
      flights.set(key, flight);
      const forget = () => {
        if (flights.get(key) === flight) flights.delete(key);
      };
      flight.then(forget, forget);
    },
    track(job) {
      jobs.add(job);
      const forget = () => jobs.delete(job);
      job.settled.then(forget, forget);
    },
    get running() {
      return running;
    },
    get queued() {
      return waiting.length;
    },
    get background() {
      return jobs.size;
    },
    async stop(graceMs, interruptMs = 2_000) {
      if (jobs.size === 0) return;
      options.logger.info({ jobs: jobs.size }, 'waiting for answers still on their way');
      await settledWithin([...jobs].map((job) => job.settled), graceMs);
      const left = [...jobs];
      if (left.length === 0) return;
      options.logger.warn({ jobs: left.length }, 'answers not ready in time for shutdown; telling their users to ask again');
      await settledWithin(
        left.map((job) => job.interrupt().catch((error: unknown) => options.logger.warn({ err: error }, 'could not tell a user their answer was interrupted'))),
        interruptMs,
      );
      await settledWithin(left.map((job) => job.settled), interruptMs);
    },
  };
}

function onceOnly(release: Release): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

async function settledWithin(promises: Array<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
