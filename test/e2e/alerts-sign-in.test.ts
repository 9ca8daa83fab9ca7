import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite-storage';
import { subscriptionStore } from '../../src/storage/subscription-store';
import { personalMessage, TENANT_ID } from '../helpers/activities';
import { startFakeBotFrameworkKeys, type FakeBotFrameworkKeys } from '../helpers/cloud/channel-tokens';
import { entraNetworkTo } from '../helpers/cloud/entra-network';
import { startFakeEntra, type FakeEntra } from '../helpers/cloud/fake-entra';
import { startFakeTokenService, type FakeTokenService } from '../helpers/cloud/fake-token-service';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const BOT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e';
const BOT_SECRET = 'bot-app-secret';
const CONNECTION = 'partner-center-sso';
const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

describe('cloud mode: alerts ask for sign-in when they are turned on, not at the first pass', () => {
  let entra: FakeEntra;
  let tokenService: FakeTokenService;
  let keys: FakeBotFrameworkKeys;
  let simulator: RunningSimulator;
  let bot: TestBot;
  let dataDir: string;
  let storage: SqliteStorage;

  beforeAll(async () => {
    entra = await startFakeEntra();
    entra.registerClient(BOT_ID, BOT_SECRET);
    tokenService = await startFakeTokenService({ acceptsAppToken: (token) => entra.issued(token)?.grant === 'client_credentials' });
    keys = await startFakeBotFrameworkKeys();
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-alerts-cloud-'));
    bot = await startTestBot(
      {
        BOT_ID,
        BOT_PASSWORD: BOT_SECRET,
        OAUTH_CONNECTION_NAME: CONNECTION,
        ALLOWED_TENANT_IDS: TENANT_ID,
        HOST: '127.0.0.1',
        PARTNER_CENTER_BASE_URL: simulator.url,
        DATA_DIR: dataDir,
      },
      { botFrameworkOpenIdMetadataUrl: keys.openIdMetadataUrl, tokenServiceUrl: tokenService.url, entraNetwork: entraNetworkTo(entra.url) },
    );
    storage = openSqliteStorage({ file: join(dataDir, 'bot-state.sqlite') });
  });
  afterAll(async () => {
    storage.close();
    await bot.close();
    await simulator.close();
    await keys.close();
    await tokenService.close();
    await entra.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A person with their own personal chat, so no test sees another's sign-in. */
  function person() {
    const id = `29:${randomUUID()}`;
    const aadObjectId = randomUUID();
    const conversationId = `a:${randomUUID()}`;
    const activity = (extra: object) => ({
      ...personalMessage('', { serviceUrl: bot.connector.url, conversationId }),
      from: { id, name: 'Anna Account', aadObjectId },
      ...extra,
    });
    const post = (body: object) => bot.send(body, { authorization: `Bearer ${keys.sign({ appId: BOT_ID, serviceUrl: bot.connector.url })}` });
    let seen = 0;
    return {
      conversationId,
      say: (text: string) => post(activity({ text })),
      invoke: (name: string, value: object) => post(activity({ type: 'invoke', name, value, text: undefined })),
      /** Everything the bot sent to this person's chat since the last call. */
      received: () => {
        const all = bot.connector.to(conversationId).filter((a) => a.type === 'message');
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
    };
  }

  const hasSignInCard = (activities: Array<{ attachments?: Array<{ contentType: string }> }>) =>
    activities.some((a) => (a.attachments ?? []).some((attachment) => attachment.contentType === OAUTH_CARD));
  const stored = async (conversationId: string) => (await subscriptionStore(storage).get(conversationId)).subscriptions;

  it('shows the sign-in card, stores nothing, then subscribes by itself once signed in', async () => {
    const anna = person();
    expect((await anna.say('alerts on for Northwind below 20%')).status).toBe(200);
    expect(hasSignInCard(anna.received())).toBe(true);
    expect(await stored(anna.conversationId)).toEqual([]);

    tokenService.acceptExchange('teams-sso-anna-alerts', 'bot-token-anna-alerts');
    const exchange = await anna.invoke('signin/tokenExchange', { id: 'exchange-anna-alerts', connectionName: CONNECTION, token: 'teams-sso-anna-alerts' });
    expect(exchange.status).toBe(200);

    expect(anna.received().map((a) => a.text)).toEqual([
      "Alerts on: I'll post here when a workload of **Northwind Traders** drops below **20 %**. Type **alerts** to see them, **alerts off** to stop.",
    ]);
    expect(await stored(anna.conversationId)).toEqual([
      expect.objectContaining({ customerName: 'Northwind Traders', threshold: 20, subscriber: expect.objectContaining({ name: 'Anna Account', tenantId: TENANT_ID }) }),
    ]);
  });

  it('lists and turns off alerts without a sign-in', async () => {
    const chris = person();
    await chris.say('alerts');
    await chris.say('alerts off');
    expect(chris.received().map((a) => a.text)).toEqual([
      'No alerts here yet. Type **alerts on** to be told when adoption drops.',
      'There were no alerts to turn off here.',
    ]);
  });

  it('asks a signed-out user to sign in before resuming paused alerts from the paused card', async () => {
    const dana = person();
    const response = await dana.invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'alerts.resume', data: {} } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { value: string }).value).toBe('Please sign in first, so I can read Partner Center as you.');
    expect(hasSignInCard(dana.received())).toBe(true);
  });
});
