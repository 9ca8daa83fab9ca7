import { randomUUID } from 'node:crypto';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { startAzurite, type RunningAzurite } from '../helpers/azurite';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../helpers/fake-teams-connector';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Two bot instances behind one load balancer share Azure Blob Storage (Azurite here). Both run the same
 * schedule; each scheduled pass must run on one of them only, and post each alert once.
 */
describe('two instances on shared blob storage', () => {
  let azurite: RunningAzurite;
  let simulator: RunningSimulator;
  let connector: FakeTeamsConnector;
  const instances: TestBot[] = [];

  beforeAll(async () => {
    [azurite, simulator, connector] = await Promise.all([
      startAzurite(),
      startPartnerCenterSimulator({ dataset: createSampleDataset() }),
      startFakeTeamsConnector(),
    ]);
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await Promise.all([azurite.close(), simulator.close(), connector.close()]);
  });

  it('runs each scheduled pass once, on one instance, and posts the alert once', async () => {
    const env = {
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: `scale-out-${randomUUID().slice(0, 8)}`,
      PARTNER_CENTER_BASE_URL: simulator.url,
      // Every second, six-field cron: both instances fire the same slots at the same moment.
      ALERT_SCHEDULE: '* * * * * *',
    };
    instances.push(await startTestBot(env, undefined, { connector }), await startTestBot(env, undefined, { connector }));
    const [first, second] = instances as [TestBot, TestBot];

    // Subscribed through one instance, the subscription is seen by both.
    const chat = `a:${randomUUID()}`;
    await first.send(personalMessage('alerts on for Contoso Ltd', { serviceUrl: connector.url, conversationId: chat }));
    const alerts = () => connector.received.filter((r) => r.conversationId === chat && !r.replyToId);

    const ranSlots = () =>
      [...first.logs, ...second.logs].filter((line) => line.msg === 'scheduled alert pass ran on this instance').map((line) => String(line.slot));
    await until(() => alerts().length > 0 && ranSlots().length >= 4);

    const slots = ranSlots();
    expect(new Set(slots).size).toBe(slots.length);
    expect(alerts()).toHaveLength(1);
    // Both instances were really firing: the slots the other ran were skipped or found busy, not missed.
    const firedBoth = [first.logs, second.logs].every((logs) => logs.some((line) => String(line.msg).startsWith('scheduled alert pass') || line.msg === 'Scheduled alert pass already ran'));
    expect(firedBoth).toBe(true);
  });
});

/** Polls a condition the bots reach on their own schedule (no fixed sleeps); fails after 15 s. */
async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
