import { z } from 'zod';
import { subscriptionFor } from '../../core/alerts/subscriptions';
import { typedCommands } from '../../core/commands/command-text';
import { customerId, type CustomerId } from '../../core/customers/customer-id';
import { asCodedError } from '../../core/errors';
import { messagesFor, type Messages } from '../../i18n';
import type { CardActionOutcome } from '../card-action-outcome';
import { deadlineOf, type ChatTurn } from '../chat-turn';
import { failureReply } from '../failures';
import type { MessageHandlerDeps } from '../handle-message';
import { partnerCenterContext } from '../partner-center-context';
import type { AlertsAnswer, AlertsCommandDeps } from './alerts-deps';
import type { CustomerRef } from './find-customer';
import { resumeAlerts } from './resume';
import { subscribeConversation } from './subscribe';
import { muteCustomer } from './unsubscribe';

/** The buttons of the usage card ("Alert me"), the alert card ("Mute") and the paused card ("Sign in and resume"). */
const ALERT_VERBS = ['alerts.subscribe', 'alerts.mute', 'alerts.resume'] as const;
export type AlertVerb = (typeof ALERT_VERBS)[number];

export function isAlertVerb(verb: unknown): verb is AlertVerb {
  return typeof verb === 'string' && (ALERT_VERBS as readonly string[]).includes(verb);
}

// Card data comes back from clients as they kept it: check it like any other input.
const customerData = z.looseObject({ customerId: z.guid().transform(customerId) });

/**
 * Answers an alert button with one short message; Teams keeps the card and shows the message. A button
 * that needs a sign-in shows the sign-in card and runs again, as the typed command, once signed in.
 */
export async function handleAlertCardAction(turn: ChatTurn, verb: AlertVerb, data: unknown, deps: MessageHandlerDeps): Promise<CardActionOutcome> {
  const action = alertAction(verb, data);
  if (!action) return { kind: 'invalid', reason: 'The action carries no valid customer id.' };
  const messages = messagesFor(turn.locale);
  try {
    return asOutcome(await action.run(turn, messages, deadlineOf(turn, deps.requestDeadlineMs), deps));
  } catch (thrown) {
    const pending = { store: deps.pendingCommands, command: action.command };
    return { kind: 'message', text: await failureReply(turn, asCodedError(thrown), messages, pending) };
  }
}

interface AlertAction {
  /** The typed command the button stands for: what runs by itself after a sign-in. */
  command: string;
  run(turn: ChatTurn, messages: Messages, signal: AbortSignal, deps: AlertsCommandDeps): Promise<AlertsAnswer>;
}

/** What a button does; undefined when a button about a customer carries no valid customer id. */
function alertAction(verb: AlertVerb, data: unknown): AlertAction | undefined {
  if (verb === 'alerts.resume') return { command: typedCommands.alertsResume, run: resumeAlerts };
  const parsed = customerData.safeParse(data);
  if (!parsed.success) return undefined;
  const { customerId } = parsed.data;
  if (verb === 'alerts.subscribe') {
    return {
      command: typedCommands.alertsOn(customerId),
      run: (turn, messages, signal, deps) => subscribeConversation(turn, { customerText: customerId }, messages, signal, deps),
    };
  }
  return {
    command: typedCommands.alertsOff(customerId),
    run: async (turn, messages, signal, deps) => muteCustomer(turn, await mutedCustomer(turn, customerId, signal, deps), messages, deps),
  };
}

/**
 * The customer's name for the reply: as the conversation's subscription recorded it, else as Partner
 * Center has it. Muting needs no sign-in, so when Partner Center cannot be asked, the id stands in.
 */
async function mutedCustomer(turn: ChatTurn, customerId: CustomerId, signal: AbortSignal, deps: AlertsCommandDeps): Promise<CustomerRef> {
  const own = subscriptionFor(await deps.subscriptions.get(turn.conversationId), customerId);
  if (own?.customerName) return { id: customerId, name: own.customerName };
  try {
    const customer = await deps.partnerCenter.getCustomer(customerId, await partnerCenterContext(turn, signal, deps));
    return { id: customerId, name: customer?.companyName ?? customerId };
  } catch (error) {
    turn.log.info({ code: asCodedError(error).code }, 'muted customer named by id: Partner Center not asked');
    return { id: customerId, name: customerId };
  }
}

function asOutcome(answer: AlertsAnswer): CardActionOutcome {
  return answer.kind === 'text' ? { kind: 'message', text: answer.text } : { kind: 'card', card: answer.card };
}
