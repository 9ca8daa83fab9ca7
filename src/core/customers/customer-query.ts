import { customerId, type CustomerId } from './customer-id';

/** How a user's customer text will be looked up in Partner Center. */
export type CustomerQuery =
  | { kind: 'id'; value: CustomerId }
  | { kind: 'domain'; value: string }
  | { kind: 'name'; value: string };

/** Partner Center company names are far shorter; anything longer cannot match and is not sent. */
export const MAX_CUSTOMER_QUERY_LENGTH = 256;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A domain is dot-separated labels without spaces; "Contoso Ltd." is a name, "contoso.com" a domain.
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Decides whether the user gave a customer id, a domain or (the start of) a company name. */
export function classifyCustomerQuery(text: string): CustomerQuery {
  const value = text.trim();
  if (GUID.test(value)) return { kind: 'id', value: customerId(value) };
  if (DOMAIN.test(value)) return { kind: 'domain', value: value.toLowerCase() };
  return { kind: 'name', value };
}
