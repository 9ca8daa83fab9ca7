import type { CustomerAlerts } from '../core/alerts/digest';
import type { LowAdoptionAlert } from '../core/alerts/decide-alerts';
import type { Messages } from '../i18n/messages';
import { asAdaptiveCard, cardByteSize, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import template from './templates/alert-card.json';

export interface AlertCardOptions {
  /** Largest card, in UTF-8 bytes of its JSON: under Teams' 28 KB, with room for the activity around it. */
  maxBytes?: number;
  /** Workloads listed at most; the rest are counted in an "…and N more" line. */
  maxRows?: number;
}

const DEFAULT_MAX_BYTES = 26_000;
const DEFAULT_MAX_ROWS = 20;
// Partner Center names are short; a pathological one must not eat the whole card budget.
const MAX_NAME_LENGTH = 120;
// Button titles are cut by Teams anyway; a short one keeps both buttons on one row.
const MAX_BUTTON_NAME_LENGTH = 40;

/**
 * One customer's low-adoption alerts of a pass: which workloads are below the threshold (lowest
 * first), with their figures and how each moved since the conversation last heard about it.
 * Its buttons act in place (Universal Actions): open the customer's full usage card, or mute the
 * customer here. Clients without Universal Actions send the equivalent command as a message instead.
 */
export function buildAlertCard(customer: CustomerAlerts, messages: Messages, options: AlertCardOptions = {}): AdaptiveCard {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let shown = Math.min(options.maxRows ?? DEFAULT_MAX_ROWS, customer.alerts.length);
  // Long names can make even a capped list too big, so the list shrinks until the card fits.
  for (;;) {
    const card = render(customer, messages, shown);
    if (cardByteSize(card) <= maxBytes || shown <= 1) return card;
    shown = Math.max(1, shown - Math.ceil(shown / 4));
  }
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
      // The command syntax the message parser understands, not prose: the fallback button "types" it.
      usageCommand: `usage for ${customerId}`,
      muteTitle: text.mute(buttonName),
      muteCommand: `alerts off for ${customerId}`,
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
