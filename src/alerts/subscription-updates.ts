import {
  deactivateAll,
  pause,
  recordRun,
  type AlertSubscription,
  type PassOutcome,
  type Subscriber,
} from '../core/alerts/subscriptions';
import type { SubscriptionStore } from './ports';

/** What a pass came to for each subscription it looked at. */
export type RunOutcomes = ReadonlyArray<{ subscription: AlertSubscription; outcome: PassOutcome['outcome'] }>;

/**
 * Pauses these subscribers' active subscriptions in the conversation, and returns the ones this call
 * paused: a subscription someone else paused meanwhile was announced by them.
 */
export async function pauseSubscribers(
  store: SubscriptionStore,
  conversationId: string,
  subscribers: readonly Subscriber[],
): Promise<AlertSubscription[]> {
  if (subscribers.length === 0) return [];
  let paused: AlertSubscription[] = [];
  await store.update(conversationId, (current) => {
    const next = subscribers.reduce((alerts, subscriber) => pause(alerts, subscriber), current);
    // The change runs again after a concurrent write, so what it paused is worked out each time.
    // pause keeps the order of the subscriptions.
    paused = next.subscriptions.filter((subscription, i) => subscription.status === 'paused' && current.subscriptions[i]?.status === 'active');
    return next;
  });
  return paused;
}

/** Teams answered 403: nothing is read or posted here any more, and the last run says it failed. */
export async function deactivateConversation(store: SubscriptionStore, conversationId: string, at: string): Promise<void> {
  await store.update(conversationId, (current) => recordRun(deactivateAll(current), { at, outcome: 'failed' }));
}

export async function recordOutcomes(store: SubscriptionStore, conversationId: string, outcomes: RunOutcomes, at: string): Promise<void> {
  await store.update(conversationId, (current) =>
    outcomes.reduce(
      (alerts, { subscription, outcome }) =>
        recordRun(alerts, { at, outcome }, (candidate) => candidate.customerId === subscription.customerId),
      current,
    ),
  );
}
