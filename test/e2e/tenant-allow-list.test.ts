import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { channelMention, personalMessage, TENANT_ID } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const OTHER_ALLOWED_TENANT = '99999999-0000-4000-8000-000000000009';
const STRANGER_TENANT = '12345678-0000-4000-8000-000000000001';

describe('tenant allow-list (ALLOWED_TENANT_IDS)', () => {
  let simulator: RunningSimulator;
  let partnerCenter: RecordingProxy;
  let bot: TestBot;

  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    partnerCenter = await startRecordingProxy(simulator.url);
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: partnerCenter.url, ALLOWED_TENANT_IDS: `${OTHER_ALLOWED_TENANT}, ${TENANT_ID.toUpperCase()}` });
  });
  afterAll(async () => {
    await bot.close();
    await partnerCenter.close();
    await simulator.close();
  });

  const fromTenant = <T extends { conversation: object; channelData: object }>(activity: T, tenantId: string | undefined): T => ({
    ...activity,
    conversation: { ...activity.conversation, tenantId },
    channelData: tenantId ? { tenant: { id: tenantId } } : {},
  });

  it('answers people of an allowed tenant, whatever the case of its id', async () => {
    const activity = personalMessage('usage for Fabrikam', { serviceUrl: bot.connector.url });
    await bot.send(activity);
    const answer = bot.connector.to(activity.conversation.id).find((a) => a.type === 'message');
    expect(textsOf(cardOf(answer!)).join('\n')).toContain('Fabrikam Inc');
  });

  it.each([
    ['another tenant', STRANGER_TENANT],
    ['no tenant at all', undefined],
  ])('gives %s one polite sentence and never calls Partner Center', async (_case, tenantId) => {
    const before = partnerCenter.requests.length;
    const activity = fromTenant(personalMessage('usage for Fabrikam', { serviceUrl: bot.connector.url }), tenantId);
    const response = await bot.send(activity);

    expect(response.status).toBe(200);
    expect(bot.connector.to(activity.conversation.id)).toEqual([
      expect.objectContaining({ type: 'message', text: expect.stringMatching(/^Sorry, this bot isn't available to your organization\./) }),
    ]);
    expect(partnerCenter.requests.length).toBe(before);
  });

  it('refuses channel mentions from another tenant the same way', async () => {
    const activity = fromTenant(channelMention('usage for Fabrikam', { serviceUrl: bot.connector.url }), STRANGER_TENANT);
    await bot.send(activity);
    const sent = bot.connector.to(activity.conversation.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/isn't available to your organization/);
  });

  it('answers an invoke from another tenant with 403 and nothing in the chat', async () => {
    const invoke = { ...fromTenant(personalMessage('', { serviceUrl: bot.connector.url }), STRANGER_TENANT), type: 'invoke', name: 'adaptiveCard/action', text: undefined };
    const response = await bot.send(invoke);
    expect(response.status).toBe(403);
    expect(bot.connector.to(invoke.conversation.id)).toEqual([]);
  });
});
