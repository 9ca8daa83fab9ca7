import { ActivityTypes, CardFactory, TeamsInfo, TurnContext, type Activity } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { ChatTurn } from '../commands/chat-turn';
import type { Logger } from '../logging/logger';
import { NEVER_ABORTED } from '../timing/deadline-signal';
import { baseConversationId } from './conversation-ids';
import { createProgress, type StreamTimings } from './progress-stream';
import type { RecentCards } from './recent-cards';
import type { TurnRelay } from './turn-relay';
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
  /** The cards the bot sent, so a card action that fails can put back the card it was on. */
  cards?: RecentCards;
  /** Aborts when the bot stops and gives up on the answer. */
  stopping?: AbortSignal;
  /** Teams' streaming pace; tests may pass their own. */
  streamTimings?: StreamTimings;
}

/** A ChatTurn, and what the Teams side does with it as the turn goes on. */
export interface RelayedChatTurn {
  turn: ChatTurn;
  /** The work is slow (it was handed off): show its progress from now on. */
  slow(): void;
}

/**
 * Adapts botbuilder to the SDK-free ChatTurn the command handlers use. Facts about the turn come from
 * the inbound activity; everything that talks to Teams goes through the relay, so it keeps working
 * once the work has moved from the inbound turn to a proactive one.
 */
export function chatTurnOver(inbound: TurnContext, relay: TurnRelay, options: ChatTurnOptions): RelayedChatTurn {
  const { logger } = options;
  const activity = inbound.activity;
  const startedAt = Date.now();
  const correlationId = randomUUID();
  const conversationType = activity.conversation?.conversationType ?? '';
  const text = commandTextOf(activity);
  const tenantId = tenantIdOf(activity);
  const log = logger.child({ correlationId, activityId: activity.id, conversationType: conversationType || undefined });

  const send = (outgoing: Partial<Activity>) => relay.use(async (context) => (await context.sendActivity(outgoing))?.id);
  const progress = createProgress({
    streaming: conversationType === 'personal',
    startedAt,
    send,
    log,
    ...(options.streamTimings ? { timings: options.streamTimings } : {}),
  });
  // The answer: the end of the progress stream, if one is open.
  const answer = async (message: Partial<Activity>) => send(await progress.finish(message));

  const turn: ChatTurn = {
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
    log,
    stopping: options.stopping ?? NEVER_ABORTED,
    sendText: async (markdown) => {
      await answer({ type: ActivityTypes.Message, text: markdown, textFormat: 'markdown' });
    },
    sendCard: async (card) => {
      const id = await answer({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
      if (id) options.cards?.remember(id, card);
    },
    sendTyping: async () => {
      await send({ type: ActivityTypes.Typing });
    },
    progress: async (update) => {
      progress.update(update);
    },
    memberIds: async (limit) => {
      try {
        const page = await relay.use((context) => TeamsInfo.getPagedMembers(context, limit));
        return page.members.map((member) => member.id).slice(0, limit);
      } catch (error) {
        // Without the member list the card still works: people click to see their own view.
        log.warn({ err: error }, 'could not list conversation members');
        return [];
      }
    },
    account: teamsAccount(activity, relay, options.oauthConnectionName),
    // Teams takes files from bots in personal chats only.
    ...(conversationType === 'personal' ? { files: teamsFiles(send) } : {}),
  };
  return { turn, slow: () => progress.wake() };
}

/**
 * A ChatTurn for work that answers inside its own inbound turn, in the invoke's response (a message
 * extension search): nothing is handed off, so the inbound context is the only one.
 */
export function chatTurnFrom(context: TurnContext, options: ChatTurnOptions): ChatTurn {
  const inTurn: TurnRelay = {
    use: (call) => call(context),
    handOff: async () => undefined,
    handedOff: false,
    close: async () => undefined,
  };
  return chatTurnOver(context, inTurn, options).turn;
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
