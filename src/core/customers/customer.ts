import type { CustomerId } from './customer-id';

/** A customer of the partner, as found through Partner Center's customer APIs. */
export interface Customer {
  /** Partner Center customer id (a GUID). */
  id: CustomerId;
  /** The customer's Entra tenant id; usually equal to `id`. */
  tenantId?: string;
  companyName: string;
  domain?: string;
}
