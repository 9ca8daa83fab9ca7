import type { AlertSubscription, PassOutcome, Subscriber } from '../core/alerts/subscriptions';
import type { Logger } from '../logging/logger';
import { committing, type OutboxMessage, type StoredAlertDelivery } from './alert-delivery';
import { decideShards, type ShardDecision } from './decide-shards';
import { composeMessages } from './compose-messages';
import { deliverOutbox, type OutboxResult } from './deliver-outbox';
import type { SubscriptionRead } from './measured-customers';
import type { ConversationOutcome, PassTally } from './pass-tally';
import type { AlertPassDeps, ConversationAddress } from './ports';
import { deactivateConversation, pauseSubscribers, recordOutcomes, type RunOutcomes } from './subscription-updates';
import type { UsageReader } from './usage-reader';
import type { RenewalReader } from './renewal-reader';
import { shardRenewals } from './renewal-warnings';

/**
 * What checking one conversation needs: the pass's dependencies (its logger the pass's own, named by
 * its id) and what the pass shares between conversations.
 */
export interface ConversationCheck
  extends Pick<
    AlertPassDeps,
    'subscriptions' | 'deliveries' | 'addresses' | 'messenger' | 'settings' | 'defaultThreshold' | 'cards' | 'messagesFor' | 'clock' | 'logger' | 'tuning'
  > {
  reader: UsageReader;
  /** Renewal warnings: the reader and RENEWAL_ALERT_DAYS; none without them. */
  renewals?: { reader: RenewalReader; windows: readonly number[] };
  passId: string;
  signal?: AbortSignal;
  tally: PassTally;
}

type RunOutcome = PassOutcome['outcome'];

/**
 * One conversation's part of a pass: finish what an earlier pass left in its outbox, read its
 * subscriptions' customers, pause what needs a new sign-in, decide, post, and remember how it went.
 */
export async function checkConversation(conversationId: string, check: ConversationCheck): Promise<ConversationOutcome> {
  const log = check.logger.child({ conversationId });
  const alerts = await check.subscriptions.get(conversationId);
  const active = alerts.subscriptions.filter((subscription) => subscription.status === 'active');
  if (active.length === 0) return 'no-active';
  const allFailed: RunOutcomes = active.map((subscription) => ({ subscription, outcome: 'failed' }));

  const address = await check.addresses.get(conversationId);
  if (!address) {
    // Installing the bot (or any message) stores it; without it nothing can be posted there.
    log.warn('Alert subscriptions without a stored conversation reference: nothing can be posted there');
    await recordOutcomes(check.subscriptions, conversationId, allFailed, now(check));
    return 'failed';
  }
  const posting = postingTo(address, check, log);

  let record = await check.deliveries.read(conversationId);
  if (record.delivery.outbox) {
    log.info({ outboxPassId: record.delivery.outbox.passId }, 'Finishing the alert messages an earlier pass left');
    const earlier = await posting.deliver(record);
    if (earlier.kind !== 'delivered') return settleUndelivered(check, conversationId, earlier, allFailed, log);
    record = earlier.record;
  }
  if (check.signal?.aborted) return 'cancelled';

  const reads: SubscriptionRead[] = await Promise.all(
    active.map(async (subscription) => ({ subscription, read: await readSubscription(check.reader, subscription, address) })),
  );
  if (check.signal?.aborted) return 'cancelled';
  const paused = await pauseSubscribers(check.subscriptions, conversationId, subscribersToSignIn(reads));
  check.tally.paused += paused.length;
  const outcomes = (afterDelivery: RunOutcome): RunOutcomes =>
    reads.map((entry) => ({ subscription: entry.subscription, outcome: outcomeOf(entry, afterDelivery) }));

  const readable = reads.filter(({ read }) => read.kind === 'read');
  if (readable.length === 0 && paused.length === 0) {
    // Nothing was read and nobody is to be asked to sign in: the state waits for the next pass.
    await recordOutcomes(check.subscriptions, conversationId, outcomes('failed'), now(check));
    // Subscribers someone else paused meanwhile are no failure of this pass.
    return reads.some(({ read }) => read.kind === 'failed') ? 'failed' : 'quiet';
  }

  const thresholds = { conversationThreshold: (await check.settings.get(conversationId)).threshold, defaultThreshold: check.defaultThreshold };
  let decided: ShardDecision | undefined;
  if (readable.length > 0) {
    const tuning = check.tuning ? await check.tuning.get(conversationId) : undefined;
    const renewals =
      check.renewals &&
      (await shardRenewals(check.renewals.reader, check.renewals.windows, alerts, readable, address, thresholds, record.delivery.renewalWarnings, check.clock(), tuning));
    const decision = await decideShards({
      conversationId,
      alerts,
      record,
      readable,
      thresholds,
      now: check.clock(),
      deliveries: check.deliveries,
      ...(renewals ? { renewals } : {}),
      ...(tuning ? { tuning } : {}),
      ...(check.signal ? { signal: check.signal } : {}),
    });
    // Shards written so far do not count: the next pass decides them again.
    if (decision === 'cancelled') return 'cancelled';
    decided = decision;
  }
  const { messages } = composeMessages(
    { plan: decided?.plan, readable, paused, ...(decided?.renewalWarnings ? { renewalWarnings: decided.renewalWarnings } : {}) },
    check,
  );
  const next = decided?.next ?? { seq: record.delivery.seq + 1, shards: [] };
  let result: OutboxResult;
  if (messages.length > 0) {
    const outbox = { passId: check.passId, createdAt: now(check), messages, next };
    // Written before the first POST: from here on, a crash cannot lose or repeat a message.
    result = await posting.deliver(await check.deliveries.replace(record, { ...record.delivery, outbox }));
  } else {
    // Nothing to say, but what was measured (a recovery, the latest percent) still counts.
    const changed = next.shards.length > 0;
    result = { kind: 'delivered', record: changed ? await check.deliveries.replace(record, committing(record.delivery, next)) : record };
  }
  if (result.kind !== 'delivered') return settleUndelivered(check, conversationId, result, outcomes('failed'), log);

  await recordOutcomes(check.subscriptions, conversationId, outcomes(posting.alertsDelivered() ? 'sent' : 'quiet'), now(check));
  log.debug({ subscriptions: active.length, paused: paused.length, messages: messages.length }, 'Alert pass checked a conversation');
  return posting.messagesPosted() > 0 ? 'sent' : 'quiet';
}

/** Delivers outboxes to one conversation and counts what got through, for the pass and the last run. */
function postingTo(address: ConversationAddress, check: ConversationCheck, log: Logger) {
  let messagesPosted = 0;
  let alertsDelivered = false;
  const onSent = (message: OutboxMessage) => {
    messagesPosted += 1;
    check.tally.messagesSent += 1;
    check.tally.alertsSent += message.alertCount;
    if (message.kind === 'alerts') alertsDelivered = true;
  };
  const deps = { deliveries: check.deliveries, messenger: check.messenger, log, onSent, ...(check.signal ? { signal: check.signal } : {}) };
  return {
    deliver: (record: StoredAlertDelivery) => deliverOutbox(record, address, deps),
    messagesPosted: () => messagesPosted,
    alertsDelivered: () => alertsDelivered,
  };
}

function readSubscription(reader: UsageReader, subscription: AlertSubscription, address: ConversationAddress) {
  return subscription.customerId === null
    ? reader.allCustomers(subscription.subscriber, address)
    : reader.customer(subscription.subscriber, address, subscription.customerId);
}

function subscribersToSignIn(reads: readonly SubscriptionRead[]): Subscriber[] {
  const bySubscriber = new Map<string, Subscriber>();
  for (const { subscription, read } of reads) if (read.kind === 'sign-in') bySubscriber.set(subscription.subscriber.userId, subscription.subscriber);
  return [...bySubscriber.values()];
}

function outcomeOf(entry: SubscriptionRead, afterDelivery: RunOutcome): RunOutcome {
  if (entry.read.kind === 'sign-in') return 'paused';
  if (entry.read.kind === 'failed') return 'failed';
  return afterDelivery;
}

async function settleUndelivered(
  check: ConversationCheck,
  conversationId: string,
  result: Exclude<OutboxResult, { kind: 'delivered' }>,
  outcomes: RunOutcomes,
  log: Logger,
): Promise<ConversationOutcome> {
  switch (result.kind) {
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      log.warn({ code: result.error.code, status: result.error.details.status }, 'Alert messages could not be posted; they wait for the next pass');
      await recordOutcomes(check.subscriptions, conversationId, outcomes, now(check));
      return 'failed';
    case 'gone':
      log.info('Teams no longer lets the bot post in this conversation: its alert subscriptions are deactivated');
      await deactivateConversation(check.subscriptions, conversationId, now(check));
      return 'deactivated';
  }
}

function now(check: Pick<ConversationCheck, 'clock'>): string {
  return check.clock().toISOString();
}
