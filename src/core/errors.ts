/**
 * Every failure the user can be told about has a stable code. The chat layer maps codes to
 * sentences in the user's language (src/i18n); nothing else ever reaches a chat.
 */
export const ErrorCodes = {
  /** 401/403 from Partner Center: the user's account may not see this customer or analytics. */
  PartnerCenterNoAccess: 'partner_center.no_access',
  /**
   * 401 whose body says the sign-in lacks multi-factor authentication (code 900421, older 10001, or
   * the words): signing in again with MFA fixes it, so it is never told as "no access".
   */
  PartnerCenterMfaRequired: 'partner_center.mfa_required',
  /** 404 from Partner Center for a customer. */
  PartnerCenterNotFound: 'partner_center.not_found',
  /** 429 that outlasted our retries or the user's deadline. */
  PartnerCenterBusy: 'partner_center.busy',
  /** 5xx, network failures and timeouts that outlasted our retries. */
  PartnerCenterUnavailable: 'partner_center.unavailable',
  /** A body that is not JSON or does not match the documented schema, or an unexpected status. */
  PartnerCenterUnexpectedResponse: 'partner_center.unexpected_response',
  /** The user's request ran past its deadline. */
  DeadlineExceeded: 'request.deadline_exceeded',
  /** The user has not signed in yet (no SSO token): the sign-in card follows. */
  SignInRequired: 'identity.sign_in_required',
  /** Entra needs the user (or an admin) to consent to Partner Center access. */
  ConsentRequired: 'identity.consent_required',
  /** Entra needs the user to sign in interactively: MFA or a conditional access policy. */
  InteractionRequired: 'identity.interaction_required',
  /** The SSO token we hold is no longer accepted (AADSTS50013): the user signs in again. */
  SignInExpired: 'identity.sign_in_expired',
  /** Entra ID could not be reached or answered unexpectedly. */
  IdentityUnavailable: 'identity.unavailable',
  /** Anything we did not anticipate. */
  Internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** An error that carries a code, and optionally the correlation id support needs to trace it. */
export class CodedError extends Error {
  override readonly name = 'CodedError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { correlationId?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/** Failures the user can fix by signing in (again): the chat layer offers the sign-in card with them. */
export const SIGN_IN_CODES: ReadonlySet<ErrorCode> = new Set([
  ErrorCodes.SignInRequired,
  ErrorCodes.ConsentRequired,
  ErrorCodes.InteractionRequired,
  ErrorCodes.SignInExpired,
  ErrorCodes.PartnerCenterMfaRequired,
]);

/** Normalises anything thrown into a CodedError, so callers handle one shape. */
export function asCodedError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CodedError(ErrorCodes.Internal, message, { cause: error });
}
