import {
  ActivityTypes,
  CloudAdapter,
  TeamsSSOTokenExchangeMiddleware,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { AppConfig } from '../config/config';
import { ErrorCodes } from '../core/errors';
import type { TenantPolicy } from '../core/tenants/tenant-policy';
import { messagesFor } from '../i18n';
import type { CloudEndpoints } from '../identity/cloud-endpoints';
import type { Logger } from '../logging/logger';
import { BotFrameworkAuthentication } from './bot-framework-authentication';
import { connectorCallLimits, DEFAULT_CONNECTOR_LIMITS, type ConnectorCallLimits } from './connector-calls';
import { tenantAllowList } from './tenant-allow-list';

export interface AdapterOptions {
  bot: AppConfig['bot'];
  tenants: TenantPolicy;
  /** Where duplicate SSO token exchanges are detected (eTags): shared between instances in production. */
  storage: Storage;
  /** The bot's own Entra client, used to authenticate to the Bot Framework connector and token service. */
  connectorEntra?: ConfidentialClientApplication;
  endpoints?: CloudEndpoints;
  logger: Logger;
  /** Timeouts and retries of every call to the Teams connector. */
  connectorLimits?: Partial<ConnectorCallLimits>;
}

/**
 * botbuilder's CloudAdapter. With no bot id (local mode) it skips inbound JWT validation and replies
 * without credentials; with one (cloud mode) it refuses unauthenticated requests with 401.
 */
export function createAdapter(options: AdapterOptions): CloudAdapter {
  const { bot, logger, endpoints = {} } = options;
  const auth = new BotFrameworkAuthentication(
    bot,
    endpoints,
    // Our own msal-node client (not botbuilder's bundled one), so every Entra call goes one way.
    bot && options.connectorEntra ? new MsalServiceClientCredentialsFactory(bot.id, options.connectorEntra as never) : undefined,
  );
  const adapter = new CloudAdapter(auth);
  // First, so every call any later middleware or handler makes to the connector is bounded.
  adapter.use(connectorCallLimits(adapter, { ...DEFAULT_CONNECTOR_LIMITS, ...options.connectorLimits }, logger.child({ component: 'connector' })));
  adapter.use(tenantAllowList(options.tenants, logger));
  if (bot?.oauthConnectionName) adapter.use(new TeamsSSOTokenExchangeMiddleware(options.storage, bot.oauthConnectionName));

  // The last resort for failures outside the command handlers (which answer on their own). It must not
  // rethrow: the adapter would answer 500 with the error text.
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ err: error, activityType: context.activity.type, activityId: context.activity.id }, 'turn failed');
    if (context.activity.type !== ActivityTypes.Message || context.responded) return;
    try {
      await context.sendActivity(messagesFor(context.activity.locale).error(ErrorCodes.Internal));
    } catch (sendError) {
      logger.warn({ err: sendError }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}
