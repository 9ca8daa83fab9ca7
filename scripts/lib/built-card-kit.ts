import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CardKit } from './card-samples';

/** The reference id a sample failure sentence shows. */
const SAMPLE_REFERENCE = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';

/**
 * The card builders of the compiled bot (dist/, from `npm run build`), for the command line. The
 * tests plug in the TypeScript sources instead, which type-checks them against CardKit; here the
 * shapes are taken on trust, and a missing export fails loudly instead of drawing a wrong card.
 */
export function loadBuiltCardKit(projectRoot: string): CardKit<unknown, unknown> {
  const dist = join(projectRoot, 'dist');
  if (!existsSync(join(dist, 'cards', 'usage-card.js'))) {
    throw new Error(`No compiled bot in ${dist}: run \`npm run build\` first (npm run cards:preview does).`);
  }
  const load = (file: string, name: string): any => {
    const exported: unknown = require(join(dist, file))[name];
    if (exported === undefined) throw new Error(`dist/${file} exports no ${name}: rebuild with \`npm run build\`.`);
    return exported;
  };
  return {
    languages: [
      { tag: 'en', messages: load('i18n/en.js', 'en') },
      { tag: 'nl', messages: load('i18n/nl.js', 'nl') },
    ],
    analyseUsage: load('core/usage/analyse-usage.js', 'analyseUsage'),
    buildUsageCard: load('cards/usage-card.js', 'buildUsageCard'),
    buildCustomerChoiceCard: load('cards/customer-choice-card.js', 'buildCustomerChoiceCard'),
    buildHelpCard: load('cards/help-card.js', 'buildHelpCard'),
    buildWelcomeCard: load('cards/welcome-card.js', 'buildWelcomeCard'),
    planAlertMessages: load('core/alerts/digest.js', 'planAlertMessages'),
    alertCards: load('cards/alert-cards.js', 'alertCards'),
    featureSampleCards: load('cards/feature-samples.js', 'featureSampleCards'),
    refreshingCard: load('cards/card-states.js', 'refreshingCard'),
    cardWithNotice: load('cards/card-states.js', 'cardWithNotice'),
    timeoutSentence: (messages) => (messages as { error(code: string, correlationId?: string): string }).error('request.deadline_exceeded', SAMPLE_REFERENCE),
    renewalSampleCards: load('cards/renewal-samples.js', 'renewalSampleCards'),
  };
}
