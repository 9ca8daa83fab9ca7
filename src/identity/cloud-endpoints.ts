import type { INetworkModule } from '@azure/msal-node';

/**
 * How the bot reaches Microsoft's identity services in cloud mode. Production leaves every field unset
 * and talks to the public cloud; tests point them at stand-ins on loopback, at the HTTP boundary.
 */
export interface CloudEndpoints {
  /** OpenID metadata whose keys sign the Bot Framework channel's inbound tokens. */
  botFrameworkOpenIdMetadataUrl?: string;
  /** The Bot Framework user token service (Azure Bot OAuth connections, Teams SSO). */
  tokenServiceUrl?: string;
  /** Carries msal-node's requests to Entra ID (login.microsoftonline.com) instead of its own HTTP client. */
  entraNetwork?: INetworkModule;
}
