import { randomUUID } from 'node:crypto';

export const BOT = { id: '28:local-usage-bot', name: 'CSP Usage' };
export const TENANT_ID = '72f988bf-0000-4000-8000-000000000001';
/** The person who sends every activity built here. */
export const USER = { id: '29:account-manager', name: 'Anna Account', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002' };

export interface ActivityOptions {
  serviceUrl: string;
  locale?: string;
  conversationId?: string;
}

function base(options: ActivityOptions) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: options.locale ?? 'en-US',
    from: { ...USER },
    recipient: BOT,
  };
}

/** A message in the user's personal chat with the bot. */
export function personalMessage(text: string, options: ActivityOptions) {
  return {
    ...base(options),
    type: 'message',
    text,
    conversation: { id: options.conversationId ?? `a:personal-${randomUUID()}`, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A channel message that @mentions the bot, as Teams delivers it (mention markup in the text). */
export function channelMention(text: string, options: ActivityOptions) {
  const mention = `<at>${BOT.name}</at>`;
  const thread = options.conversationId ?? `19:sales-${randomUUID()}@thread.tacv2`;
  return {
    ...base(options),
    type: 'message',
    text: `${mention} ${text}`,
    conversation: { id: `${thread};messageid=1700000000000`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    entities: [{ type: 'mention', text: mention, mentioned: BOT }],
    channelData: { teamsChannelId: thread, teamsTeamId: thread, tenant: { id: TENANT_ID } },
  };
}
