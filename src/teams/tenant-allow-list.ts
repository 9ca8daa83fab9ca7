import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { isTenantAllowed, type TenantPolicy } from '../core/tenants/tenant-policy';
import { messagesFor } from '../i18n';
import type { Logger } from '../logging/logger';

/** The tenant Teams says an activity comes from. */
export function tenantIdOf(activity: TurnContext['activity']): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
}

/**
 * Stops activities from tenants the operator did not allow before any handler runs, so nobody outside
 * them can make the bot call Partner Center. A person who writes gets one polite sentence; everything
 * else (installs, invokes) is refused quietly.
 */
export function tenantAllowList(policy: TenantPolicy, logger: Logger): Middleware {
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const tenantId = tenantIdOf(context.activity);
      if (isTenantAllowed(policy, tenantId)) return next();

      logger.warn({ tenantId: tenantId ?? null, activityType: context.activity.type }, 'activity from a tenant that is not allowed');
      if (context.activity.type === ActivityTypes.Message) {
        await context.sendActivity(messagesFor(context.activity.locale).tenantNotAllowed());
      } else if (context.activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
      }
    },
  };
}
