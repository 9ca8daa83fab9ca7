import type { LowAdoptionAlert } from '../core/alerts/decide-alerts';
import type { AlertDigest } from '../core/alerts/digest';
import { typedCommands } from '../core/commands/command-text';
import type { CustomerId } from '../core/customers/customer-id';
import type { Messages } from '../i18n/messages';
import { aQuarterFewer, asAdaptiveCard, fittedCard, MAX_CARD_BYTES, type AdaptiveCard } from './adaptive-card';
import { movementText, workloadLine } from './alert-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import { tuneLineAction } from './alert-tuning-card';
import template from './templates/alert-digest-card.json';

export interface AlertDigestCardOptions {
  /** Largest card, in UTF-8 bytes of its JSON (MAX_CARD_BYTES unless told). */
  maxBytes?: number;
}

// A digest line names three things; shorter caps than a single customer's card keep ten lines readable.
const MAX_CUSTOMER_NAME_LENGTH = 80;
const MAX_WORKLOAD_NAME_LENGTH = 60;
const MAX_BUTTON_NAME_LENGTH = 80;

/**
 * Many customers' alerts of one pass in one card, lowest first, instead of a flood of cards. In Teams
 * each line is selectable and opens that customer's usage card in place (a Universal Action).
 *
 * A selectAction cannot carry a fallback, so a client without Universal Actions would find the lines
 * dead. For those clients the card also holds an ActionSet that Teams keeps hidden. Its one action
 * (the worst customer's usage) is an Action.Execute without a fallback of its own on purpose: a client
 * that does not know it falls back from the whole set to a visible list of Action.Submit buttons, one
 * per customer, that send `usage for <id>` as a message (the convention every other card follows).
 */
export function buildAlertDigestCard(digest: AlertDigest, messages: Messages, options: AlertDigestCardOptions = {}): AdaptiveCard {
  // Entries are capped already; pathological names can still overflow, so lines go until it fits.
  return fittedCard(
    digest.entries.length,
    (shown) => render(digest, messages, shown),
    (shown) => aQuarterFewer(shown, 1),
    options.maxBytes ?? MAX_CARD_BYTES,
  );
}

function render(digest: AlertDigest, messages: Messages, shown: number): AdaptiveCard {
  const text = messages.alertCard;
  const entries = digest.entries.slice(0, shown);
  const more = digest.moreCount + (digest.entries.length - entries.length);
  const customers = distinctCustomers(entries);
  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.digestTitle(digest.customerCount),
      summary: text.digestSummary(digest.alertCount, digest.customerCount),
      rows: entries.map((alert) => ({
        // The line's own product: "ignore" there means this product at this customer.
        tuneAction: tuneLineAction({ id: alert.customerId, name: alert.customerName }, alert.productName, messages),
        customerId: plainText(alert.customerId),
        buttonTitle: text.openUsage,
        customer: escapeMarkdown(alert.customerName, { maxLength: MAX_CUSTOMER_NAME_LENGTH }),
        workload: workloadLine(alert, messages, MAX_WORKLOAD_NAME_LENGTH),
        movement: movementText(alert, messages),
        percent: messages.formatPercent(alert.currentPercent),
      })),
      hasMore: more > 0,
      more: text.more(more),
      hint: text.digestHint,
      customers,
      worstCustomer: customers[0] ?? { customerId: '', title: '', command: '' },
    }),
  );
}

/** One button per customer listed, in the order of their first (worst) line. */
function distinctCustomers(entries: readonly LowAdoptionAlert[]): Array<{ customerId: string; title: string; command: string }> {
  const seen = new Set<CustomerId>();
  const customers: Array<{ customerId: string; title: string; command: string }> = [];
  for (const alert of entries) {
    if (seen.has(alert.customerId)) continue;
    seen.add(alert.customerId);
    const customerId = plainText(alert.customerId);
    customers.push({
      customerId,
      title: plainText(alert.customerName, { maxLength: MAX_BUTTON_NAME_LENGTH }),
      // The fallback button "types" the command.
      command: typedCommands.usage(customerId),
    });
  }
  return customers;
}
