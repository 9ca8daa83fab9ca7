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
 * Cards are kept as their JSON in UTF-8 Buffers: a few KB each outside the JavaScript heap (4 MB at the
 * bound). The built card is hundreds of small objects, which every message promoted into the old
 * generation and every full collection then marked again (about 10 MB live at the bound); and as a
 * string the JSON is two bytes a character once a card holds a character beyond Latin-1 ("…"), 9.4 MB
 * of the heap at the bound under the chat benchmark, which V8 sizes the heap by.
 * A card is read back only when an action on it fails, so decoding it then costs nothing that matters;
 * it also hands out a copy, which the caller may change freely.
 */
export function recentCards(max = 500, ttlMs = 6 * 60 * 60 * 1000): RecentCards {
  const cards = new LRUCache<string, Buffer>({ max, ttl: ttlMs });
  return {
    // Most cards come with the JSON their rendering made: no second serialisation.
    remember: (activityId, card) => void cards.set(activityId, Buffer.from(cardJson(card), 'utf8')),
    get: (activityId) => {
      const json = cards.get(activityId);
      return json === undefined ? undefined : (JSON.parse(json.toString('utf8')) as AdaptiveCard);
    },
  };
}
