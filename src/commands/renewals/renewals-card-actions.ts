import { z } from 'zod';
import { withRenewalsRefresh } from '../../cards/renewals-card';
import { MAX_REFRESH_USERS } from '../../cards/user-specific';
import { typedCommands } from '../../core/commands/command-text';
import { MAX_RENEWAL_DAYS } from '../../core/commands/parse-renewals-command';
import { asCodedError } from '../../core/errors';
import { messagesFor } from '../../i18n';
import type { CardActionOutcome } from '../card-action-outcome';
import { deadlineOf, isShared, type ChatTurn } from '../chat-turn';
import { failureReply } from '../failures';
import type { MessageHandlerDeps } from '../handle-message';
import { answerRenewals } from './renewals-command';

const VERBS = ['renewals.refresh'] as const;

// Templating may hand the number back as text: both are read, and checked like any input.
const renewalsActionData = z.looseObject({ withinDays: z.coerce.number().int().min(1).max(MAX_RENEWAL_DAYS) });

export function isRenewalsVerb(verb: unknown): boolean {
  return typeof verb === 'string' && (VERBS as readonly string[]).includes(verb);
}

/** `renewals.refresh`: the clicking (or refreshed) user's own renewals replace the card. */
export async function handleRenewalsCardAction(turn: ChatTurn, data: unknown, deps: MessageHandlerDeps): Promise<CardActionOutcome> {
  const parsed = renewalsActionData.safeParse(data);
  if (!parsed.success) return { kind: 'invalid', reason: 'The action carries no valid number of days.' };
  const { withinDays } = parsed.data;
  const messages = messagesFor(turn.locale);
  try {
    const card = await answerRenewals(turn, withinDays, messages, deadlineOf(turn, deps.requestDeadlineMs), deps);
    return { kind: 'card', card: isShared(turn) ? withRenewalsRefresh(card, withinDays, await turn.memberIds(MAX_REFRESH_USERS)) : card };
  } catch (thrown) {
    const pending = { store: deps.pendingCommands, command: typedCommands.renewals(withinDays) };
    return { kind: 'message', text: await failureReply(turn, asCodedError(thrown), messages, pending) };
  }
}
