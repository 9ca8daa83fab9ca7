import fc from 'fast-check';
import { buildCustomerChoiceCard } from '../../../src/cards/customer-choice-card';
import { escapeMarkdown } from '../../../src/cards/escape-markdown';
import { buildUsageCard } from '../../../src/cards/usage-card';
import { buildSharedUsageCard } from '../../../src/cards/user-specific';
import { customerId } from '../../../src/core/customers/customer-id';
import { analyseUsage } from '../../../src/core/usage/analyse-usage';
import { en } from '../../../src/i18n/en';
import { nl } from '../../../src/i18n/nl';
import type { Messages } from '../../../src/i18n';
import { textsOf } from '../../helpers/cards';
import { hostileText } from '../../helpers/hostile-text';
import { liveMarkup } from '../../helpers/live-markup';

/**
 * Every sentence that repeats outside text, in both languages, and the cards that show it: thousands of
 * hostile inputs, no live link, image, mention or template field. (test/e2e/echo-escaping.test.ts runs
 * the same inputs through the real bot over HTTP, fewer of them.)
 */
const C1 = customerId('c1');

function sentences(messages: Messages, text: string): string[] {
  const shown = escapeMarkdown(text, { maxLength: 100 });
  return [
    messages.customerNotFound(shown, 'name'),
    messages.customerNotFound(shown, 'id'),
    messages.customerChoice.title(shown, 2),
    messages.sharedUsage.title(shown),
    messages.usageCard.title(shown),
    messages.alerts.subscribed(shown, 30, true),
    messages.alerts.updated(shown, 30, false),
    messages.alerts.unsubscribed(shown),
    messages.alerts.muted(shown),
    messages.alerts.subscribedBy(shown, '1 Dec 2026'),
    messages.alertCard.title(shown),
    messages.alertCard.workloadLine(shown, shown),
    messages.alertCard.pausedText(shown, shown),
    // (alertCard.mute is a button title: plain text, which Teams does not render as markdown.)
  ];
}

describe.each([
  ['English', en],
  ['Dutch', nl],
])('outside text in %s sentences and cards', (_language, messages) => {
  it('never becomes a live link, image, mention or template field', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (name, product, workload) => {
        const records = [
          { customerId: C1, customerName: name, productName: product, workloadName: workload, licensesActive: 3, licensesQualified: 100 },
          { customerId: C1, customerName: name, productName: product, workloadName: `${workload} 2`, licensesActive: 90, licensesQualified: 100 },
        ];
        const customers = [
          { id: C1, companyName: name, domain: 'a.example' },
          { id: customerId('c2'), companyName: product },
        ];
        const cards = [
          buildUsageCard(analyseUsage({ customerId: C1, customerName: name, records, threshold: 50 }), messages, { view: 'all' }),
          buildCustomerChoiceCard(name, customers, messages),
          buildSharedUsageCard(customers[0]!, messages, ['29:a']),
        ];
        const texts = [...sentences(messages, name), ...cards.flatMap((card) => textsOf(card))];
        expect(texts.filter((text) => liveMarkup(text).length > 0)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
