import type { AdaptiveCard } from '../cards/adaptive-card';
import type { AlertState } from '../core/alerts/alert-state';
import { tuneGroups, type AlertTuning } from '../core/alerts/alert-tuning';
import { decideAlerts } from '../core/alerts/decide-alerts';
import { planAlertMessages, type AlertMessagePlan } from '../core/alerts/digest';
import type { AlertSubscription, ConversationAlerts } from '../core/alerts/subscriptions';
import type { OutboxMessage } from './alert-delivery';
import { measuredGroups, type SubscriptionRead, type ThresholdDefaults } from './measured-customers';
import type { AlertPassDeps } from './ports';

export interface ComposeInput {
  alerts: ConversationAlerts;
  /** What the conversation was told so far. */
  state: AlertState;
  /** The subscriptions whose customers were read. */
  readable: readonly SubscriptionRead[];
  /** Subscriptions this pass paused: the conversation is asked to sign in again, once. */
  paused: readonly AlertSubscription[];
  thresholds: ThresholdDefaults;
  now: Date;
  /** Snoozes, ignored products and customer thresholds set from the cards (alert-tuning.ts). */
  tuning?: AlertTuning;
}

export interface ComposedMessages {
  messages: OutboxMessage[];
  /** The state to keep once the messages are out. */
  nextState: AlertState;
}

/** What one conversation is to be told in this pass, as outbox messages in posting order. */
export function composeMessages(input: ComposeInput, deps: Pick<AlertPassDeps, 'cards' | 'messagesFor'>): ComposedMessages {
  const messages: OutboxMessage[] = [];
  if (input.paused.length > 0) {
    const card = deps.cards.signInAgain(input.paused, deps.messagesFor(input.paused[0]?.subscriber.locale));
    messages.push({ kind: 'sign-in', card, alertCount: 0, status: 'pending' });
  }
  if (input.readable.length === 0) return { messages, nextState: input.state };

  const decision = decideAlerts({ state: input.state, measured: tuneGroups(measuredGroups(input.alerts, input.readable, input.thresholds), input.tuning, input.now), now: input.now });
  const plan = planAlertMessages(decision.alerts);
  if (plan.kind !== 'none') messages.push(...alertMessages(plan, deps.cards.compose(plan, deps.messagesFor(localeOf(input.readable)))));
  return { messages, nextState: decision.state };
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
