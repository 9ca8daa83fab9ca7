import { ActivityTypes, CardFactory, TeamsInfo, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { ChatTurn } from '../commands/chat-turn';
import type { Logger } from '../logging/logger';
import { baseConversationId } from './conversation-ids';
import { teamsAccount } from './teams-account';
import { teamsFiles } from './teams-files';
import { tenantIdOf } from './tenant-allow-list';

const CONVERSATION_TYPES = new Set(['personal', 'groupChat', 'channel']);
const DEFAULT_LOCALE = 'en-US';
// BCP 47 shape (en, en-US, zh-Hant-TW): the locale travels on into Partner Center's X-Locale header.
const LOCALE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}$/;

function wellFormedLocale(locale: string | undefined): string {
  return locale && LOCALE.test(locale) ? locale : DEFAULT_LOCALE;
}

export interface ChatTurnOptions {
  logger: Logger;
  /** The Azure Bot OAuth connection for Teams SSO; unset in local mode. */
  oauthConnectionName?: string;
}

/** Adapts botbuilder's TurnContext to the SDK-free ChatTurn the command handlers use. */
export function chatTurnFrom(context: TurnContext, options: ChatTurnOptions): ChatTurn {
  const { logger } = options;
  const activity = context.activity;
  const correlationId = randomUUID();
  const conversationType = activity.conversation?.conversationType ?? '';
  const text = commandTextOf(activity);
  const tenantId = tenantIdOf(activity);

  return {
    text: stripLeftoverMentions(text),
    locale: wellFormedLocale(activity.locale),
    correlationId,
    conversationType: CONVERSATION_TYPES.has(conversationType) ? (conversationType as ChatTurn['conversationType']) : 'unknown',
    // A channel's threads share the channel's settings.
    conversationId: baseConversationId(activity.conversation.id),
    user: {
      id: activity.from.id,
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(activity.from.name ? { name: activity.from.name } : {}),
    },
    log: logger.child({ correlationId, activityId: activity.id, conversationType: conversationType || undefined }),
    sendText: async (markdown) => {
      await context.sendActivity({ type: ActivityTypes.Message, text: markdown, textFormat: 'markdown' });
    },
    sendCard: async (card) => {
      await context.sendActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
    },
    sendTyping: async () => {
      await context.sendActivity({ type: ActivityTypes.Typing });
    },
    // Until streaming lands (issue 12) progress is the typing indicator everywhere.
    progress: async () => {
      await context.sendActivity({ type: ActivityTypes.Typing }).catch((error: unknown) => logger.warn({ err: error, correlationId }, 'could not show progress'));
    },
    memberIds: async (limit) => {
      try {
        const page = await TeamsInfo.getPagedMembers(context, limit);
        return page.members.map((member) => member.id).slice(0, limit);
      } catch (error) {
        // Without the member list the card still works: people click to see their own view.
        logger.warn({ err: error, correlationId }, 'could not list conversation members');
        return [];
      }
    },
    account: teamsAccount(context, options.oauthConnectionName),
    // Teams takes files from bots in personal chats only.
    ...(conversationType === 'personal' ? { files: teamsFiles(context) } : {}),
  };
}

/**
 * The command a message carries: what the user typed (without the bot's @mention, which channels and
 * group chats put first), or for a card button, the command the button holds in its data.
 */
function commandTextOf(activity: TurnContext['activity']): string {
  if (activity.text) return TurnContext.removeRecipientMention(activity) ?? activity.text;
  // A card's input named "argument" completes the button's command (the welcome card's customer box, the
  // threshold box); Teams merges inputs into the button's data.
  const { command, argument } = (activity.value ?? {}) as { command?: unknown; argument?: unknown };
  if (typeof command !== 'string') return '';
  const typed = typeof argument === 'number' ? String(argument) : typeof argument === 'string' ? argument.trim() : '';
  return typed ? `${command} ${typed}` : command;
}

// Mentions of the bot that removeRecipientMention missed (other spellings of its name) are not command text.
function stripLeftoverMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, ' ').trim();
}
