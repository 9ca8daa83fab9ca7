import type { Customer } from '../core/customers/customer';
import type { CustomerId } from '../core/customers/customer-id';

/** A customer someone asked about, as the message extension lists it when it opens. */
export interface RecentCustomer {
  id: CustomerId;
  companyName: string;
  domain?: string;
}

/** At most this many per person: enough for a list that opens with no typing, small enough to store whole. */
export const MAX_RECENT_CUSTOMERS = 8;

/** Per person (not per conversation), the customers they asked about lately, the latest first. */
export interface RecentCustomers {
  remember(userKey: string, customer: Customer): Promise<void>;
  list(userKey: string): Promise<RecentCustomer[]>;
  forget(userKey: string): Promise<void>;
}

/** The list with `customer` moved (or added) to the front, bounded. */
export function withRecent(list: readonly RecentCustomer[], customer: Customer): RecentCustomer[] {
  const entry: RecentCustomer = { id: customer.id, companyName: customer.companyName, ...(customer.domain ? { domain: customer.domain } : {}) };
  const others = list.filter((known) => known.id !== customer.id);
  return [entry, ...others].slice(0, MAX_RECENT_CUSTOMERS);
}
