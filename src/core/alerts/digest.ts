import type { CustomerId } from '../customers/customer-id';
import { worstAlertFirst, type LowAdoptionAlert } from './decide-alerts';

/** From this many customers with alerts in one pass, a conversation gets one digest instead of a card each. */
const DEFAULT_DIGEST_FROM_CUSTOMERS = 3;

/** A digest lists this many findings and counts the rest; it keeps the card short and well under Teams' size limit. */
export const DEFAULT_MAX_DIGEST_ENTRIES = 10;

/** The data a digest card renders: the worst findings of a pass, then "and M more". */
export interface AlertDigest {
  /** Worst first: lowest percent first, ties by customer name. At most the cap. */
  entries: LowAdoptionAlert[];
  /** Findings left out of `entries`: the "and M more". */
  moreCount: number;
  /** All findings of the pass, listed or not. */
  alertCount: number;
  /** Distinct customers among all findings of the pass. */
  customerCount: number;
}

/** One customer's alerts of a pass, for a card of its own. */
export interface CustomerAlerts {
  customerId: CustomerId;
  customerName: string;
  /** Worst first. */
  alerts: LowAdoptionAlert[];
}

export type AlertMessagePlan =
  | { kind: 'none' }
  /** Customers worst first (by their worst finding). */
  | { kind: 'per-customer'; customers: CustomerAlerts[] }
  | { kind: 'digest'; digest: AlertDigest };

export interface AlertMessageOptions {
  /** Defaults to DEFAULT_DIGEST_FROM_CUSTOMERS. */
  digestFromCustomers?: number;
  /** Defaults to DEFAULT_MAX_DIGEST_ENTRIES. */
  maxDigestEntries?: number;
}

/** Builds the digest of one conversation's alerts of one pass. Pure; the input is not changed. */
export function buildAlertDigest(alerts: readonly LowAdoptionAlert[], maxEntries: number = DEFAULT_MAX_DIGEST_ENTRIES): AlertDigest {
  requireAtLeastOne('maxEntries', maxEntries);
  const worstFirst = [...alerts].sort(worstAlertFirst);
  const entries = worstFirst.slice(0, maxEntries);
  return {
    entries,
    moreCount: worstFirst.length - entries.length,
    alertCount: worstFirst.length,
    customerCount: groupByCustomer(worstFirst).length,
  };
}

/**
 * Decides how one conversation hears about a pass. A few customers get a card each, which says
 * more; many customers get one digest, because a card per customer would flood the chat (and run
 * into Teams' per-conversation message limits).
 */
export function planAlertMessages(alerts: readonly LowAdoptionAlert[], options: AlertMessageOptions = {}): AlertMessagePlan {
  const digestFromCustomers = options.digestFromCustomers ?? DEFAULT_DIGEST_FROM_CUSTOMERS;
  requireAtLeastOne('digestFromCustomers', digestFromCustomers);
  if (alerts.length === 0) return { kind: 'none' };

  const customers = groupByCustomer([...alerts].sort(worstAlertFirst));
  if (customers.length >= digestFromCustomers) {
    return { kind: 'digest', digest: buildAlertDigest(alerts, options.maxDigestEntries ?? DEFAULT_MAX_DIGEST_ENTRIES) };
  }
  return { kind: 'per-customer', customers };
}

/** Keeps the order of `sortedAlerts`: the first customer is the one with the worst finding. */
function groupByCustomer(sortedAlerts: readonly LowAdoptionAlert[]): CustomerAlerts[] {
  const byCustomer = new Map<CustomerId, CustomerAlerts>();
  for (const alert of sortedAlerts) {
    const group = byCustomer.get(alert.customerId);
    if (group) group.alerts.push(alert);
    else byCustomer.set(alert.customerId, { customerId: alert.customerId, customerName: alert.customerName, alerts: [alert] });
  }
  return [...byCustomer.values()];
}

function requireAtLeastOne(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`);
}

/**
 * Builds the same plan as planAlertMessages while alerts arrive a customer at a time, holding only
 * what the plan can show: every alert of the first few customers (a card each, while there are
 * fewer than the digest's threshold), then the digest's worst entries and counts. Memory stays flat
 * however many customers a pass reads. Each customer's alerts must be added in one call.
 */
export class AlertPlanBuilder {
  private readonly digestFromCustomers: number;
  private readonly maxDigestEntries: number;
  /** Every alert so far, while there are fewer customers than digestFromCustomers; then undefined. */
  private firstAlerts: LowAdoptionAlert[] | undefined = [];
  /** The worst alerts so far, worst first, at most maxDigestEntries. */
  private readonly worst: LowAdoptionAlert[] = [];
  private alertCount = 0;
  private customerCount = 0;

  constructor(options: AlertMessageOptions = {}) {
    this.digestFromCustomers = options.digestFromCustomers ?? DEFAULT_DIGEST_FROM_CUSTOMERS;
    this.maxDigestEntries = options.maxDigestEntries ?? DEFAULT_MAX_DIGEST_ENTRIES;
    requireAtLeastOne('digestFromCustomers', this.digestFromCustomers);
    requireAtLeastOne('maxEntries', this.maxDigestEntries);
  }

  /** One customer's alerts (several customers in one call are fine when none of them comes again). */
  add(alerts: readonly LowAdoptionAlert[]): void {
    if (alerts.length === 0) return;
    this.alertCount += alerts.length;
    this.customerCount += new Set(alerts.map((alert) => alert.customerId.toLowerCase())).size;
    if (this.firstAlerts) {
      this.firstAlerts.push(...alerts);
      if (this.customerCount >= this.digestFromCustomers) this.firstAlerts = undefined;
    }
    for (const alert of alerts) this.keepIfWorst(alert);
  }

  plan(): AlertMessagePlan {
    if (this.alertCount === 0) return { kind: 'none' };
    if (this.firstAlerts) return { kind: 'per-customer', customers: groupByCustomer([...this.firstAlerts].sort(worstAlertFirst)) };
    return {
      kind: 'digest',
      digest: { entries: [...this.worst], moreCount: this.alertCount - this.worst.length, alertCount: this.alertCount, customerCount: this.customerCount },
    };
  }

  private keepIfWorst(alert: LowAdoptionAlert): void {
    const { worst } = this;
    if (worst.length === this.maxDigestEntries && worstAlertFirst(alert, worst[worst.length - 1] as LowAdoptionAlert) >= 0) return;
    let low = 0;
    let high = worst.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (worstAlertFirst(worst[middle] as LowAdoptionAlert, alert) <= 0) low = middle + 1;
      else high = middle;
    }
    worst.splice(low, 0, alert);
    if (worst.length > this.maxDigestEntries) worst.pop();
  }
}
