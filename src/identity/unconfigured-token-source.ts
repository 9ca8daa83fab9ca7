import { CodedError, ErrorCodes } from '../core/errors';
import type { PartnerCenterTokenSource } from './partner-center-token-source';

/** Cloud mode before sign-in is set up: say so plainly rather than calling Partner Center without a user. */
export function unconfiguredTokenSource(): PartnerCenterTokenSource {
  return {
    tokenFor: async () => {
      throw new CodedError(ErrorCodes.SignInUnavailable, 'No sign-in connection is configured for cloud mode');
    },
  };
}
