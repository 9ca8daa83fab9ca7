import { randomUUID } from 'node:crypto';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/** Asking about the same customer again within USAGE_CACHE_SECONDS, over the real server and a recording Partner Center. */

const isUsageRead = (path: string) => path.includes('/analytics/');

describe('usage read lately is answered again without Partner Center', () => {
  let simulator: RunningSimulator;
  let proxy: RecordingProxy;
  let bot: TestBot;
  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    proxy = await startRecordingProxy(simulator.url);
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: proxy.url, PARTNER_CENTER_DEV_TOKEN: 'dev-token' });
  });
  afterAll(async () => {
    await bot.close();
    await proxy.close();
    await simulator.close();
  });

  async function ask(conversationId: string, text: string) {
    await bot.send(personalMessage(text, { serviceUrl: bot.connector.url, conversationId }));
    return cardOf(bot.connector.to(conversationId).filter((activity) => activity.type === 'message').at(-1)!);
  }
  const usageReads = () => proxy.requests.filter((request) => isUsageRead(request.path)).length;

  it('reads once, says when it read, and the Refresh button reads again', async () => {
    const conversationId = `a:${randomUUID()}`;
    const before = usageReads();
    const first = await ask(conversationId, `usage for ${SAMPLE_CUSTOMER_IDS.severalLow}`);
    const reads = usageReads() - before;
    expect(reads).toBeGreaterThan(0);
    expect(textsOf(first).some((text) => /^Partner Center data of .+ · read at \d\d:\d\d UTC$/.test(text))).toBe(true);

    const requestsBefore = proxy.requests.length;
    const again = await ask(conversationId, `usage for ${SAMPLE_CUSTOMER_IDS.severalLow}`);
    expect(usageReads() - before).toBe(reads);
    // Nothing at all: not the usage, and not what was bought (subscriptions, SKUs) beside it.
    expect(proxy.requests.length).toBe(requestsBefore);
    expect(textsOf(again)).toEqual(textsOf(first));

    const invoke = {
      ...personalMessage('', { serviceUrl: bot.connector.url, conversationId }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'low' } } },
    };
    const response = await bot.send(invoke);
    expect(response.status).toBe(200);
    expect(usageReads() - before).toBe(2 * reads);
  });
});
