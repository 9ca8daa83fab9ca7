import { buildCustomerChoiceCard } from '../../cards/customer-choice-card';
import { resume, subscribe, subscriptionFor } from '../../core/alerts/subscriptions';
import type { Messages } from '../../i18n';
import { isShared, type ChatTurn } from '../chat-turn';
import { conversationThreshold } from '../../settings/conversation-settings';
import { shownName, subscriberOf, type AlertsAnswer, type AlertsCommandDeps } from './alerts-deps';
import { partnerCenterContext } from '../partner-center-context';
import { customerRef, findCustomer, type CustomerRef } from './find-customer';

export interface SubscribeTarget {
  /** A customer id, domain or (start of a) company name; undefined for every customer the asker can see. */
  customerText?: string;
  /** Percent, 1–99; undefined follows the conversation's threshold at each pass. */
  threshold?: number;
}

/**
 * `alerts on [for <customer>] [below <n>%]`, and the usage card's "Alert me" button. Nothing is stored
 * unless the asker has Partner Center access now and the customer is found, and found only once.
 */
export async function subscribeConversation(
  turn: ChatTurn,
  target: SubscribeTarget,
  messages: Messages,
  signal: AbortSignal,
  deps: AlertsCommandDeps,
): Promise<AlertsAnswer> {
  // Asked for first, even for all customers: a sign-in happens now, while the person is here, not at the first pass.
  const ctx = await partnerCenterContext(turn, signal, deps);

  let customer: CustomerRef | null = null;
  if (target.customerText !== undefined) {
    const resolution = await findCustomer(turn, target.customerText, ctx, deps);
    if (resolution.kind === 'not-found') {
      return { kind: 'text', text: messages.customerNotFound(shownName(resolution.query.value), resolution.query.kind) };
    }
    // Each choice opens that customer's usage card, whose "Alert me" button subscribes unambiguously.
    if (resolution.kind === 'ambiguous') return { kind: 'card', card: buildCustomerChoiceCard(resolution.query.value, resolution.customers, messages) };
    customer = customerRef(resolution.customer);
  }

  const subscriber = subscriberOf(turn);
  const clock = deps.clock ?? (() => new Date());
  let wasActive = false;
  await deps.subscriptions.update(turn.conversationId, (current) => {
    wasActive = subscriptionFor(current, customer?.id ?? null)?.status === 'active';
    const subscribed = subscribe(current, {
      customerId: customer?.id ?? null,
      customerName: customer?.name ?? null,
      threshold: target.threshold ?? null,
      subscriber,
      at: clock().toISOString(),
    });
    // Signing in just now proves the asker's access works again: their paused subscriptions here resume too.
    return resume(subscribed, subscriber);
  });
  turn.log.info({ customerId: customer?.id ?? 'all', threshold: target.threshold ?? 'conversation', renewed: wasActive }, 'alerts subscribed');

  const follows = target.threshold === undefined;
  const threshold = target.threshold ?? (await conversationThreshold(turn, deps));
  const name = customer ? shownName(customer.name) : null;
  const reply = wasActive ? messages.alerts.updated(name, threshold, follows) : messages.alerts.subscribed(name, threshold, follows);
  // In a channel or group chat the alerts carry the subscriber's figures to everyone there.
  return { kind: 'text', text: isShared(turn) ? `${reply}\n\n${messages.alerts.sharedNotice}` : reply };
}
