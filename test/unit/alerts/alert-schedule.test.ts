import { Writable } from 'node:stream';
import { startAlertSchedule, type AlertSchedule } from '../../../src/alerts/alert-schedule';
import { createLogger } from '../../../src/logging/logger';

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('alert schedule', () => {
  let schedule: AlertSchedule | undefined;
  // croner waits with setTimeout and reads the time from Date: jest's fake timers drive both.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    schedule?.stop();
    schedule = undefined;
    jest.useRealTimers();
  });

  const start = (pattern: string, timeZone: string, onTick: (slot: Date) => Promise<void> = async () => undefined) => {
    const { logger, lines } = recordingLogger();
    schedule = startAlertSchedule({ pattern, timeZone, onTick, logger });
    return { schedule, lines };
  };

  it('reads the default (Mondays 08:00) in UTC', () => {
    jest.setSystemTime(new Date('2026-03-04T12:00:00Z')); // a Wednesday
    expect(start('0 8 * * 1', 'UTC').schedule.nextRun()).toEqual(new Date('2026-03-09T08:00:00Z'));
  });

  it('reads the pattern in the configured time zone, daylight saving time included', () => {
    jest.setSystemTime(new Date('2026-03-04T12:00:00Z'));
    // Amsterdam is UTC+1 in early March...
    expect(start('0 8 * * 1', 'Europe/Amsterdam').schedule.nextRun()).toEqual(new Date('2026-03-09T07:00:00Z'));
    schedule?.stop();
    // ...and UTC+2 after the clocks go forward on 29 March.
    jest.setSystemTime(new Date('2026-04-01T12:00:00Z'));
    expect(start('0 8 * * 1', 'Europe/Amsterdam').schedule.nextRun()).toEqual(new Date('2026-04-06T06:00:00Z'));
  });

  it('runs a pass at the scheduled time and names that time as the slot', async () => {
    jest.setSystemTime(new Date('2026-03-09T06:59:58Z'));
    const slots: Date[] = [];
    start('0 8 * * 1', 'Europe/Amsterdam', async (slot) => void slots.push(slot));

    await jest.advanceTimersByTimeAsync(1_000);
    expect(slots).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(slots).toEqual([new Date('2026-03-09T07:00:00.000Z')]);
    expect(schedule?.nextRun()).toEqual(new Date('2026-03-16T07:00:00Z'));
  });

  it('skips ticks while a pass still runs, and runs again once it finished', async () => {
    jest.setSystemTime(new Date('2026-03-09T07:00:00.500Z'));
    let finish!: () => void;
    const slots: Date[] = [];
    const { lines } = start('* * * * * *', 'UTC', (slot) => {
      slots.push(slot);
      return new Promise<void>((resolve) => (finish = resolve));
    });

    await jest.advanceTimersByTimeAsync(3_000);
    expect(slots).toEqual([new Date('2026-03-09T07:00:01Z')]);
    expect(lines.filter((line) => line.msg === 'alert pass still running at the next scheduled time; skipped that tick').length).toBeGreaterThanOrEqual(1);

    finish();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(slots).toHaveLength(2);
  });

  it('logs a failed pass and keeps the schedule going', async () => {
    jest.setSystemTime(new Date('2026-03-09T07:00:00.500Z'));
    let ticks = 0;
    const { lines } = start('* * * * * *', 'UTC', async () => {
      ticks += 1;
      throw new Error('Partner Center is down');
    });

    await jest.advanceTimersByTimeAsync(2_000);

    expect(ticks).toBe(2);
    const failures = lines.filter((line) => line.msg === 'scheduled alert pass failed');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ level: 50, slot: '2026-03-09T07:00:01.000Z', err: { message: 'Partner Center is down' } });
  });

  it('stops ticking when stopped', async () => {
    jest.setSystemTime(new Date('2026-03-09T07:00:00.500Z'));
    let ticks = 0;
    start('* * * * * *', 'UTC', async () => void (ticks += 1));

    schedule?.stop();
    await jest.advanceTimersByTimeAsync(3_000);

    expect(ticks).toBe(0);
  });

  it('refuses a pattern or time zone it cannot read', () => {
    expect(() => start('61 8 * * 1', 'UTC')).toThrow(/minute/);
    expect(() => start('0 8 * * 1', 'Mars/Olympus_Mons')).toThrow(/timezone/i);
  });
});
