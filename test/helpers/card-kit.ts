import type { CardKit } from '../../scripts/lib/card-samples';
import { alertCards } from '../../src/cards/alert-cards';
import { cardWithNotice, refreshingCard } from '../../src/cards/card-states';
import { ErrorCodes } from '../../src/core/errors';
import { buildCustomerChoiceCard } from '../../src/cards/customer-choice-card';
import { buildHelpCard } from '../../src/cards/help-card';
import { renewalSampleCards } from '../../src/cards/renewal-samples';
import { buildUsageCard } from '../../src/cards/usage-card';
import { buildWelcomeCard } from '../../src/cards/welcome-card';
import { featureSampleCards } from '../../src/cards/feature-samples';
import { planAlertMessages, type AlertMessagePlan } from '../../src/core/alerts/digest';
import { customerId, type CustomerId } from '../../src/core/customers/customer-id';
import { analyseUsage } from '../../src/core/usage/analyse-usage';
import type { UsageSummary } from '../../src/core/usage/usage-summary';
import { en } from '../../src/i18n/en';
import type { Messages } from '../../src/i18n/messages';
import { nl } from '../../src/i18n/nl';

/**
 * The bot's real card makers, from its sources, for scripts/lib/card-samples.ts: the previews' sample
 * cards as tests see them. Plugging them in here also type-checks them against what the script expects.
 */
export const sourceCardKit: CardKit<Messages, UsageSummary, AlertMessagePlan> = {
  languages: [
    { tag: 'en', messages: en },
    { tag: 'nl', messages: nl },
  ],
  // The samples' ids are plain strings; in the bot, ids are normalised where they enter (customerId).
  analyseUsage: (input) => analyseUsage({ ...input, customerId: customerId(input.customerId), records: input.records.map(withCustomerId) }),
  buildUsageCard,
  buildCustomerChoiceCard: (query, customers, messages) =>
    buildCustomerChoiceCard(query, customers.map((customer) => ({ ...customer, id: customerId(customer.id) })), messages),
  buildHelpCard,
  buildWelcomeCard,
  planAlertMessages: (alerts) => planAlertMessages(alerts.map(withCustomerId)),
  alertCards: () => {
    const cards = alertCards();
    return {
      compose: (plan, messages) => cards.compose(plan, messages),
      signInAgain: (paused, messages) =>
        cards.signInAgain(
          paused.map((subscription) => ({ ...subscription, customerId: subscription.customerId === null ? null : customerId(subscription.customerId) })),
          messages,
        ),
    };
  },
  featureSampleCards,
  refreshingCard,
  cardWithNotice,
  timeoutSentence: (messages) => messages.error(ErrorCodes.DeadlineExceeded, '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9'),
  renewalSampleCards,
};

function withCustomerId<T extends { customerId: string }>(item: T): T & { customerId: CustomerId } {
  return { ...item, customerId: customerId(item.customerId) };
}
