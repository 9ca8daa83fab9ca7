import { once } from 'node:events';
import { deadlineSignal } from '../../../src/timing/deadline-signal';

describe('a deadline signal', () => {
  it('aborts with a timeout once its time is up', async () => {
    const signal = deadlineSignal(10);
    await once(signal, 'abort');
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('aborts with the other signal when that one aborts first', () => {
    const stopping = new AbortController();
    const signal = deadlineSignal(60_000, stopping.signal);
    stopping.abort(new Error('the bot stops'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('the bot stops');
  });

  it('still fires when nothing but the combined signal is kept, after a garbage collection', async () => {
    // Run with --expose-gc to make this bite; without it the collector may not have run, and the
    // test only checks that the deadline fires.
    const signal = deadlineSignal(30, new AbortController().signal);
    (globalThis as { gc?: () => void }).gc?.();
    await once(signal, 'abort');
    expect(signal.aborted).toBe(true);
  });
});
