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

/** The bot's card makers; `Messages` and `Summary` stay opaque here. */
export interface CardKit<Messages, Summary> {
  languages: ReadonlyArray<{ tag: string; messages: Messages }>;
  analyseUsage: (input: SampleAnalysisInput) => Summary;
  buildUsageCard: (summary: Summary, messages: Messages) => unknown;
  buildCustomerChoiceCard: (query: string, customers: readonly SampleCustomer[], messages: Messages) => unknown;
  buildHelpCard: (messages: Messages) => unknown;
  buildWelcomeCard: (messages: Messages) => unknown;
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

/** Every sample card, named `<kind>-<language>`. */
export function sampleCards<Messages, Summary>(kit: CardKit<Messages, Summary>): CardToRender[] {
  const usage = kit.analyseUsage({ ...NORTHWIND, records: NORTHWIND_USAGE, threshold: THRESHOLD });
  const noData = kit.analyseUsage({ customerId: '2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3d5f62', customerName: 'Adatum Corporation', records: [], threshold: THRESHOLD });
  return kit.languages.flatMap(({ tag, messages }) => [
    { name: `usage-${tag}`, card: kit.buildUsageCard(usage, messages) },
    { name: `usage-no-data-${tag}`, card: kit.buildUsageCard(noData, messages) },
    { name: `customer-choice-${tag}`, card: kit.buildCustomerChoiceCard('Contoso', CONTOSO_MATCHES, messages) },
    { name: `help-${tag}`, card: kit.buildHelpCard(messages) },
    { name: `welcome-${tag}`, card: kit.buildWelcomeCard(messages) },
  ]);
}
