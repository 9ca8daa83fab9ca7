import { parseCommand } from '../core/commands/parse-command';
import { asCodedError, CodedError, ErrorCodes, SIGN_IN_CODES } from '../core/errors';
import { buildHelpCard } from '../cards/help-card';
import { messagesFor } from '../i18n';
import type { Messages } from '../i18n';
import { userKeyOf, type ChatTurn } from './chat-turn';
import type { PendingCommands } from './pending-commands';
import { handleThresholdCommand } from './threshold-command';
import { handleUsageCommand, type UsageCommandDeps } from './usage/usage-command';

export interface MessageHandlerDeps extends UsageCommandDeps {
  /** Every request is answered within this time, whatever Partner Center does. */
  requestDeadlineMs: number;
  pendingCommands: PendingCommands;
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
      if (SIGN_IN_CODES.has(error.code)) return offerSignIn(turn, error, messages, options.replay ? undefined : deps.pendingCommands);
      await turn.sendText(messages.error(error.code, turn.correlationId));
    }
  };
}

/**
 * The user must sign in (or again): remember what they asked so it runs by itself afterwards, say why
 * when it is not simply the first sign-in, and send the sign-in card.
 */
async function offerSignIn(turn: ChatTurn, error: CodedError, messages: Messages, pending: PendingCommands | undefined): Promise<void> {
  await pending?.remember(userKeyOf(turn), turn.text);
  if (error.code !== ErrorCodes.SignInRequired) await turn.sendText(messages.error(error.code));
  await turn.account.requestSignIn();
}

function logFailure(turn: ChatTurn, error: CodedError): void {
  const fields = { code: error.code, status: error.details.status, err: error.code === ErrorCodes.Internal ? error : undefined };
  // Expected failures (Partner Center refusals, sign-in needed) are the user's answer, not our bug.
  if (error.code === ErrorCodes.Internal) turn.log.error(fields, error.message);
  else turn.log.warn(fields, error.message);
}
