import type { AdaptiveCard } from '../cards/adaptive-card';
import { buildRenewalWarningCard, withRenewalWarnings } from '../cards/renewal-warning-card';
import type { RenewalWarningList } from '../core/alerts/decide-renewal-warnings';
import type { AlertMessagePlan } from '../core/alerts/digest';
import type { AlertSubscription } from '../core/alerts/subscriptions';
import type { OutboxMessage } from './alert-delivery';
import type { SubscriptionRead } from './measured-customers';
import type { AlertPassDeps } from './ports';

export interface ComposeInput {
  /** What decideShards planned; absent when no subscription could be read. */
  plan: AlertMessagePlan | undefined;
  /** The subscriptions whose customers were read: their first subscriber's language is the cards'. */
  readable: readonly SubscriptionRead[];
  /** Subscriptions this pass paused: the conversation is asked to sign in again, once. */
  paused: readonly AlertSubscription[];
  /** The pass's new renewal warnings, as decideShards gathered them; undefined without renewal windows. */
  renewalWarnings?: RenewalWarningList;
}

export interface ComposedMessages {
  messages: OutboxMessage[];
}

/** What one conversation is to be told in this pass, as outbox messages in posting order. */
export function composeMessages(input: ComposeInput, deps: Pick<AlertPassDeps, 'cards' | 'messagesFor'>): ComposedMessages {
  const messages: OutboxMessage[] = [];
  if (input.paused.length > 0) {
    const card = deps.cards.signInAgain(input.paused, deps.messagesFor(input.paused[0]?.subscriber.locale));
    messages.push({ kind: 'sign-in', card, alertCount: 0, status: 'pending' });
  }
  const plan = input.plan;
  if (!plan) return { messages };
  const cardMessages = deps.messagesFor(localeOf(input.readable));
  const alerts = plan.kind === 'none' ? [] : alertMessages(plan, deps.cards.compose(plan, cardMessages));

  // Renewal warnings are committed by the same outbox as the findings, in the same shards (exactly once).
  const warnings = input.renewalWarnings;
  const count = warnings?.total ?? 0;
  const digest = plan.kind === 'digest' ? alerts[0] : undefined;
  if (warnings && digest && count > 0) {
    alerts[0] = { ...digest, card: withRenewalWarnings(digest.card, warnings, cardMessages), alertCount: digest.alertCount + count };
  } else if (warnings && count > 0) {
    alerts.push({ kind: 'alerts', card: buildRenewalWarningCard(warnings, cardMessages), alertCount: count, status: 'pending' });
  }
  messages.push(...alerts);
  return { messages };
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
