import type { CustomerId } from '../customers/customer-id';

/**
 * What was bought, as the rest of the bot sees it. The Partner Center client maps its three sources
 * (a customer's subscriptions, its subscribed SKUs, the partner-wide subscription analytics) onto these
 * shapes; names stay as Partner Center spelled them, matching them is the core's job (product-match.ts).
 */

/** Partner Center's subscription states, lower-cased; anything else it may add is kept as it came. */
export type SubscriptionStatus = 'active' | 'suspended' | 'expired' | 'disabled' | 'deleted' | 'pending' | (string & {});

export interface SubscriptionRecord {
  id: string;
  /** The customer's Partner Center id (or its tenant id, from the partner-wide scan: the same GUID in practice). */
  customerId: CustomerId;
  customerName?: string;
  /** `offerName` of a customer's subscription, `productName` of a partner-wide row. */
  productName: string;
  /** The name the partner gave it, when it differs. */
  friendlyName?: string;
  /** Licences bought (`quantity`, or `licenseCount` of the partner-wide rows). */
  seats: number;
  status: SubscriptionStatus;
  /** Undefined when Partner Center did not say. */
  autoRenew?: boolean;
  /** ISO 8601 duration as Partner Center states the term: P1M, P1Y, P3Y; undefined when not given. */
  termDuration?: string;
  billingCycle?: string;
  /** Last day of the term (inclusive), as Partner Center wrote it (a date or a timestamp). */
  commitmentEndDate?: string;
  isTrial: boolean;
}

/** One of a customer's subscribed SKUs: bought and active versus assigned to users. */
export interface SubscribedSkuRecord {
  skuId: string;
  /** `productSku.name`, e.g. "Microsoft 365 E3". */
  skuName: string;
  skuPartNumber?: string;
  /** Bought and active. */
  activeUnits: number;
  /** Assigned to users. */
  consumedUnits: number;
}
