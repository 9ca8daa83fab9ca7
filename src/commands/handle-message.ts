import { parseCommand } from '../core/commands/parse-command';
import { asCodedError } from '../core/errors';
import { buildHelpCard } from '../cards/help-card';
import { messagesFor } from '../i18n';
import type { AlertsCommandDeps } from './alerts/alerts-deps';
import { handleAlertsCommand } from './alerts/alerts-command';
import { clearableDeadlineOf, deadlineOf, type ChatTurn } from './chat-turn';
import { handleForgetCommand, type PersonalChatData } from './forget-command';
import { respondToFailure } from './failures';
import type { PendingCommands } from './pending-commands';
import { handleReportCommand, type ReportCommandDeps } from './report/report-command';
import { handleRenewalsCommand } from './renewals/renewals-command';
import { handleThresholdCommand } from './threshold-command';
import { handleUsageCommand } from './usage/usage-command';

export interface MessageHandlerDeps extends AlertsCommandDeps, ReportCommandDeps {
  /** Every request is answered within this time, whatever Partner Center does. */
  requestDeadlineMs: number;
  pendingCommands: PendingCommands;
  /** What `forget` deletes. */
  personalData: PersonalChatData;
}

export interface HandleOptions {
  /** The command is being replayed after a sign-in: if sign-in is needed again, say so but do not loop. */
  replay?: boolean;
}

export type MessageHandler = (turn: ChatTurn, options?: HandleOptions) => Promise<void>;

/**
 * The one entry point for chat messages: parse, run the command, and turn any failure into one sentence
 * in the user's language. Nothing thrown below here reaches the user as a stack trace or raw body.
 */
export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  return async (turn, options = {}) => {
    const messages = messagesFor(turn.locale);
    const command = parseCommand(turn.text);
    turn.log.debug({ command: command.kind }, 'command parsed');
    try {
      switch (command.kind) {
        case 'help':
          return await turn.sendCard(buildHelpCard(messages));
        case 'threshold':
          return await handleThresholdCommand(turn, command.value, messages, deps);
        case 'threshold-invalid':
          return await turn.sendText(messages.threshold.invalid());
        case 'sign-out': {
          const signedOut = await deps.tokens.signOut(turn);
          return await turn.sendText(signedOut ? messages.signIn.signedOut : messages.signIn.nothingToSignOut);
        }
        case 'forget':
          return await handleForgetCommand(turn, messages, deps);
        case 'usage-without-customer':
          return await turn.sendText(messages.missingCustomer());
        case 'unknown':
          return await turn.sendText(messages.unknownCommand());
        case 'usage': {
          // Everything the answer starts is awaited within it (nothing runs on in the background with its signal).
          const limit = clearableDeadlineOf(turn, deps.requestDeadlineMs);
          try {
            return await handleUsageCommand(turn, command.customerQuery, messages, limit.signal, deps);
          } finally {
            limit.clear();
          }
        }
        case 'report':
          return await handleReportCommand(turn, command.filter, messages, deadlineOf(turn, deps.requestDeadlineMs), deps);
        case 'report-invalid':
          return await turn.sendText(messages.report.invalid(command.reason));
        case 'renewals':
          return await handleRenewalsCommand(turn, command.withinDays, messages, deadlineOf(turn, deps.requestDeadlineMs), deps);
        case 'renewals-invalid':
          return await turn.sendText(messages.renewals.invalidDays());
        case 'alerts-on':
        case 'alerts-off':
        case 'alerts-list':
        case 'alerts-resume':
        case 'alerts-tune':
        case 'alerts-tune-menu':
        case 'alerts-invalid':
          return await handleAlertsCommand(turn, command, messages, deadlineOf(turn, deps.requestDeadlineMs), deps);
      }
    } catch (thrown) {
      await respondToFailure(turn, asCodedError(thrown), messages, {
        say: (text) => turn.sendText(text),
        // A replayed command that still needs sign-in is not remembered again: no sign-in loops.
        ...(options.replay ? {} : { pending: { store: deps.pendingCommands, command: turn.text } }),
      });
    }
  };
}
