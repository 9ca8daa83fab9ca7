import { getEventListeners, getMaxListeners, once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { boundingWork, deadline, deadlineSignal, NEVER_ABORTED } from '../../../src/timing/deadline-signal';

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

  it('still fires after garbage collections, where AbortSignal.any over AbortSignal.timeout never does on Node 20', async () => {
    // The collector, for this test only (what --expose-gc would give).
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const signal = deadlineSignal(50, new AbortController().signal);
    let fired = false;
    signal.addEventListener('abort', () => (fired = true));
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fired).toBe(true);
  });

  it('never aborts once cleared: neither its time nor the other signal ends it then', async () => {
    const stopping = new AbortController();
    const limit = deadline(5, stopping.signal);
    limit.clear();
    stopping.abort(new Error('the bot stops'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(limit.signal.aborted).toBe(false);
  });

  it('starts aborted when another signal already is', () => {
    const stopping = new AbortController();
    stopping.abort(new Error('stopped before'));
    expect((deadline(60_000, stopping.signal).signal.reason as Error).message).toBe('stopped before');
  });

  it('is shared by a few dozen requests at once before Node would warn of a leak on stderr', () => {
    // Node's own default is 10: renewals reading customers several at a time passed it.
    expect(getMaxListeners(deadline(60_000).signal)).toBeGreaterThanOrEqual(24);
    expect(getMaxListeners(deadlineSignal(60_000, new AbortController().signal))).toBeGreaterThanOrEqual(24);
    expect(getMaxListeners(boundingWork(new AbortController().signal))).toBeGreaterThanOrEqual(24);
  });

  it('does not listen to a signal that never aborts, however many deadlines a busy bot makes', () => {
    for (let i = 0; i < 30; i++) deadlineSignal(60_000, NEVER_ABORTED);
    expect(getEventListeners(NEVER_ABORTED, 'abort')).toHaveLength(0);
  });
});
