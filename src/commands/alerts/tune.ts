import { buildTunedCard, buildTuningMenuCard, type TunedCustomer } from '../../cards/alert-tuning-card';
import { applyTuning, type TuningChange } from '../../core/alerts/alert-tuning';
import { CodedError, ErrorCodes } from '../../core/errors';
import type { Messages } from '../../i18n';
import type { ChatTurn } from '../chat-turn';
import { partnerCenterContext } from '../partner-center-context';
import { shownName, type AlertsAnswer, type AlertsCommandDeps } from './alerts-deps';
import { customerRef, findCustomer } from './find-customer';
import { buildCustomerChoiceCard } from '../../cards/customer-choice-card';

/**
 * Applies a snooze, an ignored product or a customer threshold for the whole conversation, and answers
 * with the card that says what changed and offers Undo. `undoing`: this is the Undo itself.
 */
export async function tuneCustomer(turn: ChatTurn, customer: TunedCustomer, change: TuningChange, undoing: boolean, messages: Messages, deps: AlertsCommandDeps): Promise<AlertsAnswer> {
  if (!deps.tuning) throw new CodedError(ErrorCodes.Internal, 'Alert tuning has no store');
  const now = (deps.clock ?? (() => new Date()))();
  const result = await deps.tuning.update(turn.conversationId, (current) => {
    const applied = applyTuning(current, { id: customer.id, name: customer.name }, change, now);
    return { tuning: applied.tuning, result: applied };
  });
  turn.log.info({ customerId: customer.id, change: change.kind, undoing }, 'alerts tuned');
  return { kind: 'card', card: buildTunedCard(customer, change, result.entry, undoing ? undefined : result.undo, messages) };
}

/** `alerts tune [<product>] for <customer>`: the tuning choices as a card. */
export async function tuningMenuFor(turn: ChatTurn, customerQuery: string, productName: string | undefined, messages: Messages, signal: AbortSignal, deps: AlertsCommandDeps): Promise<AlertsAnswer> {
  const resolution = await findCustomer(turn, customerQuery, await partnerCenterContext(turn, signal, deps), deps);
  if (resolution.kind === 'not-found') return { kind: 'text', text: messages.customerNotFound(shownName(resolution.query.value), resolution.query.kind) };
  if (resolution.kind === 'ambiguous') return { kind: 'card', card: buildCustomerChoiceCard(resolution.query.value, resolution.customers, messages) };
  return { kind: 'card', card: buildTuningMenuCard(customerRef(resolution.customer), productName ? [productName] : [], messages) };
}

/** The typed command (or a tuning button's fallback): the customer is found with the asker's own rights. */
export async function tuneTypedCustomer(turn: ChatTurn, customerQuery: string, change: TuningChange, messages: Messages, signal: AbortSignal, deps: AlertsCommandDeps): Promise<AlertsAnswer> {
  const resolution = await findCustomer(turn, customerQuery, await partnerCenterContext(turn, signal, deps), deps);
  if (resolution.kind === 'not-found') return { kind: 'text', text: messages.customerNotFound(shownName(resolution.query.value), resolution.query.kind) };
  if (resolution.kind === 'ambiguous') return { kind: 'card', card: buildCustomerChoiceCard(resolution.query.value, resolution.customers, messages) };
  return tuneCustomer(turn, customerRef(resolution.customer), change, false, messages, deps);
}
