import type { PartnerCenterTokenSource } from '../identity/partner-center-token-source';
import type { PartnerCenterCallContext } from '../partner-center/partner-center.port';
import type { ChatTurn } from './chat-turn';

/**
 * The asker's Partner Center access for this turn: their own token (a sign-in is asked for when there
 * is none), and the turn's locale, correlation id and deadline.
 */
export async function partnerCenterContext(
  turn: ChatTurn,
  signal: AbortSignal,
  deps: { tokens: PartnerCenterTokenSource },
): Promise<PartnerCenterCallContext> {
  const accessToken = await deps.tokens.tokenFor(turn);
  return { accessToken, locale: turn.locale, correlationId: turn.correlationId, signal };
}
