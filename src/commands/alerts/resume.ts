import { pausedSubscriptionsOf, resume } from '../../core/alerts/subscriptions';
import type { Messages } from '../../i18n';
import type { ChatTurn } from '../chat-turn';
import { subscriberOf, type AlertsAnswer, type AlertsCommandDeps } from './alerts-deps';
import { partnerCenterContext } from '../partner-center-context';

/**
 * `alerts resume`, and the paused card's "Sign in and resume" button: the asker signs in (again) first,
 * then their subscriptions here that a failed sign-in paused are read again from the next pass.
 */
export async function resumeAlerts(turn: ChatTurn, messages: Messages, signal: AbortSignal, deps: AlertsCommandDeps): Promise<AlertsAnswer> {
  // Only a working sign-in resumes anything: without one, this asks for it and stops here.
  await partnerCenterContext(turn, signal, deps);
  const subscriber = subscriberOf(turn);
  let resumed = 0;
  await deps.subscriptions.update(turn.conversationId, (current) => {
    resumed = pausedSubscriptionsOf(current, subscriber).length;
    return resume(current, subscriber);
  });
  turn.log.info({ resumed }, 'alerts resumed');
  return { kind: 'text', text: resumed > 0 ? messages.alerts.resumed(resumed) : messages.alerts.nothingToResume };
}
