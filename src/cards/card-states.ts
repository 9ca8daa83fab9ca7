import type { Messages } from '../i18n/messages';
import type { AdaptiveCard, CardElement } from './adaptive-card';

/**
 * A card whose action's answer is on its way: the card the user clicked, with a line saying it is being
 * refreshed on top and its buttons gone (a second click would only ask again). When the clicked card is
 * not known, a card with that line only. A user-specific view keeps its refresh, so Teams fetches the
 * finished view for its viewer.
 */
export function refreshingCard(previous: AdaptiveCard | undefined, messages: Messages, keepRefresh: boolean): AdaptiveCard {
  const notice: CardElement = { type: 'TextBlock', text: messages.progress.refreshing, isSubtle: true, wrap: true, weight: 'Bolder' };
  if (!previous) return { type: 'AdaptiveCard', version: '1.5', body: [notice] };
  const { refresh, actions: _actions, ...rest } = previous;
  return { ...rest, ...(keepRefresh && refresh ? { refresh } : {}), body: [notice, ...(previous.body ?? [])] };
}

/**
 * The card as it was before its action, with one sentence on top saying why the action did not give
 * an answer. `sentence` is the bot's own (from src/i18n), never raw data.
 */
export function cardWithNotice(previous: AdaptiveCard | undefined, sentence: string): AdaptiveCard {
  const notice: CardElement = { type: 'TextBlock', text: sentence, color: 'Attention', wrap: true };
  if (!previous) return { type: 'AdaptiveCard', version: '1.5', body: [notice] };
  return { ...previous, body: [notice, ...(previous.body ?? [])] };
}
