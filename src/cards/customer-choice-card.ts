import { typedCommands } from '../core/commands/command-text';
import type { Customer } from '../core/customers/customer';
import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/customer-choice-card.json';

export interface CustomerChoiceCardOptions {
  /** Buttons shown at most; the rest are counted in an "…and N more" line. */
  maxChoices?: number;
}

const DEFAULT_MAX_CHOICES = 10;
const MAX_QUERY_LENGTH = 100;
const MAX_BUTTON_NAME_LENGTH = 80;

/**
 * Several customers matched what the user typed: one button per customer that re-runs the usage
 * command with that customer's id, so the second answer cannot be ambiguous again. Each button
 * sits in its own ActionSet so they stack as a list instead of a row that clients may cut short.
 */
export function buildCustomerChoiceCard(
  query: string,
  customers: readonly Customer[],
  messages: Messages,
  options: CustomerChoiceCardOptions = {},
): AdaptiveCard {
  const maxChoices = Math.max(0, options.maxChoices ?? DEFAULT_MAX_CHOICES);
  const shown = customers.slice(0, maxChoices);
  const hidden = customers.length - shown.length;
  const text = messages.customerChoice;

  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.title(escapeMarkdown(query, { maxLength: MAX_QUERY_LENGTH }), customers.length),
      hint: text.hint,
      choices: shown.map(choiceButton),
      hasMore: hidden > 0,
      more: text.more(hidden),
    }),
  );
}

// Button titles are plain text in Teams: markdown escapes would show as backslashes there, so they
// only get the control-character and template clean-up. A click is a Universal Action that replaces
// this card with the customer's usage; clients without them (and the Agents Playground) fall back to a
// plain Action.Submit that sends the command back as a message.
function choiceButton(customer: Customer): { title: string; command: string; customerId: string } {
  const name = plainText(customer.companyName, { maxLength: MAX_BUTTON_NAME_LENGTH });
  const domain = customer.domain ? plainText(customer.domain, { maxLength: MAX_BUTTON_NAME_LENGTH }) : '';
  const customerId = plainText(customer.id);
  return { title: domain ? `${name} (${domain})` : name, command: typedCommands.usage(customerId), customerId };
}
