import type { Customer } from '../core/customers/customer';

/**
 * One user's customers, indexed once per listing so that resolving a name costs a binary search, not
 * a pass over 100,000 customers at every message: sorted by lower-case company name and by domain,
 * and by id. Matches what Partner Center's starts-with searches (case-insensitive) would return.
 */
export class CustomerIndex {
  readonly size: number;
  private readonly byName: { key: string; customer: Customer }[];
  private readonly byDomain: { key: string; customer: Customer }[];
  private readonly byId = new Map<string, Customer>();

  constructor(customers: readonly Customer[]) {
    this.size = customers.length;
    const sorted = (key: (customer: Customer) => string | undefined) =>
      customers
        .flatMap((customer) => {
          const value = key(customer);
          return value === undefined ? [] : [{ key: value.toLowerCase(), customer }];
        })
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.byName = sorted((customer) => customer.companyName);
    this.byDomain = sorted((customer) => customer.domain);
    for (const customer of customers) this.byId.set(customer.id.toLowerCase(), customer);
  }

  withId(id: string): Customer | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** Customers whose company name starts with `prefix` (case-insensitive), at most `limit`. */
  namesStartingWith(prefix: string, limit: number): Customer[] {
    return startingWith(this.byName, prefix.toLowerCase(), limit);
  }

  domainsStartingWith(prefix: string, limit: number): Customer[] {
    return startingWith(this.byDomain, prefix.toLowerCase(), limit);
  }
}

function startingWith(sorted: readonly { key: string; customer: Customer }[], prefix: string, limit: number): Customer[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as { key: string }).key < prefix) low = middle + 1;
    else high = middle;
  }
  const found: Customer[] = [];
  for (let i = low; i < sorted.length && found.length < limit; i += 1) {
    const entry = sorted[i] as { key: string; customer: Customer };
    if (!entry.key.startsWith(prefix)) break;
    found.push(entry.customer);
  }
  return found;
}
