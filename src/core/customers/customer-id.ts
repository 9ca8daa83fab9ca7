import { z } from 'zod';
import { CodedError, ErrorCodes } from '../errors';

declare const customerIdBrand: unique symbol;

/**
 * A Partner Center customer id in the one spelling the bot compares and stores: trimmed and
 * lower-case. Ids are GUIDs and Partner Center does not promise one letter case for them (the
 * customer list, the usage rows and a user's typing can differ), so every id is normalised once, where
 * it enters (the Partner Center client, stored documents, card data, typed commands), and compared
 * with `===` everywhere else. A plain string cannot be passed where a CustomerId is expected.
 */
export type CustomerId = string & { readonly [customerIdBrand]: true };

/** Normalises an id from outside the bot. An empty id is a bug in the caller: data is checked by the schema below. */
export function customerId(raw: string): CustomerId {
  const id = raw.trim().toLowerCase();
  if (id.length === 0) throw new CodedError(ErrorCodes.Internal, 'A customer id is empty');
  return id as CustomerId;
}

/**
 * A customer id as it comes, not yet normalised: text with something other than spaces in it. For rows
 * checked where they lie (src/partner-center/row-shape.ts), whose mapper normalises with customerId().
 */
export const customerIdTextSchema = z.string().regex(/\S/, 'a customer id must not be empty');

/** A customer id in data the bot reads (Partner Center answers, stored documents, card data). */
export const customerIdSchema = customerIdTextSchema.transform(customerId);
