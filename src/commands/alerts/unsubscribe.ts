import type { CustomerId } from '../../core/customers/customer-id';
import { classifyCustomerQuery } from '../../core/customers/customer-query';
import {
  subscriptionFor,
  unsubscribeAll,
  unsubscribeCustomer,
  type ConversationAlerts,
} from '../../core/alerts/subscriptions';
import type { Messages } from '../../i18n';
import type { ChatTurn } from '../chat-turn';
import { shownName, type AlertsAnswer, type AlertsCommandDeps } from './alerts-deps';
import { partnerCenterContext } from '../partner-center-context';
import { customerRef, findCustomer, type CustomerRef } from './find-customer';

/** `alerts off`: every subscription of the conversation, whoever made it. */
export async function unsubscribeEverything(turn: ChatTurn, messages: Messages, deps: AlertsCommandDeps): Promise<AlertsAnswer> {
  let had = 0;
  await deps.subscriptions.update(turn.conversationId, (current) => {
    had = current.subscriptions.length;
    return unsubscribeAll(current);
  });
  turn.log.info({ removed: had }, 'alerts unsubscribed');
  return { kind: 'text', text: had > 0 ? messages.alerts.unsubscribed(null) : messages.alerts.nothingToUnsubscribe };
}

/**
 * `alerts off for <customer>`. The conversation's own subscriptions are looked at first (by id or
 * name), so turning off a customer needs no Partner Center call and works even when the customer is
 * gone from Partner Center; only a customer they do not name is looked up there.
 */
export async function unsubscribeFromCustomer(
  turn: ChatTurn,
  customerText: string,
  messages: Messages,
  signal: AbortSignal,
  deps: AlertsCommandDeps,
): Promise<AlertsAnswer> {
  const alerts = await deps.subscriptions.get(turn.conversationId);
  if (alerts.subscriptions.length === 0) return { kind: 'text', text: messages.alerts.nothingToUnsubscribe };

  let customer = subscribedCustomerNamed(alerts, customerText);
  if (!customer) {
    const resolution = await findCustomer(turn, customerText, await partnerCenterContext(turn, signal, deps), deps);
    if (resolution.kind === 'found') {
      customer = customerRef(resolution.customer);
    } else {
      const typed = shownName(resolution.query.value);
      if (resolution.kind === 'not-found') return { kind: 'text', text: messages.customerNotFound(typed, resolution.query.kind) };
      // A choice card's buttons would open usage cards, not turn anything off: ask for the name in full.
      return { kind: 'text', text: `${messages.customerChoice.title(typed, resolution.customers.length)}. ${messages.customerChoice.hint}` };
    }
  }
  const stopped = await stopAlertsAbout(turn, customer.id, deps);
  const name = shownName(customer.name);
  if (stopped === 'muted') return { kind: 'text', text: messages.alerts.muted(name) };
  return { kind: 'text', text: stopped === 'removed' ? messages.alerts.unsubscribed(name) : messages.alerts.nothingToUnsubscribe };
}

/** The "Mute" button of an alert card: no more alerts about this customer here, by any subscription. */
export async function muteCustomer(
  turn: ChatTurn,
  customer: CustomerRef,
  messages: Messages,
  deps: AlertsCommandDeps,
): Promise<AlertsAnswer> {
  const stopped = await stopAlertsAbout(turn, customer.id, deps);
  const name = shownName(customer.name);
  return { kind: 'text', text: stopped === 'nothing' ? messages.alerts.nothingToUnsubscribe : messages.alerts.muted(name) };
}

/** muted: the all-customers subscription leaves it out now; removed: its own subscription is gone. */
type Stopped = 'muted' | 'removed' | 'nothing';

async function stopAlertsAbout(turn: ChatTurn, customerId: CustomerId, deps: AlertsCommandDeps): Promise<Stopped> {
  let stopped: Stopped = 'nothing';
  await deps.subscriptions.update(turn.conversationId, (current) => {
    const own = subscriptionFor(current, customerId) !== undefined;
    stopped = subscriptionFor(current, null) ? 'muted' : own ? 'removed' : 'nothing';
    return unsubscribeCustomer(current, customerId);
  });
  turn.log.info({ customerId, stopped }, 'alerts about a customer stopped');
  return stopped;
}

/**
 * The subscribed customer the text names: its id, or its company name (in full, or the start of one
 * name only), as the subscription recorded it. Undefined when no subscription fits exactly one way.
 */
export function subscribedCustomerNamed(alerts: ConversationAlerts, customerText: string): CustomerRef | undefined {
  const query = classifyCustomerQuery(customerText);
  const subscribed = alerts.subscriptions.flatMap(({ customerId, customerName }): CustomerRef[] =>
    customerId === null ? [] : [{ id: customerId, name: customerName ?? customerId }],
  );
  if (query.kind === 'id') return subscribed.find((customer) => customer.id === query.value);
  const wanted = query.value.toLowerCase();
  const exact = subscribed.filter((customer) => customer.name.toLowerCase() === wanted);
  const starting = subscribed.filter((customer) => customer.name.toLowerCase().startsWith(wanted));
  if (exact.length === 1) return exact[0];
  return starting.length === 1 ? starting[0] : undefined;
}
