import type { ConversationAddress, ProactiveMessenger, SendOutcome } from '../../src/alerts/ports';
import type { AdaptiveCard } from '../../src/cards/adaptive-card';
import type { Logger } from '../../src/logging/logger';

/** The address the alert tests store for a conversation: just enough to know where a card went. */
export interface TestAddress {
  conversationId: string;
}

export function testAddress(conversationId: string): TestAddress {
  return { conversationId };
}

export interface PostedCard {
  conversationId: string;
  card: AdaptiveCard;
}

/** What the messenger does with the next send: post it, answer 403, or fail after its retries. */
export type SendBehaviour = 'post' | 'gone' | 'throw';

export interface RecordingMessenger extends ProactiveMessenger {
  /** Cards Teams accepted, in order. */
  readonly posted: PostedCard[];
  /** Every send attempted, accepted or not. */
  readonly attempts: PostedCard[];
  /** How sends to this conversation go from now on (default 'post'). */
  behave(conversationId: string, behaviour: SendBehaviour): void;
  /** Called after each accepted post, e.g. to cancel a pass right after it. */
  afterPost(hook: (posted: PostedCard) => void): void;
  postedTo(conversationId: string): AdaptiveCard[];
}

/** A ProactiveMessenger that records instead of calling Teams, and fails where a test says so. */
export function recordingMessenger(): RecordingMessenger {
  const posted: PostedCard[] = [];
  const attempts: PostedCard[] = [];
  const behaviours = new Map<string, SendBehaviour>();
  let hook: ((posted: PostedCard) => void) | undefined;

  return {
    posted,
    attempts,
    behave(conversationId, behaviour) {
      behaviours.set(conversationId, behaviour);
    },
    afterPost(next) {
      hook = next;
    },
    postedTo(conversationId) {
      return posted.filter((entry) => entry.conversationId === conversationId).map((entry) => entry.card);
    },
    async send(address: ConversationAddress, card: AdaptiveCard, _log: Logger): Promise<SendOutcome> {
      const { conversationId } = address as TestAddress;
      attempts.push({ conversationId, card });
      const behaviour = behaviours.get(conversationId) ?? 'post';
      if (behaviour === 'gone') return 'gone';
      if (behaviour === 'throw') throw new Error('Teams kept answering 502');
      const entry = { conversationId, card };
      posted.push(entry);
      hook?.(entry);
      return 'sent';
    },
  };
}
