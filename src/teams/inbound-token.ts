import type { Activity } from 'botbuilder';
import type { AppConfig } from '../config/config';
import type { CloudEndpoints } from '../identity/cloud-endpoints';
import { BotFrameworkAuthentication } from './bot-framework-authentication';

/** Whether an Authorization header carries a valid Bot Framework channel token for this bot. */
export type InboundTokenCheck = (authorization: string | undefined) => Promise<boolean>;

/**
 * Checks the caller's token before the request body is read, so a stranger learns nothing from how a
 * body is refused (401 first, then 400) and cannot make the bot parse bodies at all. Nothing of the
 * activity is known yet, so this checks signature, issuer, audience and lifetime; adapter.process
 * checks the token again against the activity (service URL, channel endorsement) once it is parsed.
 * Undefined in local mode, which has no inbound authentication.
 */
export function inboundTokenCheck(bot: AppConfig['bot'], endpoints: CloudEndpoints = {}): InboundTokenCheck | undefined {
  if (!bot) return undefined;
  const auth = new BotFrameworkAuthentication(bot, endpoints);
  // No channel id (every endorsement passes) and no service URL (its claim is not compared): the token alone.
  const noActivityYet = { channelId: '', serviceUrl: '' } as Activity;
  return async (authorization) => {
    if (!authorization?.trim()) return false;
    try {
      await auth.authenticateRequest(noActivityYet, authorization);
      return true;
    } catch {
      return false;
    }
  };
}
