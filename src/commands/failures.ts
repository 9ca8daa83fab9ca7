import { ErrorCodes, SIGN_IN_CODES, type CodedError } from '../core/errors';
import type { Messages } from '../i18n';
import { userKeyOf, type ChatTurn } from './chat-turn';
import type { PendingCommands } from './pending-commands';

export interface FailureResponse {
  /** Where the one sentence for the user goes (the chat, or a card action's reply). */
  say(text: string): Promise<void>;
  /** Remembered to run by itself after a sign-in; unset when a sign-in must not replay anything. */
  pending?: { store: PendingCommands; command: string };
}

/**
 * Turns a failure into what the user sees: one sentence with a reference for support, or, when signing
 * in (again) fixes it, the sign-in card with the request remembered for afterwards.
 */
export async function respondToFailure(turn: ChatTurn, error: CodedError, messages: Messages, response: FailureResponse): Promise<void> {
  logFailure(turn, error);
  if (SIGN_IN_CODES.has(error.code)) {
    await response.pending?.store.remember(userKeyOf(turn), response.pending.command);
    // The sign-in card explains a first sign-in by itself; anything else needs its reason said.
    if (error.code !== ErrorCodes.SignInRequired) await response.say(messages.error(error.code));
    await turn.account.requestSignIn();
    return;
  }
  await response.say(messages.error(error.code, turn.correlationId));
}

/**
 * A failure as the one sentence a card action answers with. When signing in fixes it, the sign-in card
 * is sent by itself and `pending` runs after it; the sentence then says a sign-in is needed.
 */
export async function failureReply(
  turn: ChatTurn,
  error: CodedError,
  messages: Messages,
  /** What runs by itself after the sign-in; none when the action cannot be replayed as a command. */
  pending?: FailureResponse['pending'],
): Promise<string> {
  let said: string | undefined;
  await respondToFailure(turn, error, messages, {
    say: async (text) => {
      said = text;
    },
    ...(pending ? { pending } : {}),
  });
  return said ?? messages.error(ErrorCodes.SignInRequired);
}

function logFailure(turn: ChatTurn, error: CodedError): void {
  const fields = { code: error.code, status: error.details.status, err: error.code === ErrorCodes.Internal ? error : undefined };
  // Expected failures (Partner Center refusals, sign-in needed) are the user's answer, not our bug.
  if (error.code === ErrorCodes.Internal) turn.log.error(fields, error.message);
  else turn.log.warn(fields, error.message);
}
