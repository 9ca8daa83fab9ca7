import { randomUUID } from 'node:crypto';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { TaskCancelledError } from 'cockatiel';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CodedError, ErrorCodes, type ErrorCode } from '../core/errors';
import { createHttpGet, ResponseTooLargeError } from './http-get';
import type { PartnerCenterCallContext } from './partner-center.port';
import {
  createRetryPolicy,
  isAttemptTimeout,
  isRetryableStatus,
  isTransientError,
  parseRetryAfter,
  type AttemptOutcome,
  type RetryEvent,
  type RetryOptions,
} from './retry-policy';
import { partnerCenterErrorSchema } from './schemas';
import { fieldsOf } from './shape-problem';

export interface HttpTransportOptions {
  /** Partner Center's origin (and optional path prefix), e.g. https://api.partnercenter.microsoft.com. */
  baseUrl: string;
  /** Sent as MS-PartnerCenter-Application so Partner Center support can tell our traffic apart. */
  applicationName: string;
  logger: Logger;
  retry: RetryOptions;
  /** Wall clock in ms since the epoch: Retry-After dates and logged durations are measured with it. */
  now?: () => number;
  /** MS-RequestId source; one id per logical request, reused by its retries. */
  newRequestId?: () => string;
  /** Largest response body read (http-get's DEFAULT_MAX_BODY_BYTES unless told). */
  maxBodyBytes?: number;
}

/** A header Partner Center asks us to send back, e.g. MS-ContinuationToken on a next-page link. */
export interface HeaderPair {
  key: string;
  value: string;
}

export interface HttpTransport {
  /**
   * GETs `target` (a path below the base URL, or an absolute URL on the same origin), retrying
   * transient failures, and returns the body validated by `schema`. Failures are CodedErrors.
   */
  getJson<S extends z.ZodType>(
    target: string,
    schema: S,
    ctx: PartnerCenterCallContext,
    extraHeaders?: readonly HeaderPair[],
  ): Promise<z.output<S>>;
}

interface RawResponse extends AttemptOutcome {
  body: string;
}

/** What every log line and error of one logical request carries; never headers or tokens. */
interface RequestLabel {
  path: string;
  correlationId: string;
  requestId: string;
}

const DEFAULT_LOCALE = 'en-US';

// Headers we own; a continuation link must not be able to replace them (least of all Authorization),
// nor ask for a compressed answer, which http-get does not decode.
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'accept',
  'accept-encoding',
  'ms-requestid',
  'ms-correlationid',
  'x-locale',
  'ms-partnercenter-application',
  'host',
  'cookie',
]);

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = new URL(options.baseUrl);
  const now = options.now ?? Date.now;
  const newRequestId = options.newRequestId ?? randomUUID;
  const { logger } = options;
  // One pool of kept-alive connections for every request of this transport.
  const get = createHttpGet(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes });

  return {
    async getJson(target, schema, ctx, extraHeaders = []) {
      const url = resolveTarget(base, target, ctx.correlationId);
      const label: RequestLabel = { path: url.pathname, correlationId: ctx.correlationId, requestId: newRequestId() };
      const headers = buildHeaders(options.applicationName, label, ctx, extraHeaders);
      const response = await fetchWithRetries(url, headers, label, ctx.signal);
      return parseBody(response, schema, label);
    },
  };

  async function fetchWithRetries(
    url: URL,
    headers: Record<string, string>,
    label: RequestLabel,
    callerSignal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    let attempts = 0;
    let lastStatus: number | undefined;
    const deadlineError = () => deadlinePassed(label, lastStatus);
    if (callerSignal?.aborted) throw deadlineError();

    const policy = createRetryPolicy(options.retry, (event) => logRetry(event, label));
    const run = policy.execute(async ({ signal }) => {
      // A retry loop abandoned by its caller still wakes up once after its backoff: send nothing then.
      if (signal.aborted) throw new TaskCancelledError('the caller gave up before this attempt');
      attempts += 1;
      const response = await attemptOnce(url, headers, signal, label, attempts);
      lastStatus = response.status;
      return response;
    }, callerSignal);

    let response: RawResponse;
    try {
      response = await untilAborted(run, callerSignal, deadlineError);
    } catch (error) {
      if (error instanceof CodedError) throw error;
      if (callerSignal?.aborted) throw deadlineError();
      const what = isTransientError(error) ? 'failed (network error or attempt timeout)' : 'failed';
      throw codedError(ErrorCodes.PartnerCenterUnavailable, `${describe(label)} ${what} after ${attempts} attempt(s)`, label, {
        cause: error,
      });
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw statusError(response, label, attempts);
  }

  async function attemptOnce(
    url: URL,
    headers: Record<string, string>,
    signal: AbortSignal,
    label: RequestLabel,
    attempt: number,
  ): Promise<RawResponse> {
    const started = now();
    try {
      // Redirects are not followed (createHttpGet): Partner Center does not send them, and following
      // one could carry the bearer token to a host we never chose.
      const { status, body, retryAfter } = await get(url, headers, signal);
      const retryAfterMs = parseRetryAfter(retryAfter, now());
      // Built only when wanted: at info level these lines would be garbage on every call.
      if (logger.isLevelEnabled('debug')) {
        const partnerCenterCode = status >= 400 ? errorCodeOf(body) : undefined;
        logger.debug({ method: 'GET', ...label, attempt, status, ms: now() - started, partnerCenterCode }, 'Partner Center attempt answered');
      }
      return { status, body, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    } catch (error) {
      // Not an answer we can use, and asking again would bring the same: no retry.
      if (error instanceof ResponseTooLargeError) {
        logger.warn({ method: 'GET', ...label, attempt, ms: now() - started, maxBytes: error.maxBytes }, 'Partner Center answer too large; stopped reading');
        throw codedError(ErrorCodes.PartnerCenterUnexpectedResponse, `${describe(label)} answered with more than ${error.maxBytes} bytes`, label);
      }
      const failure = signal.aborted ? 'aborted or timed out' : 'network error';
      if (logger.isLevelEnabled('debug')) {
        logger.debug({ method: 'GET', ...label, attempt, ms: now() - started, failure }, 'Partner Center attempt failed');
      }
      // The request's AbortError can win the race against cockatiel's own timeout error; either way the
      // attempt was cut off, and the retry policy must see it as such (it stops by itself when the
      // caller's signal is the one that aborted).
      if (signal.aborted) throw new TaskCancelledError(`attempt ${attempt} was cut off`);
      throw error;
    }
  }

  function logRetry(event: RetryEvent, label: RequestLabel): void {
    const reason =
      'value' in event.reason
        ? `status ${(event.reason.value as AttemptOutcome).status}`
        : isAttemptTimeout(event.reason.error)
          ? 'attempt timed out'
          : 'network error';
    logger.warn({ method: 'GET', ...label, attempt: event.attempt, delayMs: Math.round(event.delayMs), reason }, 'Retrying Partner Center request');
  }
}

/** Resolves a path against the base URL; absolute URLs must stay on Partner Center's origin. */
function resolveTarget(base: URL, target: string, correlationId: string): URL {
  const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
  let url: URL;
  try {
    url = isAbsolute
      ? new URL(target)
      : new URL(`${base.href.replace(/\/+$/, '')}${target.startsWith('/') ? '' : '/'}${target}`);
  } catch (error) {
    throw new CodedError(ErrorCodes.PartnerCenterUnexpectedResponse, 'Partner Center link is not a valid URL', {
      correlationId,
      cause: error,
    });
  }
  if (url.origin !== base.origin) {
    // The request would carry the user's bearer token, so it never leaves Partner Center's origin.
    throw new CodedError(ErrorCodes.PartnerCenterUnexpectedResponse, `Refused a link to another origin (${url.origin})`, {
      correlationId,
    });
  }
  return url;
}

function buildHeaders(
  applicationName: string,
  label: RequestLabel,
  ctx: PartnerCenterCallContext,
  extraHeaders: readonly HeaderPair[],
): Record<string, string> {
  // Names in lower case, so that one header given twice in different cases is sent once.
  const headers: Record<string, string> = {};
  for (const { key, value } of extraHeaders) {
    if (!RESERVED_HEADERS.has(key.trim().toLowerCase())) headers[key.toLowerCase()] = value;
  }
  headers['authorization'] = `Bearer ${ctx.accessToken}`;
  headers['accept'] = 'application/json';
  headers['ms-requestid'] = label.requestId;
  headers['ms-correlationid'] = ctx.correlationId;
  headers['x-locale'] = ctx.locale.trim() || DEFAULT_LOCALE;
  headers['ms-partnercenter-application'] = applicationName;
  try {
    for (const [name, value] of Object.entries(headers)) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
    return headers;
  } catch {
    // Node refuses invalid names or values; its error text could quote them, so it is dropped.
    throw codedError(ErrorCodes.PartnerCenterUnexpectedResponse, `${describe(label)}: a request header is not valid`, label);
  }
}

function parseBody<S extends z.ZodType>(response: RawResponse, schema: S, label: RequestLabel): z.output<S> {
  let json: unknown;
  try {
    // Partner Center often starts bodies with a byte-order mark, which JSON.parse refuses; http-get drops it.
    json = JSON.parse(response.body);
  } catch {
    throw codedError(
      ErrorCodes.PartnerCenterUnexpectedResponse,
      `${describe(label)} answered ${response.status} with a body that is not JSON`,
      label,
      { status: response.status },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw codedError(
      ErrorCodes.PartnerCenterUnexpectedResponse,
      `${describe(label)} answered ${response.status} with an unexpected shape at ${fieldsOf(parsed.error)}`,
      label,
      { status: response.status },
    );
  }
  return parsed.data;
}

function statusError(response: RawResponse, label: RequestLabel, attempts: number): CodedError {
  const partnerCenterCode = errorCodeOf(response.body);
  const code = response.status === 401 && saysMfaRequired(response.body, partnerCenterCode) ? ErrorCodes.PartnerCenterMfaRequired : codeForStatus(response.status);
  const retried = isRetryableStatus(response.status) ? ` after ${attempts} attempt(s)` : '';
  const message = `${describe(label)} answered ${response.status}${partnerCenterCode ? ` (code ${partnerCenterCode})` : ''}${retried}`;
  return codedError(code, message, label, { status: response.status });
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return ErrorCodes.PartnerCenterNoAccess;
  if (status === 404) return ErrorCodes.PartnerCenterNotFound;
  if (status === 429) return ErrorCodes.PartnerCenterBusy;
  if (status >= 500 && status < 600) return ErrorCodes.PartnerCenterUnavailable;
  return ErrorCodes.PartnerCenterUnexpectedResponse;
}

/**
 * The Partner Center error code from an error body, if it has a short, plain one. Only the code
 * is kept: descriptions can echo request data and are not for logs or users.
 */
function errorCodeOf(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = partnerCenterErrorSchema.safeParse(json);
  const code = parsed.success ? parsed.data.code : undefined;
  const text = code === undefined ? undefined : String(code);
  return text !== undefined && /^[A-Za-z0-9_.-]{1,40}$/.test(text) ? text : undefined;
}

/** Codes Partner Center answers a token without the MFA claim with: 900421 since 2026, 10001 before. */
const MFA_CODES: ReadonlySet<string> = new Set(['900421', '10001']);

/**
 * Whether a 401 means "this sign-in lacks MFA" rather than "no access". The description is read only
 * to decide this (no sample body is documented, so the words count too); it is never logged or shown.
 */
function saysMfaRequired(body: string, partnerCenterCode: string | undefined): boolean {
  if (partnerCenterCode !== undefined && MFA_CODES.has(partnerCenterCode)) return true;
  return /\bmfa\b|multi-?factor/i.test(body.slice(0, 2_000));
}

/** Still throttled when the deadline passed means "busy" to the user, not "too slow". */
function deadlinePassed(label: RequestLabel, lastStatus: number | undefined): CodedError {
  if (lastStatus === 429) {
    return codedError(ErrorCodes.PartnerCenterBusy, `${describe(label)} was still throttled when the deadline passed`, label, {
      status: 429,
    });
  }
  return codedError(ErrorCodes.DeadlineExceeded, `${describe(label)} did not finish before the deadline`, label, {
    ...(lastStatus === undefined ? {} : { status: lastStatus }),
  });
}

/**
 * Settles with `work`, or rejects at once when `signal` aborts. cockatiel's backoff sleep cannot be
 * interrupted, so without this a caller would sit out the whole wait; the abandoned retry loop ends
 * by itself after that sleep, because it sees the aborted signal and sends nothing more.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function describe(label: RequestLabel): string {
  return `Partner Center GET ${label.path}`;
}

function codedError(
  code: ErrorCode,
  message: string,
  label: RequestLabel,
  details: { status?: number; cause?: unknown } = {},
): CodedError {
  return new CodedError(code, message, { correlationId: label.correlationId, ...details });
}
