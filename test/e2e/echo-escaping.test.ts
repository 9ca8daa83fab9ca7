import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { withUsagePercent, type SimulatedCustomer, type SimulatedUsageRow } from '../../src/simulator/dataset';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { channelMention, personalMessage, USER } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { hostileText } from '../helpers/hostile-text';
import { liveMarkup } from '../helpers/live-markup';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Whatever a user types and whatever Partner Center or Teams returns, no reply carries a link, image or
 * mention the bot did not write. Generated hostile text goes through every command that repeats text,
 * over HTTP to the real bot, against the simulator serving customers, products and workloads with
 * hostile names.
 */

const KEY = 'alerts-run-key-for-tests-0123456789';

type Echo = 'usage' | 'usage-in-channel' | 'alerts-on' | 'alerts-off' | 'hostile-customer' | 'hostile-customer-in-channel' | 'hostile-refresh' | 'hostile-subscription';
const ECHOES: readonly Echo[] = ['usage', 'usage-in-channel', 'alerts-on', 'alerts-off', 'hostile-customer', 'hostile-customer-in-channel', 'hostile-refresh', 'hostile-subscription'];

function hostileRows(product: string, workload: string): SimulatedUsageRow[] {
  const row = (workloadName: string, active: number): SimulatedUsageRow => ({
    productId: 'CFQ7TTC0EVIL',
    productName: product,
    workloadCode: 'EVL',
    workloadName,
    serviceCode: 'O365',
    serviceName: 'o365',
    channel: 'reseller',
    licensesActive: active,
    licensesQualified: 100,
    processedDateTime: '2026-11-01T00:00:00+00:00',
  });
  return [row(workload, 3), row(`${workload} 2`, 90)];
}

/** Two customers whose names start with the hostile text (so typing it is ambiguous), with hostile products and workloads. */
function hostileCustomers(name: string, product: string, workload: string): SimulatedCustomer[] {
  return ['Alpha', 'Beta'].map((suffix) => {
    const rows = hostileRows(product, workload);
    return {
      id: randomUUID(),
      tenantId: randomUUID(),
      companyName: `${name} ${suffix}`,
      domain: `evil-${suffix.toLowerCase()}-${randomUUID().slice(0, 8)}.onmicrosoft.com`,
      seedUsage: withUsagePercent(rows),
      commercialUsage: rows,
    };
  });
}

interface Reply {
  text?: string;
  card?: unknown;
  entities?: unknown;
}

function findings(replies: readonly Reply[]): string[] {
  return replies.flatMap((reply) => {
    const texts = [...(reply.text ? [reply.text] : []), ...(reply.card ? textsOf(reply.card) : [])];
    const mentions = Array.isArray(reply.entities) && reply.entities.some((entity: { type?: string }) => entity.type === 'mention') ? ['mention entity'] : [];
    return [...mentions, ...texts.flatMap((text) => liveMarkup(text).map((what) => `${what} in ${JSON.stringify(text)}`))];
  });
}

describe('nothing a user types or Partner Center returns becomes a live link, image or mention', () => {
  let simulator: RunningSimulator;
  let bot: TestBot;
  const base = createSampleDataset();
  // A chat subscribed to all customers, so `alerts off for <text>` gets past "nothing to turn off".
  const subscribedChat = `a:${randomUUID()}`;

  beforeAll(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: base });
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: simulator.url, ALERTS_API_KEY: KEY, ALERT_SCHEDULE: 'off' });
    const response = await bot.send(personalMessage('alerts on', { serviceUrl: bot.connector.url, conversationId: subscribedChat }));
    expect(response.status).toBe(200);
  });
  afterAll(async () => {
    await bot?.close();
    await simulator?.close();
  });

  /** Sends one activity and returns every message the bot sent for it, and the invoke's card if any. */
  async function exchange(activity: Record<string, unknown>): Promise<Reply[]> {
    const before = bot.connector.received.length;
    const response = await bot.send(activity);
    expect(response.status).toBe(200);
    const replies: Reply[] = bot.connector.received
      .slice(before)
      .filter((r) => r.activity.type === 'message')
      .map((r) => ({
        ...(r.activity.text ? { text: r.activity.text } : {}),
        ...(r.activity.attachments ? { card: cardOf(r.activity) } : {}),
        entities: r.activity.entities,
      }));
    if (activity.type === 'invoke') {
      const body = (await response.json()) as { value?: unknown };
      if (typeof body.value === 'object') replies.push({ card: body.value });
      else if (typeof body.value === 'string') replies.push({ text: body.value });
    }
    return replies;
  }

  async function run(echo: Echo, typed: string, customers: SimulatedCustomer[], userName: string): Promise<Reply[]> {
    const options = { serviceUrl: bot.connector.url };
    const hostile = customers[0]!;
    switch (echo) {
      case 'usage':
        return exchange(personalMessage(`usage for ${typed}`, options));
      case 'usage-in-channel':
        return exchange(channelMention(`usage for ${typed}`, options));
      case 'alerts-on':
        return exchange(personalMessage(`alerts on for ${typed}`, options));
      case 'alerts-off':
        return exchange(personalMessage(`alerts off for ${typed}`, { ...options, conversationId: subscribedChat }));
      case 'hostile-customer':
        return exchange(personalMessage(`usage for ${hostile.id}`, options));
      case 'hostile-customer-in-channel':
        return exchange(channelMention(`usage for ${hostile.id}`, options));
      case 'hostile-refresh': {
        const mention = channelMention('', options);
        return exchange({
          ...mention,
          type: 'invoke',
          name: 'adaptiveCard/action',
          text: undefined,
          entities: [],
          value: { trigger: 'manual', action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: hostile.id, view: 'all' } } },
        });
      }
      case 'hostile-subscription': {
        // A Teams display name is outside text too: the list card and the replies name the subscriber.
        const chat = { ...options, conversationId: `a:${randomUUID()}` };
        const as = (text: string) => ({ ...personalMessage(text, chat), from: { ...USER, name: userName } });
        return [
          ...(await exchange(as(`alerts on for ${hostile.id}`))),
          ...(await exchange(as('alerts'))),
          ...(await exchange(as(`alerts off for ${hostile.id}`))),
        ];
      }
    }
  }

  it('for every command that repeats text, over HTTP to the real bot', async () => {
    let echoed = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ECHOES), hostileText, hostileText, hostileText, async (echo, typed, product, workload) => {
        const customers = hostileCustomers(typed, product, workload);
        simulator.replaceDataset({ customers: [...base.customers, ...customers] });
        const replies = await run(echo, typed, customers, typed);
        expect(replies.length).toBeGreaterThan(0);
        expect(findings(replies)).toEqual([]);
        if (replies.some((reply) => reply.text?.includes('\\'))) echoed += 1;
      }),
      { numRuns: 300 },
    );
    // The property is about replies that repeat the text: many of them did, escaped.
    expect(echoed).toBeGreaterThan(30);
  }, 120_000);

  it('in proactive alert cards about customers, products and workloads with hostile names', async () => {
    const chat = `a:${randomUUID()}`;
    await exchange(personalMessage('alerts on below 50%', { serviceUrl: bot.connector.url, conversationId: chat }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(hostileText, hostileText, hostileText), { minLength: 1, maxLength: 3 }), async (names) => {
        simulator.replaceDataset({ customers: names.flatMap(([name, product, workload]) => hostileCustomers(name, product, workload)) });
        const before = bot.connector.received.length;
        const response = await fetch(`${bot.app.url}/api/alerts/run`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
        expect(response.status).toBe(200);
        const posted = bot.connector.received.slice(before).filter((r) => r.conversationId === chat && r.activity.type === 'message');
        // New customers each pass: each pass has something to say.
        expect(posted.length).toBeGreaterThan(0);
        expect(findings(posted.map((r) => ({ card: cardOf(r.activity), entities: r.activity.entities })))).toEqual([]);
      }),
      { numRuns: 10 },
    );
  }, 120_000);
});
