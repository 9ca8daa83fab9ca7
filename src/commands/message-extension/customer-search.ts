import type { UsageApi } from '../../config/config';
import { mapWithConcurrency } from '../../alerts/bounded-concurrency';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { plainText } from '../../cards/escape-markdown';
import { previewText, type ResultPreview } from '../../cards/search-result-preview';
import { buildSharedUsageCard } from '../../cards/user-specific';
import type { Customer } from '../../core/customers/customer';
import { asCodedError, ErrorCodes, SIGN_IN_CODES } from '../../core/errors';
import { analyseUsage } from '../../core/usage/analyse-usage';
import { messagesFor, type Messages } from '../../i18n';
import type { PartnerCenterTokenSource } from '../../identity/partner-center-token-source';
import type { PartnerCenter, PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import { deadlineOf, userKeyOf, type ChatTurn } from '../chat-turn';
import { partnerCenterContext } from '../partner-center-context';
import type { RecentCustomer, RecentCustomers } from '../recent-customers';
import { loadUsage } from '../../usage/load-usage';
import { resolveCustomer } from '../../usage/resolve-customer';

/** The command id in the manifest's composeExtensions. */
export const CUSTOMER_USAGE_COMMAND = 'customerUsage';

export interface SearchRequest {
  commandId: string;
  /** What the user typed; empty when the extension just opened (initialRun). */
  text: string;
  /** Results Teams already has (it asks for more when the user scrolls); the first page is all there is. */
  skip?: number;
}

export interface SearchResult {
  /** What is inserted into the message: the figure-free shared card. */
  card: AdaptiveCard;
  preview: ResultPreview;
}

export type SearchOutcome =
  | { kind: 'results'; results: SearchResult[] }
  /** One sentence in the result list instead of results. */
  | { kind: 'message'; text: string }
  /** The user has to sign in before Partner Center can be read as them. */
  | { kind: 'sign-in' };

export interface CustomerSearchDeps {
  partnerCenter: PartnerCenter;
  tokens: PartnerCenterTokenSource;
  usageApi: UsageApi;
  recentCustomers: RecentCustomers;
  limits?: Partial<SearchLimits>;
}

export interface SearchLimits {
  /** Teams waits for an invoke's answer only seconds: the whole search, lowest workloads included. */
  deadlineMs: number;
  /** Results in one answer. */
  maxResults: number;
  /** Only the first few results get their lowest workload: each costs a Partner Center call. */
  lowestFor: number;
  /** Those calls at most this many at a time. */
  concurrency: number;
  /** The cards and previews of one answer together stay below this (Teams refuses results over 28 KB). */
  maxBytes: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { deadlineMs: 4_000, maxResults: 10, lowestFor: 3, concurrency: 2, maxBytes: 24_000 };

export type CustomerSearch = (turn: ChatTurn, request: SearchRequest) => Promise<SearchOutcome>;

/**
 * The message extension's "Customer usage" search: the same customer resolution as `usage for`, each
 * result with its name, domain and lowest workload (seen only by the searcher), and the shared card as
 * what is inserted, so everyone who reads the message sees only their own view. Never throws: every
 * failure becomes a message result.
 */
export function createCustomerSearch(deps: CustomerSearchDeps): CustomerSearch {
  const limits = { ...DEFAULT_SEARCH_LIMITS, ...deps.limits };
  return async (turn, request) => {
    const messages = messagesFor(turn.locale);
    if (request.commandId !== CUSTOMER_USAGE_COMMAND) {
      turn.log.warn({ commandId: plainText(request.commandId, { maxLength: 64 }) }, 'unknown message extension command');
      return { kind: 'message', text: messages.messageExtension.unknownCommand };
    }
    // Every result fits in the first answer: a request for the next page gets none, not the same again.
    if ((request.skip ?? 0) > 0) return { kind: 'results', results: [] };
    const signal = deadlineOf(turn, limits.deadlineMs);
    try {
      const ctx = await partnerCenterContext(turn, signal, deps);
      const customers = await findCustomers(turn, request.text.trim(), ctx, limits, deps);
      if (customers === 'empty') return { kind: 'message', text: messages.messageExtension.typeToSearch };
      if (customers === 'no-match') {
        return { kind: 'message', text: messages.messageExtension.noMatch(plainText(request.text.trim(), { maxLength: 60 })) };
      }
      const lowest = await lowestWorkloads(turn, customers.slice(0, limits.lowestFor), ctx, signal, limits, deps);
      const results = customers.map((customer, index) => toResult(turn, customer, lowest[index], messages));
      turn.log.info({ results: results.length, initialRun: request.text.trim() === '' }, 'message extension search answered');
      return { kind: 'results', results: withinBytes(results, limits.maxBytes) };
    } catch (thrown) {
      const error = asCodedError(thrown);
      if (SIGN_IN_CODES.has(error.code)) return { kind: 'sign-in' };
      turn.log.warn({ code: error.code, err: error.code === ErrorCodes.Internal ? thrown : undefined }, 'message extension search failed');
      if (error.code === ErrorCodes.DeadlineExceeded) return { kind: 'message', text: messages.messageExtension.slow };
      return { kind: 'message', text: messages.error(error.code, turn.correlationId) };
    }
  };
}

/** The customers to list, or why there are none: nothing typed and nothing recent, or no match. */
async function findCustomers(
  turn: ChatTurn,
  text: string,
  ctx: PartnerCenterCallContext,
  limits: SearchLimits,
  deps: CustomerSearchDeps,
): Promise<Array<Customer | RecentCustomer> | 'empty' | 'no-match'> {
  if (text === '') {
    const recent = await deps.recentCustomers.list(userKeyOf(turn));
    return recent.length > 0 ? recent.slice(0, limits.maxResults) : 'empty';
  }
  const resolution = await resolveCustomer(deps.partnerCenter, text, ctx);
  switch (resolution.kind) {
    case 'found':
      return [resolution.customer];
    case 'ambiguous':
      return resolution.customers.slice(0, limits.maxResults);
    case 'not-found':
      return 'no-match';
  }
}

interface Lowest {
  workloadName: string;
  percent: number;
}

/**
 * Each customer's lowest measured workload, or null when it has none, or undefined when Partner Center
 * failed or the deadline came first: a result without that line is still a result.
 */
async function lowestWorkloads(
  turn: ChatTurn,
  customers: ReadonlyArray<Customer | RecentCustomer>,
  ctx: PartnerCenterCallContext,
  signal: AbortSignal,
  limits: SearchLimits,
  deps: CustomerSearchDeps,
): Promise<Array<Lowest | null | undefined>> {
  return mapWithConcurrency(
    customers,
    limits.concurrency,
    async (customer) => {
      try {
        const records = await loadUsage(deps.partnerCenter, deps.usageApi, customer, ctx);
        const summary = analyseUsage({ customerId: customer.id, customerName: customer.companyName, records, threshold: 0 });
        const lowest = [...summary.low, ...summary.healthy].find((workload) => workload.usagePercent !== null);
        return lowest ? { workloadName: lowest.workloadName, percent: lowest.usagePercent ?? 0 } : null;
      } catch (error) {
        turn.log.debug({ code: asCodedError(error).code }, 'lowest workload left out of a search result');
        return undefined;
      }
    },
    signal,
  );
}

function toResult(turn: ChatTurn, customer: Customer | RecentCustomer, lowest: Lowest | null | undefined, messages: Messages): SearchResult {
  const text =
    lowest === undefined
      ? undefined
      : lowest === null
        ? messages.messageExtension.noUsage
        : messages.messageExtension.lowest(plainText(lowest.workloadName), lowest.percent);
  return {
    // The inserter's own view comes by refresh; everyone else clicks for theirs, and nobody sees figures
    // their own Partner Center rights would not show them.
    card: buildSharedUsageCard(customer, messages, [turn.user.id]),
    preview: {
      title: previewText(customer.companyName),
      ...(customer.domain ? { subtitle: previewText(customer.domain) } : {}),
      ...(text ? { text: previewText(text) } : {}),
    },
  };
}

/** As many results as fit in the byte budget, in order (at least none: Teams then shows its empty list). */
function withinBytes(results: readonly SearchResult[], maxBytes: number): SearchResult[] {
  const kept: SearchResult[] = [];
  let bytes = 0;
  for (const result of results) {
    bytes += Buffer.byteLength(JSON.stringify(result));
    if (bytes > maxBytes) break;
    kept.push(result);
  }
  return kept;
}
