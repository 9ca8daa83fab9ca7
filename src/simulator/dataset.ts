/**
 * The data the Partner Center simulator serves, and a seeded generator for large data sets
 * (benchmarks run 10,000 customers × 8 workloads). Everything here is deterministic: the same
 * seed always yields the same customers, ids and numbers, so benchmark runs are comparable.
 */

/** One workload row of one product, the fields both usage endpoints share. */
export interface SimulatedUsageRow {
  productId: string;
  productName: string;
  workloadCode: string;
  workloadName: string;
  serviceCode: string;
  serviceName: string;
  channel: string;
  licensesActive: number;
  licensesQualified: number;
  /** ISO 8601 with offset, as Partner Center writes it. */
  processedDateTime: string;
}

/** The seed endpoint computes the percentage itself; the commercial endpoint does not. */
export interface SimulatedSeedUsageRow extends SimulatedUsageRow {
  usagePercent: number;
}

/** A failure the simulator forces on a customer's usage endpoints, like the real service would. */
export type SimulatedFailure = 'no-relationship';

/**
 * One subscription. Dates are days from the simulator's clock, so the data stays "renewing soon"
 * whenever it is served, and tests that inject the clock see fixed dates.
 */
export interface SimulatedSubscription {
  id: string;
  /** The subscription's `offerName` (mixed case, sometimes "(NCE)"); the SKU is named without the note. */
  offerName: string;
  /** Licences bought (`quantity`). */
  quantity: number;
  /** Of those, assigned to users (the SKU's consumedUnits). */
  assigned: number;
  termDuration: 'P1M' | 'P1Y' | 'P3Y';
  autoRenewEnabled: boolean;
  status: 'active' | 'suspended';
  isTrial: boolean;
  /** The term's last day, in days from the simulator's today. */
  endsInDays: number;
}

export interface SimulatedCustomer {
  id: string;
  tenantId: string;
  companyName: string;
  domain: string;
  /** Rows of /v1/customers/{id}/analytics/licenses/usage. */
  seedUsage: readonly SimulatedSeedUsageRow[];
  /** Rows of /v1/analytics/commercial/usage/license for this customer's tenant. */
  commercialUsage: readonly SimulatedUsageRow[];
  failure?: SimulatedFailure;
  /** What the customer bought; its subscribed SKUs are derived from these. */
  subscriptions?: readonly SimulatedSubscription[];
  /** `forbidden`: /subscriptions answers 403 (a Partner Center role that cannot read them); SKUs still answer. */
  subscriptionsFailure?: 'forbidden';
}

export interface SimulatorDataset {
  customers: readonly SimulatedCustomer[];
}

interface CatalogWorkload {
  code: string;
  name: string;
  serviceCode: string;
  serviceName: string;
}

interface CatalogProduct {
  /** Made-up ids in the shape of Microsoft's product ids; not real catalog entries. */
  id: string;
  name: string;
  workloads: readonly CatalogWorkload[];
}

const exchange: CatalogWorkload = { code: 'EXO', name: 'Exchange', serviceCode: 'O365', serviceName: 'o365' };
const sharePoint: CatalogWorkload = { code: 'SPO', name: 'SharePoint', serviceCode: 'O365', serviceName: 'o365' };
const oneDrive: CatalogWorkload = { code: 'ODB', name: 'OneDrive', serviceCode: 'O365', serviceName: 'o365' };
const teams: CatalogWorkload = { code: 'TEAMS', name: 'Teams', serviceCode: 'O365', serviceName: 'o365' };
const apps: CatalogWorkload = { code: 'PROPLUS', name: 'Microsoft 365 Apps', serviceCode: 'O365', serviceName: 'o365' };
const yammer: CatalogWorkload = { code: 'YAM', name: 'Yammer', serviceCode: 'O365', serviceName: 'o365' };
const defender: CatalogWorkload = { code: 'MDO', name: 'Defender for Office 365', serviceCode: 'O365', serviceName: 'o365' };
const intune: CatalogWorkload = { code: 'INTUNE', name: 'Intune', serviceCode: 'EMS', serviceName: 'ems' };
const entraId: CatalogWorkload = { code: 'AADP', name: 'Entra ID', serviceCode: 'EMS', serviceName: 'ems' };

/** Products a CSP typically resells, with the workloads whose adoption Partner Center measures. */
export const PRODUCT_CATALOG: readonly CatalogProduct[] = [
  { id: 'CFQ7TTC0SIM1', name: 'MICROSOFT 365 BUSINESS BASIC', workloads: [exchange, sharePoint, oneDrive, teams] },
  { id: 'CFQ7TTC0SIM2', name: 'MICROSOFT 365 BUSINESS STANDARD', workloads: [exchange, sharePoint, oneDrive, teams, apps] },
  {
    id: 'CFQ7TTC0SIM3',
    name: 'MICROSOFT 365 BUSINESS PREMIUM',
    workloads: [exchange, sharePoint, oneDrive, teams, apps, intune, entraId, defender],
  },
  { id: 'CFQ7TTC0SIM4', name: 'MICROSOFT 365 E3', workloads: [exchange, sharePoint, oneDrive, teams, apps, yammer, intune, entraId] },
  {
    id: 'CFQ7TTC0SIM5',
    name: 'MICROSOFT 365 E5',
    workloads: [exchange, sharePoint, oneDrive, teams, apps, yammer, intune, entraId, defender],
  },
  { id: 'CFQ7TTC0SIM6', name: 'OFFICE 365 E1', workloads: [exchange, sharePoint, oneDrive, teams, yammer] },
  { id: 'CFQ7TTC0SIM7', name: 'OFFICE 365 E3', workloads: [exchange, sharePoint, oneDrive, teams, apps, yammer] },
  { id: 'CFQ7TTC0SIM8', name: 'OFFICE 365 E5', workloads: [exchange, sharePoint, oneDrive, teams, apps, yammer, defender] },
  { id: 'CFQ7TTC0SIM9', name: 'MICROSOFT 365 F3', workloads: [exchange, sharePoint, oneDrive, teams, intune] },
  { id: 'CFQ7TTC0SIMA', name: 'EXCHANGE ONLINE (PLAN 1)', workloads: [exchange] },
  { id: 'CFQ7TTC0SIMB', name: 'ENTERPRISE MOBILITY + SECURITY E3', workloads: [intune, entraId] },
  { id: 'CFQ7TTC0SIMC', name: 'MICROSOFT TEAMS ESSENTIALS', workloads: [teams] },
];

/** Every product/workload pair of the catalog: the most distinct rows one customer can have. */
const CATALOG_PAIRS = PRODUCT_CATALOG.flatMap((product) => product.workloads.map((workload) => ({ product, workload })));

const MAX_WORKLOADS_PER_CUSTOMER = CATALOG_PAIRS.length;

/** A uniform random number in [0, 1). */
export type Random = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG; good enough for sample data and fully reproducible. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
}

/** A GUID-shaped id from the PRNG (version 4 layout), so generated ids are stable per seed. */
function randomGuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Percent 0–100 with one decimal, the way the seed endpoint reports it; 0 when nothing is qualified. */
function usagePercentOf(row: Pick<SimulatedUsageRow, 'licensesActive' | 'licensesQualified'>): number {
  if (row.licensesQualified <= 0) return 0;
  return Math.round((row.licensesActive / row.licensesQualified) * 1000) / 10;
}

export function withUsagePercent(rows: readonly SimulatedUsageRow[]): SimulatedSeedUsageRow[] {
  return rows.map((row) => ({ ...row, usagePercent: usagePercentOf(row) }));
}

/**
 * Seat counts skewed towards small tenants, and adoption that is low for about a quarter of the
 * workloads, so cards and alerts have something to say without every customer looking alike.
 */
function randomLicenses(random: Random): { licensesActive: number; licensesQualified: number } {
  if (random() < 0.02) return { licensesActive: 0, licensesQualified: 0 };
  const licensesQualified = 1 + Math.round(random() ** 3 * 1999);
  const share = random() < 0.25 ? random() * 0.3 : 0.3 + random() * 0.7;
  return { licensesActive: Math.round(licensesQualified * share), licensesQualified };
}

/**
 * `count` distinct product/workload rows: products in a random order, each contributing all its
 * workloads, cut at `count`. Customers thereby own whole products, as they do in real life.
 */
export function generateUsageRows(random: Random, count: number, processedDateTime: string): SimulatedUsageRow[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_WORKLOADS_PER_CUSTOMER) {
    throw new RangeError(`workloads per customer must be an integer from 0 to ${MAX_WORKLOADS_PER_CUSTOMER}`);
  }
  const products = [...PRODUCT_CATALOG];
  // Fisher–Yates with the seeded PRNG keeps the order reproducible.
  for (let i = products.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [products[i], products[j]] = [products[j] as CatalogProduct, products[i] as CatalogProduct];
  }
  const rows: SimulatedUsageRow[] = [];
  for (const product of products) {
    for (const workload of product.workloads) {
      if (rows.length === count) return rows;
      rows.push({
        productId: product.id,
        productName: product.name,
        workloadCode: workload.code,
        workloadName: workload.name,
        serviceCode: workload.serviceCode,
        serviceName: workload.serviceName,
        channel: 'reseller',
        ...randomLicenses(random),
        processedDateTime,
      });
    }
  }
  return rows;
}

/** "MICROSOFT 365 E3" as a subscription or SKU names it: "Microsoft 365 E3". */
export function offerNameOf(productName: string): string {
  const keep = new Set(['E1', 'E3', 'E5', 'F3', 'EMS', 'PLAN', '+']);
  return productName
    .split(' ')
    .map((word) => {
      const bare = word.replace(/[()]/g, '');
      if (keep.has(bare) || /^\d/.test(bare)) return word;
      return word.charAt(0) === '(' ? `(${word.charAt(1)}${word.slice(2).toLowerCase()}` : `${word.charAt(0)}${word.slice(1).toLowerCase()}`;
    })
    .join(' ');
}

/**
 * Subscriptions that fit a customer's usage rows: one per product, bought at least what Partner Center
 * counts as qualified, mostly assigned, some seats idle. Terms are mostly annual, then monthly, then
 * three-year, renewing spread over their term. Drawn from its own generator, so the usage rows of a
 * seed stay what they were before subscriptions existed.
 */
export function generateSubscriptions(random: Random, rows: readonly SimulatedUsageRow[]): SimulatedSubscription[] {
  const qualifiedByProduct = new Map<string, number>();
  for (const row of rows) qualifiedByProduct.set(row.productName, Math.max(qualifiedByProduct.get(row.productName) ?? 0, row.licensesQualified));
  const subscriptions: SimulatedSubscription[] = [];
  for (const [productName, qualified] of qualifiedByProduct) {
    if (qualified === 0) continue;
    const termRoll = random();
    const termDuration = termRoll < 0.55 ? 'P1Y' : termRoll < 0.85 ? 'P1M' : 'P3Y';
    const termDays = termDuration === 'P1M' ? 30 : termDuration === 'P1Y' ? 365 : 1095;
    const idle = random() < 0.4 ? Math.round(qualified * random() * 0.3) : 0;
    subscriptions.push({
      id: randomGuid(random),
      offerName: `${offerNameOf(productName)}${random() < 0.3 ? ' (NCE)' : ''}`,
      quantity: qualified,
      assigned: qualified - idle,
      termDuration,
      autoRenewEnabled: random() < 0.85,
      status: 'active',
      isTrial: false,
      endsInDays: Math.floor(random() * termDays),
    });
  }
  return subscriptions;
}

const NAME_STEMS = [
  'Adventure Works', 'Alpine Ski House', 'Bellows College', 'Blue Yonder Airlines', 'City Power & Light',
  'Coho Winery', 'Contoso', 'Fabrikam', 'First Up Consultants', 'Fourth Coffee', 'Graphic Design Institute',
  'Humongous Insurance', 'Lamna', 'Litware', 'Lucerne Publishing', "Margie's Travel", "Munson's Pickles",
  'Northwind Traders', 'Proseware', 'Relecloud', 'School of Fine Art', 'Southridge Video', 'Tailspin Toys',
  'Trey Research', 'VanArsdel', 'Wide World Importers', 'Wingtip Toys', 'Woodgrove',
];
const NAME_SUFFIXES = ['Ltd', 'Inc', 'GmbH', 'BV', 'Group', 'Holdings', 'Pharma', 'Logistics', 'Retail', 'Bank', 'Healthcare', 'Labs'];

function domainOf(companyName: string): string {
  return `${companyName.toLowerCase().replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`;
}

export interface GenerateDatasetOptions {
  customers: number;
  workloadsPerCustomer: number;
  seed: number;
}

/**
 * A large, realistic-looking data set: every customer has exactly `workloadsPerCustomer` rows on
 * both usage endpoints, so a scan of the commercial endpoint sees customers × workloads rows.
 * Names repeat their stems on purpose (many "Contoso …"), which is what prefix search must handle;
 * a running number keeps every name and domain unique.
 */
export function generateDataset(options: GenerateDatasetOptions): SimulatorDataset {
  const { customers: count, workloadsPerCustomer, seed } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('customers must be a non-negative integer');
  const random = mulberry32(seed);
  const subscriptionRandom = mulberry32(seed ^ 0x5eed5ab5);
  const width = String(count).length;
  const customers: SimulatedCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomGuid(random);
    const companyName = `${pick(random, NAME_STEMS)} ${pick(random, NAME_SUFFIXES)} ${String(i + 1).padStart(width, '0')}`;
    // Data sets of one run share a few processing days early in 2026, like a real monthly refresh.
    const day = String(1 + Math.floor(random() * 5)).padStart(2, '0');
    const rows = generateUsageRows(random, workloadsPerCustomer, `2026-03-${day}T00:00:00+00:00`);
    customers.push({
      id,
      tenantId: id,
      companyName,
      domain: domainOf(companyName),
      seedUsage: withUsagePercent(rows),
      commercialUsage: rows,
      subscriptions: generateSubscriptions(subscriptionRandom, rows),
    });
  }
  return { customers };
}
