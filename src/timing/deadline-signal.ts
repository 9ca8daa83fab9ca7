import { setMaxListeners } from 'node:events';

/** A deadline that can be let go of once the work it bounds is over. */
export interface Deadline {
  /** Aborts after the time given, or when any of the other signals aborts. */
  readonly signal: AbortSignal;
  /**
   * The work is over: the timer stops and the other signals are no longer listened to, so nothing fires
   * later (an abort builds a DOMException and wakes every listener). The signal just never aborts then.
   */
  clear(): void;
}

/**
 * Listeners one signal that bounds work may have before Node warns of a leak. Such work runs requests side
 * by side (renewals read customers several at a time, and each attempt listens twice, through cockatiel's
 * retry and timeout policies, until it ends): at Node's default of 10 that warned on stderr of a leak that
 * was none. A real leak still passes this and is still warned of.
 */
const MAX_LISTENERS = 64;

/** Lets `signal` bound that much work at once without a warning (see MAX_LISTENERS); returns it. */
export function boundingWork(signal: AbortSignal): AbortSignal {
  setMaxListeners(MAX_LISTENERS, signal);
  return signal;
}

/**
 * A signal that never aborts, for work nothing stops early (a message extension search answers within
 * its own request). A deadline does not listen to it: it would only gather a listener per deadline.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/**
 * A deadline of `ms`, ended early when any of `others` aborts.
 *
 * Not `AbortSignal.any([AbortSignal.timeout(ms), ...])`: Node holds a timeout signal only weakly (so
 * that an unused one can be collected), and `AbortSignal.any` does not hold its sources either. Once
 * the garbage collector runs, that deadline can vanish and never fire, so a turn waiting on a Partner
 * Center that never answers waits for ever. This was seen under load in the e2e tests. Here the timer
 * holds its controller strongly until it fires, and it is unref'd so it never keeps the process alive.
 * The other signals are listened to directly, as AbortSignal.any would, which on Node 20 also costs
 * several times as much (weak references and a finalization registry per combined signal).
 */
export function deadline(ms: number, ...stoppers: AbortSignal[]): Deadline {
  const controller = new AbortController();
  boundingWork(controller.signal);
  const others = stoppers.filter((other) => other !== NEVER_ABORTED);
  const early = others.find((other) => other.aborted);
  if (early) {
    controller.abort(early.reason);
    return { signal: controller.signal, clear: () => undefined };
  }
  let timer: NodeJS.Timeout | undefined;
  const clear = () => {
    clearTimeout(timer);
    for (const other of others) other.removeEventListener('abort', onOther);
  };
  const end = (reason: unknown) => {
    clear();
    controller.abort(reason);
  };
  function onOther(this: AbortSignal) {
    end(this.reason);
  }
  timer = setTimeout(() => end(new DOMException('The deadline passed', 'TimeoutError')), ms);
  timer.unref();
  for (const other of others) other.addEventListener('abort', onOther, { once: true });
  return { signal: controller.signal, clear };
}

/** The signal of a `deadline` nobody clears: it fires after `ms` whatever happens (or with `others`). */
export function deadlineSignal(ms: number, ...others: AbortSignal[]): AbortSignal {
  return deadline(ms, ...others).signal;
}
