import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { MessageHandler } from '../commands/handle-message';
import type { Logger } from '../logging/logger';
import { chatTurnFrom } from './botbuilder-chat-turn';

/**
 * The Teams activity handler: routes each kind of activity to the SDK-free handlers. It holds no
 * logic of its own beyond translating botbuilder's world into ChatTurn.
 */
export class UsageBot extends TeamsActivityHandler {
  constructor(handleMessage: MessageHandler, logger: Logger) {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      await handleMessage(chatTurnFrom(context, logger));
      await next();
    });
  }
}
