import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('local mode against a Partner Center-shaped server of your own', () => {
  let simulator: RunningSimulator;
  let proxy: RecordingProxy;
  let bot: TestBot;

  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    proxy = await startRecordingProxy(simulator.url);
    bot = await startTestBot({
      PARTNER_CENTER_BASE_URL: proxy.url,
      PARTNER_CENTER_DEV_TOKEN: 'dev-token-7f3a91',
      PARTNER_CENTER_APPLICATION: 'Usage Bot Tests',
      REQUEST_DEADLINE_SECONDS: '2',
    });
  });
  afterAll(async () => {
    await bot.close();
    await proxy.close();
    await simulator.close();
  });

  it('calls it with the development token and every header Partner Center expects', async () => {
    const first = proxy.requests.length;
    await bot.send(personalMessage('usage for Northwind', { serviceUrl: bot.connector.url, locale: 'nl-NL' }));

    const calls = proxy.requests.slice(first);
    expect(calls.length).toBeGreaterThanOrEqual(2); // find the customer, then its usage
    for (const { headers } of calls) {
      expect(headers.authorization).toBe('Bearer dev-token-7f3a91');
      expect(headers.accept).toBe('application/json');
      expect(headers['ms-requestid']).toMatch(GUID);
      expect(headers['ms-correlationid']).toMatch(GUID);
      expect(headers['x-locale']).toBe('nl-NL');
      expect(headers['ms-partnercenter-application']).toBe('Usage Bot Tests');
    }
    // One user request is one correlation id across its Partner Center calls, each call its own request id.
    expect(new Set(calls.map((c) => c.headers['ms-correlationid'])).size).toBe(1);
    expect(new Set(calls.map((c) => c.headers['ms-requestid'])).size).toBe(calls.length);
  });

  it('sends en-US when the activity carries a locale that is not a language tag', async () => {
    const first = proxy.requests.length;
    await bot.send(personalMessage('usage for Northwind', { serviceUrl: bot.connector.url, locale: 'nl-NL\r\nX-Injected: yes' }));
    const calls = proxy.requests.slice(first);
    expect(calls.length).toBeGreaterThan(0);
    for (const { headers } of calls) {
      expect(headers['x-locale']).toBe('en-US');
      expect(headers['x-injected']).toBeUndefined();
    }
  });

  it('uses the same correlation id in the logs, and never the token', async () => {
    const first = proxy.requests.length;
    await bot.send(personalMessage('usage for Northwind', { serviceUrl: bot.connector.url }));
    const calls = proxy.requests.slice(first);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.headers.authorization === 'Bearer dev-token-7f3a91')).toBe(true);

    const correlationId = calls[0]!.headers['ms-correlationid'];
    expect(correlationId).toMatch(GUID);
    expect(bot.logs.filter((line) => line.correlationId === correlationId).length).toBeGreaterThan(0);
    expect(JSON.stringify(bot.logs)).not.toContain('dev-token-7f3a91');
  });

  it('answers within the deadline when Partner Center does not answer at all', async () => {
    proxy.hold();
    try {
      const started = Date.now();
      const activity = personalMessage('usage for Fabrikam', { serviceUrl: bot.connector.url });
      expect((await bot.send(activity)).status).toBe(200);
      // The HTTP answer came at the hand-off; the sentence follows once the deadline has passed.
      const [answer] = await bot.connector.messages(activity.conversation.id, 1);
      const elapsed = Date.now() - started;
      expect(answer?.text).toMatch(/^Partner Center took too long to answer\. .*\(Reference: [0-9a-f-]{36}\)$/);
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      proxy.release();
    }
  });

  it('works again once Partner Center answers', async () => {
    const activity = personalMessage('usage for Fabrikam', { serviceUrl: bot.connector.url });
    await bot.send(activity);
    const answer = bot.connector.to(activity.conversation.id).find((a) => a.type === 'message');
    expect(textsOf(cardOf(answer!)).join('\n')).toContain('Fabrikam Inc');
  });
});
