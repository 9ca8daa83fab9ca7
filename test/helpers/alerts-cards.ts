import type { AlertCards } from '../../src/alerts/ports';
import type { AdaptiveCard } from '../../src/cards/adaptive-card';
import type { AlertMovement, LowAdoptionAlert } from '../../src/core/alerts/decide-alerts';
import type { Messages } from '../../src/i18n';
import { nl } from '../../src/i18n/nl';

/**
 * A stand-in for the alert cards that states plainly what each card is about, so the engine's tests
 * read "which alerts reached which conversation" without parsing a drawn card.
 */

export interface CardAlert {
  customerId: string;
  customerName: string;
  productName: string;
  workloadName: string;
  currentPercent: number;
  threshold: number;
  movement: AlertMovement['kind'];
}

export interface FakeAlertCardContent {
  kind: 'customer' | 'digest' | 'sign-in';
  language: 'en' | 'nl';
  alerts: CardAlert[];
  /** sign-in: the customers (or null for all) of the paused subscriptions. */
  pausedCustomerIds: Array<string | null>;
  /** digest: the "and N more". */
  moreCount: number;
}

export function fakeAlertCards(): AlertCards {
  return {
    compose(plan, messages) {
      const language = languageOf(messages);
      if (plan.kind === 'none') return [];
      if (plan.kind === 'digest') {
        return [card({ kind: 'digest', language, alerts: plan.digest.entries.map(cardAlert), pausedCustomerIds: [], moreCount: plan.digest.moreCount })];
      }
      return plan.customers.map((customer) => card({ kind: 'customer', language, alerts: customer.alerts.map(cardAlert), pausedCustomerIds: [], moreCount: 0 }));
    },
    signInAgain(paused, messages) {
      return card({
        kind: 'sign-in',
        language: languageOf(messages),
        alerts: [],
        pausedCustomerIds: paused.map((subscription) => subscription.customerId),
        moreCount: 0,
      });
    },
  };
}

/** What a card made by fakeAlertCards says. */
export function contentOf(card: AdaptiveCard): FakeAlertCardContent {
  return card.fake as FakeAlertCardContent;
}

function languageOf(messages: Messages): 'en' | 'nl' {
  return messages === nl ? 'nl' : 'en';
}

function card(content: FakeAlertCardContent): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: content.kind }], fake: content };
}

function cardAlert(alert: LowAdoptionAlert): CardAlert {
  return {
    customerId: alert.customerId,
    customerName: alert.customerName,
    productName: alert.productName,
    workloadName: alert.workloadName,
    currentPercent: alert.currentPercent,
    threshold: alert.threshold,
    movement: alert.movement.kind,
  };
}
