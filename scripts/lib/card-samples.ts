/**
 * One sample of each card the bot sends, in each language, for the previews. The samples go through
 * the bot's own analysis and card builders, handed in as a CardKit: scripts/ compiles on its own
 * (rootDir scripts/), so it cannot import the bot's sources, and a kit keeps the types honest where
 * the real builders are plugged in.
 */
import type { CardToRender } from './card-renderer';

/** The fields of a Partner Center usage row the bot's analysis needs. */
export interface SampleUsageRow {
  customerId: string;
  customerName: string;
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  processedDateTime: string;
}

export interface SampleCustomer {
  id: string;
  companyName: string;
  domain?: string;
}

export interface SampleAnalysisInput {
  customerId: string;
  customerName: string;
  records: readonly SampleUsageRow[];
  threshold: number;
}

/** A low-adoption finding as an alert pass hands it to the cards. */
export interface SampleAlert {
  customerId: string;
  customerName: string;
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  currentPercent: number;
  previousAlertedPercent: number | null;
  movement: { kind: 'new' } | { kind: 'worse'; points: number } | { kind: 'low-again' };
  threshold: number;
}

/** A subscription paused because its subscriber has to sign in again. */
export interface SamplePausedSubscription {
  customerId: string | null;
  customerName: string | null;
  threshold: number | null;
  subscriber: { userId: string; name?: string; locale: string };
  createdAt: string;
  status: 'paused';
  statusReason: 'sign-in-needed';
}

/** The bot's alert cards (the alert pass's AlertCards port). */
export interface SampleAlertCards<Messages, AlertPlan> {
  compose(plan: AlertPlan, messages: Messages): unknown[];
  signInAgain(paused: readonly SamplePausedSubscription[], messages: Messages): unknown;
}

/** The bot's card makers; `Messages`, `Summary` and `AlertPlan` stay opaque here. */
export interface CardKit<Messages, Summary, AlertPlan = unknown> {
  languages: ReadonlyArray<{ tag: string; messages: Messages }>;
  analyseUsage: (input: SampleAnalysisInput) => Summary;
  buildUsageCard: (summary: Summary, messages: Messages) => unknown;
  buildCustomerChoiceCard: (query: string, customers: readonly SampleCustomer[], messages: Messages) => unknown;
  buildHelpCard: (messages: Messages) => unknown;
  buildWelcomeCard: (messages: Messages) => unknown;
  /** Decides, like an alert pass, between a card per customer and one digest. */
  planAlertMessages: (alerts: readonly SampleAlert[]) => AlertPlan;
  alertCards: () => SampleAlertCards<Messages, AlertPlan>;
  /** The report, the usage trend and alert tuning, drawn by the bot from its own fixed samples (src/cards/feature-samples.ts). */
  featureSampleCards: (messages: Messages) => Array<{ name: string; card: unknown }>;
  /** A card whose action's answer is on its way (src/cards/card-states.ts). */
  refreshingCard: (previous: any, messages: Messages, keepRefresh: boolean) => unknown;
  /** A card as it was, with one sentence on top: its action failed. */
  cardWithNotice: (previous: any, sentence: string) => unknown;
  /** The sentence for a Partner Center that did not answer in time. */
  timeoutSentence: (messages: Messages) => string;
  /** The subscription side's cards (usage card with its funnel, renewals, shared renewals), each named by kind. */
  renewalSampleCards: (messages: Messages) => ReadonlyArray<{ kind: string; card: unknown }>;
}

const THRESHOLD = 30;
const PROCESSED = '2026-03-09T00:00:00+00:00';
const NORTHWIND = { customerId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61', customerName: 'Northwind Traders' };

function northwindRow(productName: string, workloadName: string, licensesActive: number, licensesQualified: number): SampleUsageRow {
  return { ...NORTHWIND, productName, workloadName, licensesActive, licensesQualified, processedDateTime: PROCESSED };
}

// Low, healthy and unlicensed workloads, and one workload bought in two products: every part of the card shows.
const NORTHWIND_USAGE: readonly SampleUsageRow[] = [
  northwindRow('MICROSOFT 365 E3', 'Exchange', 131, 150),
  northwindRow('MICROSOFT 365 E3', 'SharePoint', 27, 150),
  northwindRow('MICROSOFT 365 E3', 'Teams', 12, 150),
  northwindRow('MICROSOFT 365 E3', 'OneDrive', 71, 150),
  northwindRow('MICROSOFT 365 E3', 'Microsoft 365 Apps', 140, 150),
  northwindRow('MICROSOFT 365 E3', 'Intune', 0, 150),
  northwindRow('OFFICE 365 E1', 'Exchange', 8, 40),
  northwindRow('OFFICE 365 E1', 'Yammer', 0, 0),
  northwindRow('MICROSOFT 365 BUSINESS PREMIUM', 'Entra ID', 0, 0),
];

const CONTOSO_MATCHES: readonly SampleCustomer[] = [
  { id: 'c0a1b2c3-d4e5-4f60-8172-839405a6b763', companyName: 'Contoso Ltd', domain: 'contosoltd.onmicrosoft.com' },
  { id: 'c0f9e8d7-c6b5-4a49-b382-71605f4e3d64', companyName: 'Contoso Pharma', domain: 'contosopharma.onmicrosoft.com' },
  { id: 'c07e5a3b-1d2c-4b9a-8e7f-6a5b4c3d2e1f', companyName: 'Contoso [EU] *Holding*' },
];

function alertOf(
  customer: { customerId: string; customerName: string },
  productName: string,
  workloadName: string,
  licensesActive: number,
  licensesQualified: number,
  movement: SampleAlert['movement'],
): SampleAlert {
  const currentPercent = Math.round((licensesActive / licensesQualified) * 1000) / 10;
  const previousAlertedPercent = movement.kind === 'worse' ? currentPercent + movement.points : null;
  return { ...customer, productName, workloadName, licensesActive, licensesQualified, currentPercent, previousAlertedPercent, movement, threshold: THRESHOLD };
}

// One customer's findings moving in each of the three ways: the card a quiet week ends with.
const NORTHWIND_ALERTS: readonly SampleAlert[] = [
  alertOf(NORTHWIND, 'MICROSOFT 365 E3', 'Teams', 12, 150, { kind: 'worse', points: 6.5 }),
  alertOf(NORTHWIND, 'MICROSOFT 365 E3', 'SharePoint', 27, 150, { kind: 'new' }),
  alertOf(NORTHWIND, 'OFFICE 365 E1', 'Exchange', 8, 40, { kind: 'low-again' }),
];

// Enough customers and findings for a digest with an "…and N more" line.
const MANY_CUSTOMER_ALERTS: readonly SampleAlert[] = [
  ...NORTHWIND_ALERTS,
  ...[
    { customerId: 'c0a1b2c3-d4e5-4f60-8172-839405a6b763', customerName: 'Contoso Ltd' },
    { customerId: 'a7b6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d', customerName: 'Fabrikam, Inc.' },
    { customerId: '5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c', customerName: 'Litware [EU] *Holding*' },
    { customerId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f62', customerName: 'Adatum Corporation' },
  ].flatMap((customer, index) => [
    alertOf(customer, 'MICROSOFT 365 BUSINESS PREMIUM', 'Intune', index * 3, 80, { kind: 'new' }),
    alertOf(customer, 'MICROSOFT 365 BUSINESS PREMIUM', 'OneDrive', 10 + index * 4, 80, index % 2 === 0 ? { kind: 'new' } : { kind: 'worse', points: 5 }),
  ]),
];

const PAUSED: readonly SamplePausedSubscription[] = [null, NORTHWIND].map((customer) => ({
  customerId: customer?.customerId ?? null,
  customerName: customer?.customerName ?? null,
  threshold: null,
  subscriber: { userId: '29:megan-bowen', name: 'Megan Bowen', locale: 'en-US' },
  createdAt: '2026-03-02T08:00:00.000Z',
  status: 'paused',
  statusReason: 'sign-in-needed',
}));

/** Every sample card, named `<kind>-<language>`. */
export function sampleCards<Messages, Summary, AlertPlan>(kit: CardKit<Messages, Summary, AlertPlan>): CardToRender[] {
  const usage = kit.analyseUsage({ ...NORTHWIND, records: NORTHWIND_USAGE, threshold: THRESHOLD });
  const noData = kit.analyseUsage({ customerId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f62', customerName: 'Adatum Corporation', records: [], threshold: THRESHOLD });
  const alertCards = kit.alertCards();
  const oneCustomer = kit.planAlertMessages(NORTHWIND_ALERTS);
  const manyCustomers = kit.planAlertMessages(MANY_CUSTOMER_ALERTS);
  return kit.languages.flatMap(({ tag, messages }) => [
    { name: `usage-${tag}`, card: kit.buildUsageCard(usage, messages) },
    // A click on Refresh whose answer takes a while, then one that failed.
    { name: `usage-refreshing-${tag}`, card: kit.refreshingCard(kit.buildUsageCard(usage, messages), messages, false) },
    { name: `usage-action-failed-${tag}`, card: kit.cardWithNotice(kit.buildUsageCard(usage, messages), kit.timeoutSentence(messages)) },
    { name: `usage-no-data-${tag}`, card: kit.buildUsageCard(noData, messages) },
    { name: `customer-choice-${tag}`, card: kit.buildCustomerChoiceCard('Contoso', CONTOSO_MATCHES, messages) },
    { name: `help-${tag}`, card: kit.buildHelpCard(messages) },
    { name: `welcome-${tag}`, card: kit.buildWelcomeCard(messages) },
    // Each plan gives one card: Northwind's own, then the digest of five customers.
    ...alertCards.compose(oneCustomer, messages).map((card) => ({ name: `alert-${tag}`, card })),
    ...alertCards.compose(manyCustomers, messages).map((card) => ({ name: `alert-digest-${tag}`, card })),
    { name: `alerts-paused-${tag}`, card: alertCards.signInAgain(PAUSED, messages) },
    ...kit.featureSampleCards(messages).map(({ name, card }) => ({ name: `${name}-${tag}`, card })),
    ...kit.renewalSampleCards(messages).map(({ kind, card }) => ({ name: `${kind}-${tag}`, card })),
  ]);
}
