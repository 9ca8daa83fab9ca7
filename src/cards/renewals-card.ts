import { typedCommands } from '../core/commands/command-text';
import type { RankedRenewal } from '../core/subscriptions/rank-renewals';
import type { Messages } from '../i18n/messages';
import { aQuarterFewer, asAdaptiveCard, fittedCard, MAX_CARD_BYTES, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/renewals-card.json';
import sharedTemplate from './templates/shared-renewals-card.json';
import { MAX_REFRESH_USERS } from './user-specific';

/** Lines a renewals card shows before "…and N more". */
export const RENEWAL_LINES = 10;
const MAX_CUSTOMER_NAME_LENGTH = 80;
const MAX_PRODUCT_NAME_LENGTH = 80;
/** Renewals this close are drawn in the attention colour. */
const SOON_DAYS = 30;

export interface RenewalsCardInput {
  ranked: readonly RankedRenewal[];
  withinDays: number;
  /** Customers read incompletely (left out, or shown without seats or usage). */
  partialCustomers: number;
  maxBytes?: number;
}

/**
 * The answer to `renewals`: ten lines, riskiest first, each opening that customer's usage card in place.
 * As the alert digest does, a hidden ActionSet falls back to plain buttons on clients without Universal
 * Actions, since a selectAction cannot carry a fallback.
 */
export function buildRenewalsCard(input: RenewalsCardInput, messages: Messages): AdaptiveCard {
  return fittedCard(
    Math.min(RENEWAL_LINES, input.ranked.length),
    (shown) => render(input, messages, shown),
    (shown) => aQuarterFewer(shown, 1),
    input.maxBytes ?? MAX_CARD_BYTES,
  );
}

function render(input: RenewalsCardInput, messages: Messages, shown: number): AdaptiveCard {
  const text = messages.renewals;
  const rows = input.ranked.slice(0, shown);
  const hidden = input.ranked.length - rows.length;
  const customers = distinctCustomers(rows);
  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.title(input.withinDays),
      summary: rows.length === 0 ? text.none(input.withinDays) : text.summary(input.ranked.length, input.withinDays),
      hasRows: rows.length > 0,
      rows: rows.map(({ renewal, assignedShare, lowestUsage }) => ({
        customerId: plainText(renewal.customerId),
        buttonTitle: text.openUsage,
        customer: escapeMarkdown(renewal.customerName ?? renewal.customerId, { maxLength: MAX_CUSTOMER_NAME_LENGTH }),
        product: text.productLine(escapeMarkdown(renewal.productName, { maxLength: MAX_PRODUCT_NAME_LENGTH }), renewal.seats),
        figures: text.figuresLine(assignedShare, lowestUsage && { ...lowestUsage, workloadName: escapeMarkdown(lowestUsage.workloadName, { maxLength: 60 }) }),
        date: text.dateLine(renewal.endDate ?? '', renewal.daysLeft ?? 0, renewal.term),
        soon: (renewal.daysLeft ?? Infinity) <= SOON_DAYS,
      })),
      hasMore: hidden > 0,
      more: text.more(hidden),
      hasPartial: input.partialCustomers > 0,
      partial: text.partial(input.partialCustomers),
      hint: text.hint,
      customers,
      firstCustomer: customers[0] ?? { customerId: '', title: '', command: '' },
      refreshTitle: messages.usageCard.refresh,
      withinDays: input.withinDays,
      renewalsCommand: typedCommands.renewals(input.withinDays),
    }),
  );
}

function distinctCustomers(rows: readonly RankedRenewal[]): Array<{ customerId: string; title: string; command: string }> {
  const seen = new Set<string>();
  const customers: Array<{ customerId: string; title: string; command: string }> = [];
  for (const { renewal } of rows) {
    const key = renewal.customerId.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const customerId = plainText(renewal.customerId);
    customers.push({ customerId, title: plainText(renewal.customerName ?? renewal.customerId, { maxLength: MAX_CUSTOMER_NAME_LENGTH }), command: typedCommands.usage(customerId) });
  }
  return customers;
}

/**
 * What everyone in a channel or group chat sees: no customer and no figure. Teams refreshes it for
 * each member with their own renewals; anyone else selects the button.
 */
export function buildSharedRenewalsCard(withinDays: number, messages: Messages, userIds: readonly string[]): AdaptiveCard {
  const text = messages.renewals;
  const card = asAdaptiveCard(
    renderTemplate(sharedTemplate, {
      title: text.sharedTitle(withinDays),
      explanation: text.sharedExplanation,
      showMine: text.showMine,
      withinDays,
      renewalsCommand: typedCommands.renewals(withinDays),
    }),
  );
  return withRenewalsRefresh(card, withinDays, userIds);
}

/** Keeps a renewals card personal for each member when Teams shows it again (user-specific views). */
export function withRenewalsRefresh(card: AdaptiveCard, withinDays: number, userIds: readonly string[]): AdaptiveCard {
  if (userIds.length === 0) return card;
  return {
    ...card,
    refresh: { action: { type: 'Action.Execute', verb: 'renewals.refresh', data: { withinDays } }, userIds: userIds.slice(0, MAX_REFRESH_USERS) },
  };
}
