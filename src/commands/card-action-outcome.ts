import type { AdaptiveCard } from '../cards/adaptive-card';
import type { ChatTurn } from './chat-turn';

/*
 * The port between the Teams adapter and the card action handlers. Kept apart from card-actions.ts,
 * which dispatches to the handlers, so a handler can name its outcome without importing the dispatcher.
 */

/** What a card button (Universal Action) leads to: a card replacing it, a short message, or a refusal. */
export type CardActionOutcome =
  | { kind: 'card'; card: AdaptiveCard }
  | { kind: 'message'; text: string }
  | { kind: 'invalid'; reason: string };

export type CardActionHandler = (turn: ChatTurn, verb: unknown, data: unknown) => Promise<CardActionOutcome>;
