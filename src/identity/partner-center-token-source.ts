import type { ChatTurn } from '../commands/chat-turn';

/**
 * Where a turn gets the delegated Partner Center token for the person who asked. Local mode uses a fixed
 * development token; cloud mode uses Teams SSO and an on-behalf-of exchange.
 */
export interface PartnerCenterTokenSource {
  /** Resolves to a bearer token, or throws a CodedError (sign-in required, consent, ...). Never logged. */
  tokenFor(turn: ChatTurn): Promise<string>;
  /** Forgets the user's tokens everywhere the bot keeps them; false when there is no sign-in to end. */
  signOut(turn: ChatTurn): Promise<boolean>;
}
