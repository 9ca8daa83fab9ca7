import { z } from 'zod';
import { isThreshold, typedCommands } from '../core/commands/command-text';
import { asCodedError } from '../core/errors';
import { messagesFor } from '../i18n';
import { MAX_REFRESH_USERS, withUserSpecificRefresh } from '../cards/user-specific';
import { handleAlertCardAction, isAlertVerb } from './alerts/alert-card-actions';
import type { CardActionHandler } from './card-action-outcome';
import { deadlineOf, isShared } from './chat-turn';
import { failureReply } from './failures';
import type { MessageHandlerDeps } from './handle-message';
import { handleReportCardAction, isReportVerb } from './report/report-card-actions';
import { exportCardAction } from './export/export-card-action';
import { handleRenewalsCardAction, isRenewalsVerb } from './renewals/renewals-card-actions';
import { answerUsage } from './usage/usage-command';

const VERBS = ['usage.show', 'usage.refresh', 'usage.view', 'usage.threshold'] as const;

// Card data comes back from clients as they kept it: check it like any other input.
const usageActionData = z.looseObject({
  customerId: z.guid(),
  view: z.enum(['low', 'all']).optional(),
  /** What the user typed into the card's input (the threshold), as a string or a number. */
  argument: z.union([z.string(), z.number()]).optional(),
});

export function createCardActionHandler(deps: MessageHandlerDeps): CardActionHandler {
  return async (turn, verb, data) => {
    if (isAlertVerb(verb)) return handleAlertCardAction(turn, verb, data, deps);
    if (isReportVerb(verb)) return handleReportCardAction(turn, verb, data, deps);
    if (verb === 'export.csv') return exportCardAction(turn, data, deps);
    if (isRenewalsVerb(verb)) return handleRenewalsCardAction(turn, data, deps);
    if (typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) return { kind: 'invalid', reason: 'Unknown action.' };
    const parsed = usageActionData.safeParse(data);
    if (!parsed.success) return { kind: 'invalid', reason: 'The action carries no valid customer id.' };
    const { customerId, view, argument } = parsed.data;
    const messages = messagesFor(turn.locale);

    try {
      if (verb === 'usage.threshold') {
        const threshold = Number(argument);
        if (!isThreshold(threshold)) return { kind: 'message', text: messages.threshold.invalid() };
        await deps.settings.update(turn.conversationId, { threshold });
      }
      const answer = await answerUsage(
        turn,
        // The Refresh button reads Partner Center again; the others may use what this user read lately.
        { customerText: customerId, ...(view ? { view } : {}), ...(verb === 'usage.refresh' ? { fresh: true } : {}) },
        messages,
        deadlineOf(turn, deps.requestDeadlineMs),
        deps,
      );
      if (answer.kind === 'text') return { kind: 'message', text: answer.text };
      if (answer.kind === 'usage' && isShared(turn)) {
        // Keep the refresh, so this person's view stays theirs when Teams shows the card again.
        const members = await turn.memberIds(MAX_REFRESH_USERS);
        return { kind: 'card', card: withUserSpecificRefresh(answer.card, answer.customer.id, answer.view, members) };
      }
      return { kind: 'card', card: answer.card };
    } catch (thrown) {
      const pending = { store: deps.pendingCommands, command: typedCommands.usage(customerId) };
      return { kind: 'message', text: await failureReply(turn, asCodedError(thrown), messages, pending) };
    }
  };
}
