import { z } from 'zod';
import { customerIdSchema, customerIdTextSchema } from '../core/customers/customer-id';

/*
 * The shapes we rely on in Partner Center's answers. Objects strip unknown fields instead of
 * refusing them, because Partner Center adds fields over time; a field we use with the wrong type is
 * an error, so bad data never reaches a card. Optional text fields accept null as well as absence,
 * since Partner Center serialises missing values either way.
 */

const count = z.number().int().nonnegative();
const optionalText = z.string().nullish();

/** One row of the seed endpoint /v1/customers/{id}/analytics/licenses/usage. */
const customerLicenseUsageItemSchema = z.object({
  customerId: optionalText,
  customerName: z.string(),
  productName: z.string(),
  workloadName: z.string(),
  workloadCode: optionalText,
  licensesActive: count,
  licensesQualified: count,
  usagePercent: z.number().nullish(),
  processedDateTime: optionalText,
  serviceName: optionalText,
  serviceCode: optionalText,
  channel: optionalText,
});

export const customerLicenseUsageCollectionSchema = z.object({
  totalCount: z.number().int().optional(),
  items: z.array(customerLicenseUsageItemSchema),
});

/**
 * One row of the commercial endpoint: only the fields the bot reads. An alert pass checks some 800,000
 * of these for 100,000 customers, in place (row-shape.ts): so the schema says only what JSON Schema can,
 * and has no field we do not use. One documented example spells the active count `licenseActive`, so
 * either spelling is accepted; that one of them is there is checked where the row is mapped
 * (toUsageRecord), which costs nothing extra.
 */
export const commercialLicenseUsageRowSchema = z.object({
  // Normalised where the row is mapped: Partner Center does not promise one letter case for ids.
  customerTenantId: customerIdTextSchema,
  customerName: z.string(),
  productName: z.string(),
  workloadName: z.string(),
  serviceName: optionalText,
  channel: optionalText,
  licensesActive: count.optional(),
  licenseActive: count.optional(),
  licensesQualified: count,
  processedDateTime: optionalText,
});

export type CommercialLicenseUsageRow = z.input<typeof commercialLicenseUsageRowSchema>;

/** A commercial page's envelope; its rows are validated one at a time where they are mapped (row-chunks.ts). */
export const commercialLicenseUsagePageSchema = z.object({
  Value: z.array(z.unknown()),
  '@nextLink': z.string().nullish(),
  TotalCount: z.number().int().optional(),
});

export const customerSchema = z.object({
  id: customerIdSchema,
  companyProfile: z.object({
    tenantId: optionalText,
    domain: optionalText,
    companyName: z.string(),
  }),
});

export type CustomerResource = z.output<typeof customerSchema>;

/** A seek-paged link: the next page is fetched from `uri` with every header listed here. */
const continuationLinkSchema = z.object({
  uri: z.string(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
});

export const customerCollectionSchema = z.object({
  totalCount: z.number().int().optional(),
  items: z.array(customerSchema),
  links: z.object({ next: continuationLinkSchema.nullish() }).nullish(),
});

/** The two error body shapes Partner Center uses; only the code is ever read from them. */
export const partnerCenterErrorSchema = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  statusCode: z.number().optional(),
});
