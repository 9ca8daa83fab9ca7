/** A Teams user and tenant for the benchmark's messages; local mode accepts any. */
const TENANT_ID = '72f988bf-0000-4000-8000-0000000be4c4';
const USER = { id: '29:bench-account-manager', name: 'Bench Account Manager', aadObjectId: 'b0b0b0b0-0000-4000-8000-0000000be4c4' };
const BOT = { id: '28:local-usage-bot', name: 'CSP Usage' };

/** A message in a personal chat with the bot, shaped as Teams delivers it. */
export function personalMessage(options: { id: string; text: string; conversationId: string; serviceUrl: string; timestamp: string }) {
  return {
    type: 'message',
    id: options.id,
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: options.timestamp,
    locale: 'en-US',
    from: USER,
    recipient: BOT,
    conversation: { id: options.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    text: options.text,
  };
}
