import type { Customer } from '../core/customers/customer';
import type { CustomerId } from '../core/customers/customer-id';
import { classifyCustomerQuery, MAX_CUSTOMER_QUERY_LENGTH, type CustomerQuery } from '../core/customers/customer-query';
import type { PartnerCenter, PartnerCenterCallContext } from '../partner-center/partner-center.port';

export type CustomerResolution =
  | { kind: 'found'; customer: Customer }
  | { kind: 'ambiguous'; query: CustomerQuery; customers: Customer[] }
  | { kind: 'not-found'; query: CustomerQuery };

/** Enough to fill a choice card and say how many more there are, in one Partner Center page. */
const SEARCH_LIMIT = 200;

/**
 * Finds the customer the user meant: by id, by domain, or by the start of the company name.
 * A name that matches nothing is tried as the start of a domain too, because people type "contoso"
 * for contoso.onmicrosoft.com.
 */
export async function resolveCustomer(
  partnerCenter: PartnerCenter,
  text: string,
  ctx: PartnerCenterCallContext,
): Promise<CustomerResolution> {
  const query = classifyCustomerQuery(text);
  if (query.value.length > MAX_CUSTOMER_QUERY_LENGTH) return { kind: 'not-found', query };

  if (query.kind === 'id') {
    const customer = await partnerCenter.getCustomer(query.value, ctx);
    return customer ? { kind: 'found', customer } : { kind: 'not-found', query };
  }

  let matches = await partnerCenter.searchCustomers(query.kind === 'domain' ? 'Domain' : 'CompanyName', query.value, ctx, {
    limit: SEARCH_LIMIT,
  });
  if (matches.length === 0 && query.kind === 'name' && !/\s/.test(query.value)) {
    matches = await partnerCenter.searchCustomers('Domain', query.value, ctx, { limit: SEARCH_LIMIT });
  }
  return decide(query, matches);
}

function decide(query: CustomerQuery, matches: Customer[]): CustomerResolution {
  const unique = dedupeById(matches);
  if (unique.length === 0) return { kind: 'not-found', query };
  if (unique.length === 1) return { kind: 'found', customer: unique[0]! };

  // "Contoso Ltd" typed in full should not ask to choose between "Contoso Ltd" and "Contoso Ltd Holdings".
  const wanted = query.value.toLowerCase();
  const exact = unique.filter((c) => (query.kind === 'domain' ? c.domain : c.companyName)?.toLowerCase() === wanted);
  if (exact.length === 1) return { kind: 'found', customer: exact[0]! };

  return { kind: 'ambiguous', query, customers: unique };
}

function dedupeById(customers: Customer[]): Customer[] {
  const seen = new Map<CustomerId, Customer>();
  for (const customer of customers) if (!seen.has(customer.id)) seen.set(customer.id, customer);
  return [...seen.values()];
}
