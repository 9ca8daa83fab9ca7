import pino from 'pino';
import { withTypingIndicator, type StartTimer } from '../../../src/commands/usage/typing-indicator';

/** A timer the test fires by hand, so nothing depends on how fast the machine is. */
function manualTimer() {
  const timers: Array<{ ms: number; fire: () => void; cancelled: boolean }> = [];
  const start: StartTimer = (ms, fire) => {
    const timer = { ms, fire, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  return {
    options: { delayMs: 1_000, startTimer: start },
    timers,
    elapse: () => timers.filter((timer) => !timer.cancelled).forEach((timer) => timer.fire()),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What the user sees, in order. */
function recordingTurn(sendTyping: () => Promise<void> = async () => undefined) {
  const seen: string[] = [];
  return {
    seen,
    turn: {
      log: pino({ level: 'silent' }),
      sendTyping: async () => {
        await sendTyping();
        seen.push('typing');
      },
    },
  };
}

describe('the typing indicator of a usage answer', () => {
  it('is not shown when the answer is ready within the delay', async () => {
    const timer = manualTimer();
    const { turn, seen } = recordingTurn();

    await expect(withTypingIndicator(turn, timer.options, async () => 'card')).resolves.toBe('card');
    timer.elapse();

    expect(seen).toEqual([]);
    expect(timer.timers).toEqual([expect.objectContaining({ ms: 1_000, cancelled: true })]);
  });

  it('is shown once, before the answer, when the answer takes longer', async () => {
    const timer = manualTimer();
    const { turn, seen } = recordingTurn();
    const work = deferred<string>();

    const answered = withTypingIndicator(turn, timer.options, () => work.promise).then((answer) => seen.push(answer));
    timer.elapse();
    work.resolve('card');
    await answered;

    expect(seen).toEqual(['typing', 'card']);
  });

  it('reaches Teams before the answer even when the answer is ready while it is on its way', async () => {
    const timer = manualTimer();
    const slowTyping = deferred<void>();
    const { turn, seen } = recordingTurn(() => slowTyping.promise);

    const answered = withTypingIndicator(turn, timer.options, async () => 'card').then((answer) => seen.push(answer));
    timer.elapse();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
    slowTyping.resolve();
    await answered;

    expect(seen).toEqual(['typing', 'card']);
  });

  it('does not cost the answer when Teams refuses it', async () => {
    const timer = manualTimer();
    const work = deferred<string>();
    const { turn } = recordingTurn(async () => {
      throw new Error('connector down');
    });

    const answered = withTypingIndicator(turn, timer.options, () => work.promise);
    timer.elapse();
    work.resolve('card');

    await expect(answered).resolves.toBe('card');
  });

  it('is not shown after a failed answer', async () => {
    const timer = manualTimer();
    const { turn, seen } = recordingTurn();

    await expect(withTypingIndicator(turn, timer.options, async () => Promise.reject(new Error('Partner Center down')))).rejects.toThrow(
      'Partner Center down',
    );
    timer.elapse();

    expect(seen).toEqual([]);
  });
});
