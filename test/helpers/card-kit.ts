import type { CardKit } from '../../scripts/lib/card-samples';
import { alertCards } from '../../src/cards/alert-cards';
import { buildCustomerChoiceCard } from '../../src/cards/customer-choice-card';
import { buildHelpCard } from '../../src/cards/help-card';
import { buildUsageCard } from '../../src/cards/usage-card';
import { buildWelcomeCard } from '../../src/cards/welcome-card';
import { featureSampleCards } from '../../src/cards/feature-samples';
import { planAlertMessages, type AlertMessagePlan } from '../../src/core/alerts/digest';
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
  analyseUsage,
  buildUsageCard,
  buildCustomerChoiceCard,
  buildHelpCard,
  buildWelcomeCard,
  planAlertMessages,
  alertCards,
  featureSampleCards,
};
