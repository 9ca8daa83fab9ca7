import { randomUUID } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import type { ConversationAddress } from '../../src/alerts/ports';
import type { Subscriber } from '../../src/core/alerts/subscriptions';
import { CodedError, ErrorCodes } from '../../src/core/errors';
import { tenantPolicy } from '../../src/core/tenants/tenant-policy';
import { createEntraClient } from '../../src/identity/entra-client';
import { onBehalfOfTokenSource, PARTNER_CENTER_SCOPE } from '../../src/identity/on-behalf-of-token-source';
import { conversationReferenceStore } from '../../src/storage/conversation-reference-store';
import { createAdapter } from '../../src/teams/create-adapter';
import { cloudSubscriberTokens, developmentSubscriberTokens } from '../../src/teams/subscriber-tokens';
import { channelMention, TENANT_ID } from '../helpers/activities';
import { startCloudStandIns, type CloudStandIns } from '../helpers/cloud/cloud-stand-ins';

const BOT_ID = '0b7d2c4e-5f60-4a71-8b92-a3b4c5d6e7f8';
const BOT_SECRET = 'subscriber-tokens-secret';
const CONNECTION = 'partner-center-sso';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const silent = pino({ level: 'silent' });

describe('subscriber tokens in cloud mode: the token service, then on-behalf-of, without the user in the chat', () => {
  let cloud: CloudStandIns;
  let tokens: ReturnType<typeof cloudSubscriberTokens>;
  let channel: ConversationAddress;

  beforeAll(async () => {
    cloud = await startCloudStandIns(BOT_ID, BOT_SECRET);
    const entraClient = (tenant: string): ConfidentialClientApplication =>
      createEntraClient({ clientId: BOT_ID, clientSecret: BOT_SECRET, tenant, logger: silent, network: cloud.endpoints.entraNetwork! });
    const adapter = createAdapter({
      bot: { id: BOT_ID, password: BOT_SECRET, type: 'MultiTenant', oauthConnectionName: CONNECTION },
      tenants: tenantPolicy([TENANT_ID]),
      storage: new MemoryStorage(),
      connectorEntra: entraClient('botframework.com'),
      endpoints: cloud.endpoints,
      logger: silent,
    });
    tokens = cloudSubscriberTokens({
      adapter,
      botAppId: BOT_ID,
      connectionName: CONNECTION,
      onBehalfOf: onBehalfOfTokenSource({ entra: entraClient('organizations') }),
    });

    // A channel whose reference was stored when a colleague (not the subscriber) last wrote in it.
    const references = conversationReferenceStore(new MemoryStorage());
    const message = channelMention('usage for Contoso', { serviceUrl: SERVICE_URL });
    await references.remember(message as never);
    channel = (await references.get(message.conversation.id))!;
  });
  afterAll(async () => {
    await cloud.close();
  });

  function subscriber(): Subscriber {
    return { userId: `29:${randomUUID()}`, aadObjectId: randomUUID(), name: 'Ben Subscriber', tenantId: TENANT_ID, locale: 'en-US' };
  }

  it("exchanges the subscriber's own sign-in for a Partner Center token", async () => {
    const ben = subscriber();
    cloud.tokenService.giveToken(ben.userId, CONNECTION, 'bot-token-ben');

    const token = await tokens.tokenFor(ben, channel, 'pass-1');

    expect(cloud.entra.issued(token)).toMatchObject({ grant: 'on_behalf_of', assertion: 'bot-token-ben', scopes: [PARTNER_CENTER_SCOPE] });
    // The token service was asked for the subscriber's sign-in, not for whoever wrote in the channel last.
    const lookup = cloud.tokenService.requests.filter((r) => r.path === '/api/usertoken/GetToken').at(-1);
    expect(lookup?.query).toMatchObject({ userId: ben.userId, connectionName: CONNECTION, channelId: 'msteams' });
  });

  it("exchanges in the subscriber's tenant, or the conversation's when Teams did not name one", async () => {
    const cleo = { ...subscriber(), tenantId: '3c4d5e6f-0000-4000-8000-0000000000c1' };
    const dirk = { ...subscriber(), tenantId: undefined };
    cloud.tokenService.giveToken(cleo.userId, CONNECTION, 'bot-token-cleo');
    cloud.tokenService.giveToken(dirk.userId, CONNECTION, 'bot-token-dirk');

    expect(cloud.entra.issued(await tokens.tokenFor(cleo, channel, 'pass-1'))?.tenant).toBe(cleo.tenantId);
    expect(cloud.entra.issued(await tokens.tokenFor(dirk, channel, 'pass-1'))?.tenant).toBe(TENANT_ID);
  });

  it('reuses the Partner Center token it already holds for the subscriber', async () => {
    const dana = subscriber();
    cloud.tokenService.giveToken(dana.userId, CONNECTION, 'bot-token-dana');
    const first = await tokens.tokenFor(dana, channel, 'pass-1');
    const exchanges = cloud.entra.onBehalfOfCalls;

    expect(await tokens.tokenFor(dana, channel, 'pass-2')).toBe(first);
    expect(cloud.entra.onBehalfOfCalls).toBe(exchanges);
  });

  it('asks for a sign-in when the subscriber has none (never signed in, or signed out)', async () => {
    const eve = subscriber();

    const failure = await tokens.tokenFor(eve, channel, 'pass-3').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(CodedError);
    expect(failure).toMatchObject({ code: ErrorCodes.SignInRequired, details: { correlationId: 'pass-3' } });
  });

  it('drops a sign-in Entra no longer accepts and says it expired', async () => {
    const finn = subscriber();
    cloud.tokenService.giveToken(finn.userId, CONNECTION, 'bot-token-finn');
    cloud.entra.onBehalfOf('bot-token-finn', 'assertion_expired');

    await expect(tokens.tokenFor(finn, channel, 'pass-4')).rejects.toMatchObject({ code: ErrorCodes.SignInExpired, details: { correlationId: 'pass-4' } });
    expect(cloud.tokenService.signOuts).toContainEqual(expect.objectContaining({ userId: finn.userId, connectionName: CONNECTION }));
    expect(cloud.tokenService.tokenOf(finn.userId, CONNECTION)).toBeUndefined();
  });

  it.each([
    ['consent_required', ErrorCodes.ConsentRequired],
    ['mfa_required', ErrorCodes.InteractionRequired],
    ['conditional_access', ErrorCodes.InteractionRequired],
  ] as const)('reports %s as the sign-in problem it is', async (outcome, code) => {
    const gus = subscriber();
    cloud.tokenService.giveToken(gus.userId, CONNECTION, `bot-token-${outcome}`);
    cloud.entra.onBehalfOf(`bot-token-${outcome}`, outcome);

    await expect(tokens.tokenFor(gus, channel, 'pass-5')).rejects.toMatchObject({ code });
  });
});

describe('subscriber tokens in local mode', () => {
  it('hands every subscriber the development token', async () => {
    const tokens = developmentSubscriberTokens('local-development-token');
    const someone: Subscriber = { userId: '29:anyone', locale: 'nl-NL' };

    await expect(tokens.tokenFor(someone, { serviceUrl: 'http://127.0.0.1:1', conversation: { id: 'a:1' } }, 'pass')).resolves.toBe('local-development-token');
  });
});
