import type { AdaptiveCard } from '../../../src/cards/adaptive-card';
import { customerId } from '../../../src/core/customers/customer-id';
import { cardByteSize } from '../../../src/cards/adaptive-card';
import { buildRenewalsCard, buildSharedRenewalsCard } from '../../../src/cards/renewals-card';
import { buildUsageCard } from '../../../src/cards/usage-card';
import { buildFunnel } from '../../../src/core/subscriptions/funnel';
import { rankRenewals, type RenewalCandidate } from '../../../src/core/subscriptions/rank-renewals';
import { renewalFacts } from '../../../src/core/subscriptions/renewal';
import type { SubscriptionRecord } from '../../../src/core/subscriptions/subscription';
import { analyseUsage } from '../../../src/core/usage/analyse-usage';
import { en } from '../../../src/i18n/en';
import type { Messages } from '../../../src/i18n/messages';
import { nl } from '../../../src/i18n/nl';
import { MAX_CARD_BYTES, validateCard } from '../../helpers/card-validation';
import { elementsOf, textBlocksOf, textsOf } from '../../helpers/cards';

const TODAY = new Date('2026-12-02T09:00:00Z');
const HOSTILE = ['[click me](https://evil.example)', '**Bold** _Corp_ ${customerName}', '<at>everyone</at>', '\u202egnp.exe', '1. Contoso\n- Ltd'];
const hostile = (index: number) => `${index} ${HOSTILE.join(' ')} `.repeat(3).slice(0, 200);

function subscription(index: number, name: (i: number) => string): SubscriptionRecord {
  return {
    id: `sub-${index}`,
    customerId: customerId(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`),
    customerName: name(index),
    productName: name(index + 1000),
    seats: 10 + index,
    status: 'active',
    autoRenew: index % 2 === 0,
    termDuration: ['P1Y', 'P3Y', 'P1M'][index % 3]!,
    commitmentEndDate: new Date(TODAY.getTime() + (index % 90) * 86_400_000).toISOString(),
    isTrial: index % 7 === 0,
  };
}

function candidates(count: number, name: (i: number) => string): RenewalCandidate[] {
  return Array.from({ length: count }, (_, index) => ({
    renewal: renewalFacts(subscription(index, name), TODAY),
    product: {
      bought: 10 + index,
      assigned: 5 + index,
      unassigned: 5,
      workloads: [{ productName: name(index + 1000), workloadName: name(index + 2000), licensesActive: 1, licensesQualified: 10, usagePercent: 10, status: 'low' }],
    },
  }));
}

describe.each([
  ['English', en],
  ['Dutch', nl],
] as Array<[string, Messages]>)('the subscription side cards in %s', (_language, messages) => {
  it.each([
    ['plain', (i: number) => `Contoso ${i}`],
    ['200-character hostile', hostile],
  ] as Array<[string, (i: number) => string]>)('renewals card with 200 renewals and %s names: valid, ten lines at most, "…and N more"', (_kind, name) => {
    const ranked = rankRenewals(candidates(200, name), { withinDays: 90, threshold: 30 });
    const card = buildRenewalsCard({ ranked, withinDays: 90, partialCustomers: 3 }, messages);
    expect(validateCard(card)).toEqual([]);
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const rows = elementsOf(card).filter((e) => e.type === 'Container' && e.selectAction);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(textsOf(card)).toContain(messages.renewals.more(ranked.length - rows.length));
    // Markdown is escaped where it would render (text blocks); button titles are plain text anyway.
    expect(textBlocksOf(card).filter((text) => text.includes('](https'))).toEqual([]);
  });

  it('renewals card without any renewal says so, without lines or buttons', () => {
    const card: AdaptiveCard = buildRenewalsCard({ ranked: [], withinDays: 30, partialCustomers: 0 }, messages);
    expect(validateCard(card)).toEqual([]);
    expect(textsOf(card)).toContain(messages.renewals.none(30));
    expect(elementsOf(card).filter((e) => e.type === 'Action.Submit' && e.data?.command?.startsWith('usage'))).toEqual([]);
  });

  it('shared renewals card: no figures, a refresh for at most 60 members', () => {
    const card = buildSharedRenewalsCard(45, messages, Array.from({ length: 75 }, (_, i) => `29:member-${i}`));
    expect(validateCard(card)).toEqual([]);
    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(60);
    expect(JSON.stringify(card.body)).not.toMatch(/\d+ %/);
  });

  it('usage card with a funnel of hostile names, missing parts and unmatched products stays valid and within size', () => {
    const records = Array.from({ length: 40 }, (_, i) => ({
      customerId: customerId('4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04'),
      customerName: hostile(0),
      productName: hostile(i % 10),
      workloadName: hostile(100 + i),
      licensesActive: i * 3,
      licensesQualified: 50,
    }));
    const summary = analyseUsage({ customerId: customerId('4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04'), records, threshold: 30 });
    const subscriptions = Array.from({ length: 30 }, (_, i) => ({ ...subscription(i, hostile), productName: hostile(i % 12) }));
    const funnel = buildFunnel({ workloads: [...summary.low, ...summary.healthy], subscriptions, now: TODAY });
    const card = buildUsageCard(summary, messages, {
      funnel: { funnel, missing: [{ part: 'skus', reason: 'no-access' }] },
    });
    expect(validateCard(card)).toEqual([]);
    expect(cardByteSize(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(textsOf(card)).toContain(messages.renewals.missing('skus', 'no-access'));
    expect(textBlocksOf(card).filter((text) => text.includes('](https'))).toEqual([]);
  });
});
