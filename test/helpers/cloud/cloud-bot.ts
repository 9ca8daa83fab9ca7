import { randomUUID } from 'node:crypto';
import { personalMessage, TENANT_ID } from '../activities';
import { startTestBot, type TestBot } from '../test-bot';
import { startCloudStandIns, type CloudStandIns } from './cloud-stand-ins';

/** The bot app the cloud-mode tests run as. */
export const CLOUD_BOT = { id: '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e', secret: 'bot-app-secret', connection: 'partner-center-sso' } as const;

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

type SentActivity = ReturnType<TestBot['connector']['to']>[number];

/** Someone writing to the bot in a personal chat of their own, with the channel's signed token. */
export interface CloudPerson {
  id: string;
  conversationId: string;
  say(text: string): Promise<Response>;
  invoke(name: string, value: object): Promise<Response>;
  /** Every message the bot sent to this person's chat since the last call. */
  received(): SentActivity[];
  /**
   * Waits for `count` messages more than received() has handed out, then hands them out: for answers
   * that come after the request was answered (the command replayed after a sign-in).
   */
  arriving(count: number): Promise<SentActivity[]>;
}

export interface CloudBot extends CloudStandIns {
  bot: TestBot;
  /** A new person each time, so no test sees another's sign-in. */
  person(): CloudPerson;
}

/**
 * The real bot in cloud mode (CLOUD_BOT, tenant TENANT_ID allowed) against loopback stand-ins for Entra
 * ID, the token service and the channel's keys. `env` adds to or overrides its settings, e.g. where
 * Partner Center is.
 */
export async function startCloudBot(env: Record<string, string>): Promise<CloudBot> {
  const cloud = await startCloudStandIns(CLOUD_BOT.id, CLOUD_BOT.secret);
  const bot = await startTestBot(
    {
      BOT_ID: CLOUD_BOT.id,
      BOT_PASSWORD: CLOUD_BOT.secret,
      OAUTH_CONNECTION_NAME: CLOUD_BOT.connection,
      ALLOWED_TENANT_IDS: TENANT_ID,
      HOST: '127.0.0.1',
      ...env,
    },
    cloud.endpoints,
  ).catch(async (error: unknown) => {
    await cloud.close();
    throw error;
  });

  function person(): CloudPerson {
    const id = `29:${randomUUID()}`;
    const aadObjectId = randomUUID();
    const conversationId = `a:${randomUUID()}`;
    const activity = (extra: object) => ({
      ...personalMessage('', { serviceUrl: bot.connector.url, conversationId }),
      from: { id, name: 'Anna Account', aadObjectId },
      ...extra,
    });
    const post = (body: object) =>
      bot.send(body, { authorization: `Bearer ${cloud.keys.sign({ appId: CLOUD_BOT.id, serviceUrl: bot.connector.url })}` });
    let seen = 0;
    return {
      id,
      conversationId,
      say: (text) => post(activity({ text })),
      invoke: (name, value) => post(activity({ type: 'invoke', name, value, text: undefined })),
      received: () => {
        const all = bot.connector.to(conversationId).filter((a) => a.type === 'message');
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
      arriving: async (count) => {
        const all = await bot.connector.messages(conversationId, seen + count);
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
    };
  }

  return {
    ...cloud,
    bot,
    person,
    close: async () => {
      await bot.close();
      await cloud.close();
    },
  };
}

/** The sign-in (OAuth) card's content among the activities, if the bot sent one. */
export function oauthCardIn(activities: readonly SentActivity[]): any {
  return activities.flatMap((a) => a.attachments ?? []).find((a: { contentType: string }) => a.contentType === OAUTH_CARD)?.content;
}
