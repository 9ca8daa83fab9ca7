import { randomUUID } from 'node:crypto';
import { asCodedError, ErrorCodes } from '../core/errors';
import { DeliveryConflictError } from './alert-delivery';
import { checkConversation, type ConversationCheck } from './check-conversation';
import { countConversation, emptyTally, type ConversationOutcome } from './pass-tally';
import type { AlertPassDeps, AlertPassSummary } from './ports';
import { createUsageReader } from './usage-reader';
import { createRenewalReader } from './renewal-reader';

/** Customer reads at once, when customers are read one by one (unless AlertPassDeps.concurrency says). */
const DEFAULT_READ_CONCURRENCY = 4;

export interface AlertPassOptions {
  /**
   * Stops the pass between two messages (shutdown, or the pass lock was lost). Nothing half-written is
   * left behind: the next pass finishes what this one had composed, and checks the rest.
   */
  signal?: AbortSignal;
}

/**
 * One alert pass over every conversation with subscriptions: read each subscriber's customers once,
 * decide per conversation what is new, post it exactly once, and remember it. Conversations are
 * taken one at a time: posting is paced by Teams' limits anyway, and a pass cancelled between two
 * conversations leaves nothing in between.
 */
export async function runAlertPass(deps: AlertPassDeps, options: AlertPassOptions = {}): Promise<AlertPassSummary> {
  // Names the pass in logs and outboxes, so a later pass finishing an outbox can say whose it was.
  const passId = randomUUID();
  const startedAt = deps.clock().toISOString();
  const logger = deps.logger.child({ passId });
  const tally = emptyTally();
  const signal = options.signal;

  const check: ConversationCheck = {
    ...deps,
    logger,
    passId,
    tally,
    ...(signal ? { signal } : {}),
    reader: createUsageReader({
      partnerCenter: deps.partnerCenter,
      usageApi: deps.usageApi,
      tokens: deps.tokens,
      concurrency: deps.concurrency ?? DEFAULT_READ_CONCURRENCY,
      logger,
      ...(deps.history ? { history: deps.history } : {}),
      ...(signal ? { signal } : {}),
      onRequest: () => {
        tally.partnerCenterRequests += 1;
      },
    }),
    ...(deps.renewalDays && deps.renewalDays.length > 0
      ? {
          renewals: {
            windows: deps.renewalDays,
            reader: createRenewalReader({
              partnerCenter: deps.partnerCenter,
              usageApi: deps.usageApi,
              tokens: deps.tokens,
              concurrency: deps.concurrency ?? DEFAULT_READ_CONCURRENCY,
              logger,
              maxDays: Math.max(...deps.renewalDays),
              now: deps.clock(),
              ...(signal ? { signal } : {}),
              onRequest: () => {
                tally.partnerCenterRequests += 1;
              },
            }),
          },
        }
      : {}),
  };

  let cancelled = false;
  try {
    for (const conversationId of await deps.subscriptions.conversationIds()) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      const outcome = await checkSafely(conversationId, check);
      countConversation(tally, outcome);
      if (outcome === 'cancelled') cancelled = true;
    }
  } finally {
    await Promise.all([check.reader.dispose(), check.renewals?.reader.dispose()]);
  }

  const summary: AlertPassSummary = {
    passId,
    startedAt,
    finishedAt: deps.clock().toISOString(),
    ...tally,
    ...(cancelled ? { cancelled } : {}),
  };
  const { passId: _passId, ...fields } = summary;
  logger.info(fields, cancelled ? 'Alert pass cancelled' : 'Alert pass finished');
  return summary;
}

/** One conversation's failure (storage, a malformed document) must not stop the others. */
async function checkSafely(conversationId: string, check: ConversationCheck): Promise<ConversationOutcome> {
  try {
    return await checkConversation(conversationId, check);
  } catch (error) {
    const log = check.logger.child({ conversationId });
    if (error instanceof DeliveryConflictError) {
      log.warn('Another instance wrote this conversation\'s alert delivery during the pass; left to the next pass');
    } else {
      const coded = asCodedError(error);
      log.error({ code: coded.code, err: coded.code === ErrorCodes.Internal ? coded : undefined }, 'Alert pass failed for a conversation');
    }
    return 'failed';
  }
}
