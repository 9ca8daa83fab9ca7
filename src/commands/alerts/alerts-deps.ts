import type { Clock, SubscriptionStore } from '../../alerts/ports';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { escapeMarkdown, type SafeMarkdown } from '../../cards/escape-markdown';
import type { Subscriber } from '../../core/alerts/subscriptions';
import type { AlertTuningStore } from '../../storage/alert-tuning-store';
import type { ChatTurn } from '../chat-turn';
import type { UsageCommandDeps } from '../usage/usage-command';

export interface AlertsCommandDeps extends UsageCommandDeps {
  subscriptions: SubscriptionStore;
  /** Dates new subscriptions; the system clock unless a test injects one. */
  clock?: Clock;
  /** Snoozes, ignored products and customer thresholds set from alert cards. */
  tuning?: AlertTuningStore;
}

/** What an alerts command comes to: one sentence, or a card (the list, or a choice of customers). */
export type AlertsAnswer = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard };

/** The person asking, as an alert pass will need them: whose Partner Center rights, in which language. */
export function subscriberOf(turn: Pick<ChatTurn, 'user' | 'locale'>): Subscriber {
  const { id, aadObjectId, tenantId, name } = turn.user;
  return {
    userId: id,
    ...(aadObjectId ? { aadObjectId } : {}),
    ...(name ? { name } : {}),
    ...(tenantId ? { tenantId } : {}),
    locale: turn.locale,
  };
}

/** Replies are markdown: a name from Partner Center or from the user is shown literally, and not at any length. */
export function shownName(name: string): SafeMarkdown {
  return escapeMarkdown(name, { maxLength: 100 });
}
