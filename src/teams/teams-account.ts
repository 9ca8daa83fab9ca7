import { ActivityTypes, CardFactory, type Activity, type CloudAdapterBase, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { AccountPort } from '../commands/chat-turn';
import { messagesFor } from '../i18n';
import type { TurnRelay } from './turn-relay';

/** The token service client CloudAdapter puts on every turn (authenticated as the bot). */
export function userTokenClientOf(context: TurnContext): UserTokenClient {
  const client = context.turnState.get<UserTokenClient | undefined>((context.adapter as CloudAdapterBase).UserTokenClientKey);
  if (!client) throw new Error('The adapter provided no user token client for this turn');
  return client;
}

/** Signed-out behaviour for local mode, where there is no OAuth connection. */
const NO_ACCOUNT: AccountPort = {
  ssoToken: async () => undefined,
  requestSignIn: async () => undefined,
  signOut: async () => undefined,
};

/**
 * The user's Teams SSO sign-in, kept by the Bot Framework token service under the Azure Bot's OAuth
 * connection. Without a connection name (local mode) there is nothing to sign in to.
 */
export function teamsAccount(activity: Activity, relay: Pick<TurnRelay, 'use'>, connectionName: string | undefined): AccountPort {
  if (!connectionName) return NO_ACCOUNT;
  const { from, channelId, locale } = activity;
  return {
    ssoToken: () =>
      relay.use(async (context) => {
        const response = await userTokenClientOf(context).getUserToken(from.id, connectionName, channelId, '');
        return response?.token || undefined;
      }),
    requestSignIn: () =>
      relay.use(async (context) => {
        // The activity the user sent, not a proactive turn's continuation: the sign-in resource names its conversation.
        const resource = await userTokenClientOf(context).getSignInResource(connectionName, activity, '');
        const text = messagesFor(locale).signIn;
        // With tokenExchangeResource Teams first tries a silent exchange (signin/tokenExchange); the
        // button is what the user sees when that is not possible.
        const card = CardFactory.oauthCard(connectionName, text.cardTitle, text.cardText, resource.signInLink, resource.tokenExchangeResource);
        await context.sendActivity({ type: ActivityTypes.Message, attachments: [card] });
      }),
    signOut: () =>
      relay.use(async (context) => {
        await userTokenClientOf(context).signOutUser(from.id, connectionName, channelId);
      }),
  };
}

/**
 * The account of a message extension search. Teams signs the user in there by itself: with SSO it
 * sends the user's token for the bot's app in `value.authentication.token`; after the sign-in link of
 * an `auth` answer it sends the magic code in `value.state`. Otherwise the token service may already
 * hold a sign-in from the bot's own chat (same user, same connection).
 */
export function messageExtensionAccount(context: TurnContext, connectionName: string | undefined): AccountPort {
  const account = teamsAccount(context.activity, { use: (call) => call(context) }, connectionName);
  if (!connectionName) return account;
  const value = (context.activity.value ?? {}) as { authentication?: { token?: unknown }; state?: unknown };
  const { from, channelId } = context.activity;
  return {
    ...account,
    ssoToken: async () => {
      if (typeof value.authentication?.token === 'string' && value.authentication.token !== '') return value.authentication.token;
      if (typeof value.state === 'string' && value.state !== '') {
        const redeemed = await userTokenClientOf(context).getUserToken(from.id, connectionName, channelId, value.state);
        if (redeemed?.token) return redeemed.token;
      }
      return account.ssoToken();
    },
  };
}

/** The link an `auth` answer of a message extension opens to sign the user in. */
export async function signInLinkFor(context: TurnContext, connectionName: string): Promise<string> {
  const resource = await userTokenClientOf(context).getSignInResource(connectionName, context.activity, '');
  return resource.signInLink ?? '';
}
