import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { ErrorCodes } from '../../../src/core/errors';
import { fromEntraError } from '../../../src/identity/on-behalf-of-token-source';

describe('what the user is told when the on-behalf-of exchange fails', () => {
  // Built the way msal-node builds them from Entra's error JSON: (error, correlation id, description, suberror, ...).
  const interaction = (error: string, description: string, subError: string, errorNo: string) =>
    new InteractionRequiredAuthError(error, 'corr', description, subError, undefined, undefined, undefined, errorNo);
  const server = (error: string, description: string, errorNo: string) => new ServerError(error, 'corr', description, '', errorNo, 400);

  it.each([
    ['consent missing', interaction('invalid_grant', 'AADSTS65001: The user or administrator has not consented.', 'consent_required', '65001'), ErrorCodes.ConsentRequired],
    ['MFA required', interaction('interaction_required', 'AADSTS50076: you must use multi-factor authentication.', '', '50076'), ErrorCodes.InteractionRequired],
    ['conditional access', interaction('interaction_required', 'AADSTS53003: Access has been blocked by Conditional Access policies.', '', '53003'), ErrorCodes.InteractionRequired],
    ['an expired assertion', server('invalid_grant', 'AADSTS50013: Assertion failed signature validation or is expired.', '50013'), ErrorCodes.SignInExpired],
    ['an outage', server('temporarily_unavailable', 'AADSTS90033: A transient error has occurred.', '90033'), ErrorCodes.IdentityUnavailable],
    ['a network failure', new Error('connect ECONNREFUSED'), ErrorCodes.IdentityUnavailable],
  ])('%s', (_case, error, code) => {
    expect(fromEntraError(error).code).toBe(code);
  });

  it('reads the AADSTS number whether msal hands it over as a string or, as at run time, a number', () => {
    const fromWire = Object.assign(server('invalid_grant', 'AADSTS50013: expired', ''), { errorNo: 50013 as unknown as string });
    expect(fromEntraError(fromWire).code).toBe(ErrorCodes.SignInExpired);
  });

  it('keeps Entra descriptions (which can quote tokens or user names) out of the error message', () => {
    const error = fromEntraError(server('invalid_grant', 'AADSTS50013: assertion eyJhbGciOi.secret for anna@contoso.com', '50013'));
    expect(error.message).toBe('On-behalf-of exchange failed (invalid_grant, AADSTS50013)');
  });
});
