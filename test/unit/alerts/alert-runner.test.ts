import pino from 'pino';
import { createAlertRunner, type AlertRunner } from '../../../src/alerts/alert-runner';
import type { AlertPassSummary } from '../../../src/alerts/ports';
import type { AlertPassOptions } from '../../../src/alerts/run-alert-pass';
import { alertSlotStore } from '../../../src/storage/alert-slot-store';
import { openSqliteStorage, type SqliteStorage } from '../../../src/storage/sqlite-storage';
import { inMemoryPassLock, type InMemoryPassLock } from '../../helpers/alerts-lock';

/*
 * The runner around a pass: one pass at a time across instances (a shared lock), one run per
 * scheduled slot (a record in shared storage), and cancellation. The pass itself is a stand-in the
 * test finishes by hand; the storage is real SQLite.
 */

function summary(passId: string, cancelled = false): AlertPassSummary {
  return {
    passId,
    startedAt: '2026-03-16T08:00:00.000Z',
    finishedAt: '2026-03-16T08:00:01.000Z',
    conversationsChecked: 1,
    alertsSent: 0,
    messagesSent: 0,
    skipped: 1,
    failed: 0,
    paused: 0,
    deactivated: 0,
    partnerCenterRequests: 1,
    ...(cancelled ? { cancelled } : {}),
  };
}

/** A pass the test ends: finish() completes it, an aborted signal cancels it. */
function passByHand() {
  const signals: AbortSignal[] = [];
  let finishers: Array<() => void> = [];
  let startedResolve: () => void = () => undefined;
  let started = new Promise<void>((resolve) => (startedResolve = resolve));
  return {
    signals,
    runs: () => signals.length,
    started: () => started,
    finish() {
      finishers.forEach((finish) => finish());
      finishers = [];
    },
    runPass(options: AlertPassOptions): Promise<AlertPassSummary> {
      const signal = options.signal as AbortSignal;
      signals.push(signal);
      const passId = `pass-${signals.length}`;
      const result = new Promise<AlertPassSummary>((resolve) => {
        finishers.push(() => resolve(summary(passId)));
        signal.addEventListener('abort', () => resolve(summary(passId, true)), { once: true });
      });
      startedResolve();
      started = new Promise<void>((resolve) => (startedResolve = resolve));
      return result;
    },
  };
}

describe('alert runner', () => {
  const logger = pino({ level: 'silent' });
  const monday = new Date('2026-03-16T08:00:00Z');
  const nextMonday = new Date('2026-03-23T08:00:00Z');
  let storage: SqliteStorage;
  let lock: InMemoryPassLock;
  let pass: ReturnType<typeof passByHand>;
  /** Two instances sharing the lock and the storage. */
  let one: AlertRunner;
  let two: AlertRunner;

  beforeEach(() => {
    storage = openSqliteStorage({ file: ':memory:' });
    lock = inMemoryPassLock();
    pass = passByHand();
    const runner = () => createAlertRunner({ lock, slots: alertSlotStore(storage, logger), runPass: (options) => pass.runPass(options), logger });
    one = runner();
    two = runner();
  });
  afterEach(() => storage.close());

  it('runs a pass now and lets go of the lock afterwards', async () => {
    const running = one.runNow();
    await pass.started();
    expect(lock.isHeld()).toBe(true);
    pass.finish();
    expect(await running).toEqual({ kind: 'done', summary: summary('pass-1') });
    expect(lock.isHeld()).toBe(false);
  });

  it('while a pass runs, another is busy, on this instance and on another', async () => {
    const running = one.runNow();
    await pass.started();

    expect(await one.runNow()).toEqual({ kind: 'busy' });
    expect(await two.runNow()).toEqual({ kind: 'busy' });
    expect(await two.runScheduled(monday)).toEqual({ kind: 'busy' });

    pass.finish();
    expect((await running).kind).toBe('done');
    expect(pass.runs()).toBe(1);
  });

  it('a scheduled slot runs once, whichever instance fires it and however late', async () => {
    const first = one.runScheduled(monday);
    await pass.started();
    pass.finish();
    expect((await first).kind).toBe('done');

    expect(await two.runScheduled(monday)).toEqual({ kind: 'skipped', lastSlot: monday.toISOString() });
    expect(await one.runScheduled(new Date(monday.getTime() - 60_000))).toMatchObject({ kind: 'skipped' });
    expect(pass.runs()).toBe(1);

    const next = two.runScheduled(nextMonday);
    await pass.started();
    pass.finish();
    expect((await next).kind).toBe('done');
    expect(pass.runs()).toBe(2);
  });

  it('instances firing the same slot at the same moment: one runs it, the other is busy', async () => {
    const results = Promise.all([one.runScheduled(monday), two.runScheduled(monday)]);
    await pass.started();
    pass.finish();
    expect((await results).map((result) => result.kind).sort()).toEqual(['busy', 'done']);
  });

  it('a lost lock cancels the pass, and the slot stays to be run', async () => {
    const first = one.runScheduled(monday);
    await pass.started();

    lock.loseIt();

    expect(pass.signals[0]?.aborted).toBe(true);
    expect(await first).toEqual({ kind: 'done', summary: summary('pass-1', true) });
    const again = two.runScheduled(monday);
    await pass.started();
    pass.finish();
    expect((await again).kind).toBe('done');
  });

  it('stop cancels the running pass and waits for it; nothing runs after', async () => {
    const running = one.runNow();
    await pass.started();

    await one.stop();

    expect(pass.signals[0]?.aborted).toBe(true);
    expect(await running).toEqual({ kind: 'done', summary: summary('pass-1', true) });
    expect(lock.isHeld()).toBe(false);
    expect(await one.runNow()).toEqual({ kind: 'busy' });
    expect(pass.runs()).toBe(1);
  });
});
