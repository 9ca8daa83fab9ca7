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
