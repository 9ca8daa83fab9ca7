import type { AlertsCommand, AlertsInvalidReason } from '../../core/commands/command';
import type { Messages } from '../../i18n';
import type { ChatTurn } from '../chat-turn';
import type { AlertsAnswer, AlertsCommandDeps } from './alerts-deps';
import { listAlerts } from './list';
import { resumeAlerts } from './resume';
import { subscribeConversation } from './subscribe';
import { tuneTypedCustomer, tuningMenuFor } from './tune';
import { unsubscribeEverything, unsubscribeFromCustomer } from './unsubscribe';

/** Runs a typed `alerts …` command and answers in the conversation. Failures are the caller's to explain. */
export async function handleAlertsCommand(
  turn: ChatTurn,
  command: AlertsCommand,
  messages: Messages,
  signal: AbortSignal,
  deps: AlertsCommandDeps,
): Promise<void> {
  const answer = await answerAlertsCommand(turn, command, messages, signal, deps);
  if (answer.kind === 'card') return turn.sendCard(answer.card);
  return turn.sendText(answer.text);
}

async function answerAlertsCommand(
  turn: ChatTurn,
  command: AlertsCommand,
  messages: Messages,
  signal: AbortSignal,
  deps: AlertsCommandDeps,
): Promise<AlertsAnswer> {
  switch (command.kind) {
    case 'alerts-on':
      return subscribeConversation(
        turn,
        {
          ...(command.customerQuery !== undefined ? { customerText: command.customerQuery } : {}),
          ...(command.threshold !== undefined ? { threshold: command.threshold } : {}),
        },
        messages,
        signal,
        deps,
      );
    case 'alerts-off':
      return command.customerQuery === undefined
        ? unsubscribeEverything(turn, messages, deps)
        : unsubscribeFromCustomer(turn, command.customerQuery, messages, signal, deps);
    case 'alerts-list':
      return listAlerts(turn, messages, deps);
    case 'alerts-resume':
      return resumeAlerts(turn, messages, signal, deps);
    case 'alerts-tune':
      return tuneTypedCustomer(turn, command.customerQuery, command.change, messages, signal, deps);
    case 'alerts-tune-menu':
      return tuningMenuFor(turn, command.customerQuery, command.productName, messages, signal, deps);
    case 'alerts-invalid':
      return { kind: 'text', text: invalidText(command.reason, messages) };
  }
}

function invalidText(reason: AlertsInvalidReason, messages: Messages): string {
  switch (reason) {
    case 'threshold':
      return messages.alerts.invalidThreshold();
    case 'missing-customer':
      return messages.alerts.missingCustomer();
    case 'words':
      return messages.alerts.invalid();
  }
}
