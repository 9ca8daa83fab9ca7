import { z } from 'zod';
import { subscriptionFor } from '../../core/alerts/subscriptions';
import { asCodedError, ErrorCodes } from '../../core/errors';
import { messagesFor } from '../../i18n';
import type { CardActionOutcome } from '../card-actions';
import type { ChatTurn } from '../chat-turn';
import { respondToFailure } from '../failures';
import type { PendingCommands } from '../pending-commands';
import type { AlertsAnswer, AlertsCommandDeps } from './alerts-deps';
import { partnerCenterContext } from './find-customer';
import { resumeAlerts } from './resume';
import { subscribeConversation } from './subscribe';
import { muteCustomer } from './unsubscribe';

/** The buttons of the usage card ("Alert me"), the alert card ("Mute") and the paused card ("Sign in and resume"). */
export const ALERT_VERBS = ['alerts.subscribe', 'alerts.mute', 'alerts.resume'] as const;
export type AlertVerb = (typeof ALERT_VERBS)[number];

export function isAlertVerb(verb: unknown): verb is AlertVerb {
  return typeof verb === 'string' && (ALERT_VERBS as readonly string[]).includes(verb);
}

// Card data comes back from clients as they kept it: check it like any other input.
const customerData = z.looseObject({ customerId: z.guid() });

export interface AlertCardActionDeps extends AlertsCommandDeps {
  requestDeadlineMs: number;
  pendingCommands: PendingCommands;
}

/**
 * Answers an alert button with one short message; Teams keeps the card and shows the message. A button
 * that needs a sign-in shows the sign-in card and runs again, as the typed command, once signed in.
 */
export async function handleAlertCardAction(turn: ChatTurn, verb: AlertVerb, data: unknown, deps: AlertCardActionDeps): Promise<CardActionOutcome> {
  const messages = messagesFor(turn.locale);
  let customerId: string | undefined;
  if (verb !== 'alerts.resume') {
    const parsed = customerData.safeParse(data);
    if (!parsed.success) return { kind: 'invalid', reason: 'The action carries no valid customer id.' };
    customerId = parsed.data.customerId;
  }
  // The typed command the button stands for: what runs after a sign-in.
  const command = verb === 'alerts.subscribe' ? `alerts on for ${customerId}` : verb === 'alerts.mute' ? `alerts off for ${customerId}` : 'alerts resume';

  let said: string | undefined;
  try {
    const signal = AbortSignal.timeout(deps.requestDeadlineMs);
    const answer = await (verb === 'alerts.subscribe'
      ? subscribeConversation(turn, { customerText: customerId! }, messages, signal, deps)
      : verb === 'alerts.mute'
        ? muteCustomer(turn, await mutedCustomer(turn, customerId!, signal, deps), messages, deps)
        : resumeAlerts(turn, messages, signal, deps));
    return asOutcome(answer);
  } catch (thrown) {
    await respondToFailure(turn, asCodedError(thrown), messages, {
      say: async (text) => {
        said = text;
      },
      pending: { store: deps.pendingCommands, command },
    });
    return { kind: 'message', text: said ?? messages.error(ErrorCodes.SignInRequired) };
  }
}

/**
 * The customer's name for the reply: as the conversation's subscription recorded it, else as Partner
 * Center has it. Muting needs no sign-in, so when Partner Center cannot be asked, the id stands in.
 */
async function mutedCustomer(turn: ChatTurn, customerId: string, signal: AbortSignal, deps: AlertsCommandDeps): Promise<{ id: string; name: string }> {
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
