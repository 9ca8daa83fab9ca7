import { ConfidentialClientApplication, LogLevel, type INetworkModule } from '@azure/msal-node';
import type { Logger } from '../logging/logger';

/** Public-cloud Entra ID; sovereign clouds would change this host. */
export const ENTRA_HOST = 'https://login.microsoftonline.com';

export interface EntraClientOptions {
  clientId: string;
  clientSecret: string;
  /** Tenant id or name in the authority, e.g. a GUID, `organizations` or `botframework.com`. */
  tenant: string;
  logger: Logger;
  /** Replaces msal-node's HTTP client; left unset in production. */
  network?: INetworkModule;
}

/** An msal-node confidential client for the bot's own Entra app, logging through pino without PII. */
export function createEntraClient(options: EntraClientOptions): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${ENTRA_HOST}/${options.tenant}`,
    },
    system: {
      ...(options.network ? { networkClient: options.network } : {}),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii) return;
          if (level === LogLevel.Error) options.logger.error({ component: 'msal' }, message);
          else options.logger.warn({ component: 'msal' }, message);
        },
      },
    },
  });
}
