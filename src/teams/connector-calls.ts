import type { Middleware, TurnContext, CloudAdapterBase } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from '../logging/logger';
import { isTransientError, parseRetryAfter, retryDelays } from '../partner-center/retry-policy';
import { deadline } from '../timing/deadline-signal';

/** How hard one call to the Teams connector tries. Durations in milliseconds. */
export interface ConnectorCallLimits {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** One HTTP attempt is abandoned after this long. */
  attemptTimeoutMs: number;
  /** Scale of the first exponential backoff step. */
  baseDelayMs: number;
  /** Longest exponential backoff step. */
  maxDelayMs: number;
  /** Longest wait a Retry-After header can impose. */
  maxRetryAfterMs: number;
  /**
   * A call made during an inbound turn, retries included, ends this long after the turn began: Teams
   * waits 10–15 s for the HTTP answer, and the answer waits for the call.
   */
  inboundBudgetMs: number;
}

export const DEFAULT_CONNECTOR_LIMITS: Readonly<ConnectorCallLimits> = {
  maxAttempts: 4,
  attemptTimeoutMs: 15_000,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  inboundBudgetMs: 8_000,
};

/** The policy's name in the connector's HTTP pipeline, so others (the proactive messenger) can remove it. */
export const CONNECTOR_CALL_POLICY = 'cspConnectorCallPolicy';

// What Teams documents as worth retrying (412, 429, 502, 504), and 503, which says nothing was processed.
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/** The slice of @azure/core-rest-pipeline the policy needs (kept structural: it is botbuilder's dependency, not ours). */
interface PipelineRequest {
  url: string;
  method: string;
  abortSignal?: AbortSignal;
}
interface PipelineResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}
interface PipelinePolicy {
  name: string;
  sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<PipelineResponse>): Promise<PipelineResponse>;
}
interface Pipeline {
  addPolicy(policy: PipelinePolicy): void;
  removePolicy(options: { name: string }): unknown;
}

function pipelineOf(connector: ConnectorClient): Pipeline | undefined {
  const pipeline = (connector as unknown as { client?: { pipeline?: Partial<Pipeline> } }).client?.pipeline;
  return typeof pipeline?.addPolicy === 'function' && typeof pipeline.removePolicy === 'function' ? (pipeline as Pipeline) : undefined;
}

/**
 * Bounds every call a connector client makes (replies, typing, updates, member lists, proactive sends):
 * a timeout per attempt and our one retry policy (429 honouring Retry-After, 412/502/503/504 and network
 * failures with backoff and jitter, the same backoff as Partner Center's). The connector's HTTP pipeline
 * (@azure/core-rest-pipeline) has a retry policy of its own, up to three retries 64 s apart with an
 * uncapped Retry-After, that would multiply with ours: it is removed. An attempt that times out is not
 * repeated: the connector may have accepted the message, and a second one would show twice.
 */
export function boundConnectorCalls(connector: ConnectorClient, limits: ConnectorCallLimits, log: Logger, deadlineAt?: number): boolean {
  const pipeline = pipelineOf(connector);
  if (!pipeline) {
    log.warn('could not bound the Bot Framework connector\'s calls: its pipeline moved');
    return false;
  }
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  pipeline.removePolicy({ name: CONNECTOR_CALL_POLICY });
  pipeline.addPolicy({
    name: CONNECTOR_CALL_POLICY,
    sendRequest: async (request, next) => {
      const delays = retryDelays(limits);
      const callerSignal = request.abortSignal;
      for (let attempt = 1; ; attempt++) {
        const left = deadlineAt === undefined ? limits.attemptTimeoutMs : deadlineAt - Date.now();
        // The inbound turn's time for Teams is used up (a connector that hung): no call it could not wait for.
        if (left <= 0) throw new ConnectorBudgetExceeded(pathOf(request));
        const attemptMs = Math.min(limits.attemptTimeoutMs, left);
        // Cleared once the attempt is over, so no timer is left to fire for every call made.
        const timeout = callerSignal ? deadline(attemptMs, callerSignal) : deadline(attemptMs);
        request.abortSignal = timeout.signal;
        let delayMs: number | undefined;
        try {
          const response = await next(request);
          if (!RETRYABLE_STATUSES.has(response.status) || attempt >= limits.maxAttempts) return response;
          delayMs = nextDelay(delays, parseRetryAfter(response.headers.get('retry-after'), Date.now()), deadlineAt);
          if (delayMs === undefined) return response;
          log.info({ attempt, delayMs, status: response.status, path: pathOf(request) }, 'Teams connector call not done yet; retrying');
        } catch (error) {
          if (callerSignal?.aborted) throw error;
          if (timeout.signal.aborted) {
            log.warn({ attempt, path: pathOf(request), timeoutMs: attemptMs }, 'Teams connector did not answer in time');
            throw error;
          }
          if (!isTransientError(error) || attempt >= limits.maxAttempts) throw error;
          delayMs = nextDelay(delays, undefined, deadlineAt);
          if (delayMs === undefined) throw error;
          log.info({ attempt, delayMs, reason: String((error as { code?: unknown }).code), path: pathOf(request) }, 'Teams connector unreachable; retrying');
        } finally {
          timeout.clear();
          request.abortSignal = callerSignal;
        }
        await waitFor(delayMs, callerSignal);
      }
    },
  });
  return true;
}

/** The wait before the next attempt; undefined when it would end past the inbound turn's budget (no answer in time then). */
function nextDelay(delays: (retryAfterMs: number | undefined) => number, retryAfterMs: number | undefined, deadlineAt: number | undefined): number | undefined {
  const delay = delays(retryAfterMs);
  return deadlineAt !== undefined && Date.now() + delay >= deadlineAt ? undefined : delay;
}

function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

// Conversation ids are not secrets, but activity bodies and tokens never reach the logs: the path only.
function pathOf(request: PipelineRequest): string {
  try {
    return new URL(request.url).pathname;
  } catch {
    return 'unknown';
  }
}

/** A call not made because the inbound turn's time for connector calls had run out. */
export class ConnectorBudgetExceeded extends Error {
  override readonly name = 'ConnectorBudgetExceeded';

  constructor(path: string) {
    super(`No time left in this turn to call the Teams connector (${path})`);
  }
}

/** True for the turn continueConversationAsync starts (a proactive turn), as opposed to one Teams sent. */
export function isProactiveTurn(context: TurnContext): boolean {
  return context.activity.type === 'event' && context.activity.name === 'ContinueConversation';
}

/**
 * Adapter middleware: bounds the calls of every turn's connector, inbound and proactive. An inbound
 * turn's calls also end within its budget, so its HTTP answer is never held past Teams' patience.
 */
export function connectorCallLimits(adapter: CloudAdapterBase, limits: ConnectorCallLimits, logger: Logger): Middleware {
  return {
    onTurn: async (context, next) => {
      const connector = context.turnState.get<ConnectorClient | undefined>(adapter.ConnectorClientKey);
      if (connector) boundConnectorCalls(connector, limits, logger, isProactiveTurn(context) ? undefined : Date.now() + limits.inboundBudgetMs);
      await next();
    },
  };
}
