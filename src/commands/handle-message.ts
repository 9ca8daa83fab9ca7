import { parseCommand } from '../core/commands/parse-command';
import { asCodedError, CodedError, ErrorCodes } from '../core/errors';
import { buildHelpCard } from '../cards/help-card';
import { messagesFor } from '../i18n';
import type { ChatTurn } from './chat-turn';
import { handleUsageCommand, type UsageCommandDeps } from './usage/usage-command';

export interface MessageHandlerDeps extends UsageCommandDeps {
  /** Every request is answered within this time, whatever Partner Center does. */
  requestDeadlineMs: number;
}

export type MessageHandler = (turn: ChatTurn) => Promise<void>;

/**
 * The one entry point for chat messages: parse, run the command, and turn any failure into one sentence
 * in the user's language. Nothing thrown below here reaches the user as a stack trace or raw body.
 */
export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  return async (turn) => {
    const messages = messagesFor(turn.locale);
    const command = parseCommand(turn.text);
    turn.log.debug({ command: command.kind }, 'command parsed');
    try {
      switch (command.kind) {
        case 'help':
          return await turn.sendCard(buildHelpCard(messages));
        case 'usage-without-customer':
          return await turn.sendText(messages.missingCustomer());
        case 'unknown':
          return await turn.sendText(messages.unknownCommand());
        case 'usage':
          return await handleUsageCommand(turn, command.customerQuery, messages, AbortSignal.timeout(deps.requestDeadlineMs), deps);
      }
    } catch (thrown) {
      const error = asCodedError(thrown);
      logFailure(turn, error);
      await turn.sendText(messages.error(error.code, turn.correlationId));
    }
  };
}

function logFailure(turn: ChatTurn, error: CodedError): void {
  const fields = { code: error.code, status: error.details.status, err: error.code === ErrorCodes.Internal ? error : undefined };
  // Expected Partner Center failures are the user's answer, not our bug: warn, don't alarm.
  if (error.code === ErrorCodes.Internal) turn.log.error(fields, error.message);
  else turn.log.warn(fields, error.message);
}
