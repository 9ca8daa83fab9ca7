import type { AdaptiveCard } from '../cards/adaptive-card';
import type { AlertMessagePlan } from '../core/alerts/digest';
import type { AlertSubscription } from '../core/alerts/subscriptions';
import type { OutboxMessage } from './alert-delivery';
import type { SubscriptionRead } from './measured-customers';
import type { AlertPassDeps } from './run-alert-pass';

export interface ComposeInput {
  /** What decideShards planned; absent when no subscription could be read. */
  plan: AlertMessagePlan | undefined;
  /** The subscriptions whose customers were read: their first subscriber's language is the cards'. */
  readable: readonly SubscriptionRead[];
  /** Subscriptions this pass paused: the conversation is asked to sign in again, once. */
  paused: readonly AlertSubscription[];
}

/** What one conversation is to be told in this pass, as outbox messages in posting order. */
export function composeMessages(input: ComposeInput, deps: Pick<AlertPassDeps, 'cards' | 'messagesFor'>): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  if (input.paused.length > 0) {
    const card = deps.cards.signInAgain(input.paused, deps.messagesFor(input.paused[0]?.subscriber.locale));
    messages.push({ kind: 'sign-in', card, alertCount: 0, status: 'pending' });
  }
  const plan = input.plan;
  if (plan && plan.kind !== 'none') messages.push(...alertMessages(plan, deps.cards.compose(plan, deps.messagesFor(localeOf(input.readable)))));
  return messages;
}

/** The composed cards as outbox messages, each with the number of findings it carries. */
function alertMessages(plan: AlertMessagePlan, cards: readonly AdaptiveCard[]): OutboxMessage[] {
  const counts =
    plan.kind === 'per-customer' ? plan.customers.map((customer) => customer.alerts.length) : plan.kind === 'digest' ? [plan.digest.alertCount] : [];
  return cards.map((card, index) => ({ kind: 'alerts', card, alertCount: counts[index] ?? 0, status: 'pending' }));
}

/**
 * The language of a conversation's alert cards: that of whoever subscribed first among the
 * subscriptions read, since a conversation gets one set of cards however many people subscribed.
 */
function localeOf(reads: readonly SubscriptionRead[]): string | undefined {
  const first = [...reads].sort((a, b) => a.subscription.createdAt.localeCompare(b.subscription.createdAt))[0];
  return first?.subscription.subscriber.locale;
}
