import type { Customer } from '../core/customers/customer';

/**
 * One user's customers, indexed once per listing so that resolving a name costs a binary search, not
 * a pass over 100,000 customers at every message: sorted by lower-case company name and by domain,
 * and by id. Matches what Partner Center's starts-with searches (case-insensitive) would return.
 */
export class CustomerIndex {
  readonly size: number;
  private readonly customers: readonly Customer[];
  // Positions into `customers`, sorted by each key: four bytes a customer and key, where entries of
  // their own (an object and a lower-cased copy of the key) cost some eighty. A partner's account
  // managers each hold a list of all its customers, so this is most of the directory's memory.
  private readonly byName: Uint32Array;
  private readonly byDomain: Uint32Array;
  private readonly byId: Uint32Array;

  constructor(customers: readonly Customer[]) {
    this.size = customers.length;
    this.customers = customers;
    this.byName = sortedBy(customers, (customer) => customer.companyName);
    this.byDomain = sortedBy(customers, (customer) => customer.domain);
    this.byId = sortedBy(customers, (customer) => customer.id);
  }

  withId(id: string): Customer | undefined {
    const key = id.toLowerCase();
    const [found] = startingWith(this.customers, this.byId, (customer) => customer.id, key, 1);
    return found && found.id.toLowerCase() === key ? found : undefined;
  }

  /** Customers whose company name starts with `prefix` (case-insensitive), at most `limit`. */
  namesStartingWith(prefix: string, limit: number): Customer[] {
    return startingWith(this.customers, this.byName, (customer) => customer.companyName, prefix.toLowerCase(), limit);
  }

  domainsStartingWith(prefix: string, limit: number): Customer[] {
    return startingWith(this.customers, this.byDomain, (customer) => customer.domain, prefix.toLowerCase(), limit);
  }
}

type KeyOf = (customer: Customer) => string | undefined;

/** The positions of the customers that have the key, sorted by it in lower case. */
function sortedBy(customers: readonly Customer[], keyOf: KeyOf): Uint32Array {
  // The lower-cased keys are needed while sorting only; a search lower-cases the few it compares.
  const keys = customers.map((customer) => keyOf(customer)?.toLowerCase());
  const positions: number[] = [];
  for (let i = 0; i < keys.length; i += 1) if (keys[i] !== undefined) positions.push(i);
  return Uint32Array.from(positions).sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

function startingWith(customers: readonly Customer[], sorted: Uint32Array, keyOf: KeyOf, prefix: string, limit: number): Customer[] {
  const keyAt = (i: number) => (keyOf(customers[sorted[i] as number] as Customer) ?? '').toLowerCase();
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyAt(middle) < prefix) low = middle + 1;
    else high = middle;
  }
  const found: Customer[] = [];
  for (let i = low; i < sorted.length && found.length < limit; i += 1) {
    if (!keyAt(i).startsWith(prefix)) break;
    found.push(customers[sorted[i] as number] as Customer);
  }
  return found;
}
