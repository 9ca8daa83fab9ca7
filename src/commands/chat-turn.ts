import type { AdaptiveCard } from '../cards/adaptive-card';
import type { Logger } from '../logging/logger';

/**
 * One incoming message, as the command handlers see it. The Teams adapter (src/teams) implements it
 * over botbuilder's TurnContext; nothing under src/commands imports botbuilder, so moving to another
 * SDK means writing another implementation of this interface.
 */
export interface ChatTurn {
  /** The user's message with the bot's @mention removed. */
  readonly text: string;
  /** BCP 47 locale from the activity (`en-US` when Teams sent none). */
  readonly locale: string;
  /** One id for everything this turn does: logs, Partner Center calls, error messages. */
  readonly correlationId: string;
  readonly conversationType: 'personal' | 'groupChat' | 'channel' | 'unknown';
  readonly user: { id: string; aadObjectId?: string; tenantId?: string };
  /** A logger that already carries the correlation id. */
  readonly log: Logger;

  sendText(markdown: string): Promise<void>;
  sendCard(card: AdaptiveCard): Promise<void>;
  /** Shows "…is typing" while slow work (Partner Center) runs. */
  sendTyping(): Promise<void>;
}
