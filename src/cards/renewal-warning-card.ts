import { MAX_LISTED_WARNINGS, type RenewalWarning, type RenewalWarningList } from '../core/alerts/decide-renewal-warnings';
import { typedCommands } from '../core/commands/command-text';
import type { Messages } from '../i18n/messages';
import { aQuarterFewer, asAdaptiveCard, fittedCard, MAX_CARD_BYTES, type AdaptiveCard, type CardElement } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/renewal-warning-card.json';

/** Warnings a card lists before "…and N more". */
const MAX_LINES = MAX_LISTED_WARNINGS;

/** A pass hands over its soonest warnings and their count; a caller holding them all can pass the array. */
type Warnings = readonly RenewalWarning[] | RenewalWarningList;

function listOf(warnings: Warnings): RenewalWarningList {
  return 'total' in warnings ? warnings : { warnings: [...warnings], total: warnings.length };
}

/**
 * A pass's renewal warnings for one conversation, soonest first: one card, each line opening that
 * customer's usage card (with the plain-button fallback the alert digest has).
 */
export function buildRenewalWarningCard(given: Warnings, messages: Messages, maxBytes = MAX_CARD_BYTES): AdaptiveCard {
  const list = listOf(given);
  return fittedCard(Math.min(MAX_LINES, list.warnings.length), (shown) => render(list, messages, shown, false), (shown) => aQuarterFewer(shown, 1), maxBytes);
}

/**
 * The low-adoption digest with the renewal warnings inside it, when a pass has many things to say: one
 * message, not two. The warnings come as their own section after the digest's lines.
 */
export function withRenewalWarnings(digest: AdaptiveCard, given: Warnings, messages: Messages): AdaptiveCard {
  const list = listOf(given);
  if (list.total === 0) return digest;
  const section = (render(list, messages, Math.min(MAX_LINES, list.warnings.length), true).body ?? []).filter(
    (element: CardElement) => element.id === 'renewalWarnings',
  );
  return { ...digest, body: [...(digest.body ?? []), ...section] };
}

function render({ warnings, total }: RenewalWarningList, messages: Messages, shown: number, asSection: boolean): AdaptiveCard {
  const text = messages.renewals;
  const rows = warnings.slice(0, shown);
  const hidden = total - rows.length;
  const single = total === 1 ? warnings[0] : undefined;
  const customers = [...new Map(rows.map((w) => [w.customerId.toLowerCase(), w])).values()].map((w) => {
    const customerId = plainText(w.customerId);
    return { customerId, title: plainText(w.customerName, { maxLength: 80 }), command: typedCommands.usage(customerId) };
  });
  return asAdaptiveCard(
    renderTemplate(template, {
      title: single ? text.warningTitle(escapeMarkdown(single.customerName, { maxLength: 80 })) : text.warningDigestTitle(total),
      hasHeading: asSection,
      heading: text.warningDigestTitle(total),
      rows: rows.map((w) => ({
        customerId: plainText(w.customerId),
        buttonTitle: messages.alertCard.openUsage,
        customer: escapeMarkdown(w.customerName, { maxLength: 80 }),
        product: text.productLine(escapeMarkdown(w.productName, { maxLength: 80 }), w.seats),
        date: text.dateLine(w.endDate, w.daysLeft, w.term),
        reason: text.warningReason(w.unassigned, w.lowest && { ...w.lowest, workloadName: escapeMarkdown(w.lowest.workloadName, { maxLength: 60 }) }, w.threshold),
      })),
      hasMore: hidden > 0,
      more: text.more(hidden),
      customers,
      firstCustomer: customers[0] ?? { customerId: '', title: '', command: '' },
    }),
  );
}
