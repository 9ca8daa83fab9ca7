import { boundedMemo } from '../bounded-memo';

/**
 * Partner Center names one product three ways: usage rows say `productName` ("MICROSOFT 365 E3"),
 * subscribed SKUs `productSku.name` ("Microsoft 365 E3"), subscriptions `offerName` ("Microsoft 365 E3
 * (NCE)"). A product key makes them comparable: case, punctuation and spacing do not count, nor do
 * bracketed notes that say how it was sold rather than what it is. Anything else must be equal: a
 * near miss ("Office 365 E1" against "Office 365 E3", "E3 (no Teams)" against "E3") is a different
 * product, and showing it unmatched is better than inventing a link.
 */

/** Bracketed notes about the sale, not the product. "(no Teams)" and "(Plan 1)" are the product. */
const SALES_NOTES = /\((?:\s*(?:nce|new commerce|legacy|trial|monthly|annual|yearly|month|year|\d+\s*(?:months?|years?)|(?:p\d+[my])))*\s*\)/gi;

// Partner Center's catalogue is small and every customer names the same products: each name is worked
// out once. Bounded, so odd names cannot make it grow for ever.
const MAX_KNOWN_KEYS = 5_000;

export const productKey: (name: string) => string = boundedMemo(keyOf, MAX_KNOWN_KEYS);

function keyOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(SALES_NOTES, ' ')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function sameProduct(a: string, b: string): boolean {
  return productKey(a) === productKey(b);
}
