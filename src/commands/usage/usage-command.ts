import type { UsageApi } from '../../config/config';
import { analyseUsage } from '../../core/usage/analyse-usage';
import { buildCustomerChoiceCard } from '../../cards/customer-choice-card';
import { buildUsageCard } from '../../cards/usage-card';
import type { Messages } from '../../i18n';
import type { PartnerCenterTokenSource } from '../../identity/partner-center-token-source';
import type { PartnerCenter, PartnerCenterCallContext } from '../../partner-center/partner-center.port';
import type { ChatTurn } from '../chat-turn';
import type { ConversationSettingsStore } from '../conversation-settings';
import { loadUsage } from './load-usage';
import { resolveCustomer } from './resolve-customer';

export interface UsageCommandDeps {
  partnerCenter: PartnerCenter;
  tokens: PartnerCenterTokenSource;
  settings: ConversationSettingsStore;
  usageApi: UsageApi;
  /** The threshold of conversations that did not choose their own. */
  lowUsageThreshold: number;
}

/** `usage for <customer>`: find the customer, fetch its usage, answer with a card. */
export async function handleUsageCommand(
  turn: ChatTurn,
  customerText: string,
  messages: Messages,
  signal: AbortSignal,
  deps: UsageCommandDeps,
): Promise<void> {
  const accessToken = await deps.tokens.tokenFor(turn);
  await turn.sendTyping();
  const ctx: PartnerCenterCallContext = { accessToken, locale: turn.locale, correlationId: turn.correlationId, signal };

  const resolution = await resolveCustomer(deps.partnerCenter, customerText, ctx);
  if (resolution.kind === 'not-found') {
    turn.log.info({ queryKind: resolution.query.kind }, 'customer not found');
    await turn.sendText(messages.customerNotFound(resolution.query.value, resolution.query.kind));
    return;
  }
  if (resolution.kind === 'ambiguous') {
    turn.log.info({ queryKind: resolution.query.kind, matches: resolution.customers.length }, 'customer ambiguous');
    await turn.sendCard(buildCustomerChoiceCard(resolution.query.value, resolution.customers, messages));
    return;
  }

  const { customer } = resolution;
  const records = await loadUsage(deps.partnerCenter, deps.usageApi, customer, ctx);
  const { threshold = deps.lowUsageThreshold } = await deps.settings.get(turn.conversationId);
  const summary = analyseUsage({ customerId: customer.id, customerName: customer.companyName, records, threshold });
  turn.log.info({ customerId: customer.id, rows: records.length, low: summary.low.length }, 'usage answered');
  await turn.sendCard(buildUsageCard(summary, messages));
}
