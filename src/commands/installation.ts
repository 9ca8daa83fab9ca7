import type { SubscriptionStore } from '../alerts/ports';
import { buildWelcomeCard } from '../cards/welcome-card';
import { deactivateAll } from '../core/alerts/subscriptions';
import { messagesFor } from '../i18n';
import type { ChatTurn } from './chat-turn';
import type { ConversationSettingsStore } from '../settings/conversation-settings';

export interface InstallationHandlers {
  /** The bot was added to a personal chat, a group chat or a team. */
  installed(turn: ChatTurn): Promise<void>;
  /** The bot was removed: nothing it kept about that conversation may outlive it. */
  uninstalled(turn: ChatTurn): Promise<void>;
}

export interface InstallationDeps {
  settings: ConversationSettingsStore;
  subscriptions: SubscriptionStore;
  /** Snoozes, ignored products and customer thresholds set from alert cards. */
  tuning?: { forget(conversationId: string): Promise<void> };
}

export function createInstallationHandlers(deps: InstallationDeps): InstallationHandlers {
  return {
    async installed(turn) {
      const messages = messagesFor(turn.locale);
      // A person gets the full welcome with a box for a first customer; a team or group chat gets one
      // short line, because everyone there sees it.
      if (turn.conversationType === 'personal') await turn.sendCard(buildWelcomeCard(messages));
      else await turn.sendText(messages.welcome.toConversation);
      turn.log.info('bot installed');
    },
    async uninstalled(turn) {
      await deps.settings.forget(turn.conversationId);
      await deps.tuning?.forget(turn.conversationId);
      // Subscriptions are stopped, not deleted: reinstalling and typing `alerts` shows what there was,
      // and `alerts on` turns them back on. Passes skip them, as they can no longer post here.
      await deps.subscriptions.update(turn.conversationId, (alerts) => deactivateAll(alerts));
      turn.log.info('bot removed; conversation settings forgotten, alerts stopped');
    },
  };
}
