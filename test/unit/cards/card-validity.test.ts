import type { AdaptiveCard } from '../../../src/cards/adaptive-card';
import { alertCards } from '../../../src/cards/alert-cards';
import { buildCustomerChoiceCard } from '../../../src/cards/customer-choice-card';
import { buildHelpCard } from '../../../src/cards/help-card';
import { buildUsageCard } from '../../../src/cards/usage-card';
import { buildSharedUsageCard } from '../../../src/cards/user-specific';
import type { LowAdoptionAlert } from '../../../src/core/alerts/decide-alerts';
import { DEFAULT_MAX_DIGEST_ENTRIES, planAlertMessages } from '../../../src/core/alerts/digest';
import type { AlertSubscription } from '../../../src/core/alerts/subscriptions';
import type { Customer } from '../../../src/core/customers/customer';
import { DEFAULT_LOW_USAGE_THRESHOLD, analyseUsage } from '../../../src/core/usage/analyse-usage';
import type { UsageRecord } from '../../../src/core/usage/usage-record';
import type { UsageSummary } from '../../../src/core/usage/usage-summary';
import { en } from '../../../src/i18n/en';
import type { Messages } from '../../../src/i18n/messages';
import { nl } from '../../../src/i18n/nl';
import { PRODUCT_CATALOG, type SimulatedCustomer } from '../../../src/simulator/dataset';
import { createSampleDataset } from '../../../src/simulator/sample-data';
import { sampleCards } from '../../../scripts/lib/card-samples';
import { sourceCardKit } from '../../helpers/card-kit';
import { MAX_CARD_BYTES, validateCard } from '../../helpers/card-validation';
import { textsOf } from '../../helpers/cards';
import { customerId } from '../../../src/core/customers/customer-id';

// ---- realistic inputs: Partner Center-shaped rows through the bot's own analysis ----

const PROCESSED = '2026-03-09T00:00:00+00:00';

function row(productName: string, workloadName: string, licensesActive: number, licensesQualified: number): UsageRecord {
  return {
    customerId: customerId('b8a3e2d1-5c4f-4e6a-9b7d-0f1e2d3c4b5a'),
    customerName: 'Northwind Traders',
    productName,
    workloadName,
    licensesActive,
    licensesQualified,
    processedDateTime: PROCESSED,
  };
}

function summaryOf(records: UsageRecord[], customerName = 'Northwind Traders'): UsageSummary {
  return analyseUsage({ customerId: customerId('b8a3e2d1-5c4f-4e6a-9b7d-0f1e2d3c4b5a'), customerName, records, threshold: DEFAULT_LOW_USAGE_THRESHOLD });
}

/** What the bot reads for a sample customer: the seed endpoint, or the commercial one when that is all there is. */
function recordsOf(customer: SimulatedCustomer): UsageRecord[] {
  const rows = customer.seedUsage.length > 0 ? customer.seedUsage : customer.commercialUsage;
  return rows.map((usage) => ({ ...usage, customerId: customerId(customer.id), customerName: customer.companyName }));
}

/** 60 distinct product/workload pairs: the catalog, then its EEA (no Teams) variants. */
function sixtyWorkloads(): UsageRecord[] {
  const pairs = PRODUCT_CATALOG.flatMap((product) => product.workloads.map((workload) => [product.name, workload.name] as const));
  const variants = [...pairs, ...pairs.map(([product, workload]) => [`${product} EEA (NO TEAMS)`, workload] as const)];
  return variants.slice(0, 60).map(([product, workload], index) => {
    const qualified = 25 + index * 7;
    // A third low, a third healthy, every sixth without qualified licenses.
    if (index % 6 === 5) return row(product, workload, 0, 0);
    return row(product, workload, Math.round((qualified * ((index * 37) % 100)) / 100), qualified);
  });
}

const HOSTILE = ['[click me](https://evil.example)', '**Bold** _Corp_ ${customerName}', '<at>everyone</at>', '\u202egnp.exe', '1. Contoso\n- Ltd'];

function customers(count: number): Customer[] {
  const names = ['Contoso Ltd', 'Contoso Pharma', 'Contoso [EU] *Holding*', 'Contoso Ëlectrïc Ōy', 'Contoso ${id}', 'Contoso 日本'];
  return Array.from({ length: count }, (_, index) => ({
    id: customerId(`c0a1b2c3-d4e5-4f60-8172-${String(index).padStart(12, '0')}`),
    companyName: `${names[index % names.length]} ${index + 1}`,
    ...(index % 3 === 2 ? {} : { domain: `contoso${index + 1}.onmicrosoft.com` }),
  }));
}

/** Findings of `customerCount` customers, three each, moving in each of the three ways. */
function alertsOf(customerCount: number, name: (index: number) => string): LowAdoptionAlert[] {
  const movements: LowAdoptionAlert['movement'][] = [{ kind: 'new' }, { kind: 'worse', points: 7.5 }, { kind: 'low-again' }];
  return Array.from({ length: customerCount * 3 }, (_, index) => ({
    customerId: customerId(`d1e2f3a4-b5c6-4d7e-8f90-${String(Math.floor(index / 3)).padStart(12, '0')}`),
    customerName: name(Math.floor(index / 3)),
    productName: index % 2 === 0 ? 'MICROSOFT 365 E3' : name(index),
    workloadName: index % 2 === 0 ? name(index) : 'Teams',
    licensesActive: index,
    licensesQualified: 100,
    currentPercent: index % 30,
    previousAlertedPercent: movements[index % 3]!.kind === 'worse' ? (index % 30) + 7.5 : null,
    movement: movements[index % 3]!,
    threshold: 30,
  }));
}

function pausedSubscriptions(name: (index: number) => string): AlertSubscription[] {
  return [null, ...Array.from({ length: 7 }, (_, index) => customerId(`e1d2c3b4-a596-4877-8695-${String(index).padStart(12, '0')}`))].map((id, index) => ({
    customerId: id,
    customerName: id === null ? null : name(index),
    threshold: null,
    subscriber: { userId: `29:subscriber-${index % 2}`, name: name(100 + (index % 2)), locale: 'en-US' },
    createdAt: '2026-03-02T08:00:00.000Z',
    status: 'paused',
    statusReason: 'sign-in-needed',
  }));
}

const HOSTILE_200 = (index: number): string => `${index} ${HOSTILE.join(' ')} `.repeat(3).slice(0, 200);

function expectValid(card: AdaptiveCard): void {
  expect(validateCard(card)).toEqual([]);
}

// ---- every card the bot sends, in both languages ----

describe.each([
  ['English', en],
  ['Dutch', nl],
] as Array<[string, Messages]>)('every card the bot sends in %s passes Teams validation', (_language, messages) => {
  it.each(createSampleDataset().customers.map((customer) => [customer.companyName, customer] as const))(
    'usage card for the sample customer %s',
    (_name, customer) => {
      expectValid(buildUsageCard(summaryOf(recordsOf(customer), customer.companyName), messages));
    },
  );

  it('usage card for a customer with 60 workloads', () => {
    const summary = summaryOf(sixtyWorkloads());
    expect(summary.low.length + summary.healthy.length + summary.unlicensed.length).toBe(60);
    expectValid(buildUsageCard(summary, messages));
  });

  it('usage card whose customer, product and workload names are hostile', () => {
    const summary = summaryOf(
      [
        row(HOSTILE[0]!, HOSTILE[1]!, 1, 50),
        row(HOSTILE[2]!, HOSTILE[3]!, 45, 50),
        row(HOSTILE[4]!, HOSTILE[0]!, 0, 0),
        row(HOSTILE[1]!, 'x'.repeat(5_000), 2, 50),
      ],
      HOSTILE.join(' '),
    );
    expectValid(buildUsageCard(summary, messages));
  });

  it.each([2, 12])('customer choice card for %i matching customers', (count) => {
    expectValid(buildCustomerChoiceCard('Contoso ${x} [x](y)', customers(count), messages));
  });

  it.each([
    ['plain', (index: number) => `Contoso ${index}`],
    ['200-character hostile', HOSTILE_200],
  ] as Array<[string, (index: number) => string]>)('alert cards for one and for two customers with %s names', (_kind, name) => {
    const composed = alertCards().compose(planAlertMessages(alertsOf(2, name)), messages);
    expect(composed).toHaveLength(2);
    composed.forEach(expectValid);
  });

  it.each([
    ['plain', (index: number) => `Contoso ${index}`],
    ['200-character hostile', HOSTILE_200],
  ] as Array<[string, (index: number) => string]>)('alert digest at its largest with %s names', (_kind, name) => {
    const plan = planAlertMessages(alertsOf(20, name));
    expect(plan.kind === 'digest' && plan.digest.entries.length).toBe(DEFAULT_MAX_DIGEST_ENTRIES);
    const composed = alertCards().compose(plan, messages);
    expect(composed).toHaveLength(1);
    expectValid(composed[0]!);
  });

  it.each([
    ['plain', (index: number) => `Contoso ${index}`],
    ['200-character hostile', HOSTILE_200],
  ] as Array<[string, (index: number) => string]>)('alerts paused card with %s names', (_kind, name) => {
    expectValid(alertCards().signInAgain(pausedSubscriptions(name), messages));
  });

  it('shared usage card for a channel, with a user-specific refresh for 60 members', () => {
    const members = Array.from({ length: 75 }, (_, i) => `29:member-${i}`);
    const card = buildSharedUsageCard({ id: '4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04', companyName: 'Litware [Test] *Corp* ${x}' }, messages, members);
    expectValid(card);
    expect((card.refresh as { userIds: string[] }).userIds).toHaveLength(60);
  });
});

// ---- the sample cards of the previews: each kind of card as a user typically sees it ----

describe('every sample card of the previews passes Teams validation', () => {
  const samples = sampleCards(sourceCardKit);

  it.each(samples.map(({ name, card }) => [name, card] as const))('%s', (_name, card) => {
    expectValid(card as AdaptiveCard);
  });

  it('include every kind of card, and a usage card with low, healthy and unlicensed workloads, in both languages', () => {
    const kinds = ['usage', 'usage-refreshing', 'usage-action-failed', 'usage-no-data', 'customer-choice', 'help', 'welcome', 'alert', 'alert-digest', 'alerts-paused', 'usage-trend', 'report', 'report-shared', 'alert-tuning', 'alert-tuned', 'usage-funnel', 'renewals', 'renewals-shared'];
    for (const [tag, messages] of [['en', en], ['nl', nl]] as const) {
      expect(samples.map((sample) => sample.name).filter((name) => name.endsWith(`-${tag}`))).toEqual(kinds.map((kind) => `${kind}-${tag}`));
      const usage = textsOf(samples.find((sample) => sample.name === `usage-${tag}`)!.card);
      // Northwind's sample rows: four low workloads, three healthy, two without qualified licenses.
      expect(usage).toEqual(
        expect.arrayContaining([messages.usageCard.lowHeading, messages.usageCard.healthyHeading(3), messages.usageCard.unlicensedHeading(2)]),
      );
    }
  });
});

// ---- validateCard catches what Teams would refuse or show wrongly ----

describe('validateCard', () => {
  // Each check starts from a card the bot really sends, so a finding is caused by the one change made.
  const base = (): AdaptiveCard => structuredClone(buildHelpCard(en));
  const withBody = (...elements: object[]): AdaptiveCard => {
    const card = base();
    card.body = [...(card.body ?? []), ...(elements as AdaptiveCard['body'] & object)];
    return card;
  };
  const oneProblem = (card: unknown): string => {
    const problems = validateCard(card);
    expect(problems).toHaveLength(1);
    return problems[0]!;
  };

  it('accepts the unchanged card', () => {
    expect(validateCard(base())).toEqual([]);
  });

  it('names an element type that neither the adaptivecards library nor Teams knows', () => {
    expect(oneProblem(withBody({ type: 'TextBlok', text: 'typo' }))).toContain('"TextBlok"');
  });

  it('names an unknown action type', () => {
    const problem = oneProblem(withBody({ type: 'ActionSet', actions: [{ type: 'Action.Sumbit', title: 'Go' }] }));
    expect(problem).toContain('"Action.Sumbit"');
  });

  it('refuses any version but 1.5', () => {
    expect(oneProblem({ ...base(), version: '1.6' })).toContain('"1.6"');
    expect(validateCard({ ...base(), version: 1.5 })).not.toEqual([]);
  });

  it('points at a template expression left in the card', () => {
    const card = base();
    const index = card.body!.findIndex((element) => element.type === 'FactSet');
    (card.body![index]!.facts as Array<{ value: string }>)[0]!.value = 'Hello ${name}';
    expect(oneProblem(card)).toContain(`$.body[${index}].facts[0].value`);
  });

  it('accepts every Teams chart type that carries a fallback element', () => {
    const charts = ['Chart.Donut', 'Chart.Pie', 'Chart.VerticalBar', 'Chart.VerticalBar.Grouped', 'Chart.HorizontalBar',
      'Chart.HorizontalBar.Stacked', 'Chart.Line', 'Chart.Gauge'].map((type) => ({
      type,
      title: 'Usage per workload (%)',
      data: [{ x: 'Exchange', y: 80 }],
      fallback: { type: 'FactSet', facts: [{ title: 'Exchange', value: '80 %' }] },
    }));
    expect(validateCard(withBody(...charts))).toEqual([]);
  });

  it('refuses a chart without a fallback, or one whose fallback drops it', () => {
    const chart = { type: 'Chart.Pie', data: [{ legend: 'Exchange', value: 80 }] };
    expect(oneProblem(withBody(chart))).toContain(`Chart.Pie at $.body[${base().body!.length}] has no fallback`);
    expect(oneProblem(withBody({ ...chart, fallback: 'drop' }))).toContain('Chart.Pie');
  });

  it('checks what a chart falls back to like any other element', () => {
    const chart = { type: 'Chart.Line', data: [], fallback: { type: 'Chartish', text: 'x' } };
    expect(oneProblem(withBody(chart))).toContain('"Chartish"');
  });

  it('refuses an element type that only looks like a Teams chart', () => {
    const chart = { type: 'Chart.Bubble', data: [], fallback: { type: 'TextBlock', text: 'x' } };
    expect(oneProblem(withBody(chart))).toContain('"Chart.Bubble"');
  });

  it('measures size in UTF-8 bytes, not characters', () => {
    const slack = MAX_CARD_BYTES - Buffer.byteLength(JSON.stringify(base()), 'utf8');
    // Two bytes per "é": half as many characters as bytes still overflows the limit.
    const oversize = withBody({ type: 'TextBlock', text: 'é'.repeat(Math.ceil(slack / 2)), wrap: true });
    expect(oneProblem(oversize)).toMatch(/bytes/);
    const fits = withBody({ type: 'TextBlock', text: 'e'.repeat(Math.floor(slack / 2)), wrap: true });
    expect(validateCard(fits)).toEqual([]);
  });

  it('names a toggle target that no element has', () => {
    const toggle = (elementId: string) => ({
      type: 'ActionSet',
      actions: [{ type: 'Action.ToggleVisibility', title: 'More', targetElements: [{ elementId, isVisible: true }, 'details'] }],
    });
    const details = { type: 'Container', id: 'details', isVisible: false, items: [{ type: 'TextBlock', text: 'x' }] };
    expect(validateCard(withBody(toggle('details'), details))).toEqual([]);
    expect(validateCard(withBody(toggle('detials'), details)).join('\n')).toContain('"detials"');
  });

  it('names a toggle target that disappears where the chart falls back', () => {
    const toggle = { type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 'Chart', targetElements: ['usageChart'] }] };
    const chart = (fallback: object) => ({ type: 'Chart.Donut', id: 'usageChart', data: [], fallback });
    expect(validateCard(withBody(toggle, chart({ type: 'TextBlock', id: 'usageChart', text: '80 %' })))).toEqual([]);
    expect(oneProblem(withBody(toggle, chart({ type: 'TextBlock', text: '80 %' })))).toMatch(/"usageChart".*chart fallbacks/);
  });

  it('names an id used twice', () => {
    const twice = withBody({ type: 'TextBlock', id: 'x', text: 'a' }, { type: 'Container', id: 'x', items: [] });
    expect(oneProblem(twice)).toContain('"x"');
  });

  it('refuses what is not a card at all', () => {
    expect(validateCard({ type: 'Message', text: 'hi' })).not.toEqual([]);
    expect(validateCard(null)).not.toEqual([]);
  });
});
