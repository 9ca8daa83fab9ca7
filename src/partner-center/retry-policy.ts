import {
  DelegateBackoff,
  ExponentialBackoff,
  TimeoutStrategy,
  TaskCancelledError,
  decorrelatedJitterGenerator,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';

/** How hard one logical Partner Center request tries. Durations are in milliseconds. */
export interface RetryOptions {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** One attempt (connect, headers and body) is abandoned after this long and counts as transient. */
  attemptTimeoutMs: number;
  /** Scale of the first exponential backoff step. */
  baseDelayMs: number;
  /** Longest exponential backoff step. */
  maxDelayMs: number;
  /** Longest wait a Retry-After header can impose, so a throttled request cannot stall a user. */
  maxRetryAfterMs: number;
}

const defaultRetryOptions: Readonly<RetryOptions> = {
  maxAttempts: 4,
  attemptTimeoutMs: 10_000,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
};

/** Fills the gaps in `overrides` with the defaults and refuses values that would break the policy. */
export function resolveRetryOptions(overrides: Partial<RetryOptions> = {}): RetryOptions {
  const resolved = { ...defaultRetryOptions };
  for (const key of Object.keys(defaultRetryOptions) as Array<keyof RetryOptions>) {
    const value = overrides[key];
    if (value !== undefined) resolved[key] = value;
  }
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry option ${key} must be a finite number >= 0`);
  }
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RangeError('retry option maxAttempts must be an integer >= 1');
  }
  if (resolved.attemptTimeoutMs === 0) throw new RangeError('retry option attemptTimeoutMs must be > 0');
  return resolved;
}

/** What an attempt returns whenever Partner Center answered at all; the status decides on a retry. */
export interface AttemptOutcome {
  status: number;
  /** The server's Retry-After, already converted to a wait from now. */
  retryAfterMs?: number;
}

// 501 and 505 are left out on purpose: asking again cannot make an unsupported request work.
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

function isRetryableOutcome(value: unknown): boolean {
  return typeof value === 'object' && value !== null && isRetryableStatus((value as AttemptOutcome).status);
}

// Socket-level failures that say nothing about the request itself, so a new attempt may succeed: Node's,
// for Partner Center's HTTP client and under the Teams connector's RestError.
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

function networkCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True for an attempt cut off by its timeout. cockatiel 3.2's own isTaskCancelledError tests the
 * wrong marker property and never matches, hence instanceof.
 */
export function isAttemptTimeout(error: unknown): boolean {
  return error instanceof TaskCancelledError;
}

/** True when the attempt failed before a usable answer came back: a network failure or a timed-out attempt. */
export function isTransientError(error: unknown): boolean {
  if (isAttemptTimeout(error)) return true;
  const code = networkCodeOf(error);
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

/**
 * Converts a Retry-After header (delta seconds or an HTTP date) into milliseconds from `nowMs`.
 * Undefined when the header is missing or unreadable, so the exponential backoff applies.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function retryAfterOf(context: IRetryBackoffContext<unknown>): number | undefined {
  if (!('value' in context.result)) return undefined;
  const outcome = context.result.value as Partial<AttemptOutcome> | undefined;
  return outcome?.retryAfterMs;
}

/** The waits between the attempts of one logical request, in milliseconds. */
export type BackoffOptions = Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>;

/**
 * The waits before each retry of one logical request, one call per retry, given the Retry-After the
 * server sent (in ms from now), if any. Exponential backoff with jitter, except that a server-sent
 * Retry-After wins (up to the cap): the server knows better than our guess when its throttle window
 * ends. The exponential sequence keeps advancing either way, so later retries still spread out.
 * Shared by Partner Center calls and the Teams messenger.
 */
export function retryDelays(options: BackoffOptions): (retryAfterMs: number | undefined) => number {
  const exponential = new ExponentialBackoff({
    initialDelay: options.baseDelayMs,
    maxDelay: options.maxDelayMs,
    generator: decorrelatedJitterGenerator,
  });
  let step: IBackoff<unknown> | undefined;
  return (retryAfterMs) => {
    step = step ? step.next(undefined) : exponential.next();
    return retryAfterMs === undefined ? step.duration : Math.min(retryAfterMs, options.maxRetryAfterMs);
  };
}

/** retryDelays as cockatiel's backoff: a fresh sequence for every execution of the policy. */
function retryAfterAwareBackoff(options: RetryOptions): IBackoffFactory<IRetryBackoffContext<unknown>> {
  type Delays = ReturnType<typeof retryDelays>;
  return new DelegateBackoff<IRetryBackoffContext<unknown>, Delays>((context, delays = retryDelays(options)) => ({
    delay: delays(retryAfterOf(context)),
    state: delays,
  }));
}

/** Why an attempt is being repeated: the retryable answer it got, or the error it failed with. */
export type RetryReason = { error: Error } | { value: unknown };

export interface RetryEvent {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: RetryReason;
}

/**
 * The policy for one logical request: retries (with backoff) around a per-attempt timeout. The
 * executed function receives the attempt number (0 first) and a signal that aborts when the attempt
 * times out or the caller's signal aborts. A retryable answer that outlasts the attempts is returned,
 * not thrown, so the caller can still tell throttling from an outage.
 */
export function createRetryPolicy(options: RetryOptions, onRetry?: (event: RetryEvent) => void) {
  const retries = retry(handleWhen(isTransientError).orWhenResult(isRetryableOutcome), {
    // cockatiel counts retries, our option counts attempts.
    maxAttempts: options.maxAttempts - 1,
    backoff: retryAfterAwareBackoff(options),
  });
  if (onRetry) {
    retries.onRetry((event) => {
      const reason: RetryReason = 'error' in event ? { error: event.error } : { value: event.value };
      onRetry({ attempt: event.attempt, delayMs: event.delay, reason });
    });
  }
  // Aggressive: an attempt stuck somewhere that ignores its signal still ends on time. An attempt that
  // answered is not aborted after the fact (cockatiel's default): its request is over, and that abort
  // built a DOMException and woke the listeners on every call.
  const perAttempt = timeout(options.attemptTimeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  return wrap(retries, perAttempt);
}
