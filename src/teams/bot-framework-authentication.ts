import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { AppConfig } from '../config/config';
import type { CloudEndpoints } from '../identity/cloud-endpoints';

/**
 * botbuilder's Bot Framework authentication with two corrections:
 * - every endpoint is spelled out, because overriding any one of them makes botbuilder drop the
 *   defaults of all the others (issuer, login URL, caller id), which then rejects every valid token;
 * - any failure to validate an inbound token is a 401. botbuilder lets some through as plain errors
 *   (a forged signature), which CloudAdapter would answer with a 500 and the error text.
 */
export class BotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(bot: AppConfig['bot'], endpoints: CloudEndpoints, credentials?: ServiceClientCredentialsFactory) {
    super(
      {
        MicrosoftAppId: bot?.id ?? '',
        MicrosoftAppPassword: bot?.password ?? '',
        MicrosoftAppType: bot?.type ?? 'MultiTenant',
        MicrosoftAppTenantId: bot?.tenantId ?? '',
        ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        ToBotFromChannelOpenIdMetadataUrl:
          endpoints.botFrameworkOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
        OAuthUrl: endpoints.tokenServiceUrl ?? AuthenticationConstants.OAuthUrl,
        CallerId: CallerIdConstants.PublicAzureChannel,
        ValidateAuthority: true,
      },
      credentials,
    );
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('The Bot Framework token could not be validated', 401);
    }
  }
}
