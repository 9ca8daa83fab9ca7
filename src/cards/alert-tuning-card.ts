import type { CustomerTuning, TuningChange } from '../core/alerts/alert-tuning';
import { typedCommands } from '../core/commands/command-text';
import { tuningCommandFor, tuningCommands } from '../core/commands/tuning-commands';
import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, type AdaptiveCard, type CardElement } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/alert-tuned-card.json';

const MAX_NAME_LENGTH = 80;
const MAX_PRODUCT_NAME_LENGTH = 60;
/** A customer with more products than this gets buttons for its lowest ones (the alerts come lowest first). */
export const MAX_IGNORE_BUTTONS = 3;
const SNOOZE_DAYS = [7, 30] as const;

/** The customer a tuning button acts on, as the card carries it back (no Partner Center call needed). */
export interface TunedCustomer {
  id: string;
  name: string;
}

/** What an `alerts.tune` button carries: the customer, and the change. */
export function tuningData(customer: TunedCustomer, change: TuningChange): Record<string, unknown> {
  return { customerId: plainText(customer.id), customerName: plainText(customer.name, { maxLength: MAX_NAME_LENGTH }), ...change };
}

function execute(title: string, data: Record<string, unknown>, command: string): CardElement {
  return { type: 'Action.Execute', verb: 'alerts.tune', title, data, fallback: { type: 'Action.Submit', title, data: { command } } };
}

/**
 * "Tune alerts" on an alert card or a digest line: snooze the customer 7 or 30 days, ignore one of its
 * products, give it a threshold of its own. Each is a Universal Action for the whole conversation, with
 * an Action.Submit fallback that types the equivalent command. `inputId` must be unique in the card.
 */
export function tuningShowCard(customer: TunedCustomer, products: readonly string[], inputId: string, messages: Messages): CardElement {
  const text = messages.tuning;
  const id = plainText(customer.id);
  const distinct = [...new Map(products.map((product) => [product.trim().toLowerCase(), product.trim()])).values()].slice(0, MAX_IGNORE_BUTTONS);
  const choices: CardElement[] = [
    ...SNOOZE_DAYS.map((days) => execute(text.snooze(days), tuningData(customer, { kind: 'snooze', days }), tuningCommands.snooze(id, days))),
    ...distinct.map((product) => {
      const productName = plainText(product, { maxLength: MAX_PRODUCT_NAME_LENGTH });
      return execute(text.ignoreProduct(productName), tuningData(customer, { kind: 'ignore', productName }), tuningCommands.ignore(id, productName));
    }),
  ];
  return {
    type: 'Action.ShowCard',
    title: text.tune,
    card: {
      type: 'AdaptiveCard',
      body: [
        { type: 'ActionSet', actions: choices },
        { type: 'Input.Number', id: inputId, label: text.thresholdLabel, min: 1, max: 99, placeholder: '20' },
      ],
      actions: [
        {
          type: 'Action.Execute',
          verb: 'alerts.tune',
          title: text.customerThreshold,
          data: { ...tuningData(customer, { kind: 'threshold' }), inputId },
          fallback: { type: 'Action.Submit', title: text.customerThreshold, data: { command: tuningCommands.threshold(id) } },
        },
      ],
    },
  };
}

/**
 * A digest line's one tuning button: the full choices would make ten lines too large for one card, so
 * it asks for them as a card of their own (the digest stays as it is).
 */
export function tuneLineAction(customer: TunedCustomer, productName: string, messages: Messages): CardElement {
  const id = plainText(customer.id);
  const product = plainText(productName, { maxLength: MAX_PRODUCT_NAME_LENGTH });
  return {
    type: 'Action.Execute',
    verb: 'alerts.tune-menu',
    title: messages.tuning.tune,
    data: { customerId: id, customerName: plainText(customer.name, { maxLength: MAX_NAME_LENGTH }), productName: product },
    fallback: { type: 'Action.Submit', title: messages.tuning.tune, data: { command: tuningCommands.menu(id, product) } },
  };
}

/** The tuning choices for one customer as a card of their own (a digest line's Tune, or `alerts tune … for …`). */
export function buildTuningMenuCard(customer: TunedCustomer, products: readonly string[], messages: Messages): AdaptiveCard {
  const panel = tuningShowCard(customer, products, 'argument', messages).card as { body: CardElement[]; actions: CardElement[] };
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
      { type: 'TextBlock', text: messages.tuning.menuTitle(escapeMarkdown(customer.name, { maxLength: MAX_NAME_LENGTH })), size: 'Medium', weight: 'Bolder', wrap: true },
      ...panel.body,
    ],
    actions: panel.actions,
  };
}

/** What replaces a card after a tuning click: what changed here, with Undo. */
export function buildTunedCard(customer: TunedCustomer, change: TuningChange, entry: CustomerTuning, undo: TuningChange | undefined, messages: Messages): AdaptiveCard {
  const text = messages.tuning;
  const id = plainText(customer.id);
  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.doneTitle,
      what: whatChanged(customer, change, entry, messages, undo === undefined),
      hasUndo: undo !== undefined,
      undoTitle: text.undo,
      undoData: undo ? { ...tuningData(customer, undo), undoing: true } : {},
      undoCommand: undo ? tuningCommandFor(id, undo) : '',
      customerId: id,
      openUsageTitle: text.openUsage,
      usageCommand: typedCommands.usage(id),
    }),
  );
}

function whatChanged(customer: TunedCustomer, change: TuningChange, entry: CustomerTuning, messages: Messages, undone: boolean): string {
  const text = messages.tuning;
  const name = escapeMarkdown(customer.name, { maxLength: MAX_NAME_LENGTH });
  if (undone) return text.undone(name);
  switch (change.kind) {
    case 'snooze':
      return text.snoozed(name, change.days, messages.formatDate(entry.snoozedUntil ?? new Date().toISOString()));
    case 'snooze-until':
      return entry.snoozedUntil ? text.snoozed(name, 0, messages.formatDate(entry.snoozedUntil)) : text.unsnoozed(name);
    case 'ignore':
      return text.ignored(name, escapeMarkdown(change.productName, { maxLength: MAX_PRODUCT_NAME_LENGTH }));
    case 'unignore':
      return text.unignored(name, escapeMarkdown(change.productName, { maxLength: MAX_PRODUCT_NAME_LENGTH }));
    case 'threshold':
      return change.threshold === undefined ? text.thresholdCleared(name) : text.thresholdSet(name, change.threshold);
  }
}
