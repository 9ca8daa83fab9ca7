import type { ChatTurn } from '../commands/chat-turn';

/**
 * Where a turn gets the delegated Partner Center token for the person who asked. Local mode uses a fixed
 * development token; cloud mode will use Teams SSO and an on-behalf-of exchange.
 */
export interface PartnerCenterTokenSource {
  /** Resolves to a bearer token, or throws a CodedError (e.g. sign-in unavailable). Never logged. */
  tokenFor(turn: ChatTurn): Promise<string>;
}
