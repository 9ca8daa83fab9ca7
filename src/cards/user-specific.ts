import { typedCommands } from '../core/commands/command-text';
import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, MAX_NAME_LENGTH, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/shared-usage-card.json';
import type { UsageView } from './usage-card';

/** Teams refreshes a card automatically for at most this many users. */
export const MAX_REFRESH_USERS = 60;

/**
 * What everyone in a channel or group chat sees when someone asks for a customer's usage: no figures,
 * because each person may see only what their own Partner Center rights allow. Teams replaces it, for
 * each of `userIds`, with a view fetched with that person's identity; anyone else clicks to get theirs.
 */
export function buildSharedUsageCard(
  customer: { id: string; companyName: string },
  messages: Messages,
  userIds: readonly string[],
): AdaptiveCard {
  const text = messages.sharedUsage;
  const card = asAdaptiveCard(
    renderTemplate(template, {
      title: text.title(escapeMarkdown(customer.companyName, { maxLength: MAX_NAME_LENGTH })),
      explanation: text.explanation,
      showMine: text.showMine,
      customerId: plainText(customer.id),
      usageCommand: typedCommands.usage(plainText(customer.id)),
    }),
  );
  return withUserSpecificRefresh(card, customer.id, 'low', userIds);
}

/**
 * Asks Teams to fetch this card again for each user in `userIds` (Universal Actions' user-specific
 * views). A refreshed view carries the same refresh, so it stays personal the next time it is shown.
 */
export function withUserSpecificRefresh(card: AdaptiveCard, customerId: string, view: UsageView, userIds: readonly string[]): AdaptiveCard {
  if (userIds.length === 0) return card;
  return {
    ...card,
    refresh: {
      action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: plainText(customerId), view } },
      userIds: userIds.slice(0, MAX_REFRESH_USERS),
    },
  };
}
