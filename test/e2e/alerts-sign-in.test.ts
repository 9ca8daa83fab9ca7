import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite-storage';
import { subscriptionStore } from '../../src/storage/subscription-store';
import { TENANT_ID } from '../helpers/activities';
import { CLOUD_BOT, oauthCardIn, startCloudBot, type CloudBot } from '../helpers/cloud/cloud-bot';

describe('cloud mode: alerts ask for sign-in when they are turned on, not at the first pass', () => {
  let simulator: RunningSimulator;
  let cloud: CloudBot;
  let dataDir: string;
  let storage: SqliteStorage;

  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-alerts-cloud-'));
    cloud = await startCloudBot({ PARTNER_CENTER_BASE_URL: simulator.url, DATA_DIR: dataDir });
    storage = openSqliteStorage({ file: join(dataDir, 'bot-state.sqlite') });
  });
  afterAll(async () => {
    storage.close();
    await cloud.close();
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stored = async (conversationId: string) => (await subscriptionStore(storage).get(conversationId)).subscriptions;

  it('shows the sign-in card, stores nothing, then subscribes by itself once signed in', async () => {
    const anna = cloud.person();
    expect((await anna.say('alerts on for Northwind below 20%')).status).toBe(200);
    expect(oauthCardIn(anna.received())).toBeDefined();
    expect(await stored(anna.conversationId)).toEqual([]);

    cloud.tokenService.acceptExchange('teams-sso-anna-alerts', 'bot-token-anna-alerts');
    const exchange = await anna.invoke('signin/tokenExchange', { id: 'exchange-anna-alerts', connectionName: CLOUD_BOT.connection, token: 'teams-sso-anna-alerts' });
    expect(exchange.status).toBe(200);

    // The replayed command runs after the invoke was answered.
    expect((await anna.arriving(1)).map((a) => a.text)).toEqual([
      "Alerts on: I'll post here when a workload of **Northwind Traders** drops below **20 %**. Type **alerts** to see them, **alerts off** to stop.",
    ]);
    expect(await stored(anna.conversationId)).toEqual([
      expect.objectContaining({ customerName: 'Northwind Traders', threshold: 20, subscriber: expect.objectContaining({ name: 'Anna Account', tenantId: TENANT_ID }) }),
    ]);
  });

  it('lists and turns off alerts without a sign-in', async () => {
    const chris = cloud.person();
    await chris.say('alerts');
    await chris.say('alerts off');
    expect(chris.received().map((a) => a.text)).toEqual([
      'No alerts here yet. Type **alerts on** to be told when adoption drops.',
      'There were no alerts to turn off here.',
    ]);
  });

  it('asks a signed-out user to sign in before resuming paused alerts from the paused card', async () => {
    const dana = cloud.person();
    const response = await dana.invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'alerts.resume', data: {} } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { value: string }).value).toBe('Please sign in first, so I can read Partner Center as you.');
    expect(oauthCardIn(dana.received())).toBeDefined();
  });
});
