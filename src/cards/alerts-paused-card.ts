import type { AlertSubscription } from '../core/alerts/subscriptions';
import { typedCommands } from '../core/commands/command-text';
import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, joinSafeMarkdown, type SafeMarkdown } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/alerts-paused-card.json';

const MAX_NAME_LENGTH = 80;
// A long list of names would bury the one thing to do: sign in again.
const MAX_CUSTOMERS_NAMED = 5;

/**
 * Posted once when a pass paused subscriptions because their subscriber's sign-in no longer works:
 * who has to sign in again, for which alerts, and a button that does it and resumes them. Several
 * subscribers can lose their sign-in in the same pass; each is named on a line of their own.
 */
export function buildAlertsPausedCard(paused: readonly AlertSubscription[], messages: Messages): AdaptiveCard {
  const text = messages.alertCard;
  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.pausedTitle,
      lines: bySubscriber(paused).map((subscriptions) => ({ text: pausedLine(subscriptions, messages) })),
      resumeTitle: text.resume,
      // The fallback button "types" the command.
      resumeCommand: typedCommands.alertsResume,
    }),
  );
}

function pausedLine(subscriptions: readonly AlertSubscription[], messages: Messages): string {
  const name = subscriptions[0]?.subscriber.name?.trim();
  // The greeting is the bot's own plain words: escaping leaves them as they are and keeps one type.
  const who = escapeMarkdown(name ? name : messages.alertCard.pausedGreeting, { maxLength: MAX_NAME_LENGTH });
  return messages.alertCard.pausedText(who, customersOf(subscriptions, messages));
}

/** "All customers" first, then the named ones, then how many more. */
function customersOf(subscriptions: readonly AlertSubscription[], messages: Messages): SafeMarkdown {
  const all = subscriptions.some((subscription) => subscription.customerId === null);
  const named = subscriptions
    .filter((subscription) => subscription.customerId !== null)
    .map((subscription) => escapeMarkdown(subscription.customerName ?? subscription.customerId ?? '', { maxLength: MAX_NAME_LENGTH }));
  // "All customers" and "…and 3 more" are the bot's own words, without markdown: escaping keeps them as they are.
  const listed = [...(all ? [escapeMarkdown(messages.alerts.allCustomers)] : []), ...named];
  const shown = listed.slice(0, MAX_CUSTOMERS_NAMED);
  const hidden = listed.length - shown.length;
  return joinSafeMarkdown(hidden > 0 ? [...shown, escapeMarkdown(messages.alertCard.more(hidden))] : shown, ', ');
}

/** In the order the subscriptions came; the Teams user id tells subscribers apart. */
function bySubscriber(subscriptions: readonly AlertSubscription[]): AlertSubscription[][] {
  const groups = new Map<string, AlertSubscription[]>();
  for (const subscription of subscriptions) {
    const group = groups.get(subscription.subscriber.userId);
    if (group) group.push(subscription);
    else groups.set(subscription.subscriber.userId, [subscription]);
  }
  return [...groups.values()];
}
