import { reportFilterFrom } from '../../cards/report-filter-data';
import { withReportRefresh } from '../../cards/report-card';
import { MAX_REFRESH_USERS } from '../../cards/user-specific';
import { reportCommandText } from '../../core/report/report-filter';
import { asCodedError } from '../../core/errors';
import { messagesFor } from '../../i18n';
import type { CardActionOutcome } from '../card-action-outcome';
import { deadlineOf, isShared, type ChatTurn } from '../chat-turn';
import { failureReply } from '../failures';
import type { MessageHandlerDeps } from '../handle-message';
import { answerReport } from './report-command';

const REPORT_VERBS = ['report.refresh'] as const;
export type ReportVerb = (typeof REPORT_VERBS)[number];

export function isReportVerb(verb: unknown): verb is ReportVerb {
  return typeof verb === 'string' && (REPORT_VERBS as readonly string[]).includes(verb);
}

/**
 * The report card's Refresh, and Teams' automatic refresh of the figure-free card in a channel or
 * group chat: the clicking (or viewing) person's own report replaces the card, for them alone.
 */
export async function handleReportCardAction(turn: ChatTurn, _verb: ReportVerb, data: unknown, deps: MessageHandlerDeps): Promise<CardActionOutcome> {
  const filter = reportFilterFrom(data);
  if (!filter) return { kind: 'invalid', reason: 'The action carries no valid report.' };
  const messages = messagesFor(turn.locale);
  try {
    const answer = await answerReport(turn, filter, messages, deadlineOf(turn, deps.requestDeadlineMs), deps);
    if (answer.kind === 'text') return { kind: 'message', text: answer.text };
    // Keep the refresh, so this person's view stays theirs when Teams shows the card again.
    if (isShared(turn)) return { kind: 'card', card: withReportRefresh(answer.card, filter, await turn.memberIds(MAX_REFRESH_USERS)) };
    return { kind: 'card', card: answer.card };
  } catch (thrown) {
    const pending = { store: deps.pendingCommands, command: reportCommandText(filter) };
    return { kind: 'message', text: await failureReply(turn, asCodedError(thrown), messages, pending) };
  }
}
