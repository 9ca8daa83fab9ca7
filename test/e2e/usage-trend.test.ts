import { randomUUID } from 'node:crypto';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { datasetAt } from '../../src/simulator/moving-dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { cardOf, elementsOf, textsOf } from '../helpers/cards';
import { validateCard } from '../helpers/card-validation';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const KEY = 'alerts-run-key-for-tests-0123456789';

describe('usage history and trend after alert passes over a moving data set, end to end over HTTP', () => {
  let simulator: RunningSimulator;
  let bot: TestBot;
  const base = createSampleDataset();

  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: base });
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: simulator.url, ALERTS_API_KEY: KEY, ALERT_SCHEDULE: 'off', USAGE_CACHE_SECONDS: '0' });
    // (No usage cache: the data moves between questions here, and a cached read would hide that; usage-cache.test.ts covers the cache.)
  });
  afterAll(async () => {
    await bot.close();
    await simulator.close();
  });

  async function say(text: string, conversationId = `a:${randomUUID()}`, locale?: string) {
    const response = await bot.send(personalMessage(text, { serviceUrl: bot.connector.url, conversationId, ...(locale ? { locale } : {}) }));
    expect(response.status).toBe(200);
    return bot.connector.to(conversationId).filter((a) => a.type === 'message').at(-1)!;
  }
  async function runPass() {
    const response = await fetch(`${bot.app.url}/api/alerts/run`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
  }
  it('shows no change and no trend chart before the history has points', async () => {
    const card = cardOf(await say('usage for Northwind'));
    expect(textsOf(card).join('\n')).not.toMatch(/since/);
    expect(elementsOf(card).some((e) => e.type === 'Chart.Line')).toBe(false);
  });

  it('records each data date once; the card shows each low workload\'s change and, from three points, a line chart', async () => {
    await say('alerts on');
    await runPass();
    simulator.replaceDataset(datasetAt(base, 1));
    await runPass();
    // The same data date again writes nothing new: still two points.
    await runPass();
    const two = cardOf(await say('usage for Northwind'));
    expect(elementsOf(two).some((e) => e.type === 'Chart.Line')).toBe(false);

    simulator.replaceDataset(datasetAt(base, 2));
    await runPass();
    const card = cardOf(await say('usage for Northwind'));
    expect(validateCard(card)).toEqual([]);
    const texts = textsOf(card).join('\n');
    // The simulator moves a falling row by 6 points of its seats per data date (30 days apart).
    expect(texts).toMatch(/down 6 points since 1 Apr/);
    const chart = elementsOf(card).find((e) => e.type === 'Chart.Line')!;
    expect(chart.data.length).toBeGreaterThan(0);
    expect(chart.data[0].values.map((v: { x: string }) => v.x)).toEqual(['2 Mar', '1 Apr', '1 May']);
    expect(chart.fallback.type).toBe('Container');

    const dutch = textsOf(cardOf(await say('gebruik voor Northwind', undefined, 'nl-NL'))).join('\n');
    expect(dutch).toMatch(/6 punten gedaald sinds 1 apr/);
  });

  it('ranks customers by their biggest fall since the previous data date (report drops)', async () => {
    const answer = await say('report drops');
    const card = cardOf(answer);
    expect(validateCard(card)).toEqual([]);
    const texts = textsOf(card).join('\n');
    expect(texts).toMatch(/Adoption report: biggest drops/);
    expect(texts).toMatch(/down 6 points since 1 Apr/);
  });
});
