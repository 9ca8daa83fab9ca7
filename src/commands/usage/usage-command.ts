import type { UsageApi } from '../../config/config';
import { analyseUsage } from '../../core/usage/analyse-usage';
import { buildCustomerChoiceCard } from '../../cards/customer-choice-card';
import { escapeMarkdown, type SafeMarkdown } from '../../cards/escape-markdown';
import { MAX_NAME_LENGTH, type AdaptiveCard } from '../../cards/adaptive-card';
import { buildUsageCard, type UsageView } from '../../cards/usage-card';
import { buildSharedUsageCard, MAX_REFRESH_USERS } from '../../cards/user-specific';
import type { Customer } from '../../core/customers/customer';
import type { Messages } from '../../i18n';
import type { PartnerCenterTokenSource } from '../../identity/partner-center-token-source';
import type { PartnerCenter, PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import type { CustomerDirectory } from '../../usage/customer-directory';
import type { UsageCache } from '../../usage/usage-cache';
import { funnelViewOf, loadBought } from '../../renewals/load-bought';
import { isShared, userKeyOf, type ChatTurn } from '../chat-turn';
import { conversationThreshold, type ConversationSettingsStore } from '../../settings/conversation-settings';
import { partnerCenterContext } from '../partner-center-context';
import type { UsageHistoryStore } from '../../usage/usage-history';
import type { RecentCustomers } from '../recent-customers';
import { loadUsage } from '../../usage/load-usage';
import { resolveCustomer } from '../../usage/resolve-customer';
import { DEFAULT_TYPING_INDICATOR, withTypingIndicator, type TypingIndicatorOptions } from './typing-indicator';

// As long as the customer choice card repeats it.
const MAX_QUERY_LENGTH = 100;

export interface UsageCommandDeps {
  partnerCenter: PartnerCenter;
  tokens: PartnerCenterTokenSource;
  settings: ConversationSettingsStore;
  usageApi: UsageApi;
  /** The threshold of conversations that did not choose their own. */
  lowUsageThreshold: number;
  /** When "…is typing" is shown; by default once an answer takes over a second. */
  typingIndicator?: TypingIndicatorOptions;
  /** Each user's customer list, so names resolve without a search; without it every name is searched. */
  directory?: CustomerDirectory;
  /** Usage each user read lately (USAGE_CACHE_SECONDS); without it every answer reads Partner Center. */
  usageCache?: UsageCache;

  /** Every usage read records a snapshot; the card shows the trend from it. */
  history?: UsageHistoryStore;
  /** Where a typed request's customer is remembered for the message extension's first list. */
  recentCustomers?: RecentCustomers;
  /** Today, for renewal dates and "read at" on the card; the wall clock unless told. */
  clock?: () => Date;
}

/** What a usage request comes to: a customer's usage card, a card to choose the customer, or one sentence. */
export type UsageAnswer =
  | { kind: 'usage'; card: AdaptiveCard; customer: Customer; view: UsageView }
  | { kind: 'card'; card: AdaptiveCard }
  | { kind: 'text'; text: string };

export interface UsageRequest {
  /** A customer id, domain or (start of a) company name, as the user gave it. */
  customerText: string;
  /** Healthy workloads shown, or behind their toggle (the default). */
  view?: UsageView;
  /** Read Partner Center again even if this user read the customer's usage lately (the Refresh button). */
  fresh?: boolean;
}

/** `usage for <customer>` typed in chat: answer in the conversation, showing that we are working if it takes a while. */
export async function handleUsageCommand(
  turn: ChatTurn,
  customerText: string,
  messages: Messages,
  signal: AbortSignal,
  deps: UsageCommandDeps,
): Promise<void> {
  const answer = await withTypingIndicator(turn, deps.typingIndicator ?? DEFAULT_TYPING_INDICATOR, () =>
    isShared(turn) ? answerShared(turn, customerText, messages, signal, deps) : answerUsage(turn, { customerText }, messages, signal, deps),
  );
  if (answer.kind === 'usage') await rememberAsked(turn, answer.customer, deps);
  return answer.kind === 'text' ? turn.sendText(answer.text) : turn.sendCard(answer.card);
}

/** A convenience for the message extension: failing to remember must not fail the answer. */
async function rememberAsked(turn: ChatTurn, customer: Customer, deps: UsageCommandDeps): Promise<void> {
  await deps.recentCustomers?.remember(userKeyOf(turn), customer).catch((error: unknown) => turn.log.warn({ err: error }, 'could not remember the recent customer'));
}

/**
 * In a channel or group chat the asker's figures are theirs: everyone, the asker included, gets their
 * own view through the card's refresh. So only the customer is looked up here; reading its usage now
 * would be a Partner Center call whose answer nobody sees.
 */
async function answerShared(
  turn: ChatTurn,
  customerText: string,
  messages: Messages,
  signal: AbortSignal,
  deps: UsageCommandDeps,
): Promise<Exclude<UsageAnswer, { kind: 'usage' }>> {
  const found = await findCustomer(turn, customerText, messages, await partnerCenterContext(turn, signal, deps), deps);
  if (found.kind !== 'found') return found;
  await rememberAsked(turn, found.customer, deps);
  return { kind: 'card', card: buildSharedUsageCard(found.customer, messages, await turn.memberIds(MAX_REFRESH_USERS)) };
}

/**
 * Finds the customer and builds the answer with the asking user's own Partner Center access. Shared by
 * typed commands and card buttons (which replace their card with the answer).
 */
export async function answerUsage(
  turn: ChatTurn,
  request: UsageRequest,
  messages: Messages,
  signal: AbortSignal,
  deps: UsageCommandDeps,
): Promise<UsageAnswer> {
  const ctx = await partnerCenterContext(turn, signal, deps);
  const found = await findCustomer(turn, request.customerText, messages, ctx, deps);
  if (found.kind !== 'found') return found;

  const { customer } = found;
  void turn.progress(messages.progress.readingUsage(escapeMarkdown(customer.companyName, { maxLength: MAX_NAME_LENGTH })));
  const userKey = userKeyOf(turn);
  const cached = request.fresh ? undefined : deps.usageCache?.get(userKey, customer.id);
  const clock = deps.clock ?? (() => new Date());
  // What was bought is read beside the usage: a part it cannot read is said on the card, never a failure.
  const [usage, bought] = await Promise.all([
    cached ?? loadUsage(deps.partnerCenter, deps.usageApi, customer, ctx).then((rows) => ({ records: rows, readAt: clock() })),
    cached?.bought ?? loadBought(deps.partnerCenter, customer.id, ctx, turn.log),
  ]);
  // A part that failed for a passing reason is asked again next time; "no access" holds like the usage.
  const boughtToKeep = bought.missing.some((part) => part.reason === 'unavailable') ? undefined : bought;
  if (!cached) deps.usageCache?.set(userKey, customer.id, usage.records, usage.readAt, boughtToKeep);
  const { records, readAt } = usage;
  const threshold = await conversationThreshold(turn, deps);
  const summary = analyseUsage({ customerId: customer.id, customerName: customer.companyName, records, threshold });
  turn.log.info(
    { customerId: customer.id, rows: records.length, low: summary.low.length, missing: bought.missing.length, cached: cached !== undefined },
    'usage answered',
  );
  const view = request.view ?? 'low';
  const funnel = funnelViewOf(summary, bought, clock());
  const history = await deps.history?.record(summary);
  return { kind: 'usage', card: buildUsageCard(summary, messages, { view, funnel, readAt, ...(history ? { history } : {}) }), customer, view };
}

/** The customer the user meant; when there is none or several, what to say instead. */
async function findCustomer(
  turn: ChatTurn,
  customerText: string,
  messages: Messages,
  ctx: PartnerCenterCallContext,
  deps: Pick<UsageCommandDeps, 'partnerCenter' | 'directory'>,
): Promise<{ kind: 'found'; customer: Customer } | Exclude<UsageAnswer, { kind: 'usage' }>> {
  // Shown only if the answer turns out slow (streamed in a personal chat, typing elsewhere).
  void turn.progress(messages.progress.lookingUp(escapeMarkdown(customerText, { maxLength: MAX_NAME_LENGTH })));
  const resolution = await resolveCustomer(deps.partnerCenter, customerText, ctx, deps.directory?.customersOf(userKeyOf(turn), ctx));
  if (resolution.kind === 'not-found') {
    turn.log.info({ queryKind: resolution.query.kind }, 'customer not found');
    return { kind: 'text', text: messages.customerNotFound(shownQuery(resolution.query.value), resolution.query.kind) };
  }
  if (resolution.kind === 'ambiguous') {
    turn.log.info({ queryKind: resolution.query.kind, matches: resolution.customers.length }, 'customer ambiguous');
    return { kind: 'card', card: buildCustomerChoiceCard(resolution.query.value, resolution.customers, messages) };
  }
  return { kind: 'found', customer: resolution.customer };
}

/** What the user typed, repeated in a markdown reply: literal (never a link or mention), and not at any length. */
function shownQuery(text: string): SafeMarkdown {
  return escapeMarkdown(text, { maxLength: MAX_QUERY_LENGTH });
}
