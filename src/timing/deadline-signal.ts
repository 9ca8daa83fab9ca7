/**
 * A signal that aborts after `ms`, or when any of `others` aborts.
 *
 * Not `AbortSignal.any([AbortSignal.timeout(ms), ...])`: Node holds a timeout signal only weakly (so
 * that an unused one can be collected), and `AbortSignal.any` does not hold its sources either. Once
 * the garbage collector runs, that deadline can vanish and never fire, so a turn waiting on a Partner
 * Center that never answers waits for ever. This was seen under load in the e2e tests. Here the timer
 * holds its controller strongly until it fires, and it is unref'd so it never keeps the process alive.
 */
export function deadlineSignal(ms: number, ...others: AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The deadline passed', 'TimeoutError')), ms);
  timer.unref();
  const stop = () => clearTimeout(timer);
  controller.signal.addEventListener('abort', stop, { once: true });
  if (others.length === 0) return controller.signal;
  const combined = AbortSignal.any([controller.signal, ...others]);
  combined.addEventListener('abort', stop, { once: true });
  return combined;
}
