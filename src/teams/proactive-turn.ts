import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';

/**
 * Runs `logic` in a proactive turn for the conversation and hands back what it returned or threw.
 *
 * Two things make a plain continueConversationAsync unfit for this: the adapter's onTurnError swallows
 * whatever the logic throws (it logs "turn failed" and answers nothing), and the adapter's middleware
 * (the tenant allow-list) may stop the turn before the logic runs at all, which would otherwise look
 * like success.
 */
export async function inProactiveTurn<T>(
  adapter: CloudAdapter,
  botAppId: string | undefined,
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let outcome: { value: T } | { error: unknown } | undefined;
  await adapter.continueConversationAsync(botAppId ?? '', reference, async (context) => {
    try {
      outcome = { value: await logic(context) };
    } catch (error) {
      outcome = { error };
    }
  });
  if (!outcome) throw new Error('The adapter middleware stopped the proactive turn (is the tenant still allowed?)');
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** A stored conversation reference with the fields a proactive turn cannot do without. */
export type ProactiveTarget = Partial<ConversationReference> & { serviceUrl: string; conversation: ConversationReference['conversation'] };

/** What the bot stored for a conversation (an opaque address to the alert pass), checked. */
export function asConversationReference(address: object): ProactiveTarget {
  const reference = address as Partial<ConversationReference>;
  if (typeof reference.serviceUrl !== 'string' || typeof reference.conversation?.id !== 'string') {
    throw new TypeError('The conversation address is not a Bot Framework conversation reference');
  }
  return reference as ProactiveTarget;
}
