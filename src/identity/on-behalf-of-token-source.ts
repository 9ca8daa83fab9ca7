import { InteractionRequiredAuthError, type ConfidentialClientApplication } from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import { userKeyOf, type ChatTurn } from '../commands/chat-turn';
import { CodedError, ErrorCodes, type ErrorCode } from '../core/errors';
import { ENTRA_HOST } from './entra-client';
import type { PartnerCenterTokenSource } from './partner-center-token-source';

export const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

/** A cached token is not handed out this close to its expiry: a Partner Center call with retries must fit. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/**
 * Users whose Partner Center token is kept. Each entry is a token of a few KB, so this is a few tens of
 * MB at most; a user beyond it (the least recently asking) is exchanged again, one Entra call.
 */
export const DEFAULT_MAX_CACHED_USERS = 10_000;

export interface OnBehalfOfOptions {
  /** A client used for nothing else: its own token cache is emptied after each exchange (see below). */
  entra: Pick<ConfidentialClientApplication, 'acquireTokenOnBehalfOf' | 'clearCache'>;
  /** The bot's tenant for single-tenant bots; multi-tenant bots exchange in the user's own tenant. */
  tenantId?: string;
  now?: () => number;
  /** Most users whose token is cached at once; DEFAULT_MAX_CACHED_USERS unless told. */
  maxCachedUsers?: number;
}

/**
 * Needs only who the user is and their account, not a whole chat turn: alerts ask for a subscriber's
 * token from a proactive turn, where nobody is typing.
 */
export type OnBehalfOfUser = Pick<ChatTurn, 'user' | 'account'>;

export interface OnBehalfOfTokenSource extends PartnerCenterTokenSource {
  tokenFor(turn: OnBehalfOfUser): Promise<string>;
  signOut(turn: OnBehalfOfUser): Promise<boolean>;
}

/**
 * Cloud mode: the user's Teams SSO token (audience api://botid-{BOT_ID}) is exchanged with Entra ID for a
 * Partner Center token on the user's behalf, so Partner Center applies that person's own rights.
 * Tokens are cached in memory per user until shortly before they expire, and never stored or logged.
 */
export function onBehalfOfTokenSource(options: OnBehalfOfOptions): OnBehalfOfTokenSource {
  const now = options.now ?? Date.now;
  // Bounded by count and by each token's own lifetime: it grows with the people who use the bot, not
  // with the life of the process. Expired entries are dropped when met, and crowded out by the bound.
  // ttlResolution 0: read the clock on every look-up, never a value remembered for a millisecond.
  const cache = new LRUCache<string, { token: string }>({ max: options.maxCachedUsers ?? DEFAULT_MAX_CACHED_USERS, perf: { now }, ttlResolution: 0 });

  return {
    async tokenFor(turn: OnBehalfOfUser): Promise<string> {
      const key = userKeyOf(turn);
      const cached = cache.get(key);
      if (cached) return cached.token;

      const ssoToken = await turn.account.ssoToken();
      if (!ssoToken) throw new CodedError(ErrorCodes.SignInRequired, 'No SSO token for this user yet');

      const tenant = options.tenantId ?? turn.user.tenantId ?? 'organizations';
      let result;
      try {
        result = await options.entra.acquireTokenOnBehalfOf({
          oboAssertion: ssoToken,
          scopes: [PARTNER_CENTER_SCOPE],
          authority: `${ENTRA_HOST}/${tenant}`,
        });
      } catch (error) {
        options.entra.clearCache();
        const coded = fromEntraError(error);
        // The token service keeps handing out an SSO token Entra no longer accepts; drop it so the
        // next sign-in starts fresh instead of looping on the same token.
        if (coded.code === ErrorCodes.SignInExpired) await turn.account.signOut();
        throw coded;
      }
      // msal-node keeps every exchanged token in a cache of its own, keyed by the user's assertion and
      // never pruned: emptied here, so the bounded cache above is the only one.
      options.entra.clearCache();
      if (!result?.accessToken) throw new CodedError(ErrorCodes.IdentityUnavailable, 'Entra returned no access token');

      // Handed out until shortly before it expires: a Partner Center call with retries must fit.
      const expiresAt = result.expiresOn?.getTime() ?? now() + EXPIRY_MARGIN_MS * 2;
      const ttl = expiresAt - EXPIRY_MARGIN_MS - now();
      if (ttl > 0) cache.set(key, { token: result.accessToken }, { ttl });
      return result.accessToken;
    },

    async signOut(turn: OnBehalfOfUser): Promise<boolean> {
      cache.delete(userKeyOf(turn));
      await turn.account.signOut();
      return true;
    },
  };
}


/** Entra's error, reduced to what the user can do about it. Descriptions stay out: they can quote tokens. */
export function fromEntraError(error: unknown): CodedError {
  const entra = error as { errorCode?: string; subError?: string; errorNo?: string | number; errorMessage?: string; message?: string };
  const text = `${entra.errorCode ?? ''} ${entra.subError ?? ''} ${entra.errorMessage ?? entra.message ?? ''}`;
  // msal-node carries Entra's first error code as errorNo (typed a string, a number at run time); older
  // paths only have it in the description.
  const aadsts = entra.errorNo !== undefined && entra.errorNo !== '' ? String(entra.errorNo) : /AADSTS(\d+)/.exec(text)?.[1];
  const code = classify(error instanceof InteractionRequiredAuthError, text, aadsts);
  return new CodedError(code, `On-behalf-of exchange failed (${entra.errorCode ?? 'unknown'}${aadsts ? `, AADSTS${aadsts}` : ''})`);
}

function classify(interactionRequired: boolean, text: string, aadsts: string | undefined): ErrorCode {
  if (/consent_required/.test(text) || aadsts === '65001') return ErrorCodes.ConsentRequired;
  // 50013: the assertion (the SSO token) is expired or otherwise invalid.
  if (aadsts === '50013') return ErrorCodes.SignInExpired;
  // 50076/50079: MFA; 53003: conditional access; 50158: external security challenge.
  if (interactionRequired || /interaction_required/.test(text) || ['50076', '50079', '53003', '50158'].includes(aadsts ?? '')) {
    return ErrorCodes.InteractionRequired;
  }
  return ErrorCodes.IdentityUnavailable;
}
