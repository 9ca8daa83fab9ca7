import type { CloudAdapter } from 'botbuilder';
import type { ConversationAddress, SubscriberTokens } from '../alerts/ports';
import type { Subscriber } from '../core/alerts/subscriptions';
import { CodedError } from '../core/errors';
import type { OnBehalfOfTokenSource } from '../identity/on-behalf-of-token-source';
import { asConversationReference, inProactiveTurn } from './proactive-turn';
import { teamsAccount } from './teams-account';

/** Local mode: every subscriber reads with the one development token, as chat turns do. */
export function developmentSubscriberTokens(token: string): SubscriberTokens {
  return { tokenFor: async () => token };
}

export interface CloudSubscriberTokensOptions {
  adapter: CloudAdapter;
  botAppId: string;
  /** The Azure Bot OAuth connection subscribers signed in with (Teams SSO). */
  connectionName: string;
  /** The source chat turns use, so a subscriber's Partner Center token is cached and dropped in one place. */
  onBehalfOf: Pick<OnBehalfOfTokenSource, 'tokenFor'>;
}

/**
 * Cloud mode: the subscriber's sign-in, kept by the Bot Framework token service, exchanged on their
 * behalf for a Partner Center token, exactly as when they ask in a chat. The token service is reached
 * through a proactive turn in the subscribed conversation, as the subscriber: it keys sign-ins by the
 * Teams user id and only answers the bot's own (authenticated) user token client.
 *
 * Throws the chat's sign-in errors (SignInRequired when they never signed in or signed out,
 * SignInExpired, ConsentRequired, InteractionRequired), with the pass's correlation id.
 */
export function cloudSubscriberTokens(options: CloudSubscriberTokensOptions): SubscriberTokens {
  return {
    async tokenFor(subscriber: Subscriber, address: ConversationAddress, correlationId: string): Promise<string> {
      const stored = asConversationReference(address);
      const user = {
        id: subscriber.userId,
        name: subscriber.name ?? '',
        ...(subscriber.aadObjectId ? { aadObjectId: subscriber.aadObjectId } : {}),
      };
      // The stored reference names whoever wrote last; the turn must be the subscriber's.
      const reference = { ...stored, user, activityId: undefined };
      const tenantId = subscriber.tenantId ?? stored.conversation.tenantId;
      try {
        return await inProactiveTurn(options.adapter, options.botAppId, reference, (context) =>
          options.onBehalfOf.tokenFor({
            user: { id: user.id, ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}), ...(tenantId ? { tenantId } : {}) },
            account: teamsAccount(context.activity, { use: (call) => call(context) }, options.connectionName),
          }),
        );
      } catch (error) {
        if (!(error instanceof CodedError)) throw error;
        throw new CodedError(error.code, error.message, { ...error.details, correlationId });
      }
    },
  };
}
