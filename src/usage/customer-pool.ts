import type { Customer } from '../core/customers/customer';

/**
 * One object per distinct customer across every user's directory. A partner's account managers mostly
 * see the same customers, each listed with their own token: the lists stay per user (a list holds only
 * what its user's listing returned), but identical customers are held once, not once per user. Held
 * weakly: a customer no list holds any more is let go.
 */
export function customerPool(): (customer: Customer) => Customer {
  const byId = new Map<string, WeakRef<Customer>>();
  const released = new FinalizationRegistry<string>((id) => {
    if (byId.get(id)?.deref() === undefined) byId.delete(id);
  });
  return (customer) => {
    const known = byId.get(customer.id)?.deref();
    if (known && sameCustomer(known, customer)) return known;
    byId.set(customer.id, new WeakRef(customer));
    released.register(customer, customer.id);
    return customer;
  };
}

function sameCustomer(a: Customer, b: Customer): boolean {
  return a.id === b.id && a.companyName === b.companyName && a.tenantId === b.tenantId && a.domain === b.domain;
}
