import type { CloudEndpoints } from '../../../src/identity/cloud-endpoints';
import { startFakeBotFrameworkKeys, type FakeBotFrameworkKeys } from './channel-tokens';
import { entraNetworkTo } from './entra-network';
import { startFakeEntra, type FakeEntra } from './fake-entra';
import { startFakeTokenService, type FakeTokenService } from './fake-token-service';

/** The Microsoft services cloud mode talks to, standing in on loopback for one bot app. */
export interface CloudStandIns {
  entra: FakeEntra;
  tokenService: FakeTokenService;
  keys: FakeBotFrameworkKeys;
  /** Where the bot finds them: StartOptions.cloudEndpoints, or createAdapter's endpoints. */
  endpoints: CloudEndpoints;
  close(): Promise<void>;
}

/**
 * Entra ID knowing the bot app and its secret, the Bot Framework token service, and the channel's
 * token signing keys. Like the real one, the token service answers only callers holding the bot's own
 * app token from Entra.
 */
export async function startCloudStandIns(botId: string, botSecret: string): Promise<CloudStandIns> {
  const entra = await startFakeEntra();
  entra.registerClient(botId, botSecret);
  const tokenService = await startFakeTokenService({
    acceptsAppToken: (token) => {
      const issued = entra.issued(token);
      return issued?.grant === 'client_credentials' && issued.clientId === botId;
    },
  });
  const keys = await startFakeBotFrameworkKeys();
  return {
    entra,
    tokenService,
    keys,
    endpoints: { botFrameworkOpenIdMetadataUrl: keys.openIdMetadataUrl, tokenServiceUrl: tokenService.url, entraNetwork: entraNetworkTo(entra.url) },
    close: async () => {
      await Promise.all([keys.close(), tokenService.close(), entra.close()]);
    },
  };
}
