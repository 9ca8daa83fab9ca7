import type { AdaptiveCard } from '../cards/adaptive-card';
import type { AlertState } from '../core/alerts/alert-state';
import { tuneGroups, type AlertTuning } from '../core/alerts/alert-tuning';
import { decideAlerts } from '../core/alerts/decide-alerts';
import { planAlertMessages, type AlertMessagePlan } from '../core/alerts/digest';
import type { AlertSubscription, ConversationAlerts } from '../core/alerts/subscriptions';
import type { OutboxMessage } from './alert-delivery';
import { measuredGroups, type SubscriptionRead, type ThresholdDefaults } from './measured-customers';
import type { AlertPassDeps } from './ports';
import { buildRenewalWarningCard, withRenewalWarnings } from '../cards/renewal-warning-card';
import { decideRenewalWarnings } from '../core/alerts/decide-renewal-warnings';
import type { RenewalWarningsInput } from './renewal-warnings';

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
  /** Renewal candidates of the watched customers; undefined when renewals were not read. */
  renewals?: RenewalWarningsInput;
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
  const cardMessages = deps.messagesFor(localeOf(input.readable));
  const alerts = plan.kind === 'none' ? [] : alertMessages(plan, deps.cards.compose(plan, cardMessages));

  // Renewal warnings share the state document, so the outbox commits both at once (exactly once).
  const renewal = input.renewals
    ? decideRenewalWarnings({ warned: input.state.renewalWarnings ?? [], ...input.renewals, today: input.now.toISOString().slice(0, 10) })
    : undefined;
  const warnings = renewal?.warnings ?? [];
  const digest = plan.kind === 'digest' ? alerts[0] : undefined;
  if (digest && warnings.length > 0) {
    alerts[0] = { ...digest, card: withRenewalWarnings(digest.card, warnings, cardMessages), alertCount: digest.alertCount + warnings.length };
  } else if (warnings.length > 0) {
    alerts.push({ kind: 'alerts', card: buildRenewalWarningCard(warnings, cardMessages), alertCount: warnings.length, status: 'pending' });
  }
  messages.push(...alerts);
  const renewalWarnings = renewal?.warned ?? input.state.renewalWarnings;
  return { messages, nextState: { ...decision.state, ...(renewalWarnings ? { renewalWarnings } : {}) } };
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
