import { buildAlertListCard } from '../../cards/alert-list-card';
import { activeTuning } from '../../core/alerts/alert-tuning';
import type { Messages } from '../../i18n';
import type { ChatTurn } from '../chat-turn';
import { conversationThreshold } from '../../settings/conversation-settings';
import type { AlertsAnswer, AlertsCommandDeps } from './alerts-deps';

/** `alerts`: the conversation's subscriptions as a card; reading them needs no sign-in. */
export async function listAlerts(turn: ChatTurn, messages: Messages, deps: AlertsCommandDeps): Promise<AlertsAnswer> {
  const alerts = await deps.subscriptions.get(turn.conversationId);
  if (alerts.subscriptions.length === 0) return { kind: 'text', text: messages.alerts.listEmpty };
  const tuning = deps.tuning ? activeTuning(await deps.tuning.get(turn.conversationId), (deps.clock ?? (() => new Date()))()) : [];
  return { kind: 'card', card: buildAlertListCard(alerts, await conversationThreshold(turn, deps), messages, { tuning }) };
}
