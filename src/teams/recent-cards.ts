import { LRUCache } from 'lru-cache';
import type { AdaptiveCard } from '../cards/adaptive-card';

/**
 * The cards the bot recently put in conversations, by the id of the message that carries them. A card
 * action whose answer fails puts the card back as it was, with one sentence; Teams does not send the
 * card with the action. Bounded and short-lived: a card not found here is replaced by a plain notice.
 * Per instance: with several instances, a click may land where the card is not known.
 */
export interface RecentCards {
  remember(activityId: string, card: AdaptiveCard): void;
  get(activityId: string): AdaptiveCard | undefined;
}

export function recentCards(max = 500, ttlMs = 6 * 60 * 60 * 1000): RecentCards {
  // Cards are kept as built (no copy, no serialisation): a few KB each, so the bound is about 4 MB.
  const cards = new LRUCache<string, AdaptiveCard>({ max, ttl: ttlMs });
  return {
    remember: (activityId, card) => void cards.set(activityId, card),
    get: (activityId) => cards.get(activityId),
  };
}
