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
import { tuneCustomer } from './tune';
import { buildTuningMenuCard } from '../../cards/alert-tuning-card';
import { MAX_SNOOZE_DAYS, type TuningChange } from '../../core/alerts/alert-tuning';
import { tuningCommandFor } from '../../core/commands/tuning-commands';
import { isThreshold } from '../../core/commands/command-text';

/** The buttons of the usage card ("Alert me"), the alert card ("Mute") and the paused card ("Sign in and resume"). */
const ALERT_VERBS = ['alerts.subscribe', 'alerts.mute', 'alerts.resume', 'alerts.tune', 'alerts.tune-menu'] as const;
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
  if (verb === 'alerts.tune') return tuningAction(data);
  if (verb === 'alerts.tune-menu') return tuningMenuAction(data);
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

// A tuning button's data: the customer as the card named it, and the change (alert-tuning-card.ts).
const tuningSchema = z.looseObject({
  customerId: z.guid(),
  customerName: z.string().min(1).max(200),
  kind: z.enum(['snooze', 'snooze-until', 'ignore', 'unignore', 'threshold']),
  days: z.number().int().min(1).max(MAX_SNOOZE_DAYS).optional(),
  until: z.iso.datetime().optional(),
  productName: z.string().min(1).max(200).optional(),
  threshold: z.union([z.number(), z.string()]).optional(),
  inputId: z.string().max(40).optional(),
  undoing: z.boolean().optional(),
});

/** Snooze, ignore, a customer's threshold, or Undo: needs no Partner Center call, the card names the customer. */
function tuningAction(data: unknown): AlertAction | undefined {
  const parsed = tuningSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  const customer = { id: value.customerId, name: value.customerName };
  let change: TuningChange | undefined;
  switch (value.kind) {
    case 'snooze':
      change = value.days === undefined ? undefined : { kind: 'snooze', days: value.days };
      break;
    case 'snooze-until':
      change = { kind: 'snooze-until', ...(value.until ? { until: value.until } : {}) };
      break;
    case 'ignore':
    case 'unignore':
      change = value.productName === undefined ? undefined : { kind: value.kind, productName: value.productName };
      break;
    case 'threshold': {
      // The threshold box's value arrives under its input id; an Undo carries the value itself.
      const typed = value.inputId !== undefined ? (data as Record<string, unknown>)[value.inputId] : value.threshold;
      if (typed === undefined || typed === '') {
        change = value.undoing ? { kind: 'threshold' } : undefined;
        if (!change) return { command: tuningCommandFor(customer.id, { kind: 'threshold' }), run: async (_turn, messages) => ({ kind: 'text', text: messages.tuning.invalidThreshold }) };
      } else {
        const threshold = Number(typed);
        if (!isThreshold(threshold)) return { command: tuningCommandFor(customer.id, { kind: 'threshold' }), run: async (_turn, messages) => ({ kind: 'text', text: messages.tuning.invalidThreshold }) };
        change = { kind: 'threshold', threshold };
      }
      break;
    }
  }
  if (!change) return undefined;
  const chosen = change;
  return {
    command: tuningCommandFor(customer.id, chosen),
    run: (turn, messages, _signal, deps) => tuneCustomer(turn, customer, chosen, value.undoing === true, messages, deps),
  };
}

const menuSchema = z.looseObject({ customerId: z.guid(), customerName: z.string().min(1).max(200), productName: z.string().min(1).max(200).optional() });

/** A digest line's Tune: the choices arrive as a card of their own; the digest keeps its place. */
function tuningMenuAction(data: unknown): AlertAction | undefined {
  const parsed = menuSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { customerId, customerName, productName } = parsed.data;
  return {
    command: `alerts tune ${productName ?? ''} for ${customerId}`.replace('  ', ' '),
    run: async (turn, messages) => {
      await turn.sendCard(buildTuningMenuCard({ id: customerId, name: customerName }, productName ? [productName] : [], messages));
      return { kind: 'text', text: messages.tuning.menuSent };
    },
  };
}
