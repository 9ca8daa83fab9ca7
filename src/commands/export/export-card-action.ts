import { asCodedError } from '../../core/errors';
import { messagesFor } from '../../i18n';
import type { CardActionOutcome } from '../card-action-outcome';
import { deadlineOf, type ChatTurn } from '../chat-turn';
import { failureReply, respondToFailure } from '../failures';
import type { MessageHandlerDeps } from '../handle-message';
import { acceptExport, offerExport } from './export-command';

/** "Download as CSV": a failure (sign-in, Partner Center) is one sentence, as for every button. */
export async function exportCardAction(turn: ChatTurn, data: unknown, deps: MessageHandlerDeps): Promise<CardActionOutcome> {
  const messages = messagesFor(turn.locale);
  try {
    return await offerExport(turn, data, messages, deadlineOf(turn, deps.requestDeadlineMs), deps);
  } catch (thrown) {
    // No typed command stands for a file offer, so nothing runs by itself after a sign-in: the user clicks
    // the button again (replaying `help` instead answered with a card nobody asked for).
    return { kind: 'message', text: await failureReply(turn, asCodedError(thrown), messages) };
  }
}

/** The user's answer to a consent card. Declined: nothing more is said. */
export function createFileConsentHandler(deps: MessageHandlerDeps) {
  return async (turn: ChatTurn, answer: { action?: unknown; context?: unknown; uploadInfo?: unknown }): Promise<void> => {
    if (answer.action !== 'accept') {
      turn.log.info('file declined');
      return;
    }
    const messages = messagesFor(turn.locale);
    const uploadInfo = (typeof answer.uploadInfo === 'object' && answer.uploadInfo !== null ? answer.uploadInfo : {}) as Record<string, unknown>;
    const text = (key: string) => (typeof uploadInfo[key] === 'string' ? (uploadInfo[key] as string) : undefined);
    try {
      await acceptExport(
        turn,
        answer.context,
        { ...optional('name', text('name')), ...optional('uploadUrl', text('uploadUrl')), ...optional('contentUrl', text('contentUrl')), ...optional('uniqueId', text('uniqueId')), ...optional('fileType', text('fileType')) },
        messages,
        deadlineOf(turn, deps.requestDeadlineMs),
        deps,
      );
    } catch (thrown) {
      await respondToFailure(turn, asCodedError(thrown), messages, { say: (said) => turn.sendText(said) });
    }
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
