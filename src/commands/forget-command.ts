import type { Messages } from '../i18n';
import { isShared, userKeyOf, type ChatTurn } from './chat-turn';

/** Everything the bot keeps for one personal chat and the person in it. */
export interface PersonalChatData {
  forget(ids: { conversationId: string; userKey: string }): Promise<void>;
}

/**
 * `forget` (Dutch `vergeet`): in a personal chat, deletes what the bot keeps for it and says so in one
 * sentence. In a channel or group chat the data is everyone's, so one member cannot delete it there.
 */
export async function handleForgetCommand(turn: ChatTurn, messages: Messages, deps: { personalData: PersonalChatData }): Promise<void> {
  if (isShared(turn) || turn.conversationType !== 'personal') return turn.sendText(messages.forget.notPersonal);
  await deps.personalData.forget({ conversationId: turn.conversationId, userKey: userKeyOf(turn) });
  turn.log.info('personal chat data forgotten at the user\'s request');
  return turn.sendText(messages.forget.done);
}
