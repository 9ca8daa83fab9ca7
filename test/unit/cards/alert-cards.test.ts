import * as AC from 'adaptivecards';
import { cardByteSize, type AdaptiveCard } from '../../../src/cards/adaptive-card';
import { buildAlertCard } from '../../../src/cards/alert-card';
import { alertCards } from '../../../src/cards/alert-cards';
import { buildAlertDigestCard } from '../../../src/cards/alert-digest-card';
import type { AlertMovement, LowAdoptionAlert } from '../../../src/core/alerts/decide-alerts';
import { DEFAULT_MAX_DIGEST_ENTRIES, planAlertMessages, type AlertMessagePlan, type CustomerAlerts } from '../../../src/core/alerts/digest';
import type { AlertSubscription } from '../../../src/core/alerts/subscriptions';
import { en } from '../../../src/i18n/en';
import type { Messages } from '../../../src/i18n/messages';
import { nl } from '../../../src/i18n/nl';
import { MAX_CARD_BYTES, validateCard } from '../../helpers/card-validation';
import { actionsOf, elementsOf, textBlocksOf as texts } from '../../helpers/cards';
import { customerId } from '../../../src/core/customers/customer-id';

// ---- inputs as the alert pass hands them over ----

const CONTOSO = customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763');
const FABRIKAM = customerId('f4b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d');
const NEW: AlertMovement = { kind: 'new' };
const LOW_AGAIN: AlertMovement = { kind: 'low-again' };

function alert(overrides: Partial<LowAdoptionAlert> = {}): LowAdoptionAlert {
  return {
    customerId: CONTOSO,
    customerName: 'Contoso Ltd',
    productName: 'Microsoft 365 E3',
    workloadName: 'Teams',
    licensesActive: 6,
    licensesQualified: 150,
    currentPercent: 4,
    previousAlertedPercent: null,
    movement: NEW,
    threshold: 30,
    ...overrides,
  };
}

function worse(points: number, previousAlertedPercent: number): Partial<LowAdoptionAlert> {
  return { movement: { kind: 'worse', points }, previousAlertedPercent };
}

/** Findings of several customers, as a pass finds them: in no particular order. */
function findingsOf(customerCount: number, perCustomer = 1, name = (index: number) => `Customer ${index}`): LowAdoptionAlert[] {
  return Array.from({ length: customerCount }, (_, c) =>
    Array.from({ length: perCustomer }, (_, w) =>
      alert({
        customerId: customerId(`00000000-0000-4000-8000-${String(c).padStart(12, '0')}`),
        customerName: name(c),
        workloadName: `Workload ${w}`,
        currentPercent: ((c * 7 + w * 3) % 29) + 0.5,
      }),
    ),
  ).flat();
}

function subscription(overrides: Partial<AlertSubscription> = {}): AlertSubscription {
  return {
    customerId: null,
    customerName: null,
    threshold: null,
    subscriber: { userId: '29:account-manager', name: 'Megan Bowen', locale: 'en-US' },
    createdAt: '2026-03-02T08:00:00.000Z',
    status: 'paused',
    statusReason: 'sign-in-needed',
    ...overrides,
  };
}

const cards = alertCards();

function composeOne(plan: AlertMessagePlan, messages: Messages = en): AdaptiveCard {
  const composed = cards.compose(plan, messages);
  expect(composed).toHaveLength(1);
  return composed[0]!;
}

function customerCard(alerts: LowAdoptionAlert[], messages: Messages = en): AdaptiveCard {
  const plan = planAlertMessages(alerts);
  expect(plan.kind).toBe('per-customer');
  return composeOne(plan, messages);
}

// ---- reading a card the way its reader does ----

type Element = Record<string, any>;

/** What a markdown renderer shows: `\x` becomes `x`, zero-width spaces are invisible. */
function displayed(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1').replaceAll('\u200b', '');
}

function cardActions(card: AdaptiveCard): Element[] {
  return (card.actions ?? []) as Element[];
}

/** The digest's lines: the containers a reader can select. */
function selectableRows(card: AdaptiveCard): Element[] {
  return elementsOf(card.body).filter((element) => element.selectAction !== undefined);
}

/**
 * What a client shows once it has parsed the card with the adaptivecards library: with Universal
 * Actions (Teams), or without (a client that does not know Action.Execute, like the Agents Playground).
 */
function asParsedBy(card: AdaptiveCard, client: 'with Universal Actions' | 'without Universal Actions'): unknown {
  const registry = new AC.CardObjectRegistry<AC.Action>();
  AC.GlobalRegistry.populateWithDefaultActions(registry);
  if (client === 'without Universal Actions') registry.unregister('Action.Execute');
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  context.setActionRegistry(registry);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  return parsed.toJSON(context);
}

/** Every action a reader can click: not inside anything hidden, buttons and selectable elements alike. */
function clickable(value: unknown): Element[] {
  if (Array.isArray(value)) return value.flatMap(clickable);
  if (typeof value !== 'object' || value === null) return [];
  const element = value as Element;
  if (element.isVisible === false) return [];
  const own = typeof element.type === 'string' && element.type.startsWith('Action.') ? [element] : [];
  return [...own, ...Object.entries(element).flatMap(([key, child]) => (key === 'fallback' ? [] : clickable(child)))];
}

const HOSTILE = ['[click me](https://evil.example)', '**Bold** _Corp_ ${customerName}', '<at>everyone</at>', '1. Contoso\n- Ltd'];

/** A 200-character name full of what markdown, templates and HTML react to. */
function hostileName(seed: number): string {
  return `${seed} ${HOSTILE.join(' ')} `.repeat(4).slice(0, 200);
}

// ---- one customer's alert ----

describe('alert card for one customer', () => {
  const findings = [
    alert({ workloadName: 'SharePoint', licensesActive: 27, licensesQualified: 150, currentPercent: 18, ...worse(6.5, 24.5) }),
    alert({ workloadName: 'Teams', licensesActive: 6, licensesQualified: 150, currentPercent: 4 }),
    alert({ workloadName: 'Exchange', productName: 'Office 365 E1', licensesActive: 8, licensesQualified: 40, currentPercent: 20, movement: LOW_AGAIN }),
  ];

  it('names the customer and how many workloads are below the threshold', () => {
    const card = customerCard(findings);
    expect(texts(card).slice(0, 2)).toEqual(['Low adoption: Contoso Ltd', '3 workloads below 30 %']);
  });

  it('lists the low workloads worst first, each with its product, percent and active of qualified licenses', () => {
    const lines = texts(customerCard(findings));
    expect(lines.filter((line) => line.includes(' (') && !line.includes('%'))).toEqual([
      'Teams (Microsoft 365 E3)',
      'SharePoint (Microsoft 365 E3)',
      'Exchange (Office 365 E1)',
    ]);
    expect(lines.filter((line) => line.includes('licenses active'))).toEqual([
      '4 % · 6 of 150 licenses active',
      '18 % · 27 of 150 licenses active',
      '20 % · 8 of 40 licenses active',
    ]);
  });

  it.each([
    ['English', en, ['new', 'down 6.5 points since the last alert (24.5 %)', 'low again after recovering']],
    ['Dutch', nl, ['nieuw', '6,5 punten gedaald sinds de vorige melding (24,5 %)', 'weer laag na herstel']],
  ] as Array<[string, Messages, string[]]>)('says in %s how each workload moved since the last alert', (_language, messages, movements) => {
    const lines = texts(customerCard(findings, messages));
    for (const movement of movements) expect(lines).toContain(movement);
    // Each movement sits right under its own workload's figures.
    expect(lines.indexOf(movements[0]!)).toBeLessThan(lines.indexOf(movements[1]!));
    expect(lines.indexOf(movements[1]!)).toBeLessThan(lines.indexOf(movements[2]!));
  });

  it('says "below" the highest threshold when the findings come from subscriptions with different ones', () => {
    const card = customerCard([alert({ threshold: 20, currentPercent: 4 }), alert({ workloadName: 'Exchange', threshold: 40, currentPercent: 35 })]);
    expect(texts(card)).toContain('2 workloads below 40 %');
  });

  it('opens the usage card or mutes the customer in place, with the commands as fallbacks for clients without Universal Actions', () => {
    expect(cardActions(customerCard(findings)).slice(0, 2)).toEqual([
      {
        type: 'Action.Execute',
        verb: 'usage.show',
        title: 'Open usage card',
        data: { customerId: CONTOSO },
        fallback: { type: 'Action.Submit', title: 'Open usage card', data: { command: `usage for ${CONTOSO}` } },
      },
      {
        type: 'Action.Execute',
        verb: 'alerts.mute',
        title: 'Mute Contoso Ltd',
        data: { customerId: CONTOSO },
        fallback: { type: 'Action.Submit', title: 'Mute Contoso Ltd', data: { command: `alerts off for ${CONTOSO}` } },
      },
    ]);
  });

  it('speaks Dutch to a Dutch subscriber', () => {
    const card = customerCard(findings, nl);
    expect(texts(card).slice(0, 2)).toEqual(['Laag gebruik: Contoso Ltd', '3 workloads onder 30 %']);
    expect(texts(card)).toContain('4 % · 6 van 150 licenties actief');
    expect(cardActions(card).map((action) => action.title)).toEqual(['Gebruikskaart openen', 'Contoso Ltd dempen', 'Meldingen aanpassen']);
  });

  it('lists at most 20 workloads and counts the rest', () => {
    const card = customerCard(findingsOf(1, 26));
    expect(texts(card).filter((line) => line.includes('licenses active'))).toHaveLength(20);
    expect(texts(card)).toContain('…and 6 more');
    expect(texts(card)).toContain('26 workloads below 30 %');
  });

  describe('with hostile names', () => {
    const card = customerCard([
      alert({ customerName: HOSTILE.join(' '), workloadName: HOSTILE[0]!, productName: HOSTILE[1]! }),
      alert({ customerName: HOSTILE.join(' '), workloadName: HOSTILE[2]!, productName: HOSTILE[3]!, currentPercent: 9 }),
    ]);

    it('shows every name literally, never as a link, emphasis, mention or template field', () => {
      expect(JSON.stringify(card)).not.toContain('${');
      const lines = texts(card);
      expect(displayed(lines[0]!)).toBe(`Low adoption: ${HOSTILE.join(' ').replace('\n', ' ')}`);
      expect(lines.map(displayed)).toContain(`${HOSTILE[0]} (${HOSTILE[1]})`);
      for (const line of lines) {
        expect(line).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
        expect(line).not.toMatch(/(^|[^\\])\*\*Bold/);
        expect(line).not.toMatch(/(^|[^\\])<at/);
      }
    });

    it('keeps button titles plain text, which Teams does not render as markdown', () => {
      const mute = cardActions(card)[1]!;
      expect(mute.title).toMatch(/^Mute \[click me\]\(https:\/\/evil\.example\) \*\*Bold/);
      expect(mute.title).not.toContain('\\');
      expect(Array.from(mute.title as string).length).toBeLessThanOrEqual('Mute '.length + 40);
    });

    it('stays under 28 KB with 60 low workloads whose names are 200 hostile characters, and counts what it leaves out', () => {
      const many = Array.from({ length: 60 }, (_, index) =>
        alert({ customerName: hostileName(0), workloadName: hostileName(index), productName: hostileName(index + 100), currentPercent: index % 30 }),
      );
      const big = customerCard(many);
      expect(cardByteSize(big)).toBeLessThan(MAX_CARD_BYTES);
      expect(validateCard(big)).toEqual([]);
      const shown = texts(big).filter((line) => line.includes('licenses active')).length;
      const more = Number(/^…and (\d+) more$/.exec(texts(big).at(-1)!)?.[1]);
      expect(shown).toBeGreaterThan(0);
      expect(shown + more).toBe(60);
    });

    it('drops workloads rather than go over its size budget, and counts them as more', () => {
      const many = Array.from({ length: 20 }, (_, index) => alert({ workloadName: hostileName(index), currentPercent: index }));
      const card = buildAlertCard({ customerId: CONTOSO, customerName: 'Contoso Ltd', alerts: many }, en, { maxBytes: 8_000 });
      expect(cardByteSize(card)).toBeLessThanOrEqual(8_000);
      const shown = texts(card).filter((line) => line.includes('licenses active')).length;
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(20);
      expect(texts(card)).toContain(`…and ${20 - shown} more`);
    });
  });
});

// ---- many customers: the digest ----

describe('alert digest', () => {
  const findings = [
    alert({ customerName: 'Fabrikam', customerId: FABRIKAM, workloadName: 'Exchange', currentPercent: 12, movement: LOW_AGAIN }),
    alert({ customerName: 'Contoso Ltd', workloadName: 'Teams', currentPercent: 4 }),
    alert({ customerName: 'Contoso Ltd', workloadName: 'SharePoint', currentPercent: 18, ...worse(5, 23) }),
    alert({ customerName: 'Litware', customerId: customerId('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'), workloadName: 'Intune', productName: 'EMS E3', currentPercent: 0 }),
  ];

  function digest(alerts = findings): AdaptiveCard {
    const plan = planAlertMessages(alerts, { digestFromCustomers: 3 });
    expect(plan.kind).toBe('digest');
    return composeOne(plan);
  }

  it('sends one card for all customers, titled with how many there are and what they have in common', () => {
    const lines = texts(digest());
    expect(lines.slice(0, 2)).toEqual([
      'Low adoption at 3 customers',
      '4 workloads at 3 customers dropped below their threshold. The lowest first:',
    ]);
    expect(lines).toContain("Select a line to open that customer's usage card.");
  });

  it('has a line per finding, worst first, with customer, workload, product, percent and movement', () => {
    expect(selectableRows(digest()).map((row) => texts(row))).toEqual([
      ['Litware', 'Intune (EMS E3)', 'new', '0 %'],
      ['Contoso Ltd', 'Teams (Microsoft 365 E3)', 'new', '4 %'],
      ['Fabrikam', 'Exchange (Microsoft 365 E3)', 'low again after recovering', '12 %'],
      ['Contoso Ltd', 'SharePoint (Microsoft 365 E3)', 'down 5 points since the last alert (23 %)', '18 %'],
    ]);
  });

  it("opens a line's customer usage card in place when the line is selected", () => {
    const rows = selectableRows(digest());
    expect(rows.map((row) => row.selectAction)).toEqual(
      [findings[3]!, findings[1]!, findings[0]!, findings[2]!].map((finding) => ({
        type: 'Action.Execute',
        verb: 'usage.show',
        title: 'Open usage card',
        data: { customerId: finding.customerId },
      })),
    );
  });

  it('shows no extra buttons where Universal Actions work: the lines are what to select', () => {
    const seen = asParsedBy(digest(), 'with Universal Actions');
    // Besides each line's Tune button (tested with alert tuning).
    expect(clickable(seen).filter((action) => action.verb !== 'alerts.tune-menu').map((action) => [action.type, action.verb, action.data])).toEqual(
      [findings[3]!, findings[1]!, findings[0]!, findings[2]!].map((finding) => ['Action.Execute', 'usage.show', { customerId: finding.customerId }]),
    );
  });

  it('gives a client without Universal Actions one button per customer that asks for its usage as a message', () => {
    const seen = asParsedBy(digest(), 'without Universal Actions');
    expect(clickable(seen).filter((action) => action.title !== 'Tune alerts').map((action) => [action.type, action.title, action.data])).toEqual([
      ['Action.Submit', 'Litware', { command: 'usage for 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }],
      ['Action.Submit', 'Contoso Ltd', { command: `usage for ${CONTOSO}` }],
      ['Action.Submit', 'Fabrikam', { command: `usage for ${FABRIKAM}` }],
    ]);
  });

  it('lists the worst ten findings and says how many more there are', () => {
    const card = digest(findingsOf(12, 2));
    expect(selectableRows(card)).toHaveLength(DEFAULT_MAX_DIGEST_ENTRIES);
    expect(texts(card)).toContain('…and 14 more');
    expect(texts(card)[0]).toBe('Low adoption at 12 customers');
    const percents = selectableRows(card).map((row) => parseFloat(texts(row).at(-1)!));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });

  it('speaks Dutch to a Dutch subscriber', () => {
    const card = composeOne(planAlertMessages(findingsOf(12, 2)), nl);
    expect(texts(card).slice(0, 2)).toEqual([
      'Laag gebruik bij 12 klanten',
      '24 workloads bij 12 klanten zakten onder hun drempel. De laagste eerst:',
    ]);
    expect(texts(card)).toContain('…en nog 14');
    expect(texts(card)).toContain('Kies een regel om de gebruikskaart van die klant te openen.');
  });

  it('stays under 28 KB at its largest, every line with 200-character hostile names, and still lists them all', () => {
    const worst = findingsOf(40, 3, hostileName).map((finding, index) => ({
      ...finding,
      workloadName: hostileName(index + 1_000),
      productName: hostileName(index + 2_000),
      ...worse(99.9, 100),
    }));
    const card = digest(worst);
    expect(cardByteSize(card)).toBeLessThan(MAX_CARD_BYTES);
    expect(validateCard(card)).toEqual([]);
    expect(selectableRows(card)).toHaveLength(DEFAULT_MAX_DIGEST_ENTRIES);
    expect(texts(card)).toContain(`…and ${120 - DEFAULT_MAX_DIGEST_ENTRIES} more`);
  });

  it('shows hostile names literally on its lines and as plain text on the fallback buttons', () => {
    const hostile = findingsOf(3, 1, (index) => HOSTILE[index]!);
    const card = digest(hostile);
    expect(JSON.stringify(card)).not.toContain('${');
    const shown = selectableRows(card).map((row) => displayed(texts(row)[0]!));
    expect(shown.sort()).toEqual([HOSTILE[0]!, HOSTILE[1]!, HOSTILE[2]!].sort());
    const buttons = clickable(asParsedBy(card, 'without Universal Actions')).map((action) => action.title).filter((title) => title !== 'Tune alerts');
    expect(buttons.sort()).toEqual([HOSTILE[0]!, HOSTILE[1]!.replace('${', '$\u200b{'), HOSTILE[2]!].sort());
  });

  it('drops lines rather than go over its size budget, and counts them as more', () => {
    const digestOf = planAlertMessages(findingsOf(12, 1, hostileName), { digestFromCustomers: 3 });
    if (digestOf.kind !== 'digest') throw new Error('expected a digest');
    const card = buildAlertDigestCard(digestOf.digest, en, { maxBytes: 8_000 });
    expect(cardByteSize(card)).toBeLessThanOrEqual(8_000);
    const rows = selectableRows(card).length;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(DEFAULT_MAX_DIGEST_ENTRIES);
    expect(texts(card)).toContain(`…and ${12 - rows} more`);
  });
});

// ---- sign-in needed: alerts paused ----

describe('alerts paused card', () => {
  it('tells the subscriber by name which alerts stopped, with a button to sign in and resume', () => {
    const card = cards.signInAgain([subscription(), subscription({ customerId: CONTOSO, customerName: 'Contoso Ltd', threshold: 20 })], en);
    expect(texts(card)).toEqual([
      'Alerts paused',
      'Megan Bowen, I can no longer read Partner Center as you for the alerts here (All customers, Contoso Ltd). Sign in again to resume them.',
    ]);
    expect(cardActions(card)).toEqual([
      {
        type: 'Action.Execute',
        verb: 'alerts.resume',
        title: 'Sign in and resume',
        data: {},
        fallback: { type: 'Action.Submit', title: 'Sign in and resume', data: { command: 'alerts resume' } },
      },
    ]);
  });

  it('speaks Dutch to a Dutch subscriber', () => {
    const card = cards.signInAgain([subscription({ customerId: CONTOSO, customerName: 'Contoso Ltd' })], nl);
    expect(texts(card)).toEqual([
      'Meldingen gepauzeerd',
      'Megan Bowen, ik kan Partner Center niet meer als jou lezen voor de meldingen hier (Contoso Ltd). Meld je opnieuw aan om ze te hervatten.',
    ]);
    expect(cardActions(card).map((action) => action.title)).toEqual(['Aanmelden en hervatten']);
  });

  it('greets a subscriber Teams gave no name for, and names each of several subscribers on a line of their own', () => {
    const nameless = subscription({ subscriber: { userId: '29:someone', locale: 'en-US' }, customerId: FABRIKAM, customerName: 'Fabrikam' });
    const card = cards.signInAgain([subscription(), nameless], en);
    expect(texts(card).slice(1)).toEqual([
      'Megan Bowen, I can no longer read Partner Center as you for the alerts here (All customers). Sign in again to resume them.',
      'Hello, I can no longer read Partner Center as you for the alerts here (Fabrikam). Sign in again to resume them.',
    ]);
  });

  it('names five customers and counts the rest', () => {
    const many = Array.from({ length: 8 }, (_, index) =>
      subscription({ customerId: customerId(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`), customerName: `Customer ${index}` }),
    );
    expect(texts(cards.signInAgain(many, en))[1]).toContain('(Customer 0, Customer 1, Customer 2, Customer 3, Customer 4, …and 3 more)');
  });

  it('shows hostile subscriber and customer names literally', () => {
    const card = cards.signInAgain(
      [subscription({ subscriber: { userId: '29:x', name: HOSTILE[0]!, locale: 'en-US' }, customerId: CONTOSO, customerName: HOSTILE[1]! })],
      en,
    );
    expect(JSON.stringify(card)).not.toContain('${');
    expect(displayed(texts(card)[1]!)).toBe(
      `${HOSTILE[0]}, I can no longer read Partner Center as you for the alerts here (${HOSTILE[1]}). Sign in again to resume them.`,
    );
    expect(texts(card)[1]).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
  });
});

// ---- the port: what a pass posts ----

describe('alertCards().compose', () => {
  it('posts nothing when the pass found nothing new', () => {
    expect(cards.compose({ kind: 'none' }, en)).toEqual([]);
  });

  it('posts a card per customer, worst customer first, each about that customer only', () => {
    const plan = planAlertMessages([
      alert({ customerName: 'Fabrikam', customerId: FABRIKAM, currentPercent: 22 }),
      alert({ customerName: 'Contoso Ltd', currentPercent: 3 }),
      alert({ customerName: 'Fabrikam', customerId: FABRIKAM, workloadName: 'Exchange', currentPercent: 25 }),
    ]);
    const composed = cards.compose(plan, en);
    expect(composed.map((card) => texts(card).slice(0, 2))).toEqual([
      ['Low adoption: Contoso Ltd', '1 workload below 30 %'],
      ['Low adoption: Fabrikam', '2 workloads below 30 %'],
    ]);
    expect(composed.map((card) => actionsOf(card).find((action) => action.verb === 'alerts.mute')?.data)).toEqual([
      { customerId: CONTOSO },
      { customerId: FABRIKAM },
    ]);
  });

  it('posts one digest when the plan says so', () => {
    const plan = planAlertMessages(findingsOf(5));
    expect(plan.kind).toBe('digest');
    expect(texts(composeOne(plan))[0]).toBe('Low adoption at 5 customers');
  });

  it('posts no card for a customer or digest without findings', () => {
    const empty: CustomerAlerts = { customerId: CONTOSO, customerName: 'Contoso Ltd', alerts: [] };
    expect(cards.compose({ kind: 'per-customer', customers: [empty] }, en)).toEqual([]);
    expect(cards.compose({ kind: 'digest', digest: { entries: [], moreCount: 0, alertCount: 0, customerCount: 0 } }, en)).toEqual([]);
  });
});
