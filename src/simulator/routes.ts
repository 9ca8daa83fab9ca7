import type { IncomingMessage } from 'node:http';
import type { ContinuationTokens } from './continuation-tokens';
import type { SimulatedCustomer } from './dataset';
import type { DatasetIndex } from './dataset-index';
import { listCustomers } from './customer-routes';
import { customerNotFound, customerResource, json, pcError, type Reply } from './replies';
import { customerSubscribedSkus, customerSubscriptions, partnerSubscriptions } from './subscription-routes';
import { commercialUsage, customerUsage } from './usage-routes';

/** Request routing: checks what every endpoint checks (auth, method), then picks the handler by path. */

const CUSTOMERS = /^\/v1\/customers$/i;
const CUSTOMER = /^\/v1\/customers\/([^/]+)$/i;
const CUSTOMER_USAGE = /^\/v1\/customers\/([^/]+)\/analytics\/licenses\/usage$/i;
const COMMERCIAL_USAGE = /^(?:\/partner)?\/v1\/analytics\/commercial\/usage\/license$/i;
const CUSTOMER_SUBSCRIPTIONS = /^\/v1\/customers\/([^/]+)\/subscriptions$/i;
const CUSTOMER_SKUS = /^\/v1\/customers\/([^/]+)\/subscribedskus$/i;
const PARTNER_SUBSCRIPTIONS = /^\/partner\/v1\/analytics\/subscriptions$/i;

function findCustomer(index: DatasetIndex, encodedId: string): SimulatedCustomer | undefined {
  try {
    return index.byId.get(decodeURIComponent(encodedId).toLowerCase())?.customer;
  } catch {
    return undefined; // malformed percent-encoding: no such customer
  }
}

export function respond(
  req: IncomingMessage,
  index: DatasetIndex,
  tokens: ContinuationTokens,
  origin: string,
  now: Date,
  partnerSubscriptionScan: boolean | 'documented' = true,
): Reply {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const bom = !COMMERCIAL_USAGE.test(path) && !PARTNER_SUBSCRIPTIONS.test(path);

  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    return pcError(401, 800001, 'Partner Token missing', bom);
  }
  if (req.method !== 'GET') {
    return { ...pcError(405, 405, 'Only GET is supported.', bom), headers: { Allow: 'GET' } };
  }

  if (CUSTOMERS.test(path)) return listCustomers(req, url, index, tokens);
  if (COMMERCIAL_USAGE.test(path)) return commercialUsage(url, index, origin);
  if (PARTNER_SUBSCRIPTIONS.test(path)) {
    return partnerSubscriptionScan ? partnerSubscriptions(url, index, now, origin, partnerSubscriptionScan === 'documented') : pcError(404, 404, 'Resource not found.', false);
  }
  const subscriptionsMatch = CUSTOMER_SUBSCRIPTIONS.exec(path) ?? CUSTOMER_SKUS.exec(path);
  if (subscriptionsMatch) {
    const customer = findCustomer(index, subscriptionsMatch[1] ?? '');
    if (!customer) return customerNotFound();
    return CUSTOMER_SKUS.test(path) ? customerSubscribedSkus(customer) : customerSubscriptions(customer, now);
  }
  const usageMatch = CUSTOMER_USAGE.exec(path);
  if (usageMatch) {
    const customer = findCustomer(index, usageMatch[1] ?? '');
    return customer ? customerUsage(customer) : customerNotFound();
  }
  const customerMatch = CUSTOMER.exec(path);
  if (customerMatch) {
    const customer = findCustomer(index, customerMatch[1] ?? '');
    return customer ? json(200, customerResource(customer), true) : customerNotFound();
  }
  return pcError(404, 404, 'Resource not found.', true);
}
