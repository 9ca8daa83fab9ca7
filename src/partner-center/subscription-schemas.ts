import { z } from 'zod';
import { customerIdTextSchema } from '../core/customers/customer-id';

/*
 * The shapes of the three subscription sources, as schemas.ts does it for usage: unknown fields are
 * stripped, a field we use with the wrong type is an error, missing text may come as null.
 */

const count = z.number().int().nonnegative();
const optionalText = z.string().nullish();
const optionalFlag = z.boolean().nullish();

/** One item of GET /v1/customers/{id}/subscriptions. */
const subscriptionSchema = z.object({
  id: z.string().min(1),
  offerId: optionalText,
  offerName: optionalText,
  friendlyName: optionalText,
  quantity: count,
  status: z.string(),
  autoRenewEnabled: optionalFlag,
  termDuration: optionalText,
  billingCycle: optionalText,
  commitmentEndDate: optionalText,
  isTrial: optionalFlag,
});

export type SubscriptionResource = z.output<typeof subscriptionSchema>;

export const subscriptionCollectionSchema = z.object({
  totalCount: z.number().int().optional(),
  items: z.array(subscriptionSchema),
});

/** One item of GET /v1/customers/{id}/subscribedskus. */
const subscribedSkuSchema = z.object({
  productSku: z.object({
    id: z.string(),
    name: z.string(),
    skuPartNumber: optionalText,
  }),
  activeUnits: count,
  consumedUnits: count,
});

export type SubscribedSkuResource = z.output<typeof subscribedSkuSchema>;

export const subscribedSkuCollectionSchema = z.object({
  totalCount: z.number().int().optional(),
  items: z.array(subscribedSkuSchema),
});

/**
 * One row of GET /partner/v1/analytics/subscriptions. The documented rows carry no term; a
 * `termDuration` is read when a service sends one, else the customer's own subscriptions tell it.
 * Checked in place (row-shape.ts), so only what JSON Schema can say; the id is normalised where the row
 * is mapped.
 */
export const partnerSubscriptionRowSchema = z.object({
  customerTenantId: customerIdTextSchema,
  customerName: optionalText,
  id: z.string().min(1),
  status: z.string(),
  productName: z.string(),
  autoRenewEnabled: optionalFlag,
  commitmentEndDate: optionalText,
  licenseCount: count,
  billingCycleName: optionalText,
  termDuration: optionalText,
  isTrial: optionalFlag,
});

export type PartnerSubscriptionRow = z.input<typeof partnerSubscriptionRowSchema>;

/** A page's envelope; its rows are validated one at a time where they are mapped (row-chunks.ts). */
export const partnerSubscriptionPageSchema = z.object({
  Value: z.array(z.unknown()),
  '@nextLink': z.string().nullish(),
  TotalCount: z.number().int().optional(),
});
