import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { ErrorCodes } from '../core/errors';
import { messagesFor } from '../i18n';
import type { AppConfig } from '../config/config';
import type { TenantPolicy } from '../core/tenants/tenant-policy';
import type { Logger } from '../logging/logger';
import { tenantAllowList } from './tenant-allow-list';

/**
 * botbuilder's CloudAdapter. With no bot id (local mode) it skips inbound JWT validation and replies
 * without credentials; with one (cloud mode) it refuses unauthenticated requests with 401.
 */
export function createAdapter(bot: AppConfig['bot'], tenants: TenantPolicy, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot?.id ?? '',
    MicrosoftAppPassword: bot?.password ?? '',
    MicrosoftAppType: bot?.type ?? 'MultiTenant',
    MicrosoftAppTenantId: bot?.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.use(tenantAllowList(tenants, logger));

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
