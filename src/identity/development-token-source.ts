import type { PartnerCenterTokenSource } from './partner-center-token-source';

/** Local mode: every user shares one development token that the simulator (or a stand-in) accepts. */
export function developmentTokenSource(token: string): PartnerCenterTokenSource {
  return { tokenFor: async () => token, signOut: async () => false };
}
