import type { CustomerAlerts } from '../core/alerts/digest';
import type { LowAdoptionAlert } from '../core/alerts/decide-alerts';
import { typedCommands } from '../core/commands/command-text';
import type { Messages } from '../i18n/messages';
import { aQuarterFewer, asAdaptiveCard, fittedCard, MAX_CARD_BYTES, MAX_NAME_LENGTH, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import { tuningShowCard } from './alert-tuning-card';
import template from './templates/alert-card.json';

export interface AlertCardOptions {
  /** Largest card, in UTF-8 bytes of its JSON (MAX_CARD_BYTES unless told). */
  maxBytes?: number;
  /** Workloads listed at most; the rest are counted in an "…and N more" line. */
  maxRows?: number;
}

const DEFAULT_MAX_ROWS = 20;
// Button titles are cut by Teams anyway; a short one keeps both buttons on one row.
const MAX_BUTTON_NAME_LENGTH = 40;

/**
 * One customer's low-adoption alerts of a pass: which workloads are below the threshold (lowest
 * first), with their figures and how each moved since the conversation last heard about it.
 * Its buttons act in place (Universal Actions): open the customer's full usage card, or mute the
 * customer here. Clients without Universal Actions send the equivalent command as a message instead.
 */
export function buildAlertCard(customer: CustomerAlerts, messages: Messages, options: AlertCardOptions = {}): AdaptiveCard {
  return fittedCard(
    Math.min(options.maxRows ?? DEFAULT_MAX_ROWS, customer.alerts.length),
    (shown) => render(customer, messages, shown),
    (shown) => aQuarterFewer(shown, 1),
    options.maxBytes ?? MAX_CARD_BYTES,
  );
}

/** How a finding moved since the last alert, in the reader's language. */
export function movementText(alert: LowAdoptionAlert, messages: Messages): string {
  const text = messages.alertCard;
  switch (alert.movement.kind) {
    case 'new':
      return text.newFinding;
    case 'worse':
      // A 'worse' finding always had an earlier alert; should the two ever disagree, the drop alone is still true.
      return text.worse(alert.movement.points, alert.previousAlertedPercent ?? alert.currentPercent + alert.movement.points);
    case 'low-again':
      return text.lowAgain;
  }
}

/** "Workload (Product)", with both names made literal for a markdown TextBlock. */
export function workloadLine(alert: LowAdoptionAlert, messages: Messages, maxNameLength: number): string {
  return messages.alertCard.workloadLine(
    escapeMarkdown(alert.workloadName, { maxLength: maxNameLength }),
    escapeMarkdown(alert.productName, { maxLength: maxNameLength }),
  );
}

function render(customer: CustomerAlerts, messages: Messages, shown: number): AdaptiveCard {
  const text = messages.alertCard;
  const rows = customer.alerts.slice(0, shown);
  const hidden = customer.alerts.length - rows.length;
  const customerId = plainText(customer.customerId);
  const buttonName = plainText(customer.customerName, { maxLength: MAX_BUTTON_NAME_LENGTH });
  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.title(escapeMarkdown(customer.customerName, { maxLength: MAX_NAME_LENGTH })),
      summary: text.summary(customer.alerts.length, highestThreshold(customer.alerts)),
      rows: rows.map((alert) => ({
        workload: workloadLine(alert, messages, MAX_NAME_LENGTH),
        figures: text.figures(alert.currentPercent, alert.licensesActive, alert.licensesQualified),
        movement: movementText(alert, messages),
      })),
      hasMore: hidden > 0,
      more: text.more(hidden),
      customerId,
      openUsageTitle: text.openUsage,
      // The fallback buttons "type" the commands.
      usageCommand: typedCommands.usage(customerId),
      muteTitle: text.mute(buttonName),
      muteCommand: typedCommands.alertsOff(customerId),
      // Snooze, ignore a product, a threshold of its own: for this conversation, from the card.
      tuneAction: tuningShowCard(
        { id: customer.customerId, name: customer.customerName },
        customer.alerts.map((alert) => alert.productName),
        'argument',
        messages,
      ),
    }),
  );
}

/**
 * A customer's findings can come from subscriptions with different thresholds. Each finding is below
 * its own, so "N workloads below <the highest>" is true of all of them.
 */
function highestThreshold(alerts: readonly LowAdoptionAlert[]): number {
  return Math.max(...alerts.map((alert) => alert.threshold));
}
