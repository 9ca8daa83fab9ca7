import { LRUCache } from 'lru-cache';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { cardJson } from '../cards/adaptive-card';

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

/**
 * Cards are kept as their JSON: one string of a few KB each (about 4 MB at the bound), where the built
 * card is hundreds of small objects, which every message promoted into the old generation and every
 * full collection then marked again (about 10 MB live at the bound, measured under the chat benchmark).
 * A card is read back only when an action on it fails, so parsing it then costs nothing that matters;
 * it also hands out a copy, which the caller may change freely.
 */
export function recentCards(max = 500, ttlMs = 6 * 60 * 60 * 1000): RecentCards {
  const cards = new LRUCache<string, string>({ max, ttl: ttlMs });
  return {
    // Most cards come with the JSON their rendering made: no second serialisation.
    remember: (activityId, card) => void cards.set(activityId, cardJson(card)),
    get: (activityId) => {
      const json = cards.get(activityId);
      return json === undefined ? undefined : (JSON.parse(json) as AdaptiveCard);
    },
  };
}
