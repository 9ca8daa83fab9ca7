import type { AlertSubscription, ConversationAlerts, SubscriptionStatus } from '../core/alerts/subscriptions';
import type { CustomerTuning } from '../core/alerts/alert-tuning';
import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/alert-list-card.json';

export interface AlertListCardOptions {
  /** Subscriptions shown at most; the rest are counted in an "…and N more" line. */
  maxShown?: number;
  /** Snoozes, ignored products and customer thresholds set from alert cards that still apply. */
  tuning?: readonly CustomerTuning[];
}

// A conversation rarely has more than a few; the cap keeps a pathological one under Teams' 28 KB.
const DEFAULT_MAX_SHOWN = 25;
const MAX_NAME_LENGTH = 100;

const STATUS_COLOR: Record<SubscriptionStatus, string> = { active: 'Good', paused: 'Warning', inactive: 'Attention' };

/**
 * The answer to `alerts`: each subscription of the conversation with its customer, threshold, status,
 * who subscribed and when, and how the last pass went. `conversationThreshold` is what a subscription
 * without its own threshold follows today.
 */
export function buildAlertListCard(
  alerts: ConversationAlerts,
  conversationThreshold: number,
  messages: Messages,
  options: AlertListCardOptions = {},
): AdaptiveCard {
  const text = messages.alerts;
  const ordered = [...alerts.subscriptions].sort(allCustomersFirstThenByName);
  const shown = ordered.slice(0, Math.max(0, options.maxShown ?? DEFAULT_MAX_SHOWN));
  const hidden = ordered.length - shown.length;
  const muted = alerts.mutedCustomerIds.length;

  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.listTitle,
      subscriptions: shown.map((subscription) => row(subscription, conversationThreshold, messages)),
      hasMore: hidden > 0,
      more: messages.alertCard.more(hidden),
      hasMuted: muted > 0,
      muted: text.mutedCustomers(muted),
      hint: text.listHint,
      ...tunedLines(options.tuning ?? [], messages),
    }),
  );
}

function row(subscription: AlertSubscription, conversationThreshold: number, messages: Messages) {
  const text = messages.alerts;
  const { customerId, customerName, threshold, subscriber, lastRun } = subscription;
  // Names come from Partner Center and Teams: shown literally, never as markdown.
  const customer = customerId === null ? text.allCustomers : escapeMarkdown(customerName ?? customerId, { maxLength: MAX_NAME_LENGTH });
  return {
    customer,
    threshold: text.below(threshold ?? conversationThreshold, threshold === null),
    status: text.status(subscription.status),
    statusColor: STATUS_COLOR[subscription.status],
    subscribedBy: text.subscribedBy(escapeMarkdown(subscriber.name ?? subscriber.userId, { maxLength: MAX_NAME_LENGTH }), messages.formatDate(subscription.createdAt)),
    lastRun: lastRun ? text.lastRun(messages.formatDate(lastRun.at), lastRun.outcome) : text.neverRun,
  };
}

function allCustomersFirstThenByName(a: AlertSubscription, b: AlertSubscription): number {
  if (a.customerId === null || b.customerId === null) return a.customerId === null ? (b.customerId === null ? 0 : -1) : 1;
  return (a.customerName ?? a.customerId).localeCompare(b.customerName ?? b.customerId);
}

/** One line per snooze, ignored product and threshold, capped like the subscriptions. */
function tunedLines(tuning: readonly CustomerTuning[], messages: Messages) {
  const text = messages.tuning;
  const lines: string[] = [];
  for (const entry of tuning) {
    const name = escapeMarkdown(entry.customerName, { maxLength: MAX_NAME_LENGTH });
    if (entry.snoozedUntil) lines.push(text.listSnoozed(name, messages.formatDate(entry.snoozedUntil)));
    for (const product of entry.ignoredProducts ?? []) lines.push(text.listIgnored(name, escapeMarkdown(product, { maxLength: MAX_NAME_LENGTH })));
    if (entry.threshold !== undefined) lines.push(text.listThreshold(name, entry.threshold));
  }
  const shown = lines.slice(0, DEFAULT_MAX_SHOWN);
  if (lines.length > shown.length) shown.push(messages.alertCard.more(lines.length - shown.length));
  return { hasTuned: shown.length > 0, tunedHeading: text.listHeading, tuned: shown.map((line) => ({ line })) };
}
