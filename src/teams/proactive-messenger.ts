import { CardFactory, TurnContext, type CloudAdapter } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { ConversationAddress, ProactiveMessenger, SendOutcome } from '../alerts/ports';
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { Logger } from '../logging/logger';
import { isTransientError, parseRetryAfter, retryDelays } from '../partner-center/retry-policy';
import { CONNECTOR_CALL_POLICY } from './connector-calls';
import { asConversationReference, inProactiveTurn, type ProactiveTarget } from './proactive-turn';
import { createSendScheduler, CONVERSATION_WINDOWS, TENANT_WINDOWS, type RateWindow } from './rate-limit';

/** How hard one proactive send tries, and how fast sends may go. Durations in milliseconds. */
export interface MessengerLimits {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Scale of the first exponential backoff step. */
  baseDelayMs: number;
  /** Longest exponential backoff step. */
  maxDelayMs: number;
  /** Longest wait a Retry-After header can impose, so one throttled conversation cannot stall a pass. */
  maxRetryAfterMs: number;
  /** One POST is abandoned after this long and counts as transient. */
  attemptTimeoutMs: number;
  /** Teams' own per-conversation limits always apply; the tenant's share is ours to choose. */
  perTenant: readonly RateWindow[];
}

const defaultMessengerLimits: Readonly<MessengerLimits> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 30_000,
  perTenant: TENANT_WINDOWS,
};

export interface ProactiveMessengerOptions {
  adapter: CloudAdapter;
  /** The bot's app id; undefined in local mode, where the connector is called without credentials. */
  botAppId: string | undefined;
  logger: Logger;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  limits?: Partial<MessengerLimits>;
}

/** A send Teams refused for good, or that outlasted the retries. Carries no body: it could quote the card. */
export class TeamsSendError extends Error {
  override readonly name = 'TeamsSendError';

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

// The answers Teams documents as worth retrying with backoff (412, 429, 502, 504), and 503, which
// says the request was not processed.
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/** What one POST came to, as botframework-connector reports it (a RestError for any non-2xx answer). */
type Attempt =
  | { kind: 'sent' }
  | { kind: 'refused'; status: number; code?: string; retryAfterMs?: number }
  | { kind: 'unreachable'; reason: string };

/**
 * Posts alert cards to conversations the bot was not asked in. Each card is a new message (a new
 * thread in a channel), sent within Teams' per-conversation and per-tenant limits, retried on
 * throttling and transient failures; a 403 means the bot was removed or blocked there: `gone`.
 */
export function createProactiveMessenger(options: ProactiveMessengerOptions): ProactiveMessenger {
  const limits: MessengerLimits = { ...defaultMessengerLimits, ...options.limits };
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const scheduler = createSendScheduler({
    perConversation: CONVERSATION_WINDOWS,
    perTenant: limits.perTenant,
    now: () => clock().getTime(),
    sleep,
  });

  async function attempt(reference: ProactiveTarget, card: AdaptiveCard, log: Logger): Promise<Attempt> {
    // Every attempt, retries included, is a POST Teams counts against the limits.
    await scheduler.acquire(reference.conversation.id, reference.conversation.tenantId ?? 'unknown-tenant');
    try {
      await inProactiveTurn(options.adapter, options.botAppId, reference, async (context) => {
        const connector = context.turnState.get<ConnectorClient | undefined>(options.adapter.ConnectorClientKey);
        if (!connector) throw new Error('The adapter provided no connector client for the proactive turn');
        withoutBuiltInRetries(connector, log);
        // Straight to the conversation: TurnContext.sendActivity would make it a reply to the
        // continuation activity (POST …/activities/{id}), not a new message or a new channel thread.
        const activity = TurnContext.applyConversationReference(
          { type: 'message', attachments: [CardFactory.adaptiveCard(card)] },
          { ...reference, activityId: undefined },
        );
        // A signal rather than the connector's `timeout` option: the HTTP client leaves that timer
        // running when the connection fails, and AbortSignal.timeout never holds the process open.
        await connector.conversations.sendToConversation(reference.conversation.id, activity, { abortSignal: AbortSignal.timeout(limits.attemptTimeoutMs) });
      });
      return { kind: 'sent' };
    } catch (error) {
      return classify(error, clock().getTime());
    }
  }

  return {
    async send(address: ConversationAddress, card: AdaptiveCard, log: Logger): Promise<SendOutcome> {
      const reference = asConversationReference(address);
      const conversationId = reference.conversation.id;
      const delays = retryDelays(limits);

      for (let attemptNumber = 1; ; attemptNumber++) {
        const result = await attempt(reference, card, log);
        if (result.kind === 'sent') return 'sent';
        if (result.kind === 'refused' && result.status === 403) {
          log.warn({ conversationId, status: 403, code: result.code }, 'Teams refused the proactive message: the bot was removed or blocked');
          return 'gone';
        }
        const retryable = result.kind === 'unreachable' || RETRYABLE_STATUSES.has(result.status);
        if (!retryable || attemptNumber >= limits.maxAttempts) throw toSendError(result, attemptNumber);

        const delayMs = delays(result.kind === 'refused' ? result.retryAfterMs : undefined);
        log.info(
          { conversationId, attempt: attemptNumber, delayMs, ...(result.kind === 'refused' ? { status: result.status, code: result.code } : { reason: result.reason }) },
          'proactive message not delivered yet; retrying',
        );
        await sleep(delayMs);
      }
    },
  };
}

/**
 * The connector's HTTP pipeline (@azure/core-rest-pipeline) retries 429 and 5xx by itself, up to three
 * times, up to 64 s apart and with an uncapped Retry-After, before our code sees the answer; and every
 * turn's connector gets the bot's own retry policy for connector calls (connector-calls.ts). Both
 * would bypass the rate limits, which count every attempt, and multiply with this loop, so the
 * messenger's connector drops them. The pipeline is a private field of the connector; if it moves,
 * sends still work, with two layers of retries.
 */
function withoutBuiltInRetries(connector: ConnectorClient, log: Logger): void {
  const pipeline = (connector as unknown as { client?: { pipeline?: { removePolicy?: (which: { name: string }) => unknown } } }).client?.pipeline;
  if (typeof pipeline?.removePolicy === 'function') {
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    pipeline.removePolicy({ name: CONNECTOR_CALL_POLICY });
  } else log.warn('could not turn off the Bot Framework connector\'s own retries; sends may be retried twice');
}

/**
 * Reads botframework-connector's failures: a RestError with statusCode (and Teams' error code) for an
 * answer, a RestError with a network code, or an AbortError when the attempt timed out. Anything else
 * is not the connector's and is rethrown as it is.
 */
function classify(error: unknown, nowMs: number): Attempt {
  const failure = (error ?? {}) as {
    name?: unknown;
    statusCode?: unknown;
    code?: unknown;
    response?: { headers?: { get?: (name: string) => string | undefined } };
  };
  if (typeof failure.statusCode === 'number') {
    const retryAfterMs = parseRetryAfter(failure.response?.headers?.get?.('retry-after'), nowMs);
    return {
      kind: 'refused',
      status: failure.statusCode,
      // The connector copies the code of Teams' error body ({"error":{"code":…}}) onto the error.
      ...(typeof failure.code === 'string' ? { code: failure.code } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (failure.name === 'AbortError') return { kind: 'unreachable', reason: 'timeout' };
  if (failure.name === 'RestError' && isTransientError(error)) return { kind: 'unreachable', reason: String(failure.code) };
  throw error;
}

/** Carries status and code only: the connector's own error holds the request, bearer token included. */
function toSendError(result: Exclude<Attempt, { kind: 'sent' }>, attempts: number): TeamsSendError {
  if (result.kind === 'unreachable') {
    return new TeamsSendError(`Teams could not be reached after ${attempts} attempt(s) (${result.reason})`, undefined, result.reason);
  }
  return new TeamsSendError(`Teams answered ${result.status}${result.code ? ` ${result.code}` : ''} after ${attempts} attempt(s)`, result.status, result.code);
}
