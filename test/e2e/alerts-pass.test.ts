import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeMarkdown } from '../../src/cards/escape-markdown';
import { customerId } from '../../src/core/customers/customer-id';
import { analyseUsage } from '../../src/core/usage/analyse-usage';
import { en } from '../../src/i18n/en';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import type { SimulatorDataset } from '../../src/simulator/dataset';
import { channelMention, personalMessage } from '../helpers/activities';
import { actionsOf, cardOf, textsOf } from '../helpers/cards';
import { startFakeTeamsConnector } from '../helpers/fake-teams-connector';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const KEY = 'alerts-run-key-for-tests-0123456789';

/** Contoso Ltd with Intune's active licenses changed: 12 of 80 (15 %) in the sample data. */
function withContosoIntune(active: number): SimulatorDataset {
  const dataset = createSampleDataset();
  return {
    customers: dataset.customers.map((customer) => {
      if (customer.id !== SAMPLE_CUSTOMER_IDS.contosoLtd) return customer;
      const change = <T extends { workloadName: string; licensesActive: number; licensesQualified: number }>(row: T): T =>
        row.workloadName === 'Intune' ? { ...row, licensesActive: active, ...('usagePercent' in row ? { usagePercent: Math.round((active / row.licensesQualified) * 1000) / 10 } : {}) } : row;
      return { ...customer, seedUsage: customer.seedUsage.map(change), commercialUsage: customer.commercialUsage.map(change) };
    }),
  };
}

/**
 * The workloads below 30 % of every sample customer Partner Center lets the subscriber read, lowest
 * first, as the digest should show them: the customer's name as the card escapes it, the percentage as
 * the card formats it.
 */
function lowWorkloadsOfSampleData(): Array<{ customer: string; percent: string; value: number }> {
  return createSampleDataset()
    .customers.filter((customer) => customer.failure === undefined)
    .flatMap((customer) => {
      const id = customerId(customer.id);
      const records = customer.commercialUsage.map((row) => ({ ...row, customerId: id, customerName: customer.companyName }));
      return analyseUsage({ customerId: id, customerName: customer.companyName, records, threshold: 30 }).low.map((workload) => ({
        customer: escapeMarkdown(customer.companyName, { maxLength: 80 }),
        percent: en.formatPercent(workload.usagePercent!),
        value: workload.usagePercent!,
      }));
    })
    .sort((a, b) => a.value - b.value);
}

describe('proactive low-adoption alerts, end to end over HTTP', () => {
  let simulator: RunningSimulator;
  let bot: TestBot;

  beforeEach(async () => {
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    bot = await startTestBot({ PARTNER_CENTER_BASE_URL: simulator.url, ALERTS_API_KEY: KEY, ALERT_SCHEDULE: 'off' });
  });
  afterEach(async () => {
    await bot.close();
    await simulator.close();
  });

  function runPass(key: string | null = KEY) {
    return fetch(`${bot.app.url}/api/alerts/run`, { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {} });
  }
  async function runPassOk() {
    const response = await runPass();
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, number>;
  }
  /** New messages the bot posted on its own (not replies to someone), in order. */
  function proactiveTo(conversationId: string) {
    return bot.connector.received.filter((r) => r.conversationId === conversationId && !r.replyToId && r.activity.type === 'message').map((r) => r.activity);
  }
  async function say(text: string, conversationId: string, kind: 'personal' | 'channel' = 'personal') {
    const options = { serviceUrl: bot.connector.url, conversationId };
    const response = await bot.send(kind === 'personal' ? personalMessage(text, options) : channelMention(text, options));
    expect(response.status).toBe(200);
    // A channel message arrives in a thread (`<channel>;messageid=…`) and is answered there.
    const replies = bot.connector.received.filter((r) => r.conversationId.split(';')[0] === conversationId && r.replyToId && r.activity.type === 'message');
    return replies.at(-1)!.activity;
  }

  it('posts an alert card to a personal chat once, then only when usage drops further', async () => {
    const chat = `a:${randomUUID()}`;
    expect((await say('alerts on for Contoso Ltd', chat)).text).toMatch(/^Alerts on: .*Contoso Ltd.*30 %/);

    const first = await runPassOk();
    expect(first).toMatchObject({ conversationsChecked: 1, alertsSent: 1, messagesSent: 1, failed: 0 });
    const [alert] = proactiveTo(chat);
    const texts = textsOf(cardOf(alert!));
    expect(texts.join('\n')).toMatch(/Contoso Ltd/);
    expect(texts.join('\n')).toMatch(/Intune/);
    expect(texts.join('\n')).toMatch(/15 %/);
    expect(actionsOf(cardOf(alert!)).map((a) => a.verb).filter(Boolean)).toEqual(expect.arrayContaining(['usage.show', 'alerts.mute']));

    // Nothing changed: nothing new to say.
    expect(await runPassOk()).toMatchObject({ conversationsChecked: 1, alertsSent: 0, messagesSent: 0 });
    expect(proactiveTo(chat)).toHaveLength(1);

    // Down by 2.5 points: not worth a message. Down by 10 more: an update that says how it moved.
    simulator.replaceDataset(withContosoIntune(10));
    expect(await runPassOk()).toMatchObject({ alertsSent: 0 });
    simulator.replaceDataset(withContosoIntune(4));
    expect(await runPassOk()).toMatchObject({ alertsSent: 1, messagesSent: 1 });
    const update = proactiveTo(chat)[1]!;
    expect(textsOf(cardOf(update)).join('\n')).toMatch(/5 %/);
    expect(textsOf(cardOf(update)).join('\n')).toMatch(/down 10 points since the last alert \(15 %\)/);
  });

  it('posts one digest to a channel subscribed to all customers, as a new thread', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    expect((await say('alerts on', channel, 'channel')).text).toMatch(/^Alerts on: /);

    const summary = await runPassOk();
    expect(summary).toMatchObject({ conversationsChecked: 1, messagesSent: 1 });
    expect(summary.alertsSent).toBeGreaterThan(3);
    const posted = proactiveTo(channel);
    expect(posted).toHaveLength(1);
    // Every low workload of every customer the subscriber can see, from the sample data itself.
    const expected = lowWorkloadsOfSampleData();
    const texts = textsOf(cardOf(posted[0]!));
    expect(texts[1]).toBe(`${expected.length} workloads at ${new Set(expected.map((e) => e.customer)).size} customers dropped below their threshold. The lowest first:`);
    // The rows shown (customer, workload, movement, percent) are the lowest of them, worst first.
    const shownRows = texts.slice(2, texts.findIndex((t) => t.startsWith('…and')));
    const shown = Array.from({ length: shownRows.length / 4 }, (_, i) => ({ customer: shownRows[i * 4]!, percent: shownRows[i * 4 + 3]! }));
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(texts).toContain(`…and ${expected.length - shown.length} more`);
    const percents = shown.map((row) => Number.parseFloat(row.percent));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // The same as the lowest expected ones; rows at the same percentage may come in either order.
    const key = (row: { customer: string; percent: string }) => `${row.percent} ${row.customer}`;
    expect(shown.map(key).sort()).toEqual(expected.slice(0, shown.length).map(key).sort());
    expect(shown[0]).toEqual({ customer: 'DT DEMO CSP CUSTOMER 005', percent: '0 %' });
    expect(await runPassOk()).toMatchObject({ alertsSent: 0, messagesSent: 0 });
  });

  it('stops after alerts off', async () => {
    const chat = `a:${randomUUID()}`;
    await say('alerts on for Contoso Ltd', chat);
    await say('alerts off', chat);
    expect(await runPassOk()).toMatchObject({ alertsSent: 0, messagesSent: 0 });
    expect(proactiveTo(chat)).toHaveLength(0);
  });

  it('deactivates a conversation whose bot was removed (403) and does not retry it', async () => {
    const chat = `a:${randomUUID()}`;
    await say('alerts on for Contoso Ltd', chat);
    bot.connector.failNext(chat, 403);
    expect(await runPassOk()).toMatchObject({ deactivated: 1, messagesSent: 0 });
    const attemptsAfterFirst = bot.connector.attempts.filter((a) => a.conversationId === chat && !a.replyToId).length;
    expect(attemptsAfterFirst).toBe(1);

    expect(await runPassOk()).toMatchObject({ conversationsChecked: 0, messagesSent: 0 });
    expect(bot.connector.attempts.filter((a) => a.conversationId === chat && !a.replyToId)).toHaveLength(1);
    expect(textsOf(cardOf(await say('alerts', chat))).join('\n')).toMatch(/can no longer post here/);
  });

  it('retries a throttled post (429 with Retry-After) and delivers it once', async () => {
    const chat = `a:${randomUUID()}`;
    await say('alerts on for Contoso Ltd', chat);
    bot.connector.failNext(chat, 429, { retryAfter: 1 });
    expect(await runPassOk()).toMatchObject({ alertsSent: 1, messagesSent: 1, failed: 0 });
    expect(proactiveTo(chat)).toHaveLength(1);
    expect(bot.connector.attempts.filter((a) => a.conversationId === chat && !a.replyToId).map((a) => a.status)).toEqual([429, 200]);
  });

  it('guards the run endpoint: 401 without or with a wrong key, 409 while a pass runs', async () => {
    expect((await runPass(null)).status).toBe(401);
    expect((await runPass('wrong-key-wrong-key-wrong-key')).status).toBe(401);

    const chat = `a:${randomUUID()}`;
    await say('alerts on for Contoso Ltd', chat);
    const hold = bot.connector.hold(chat);
    const running = runPass();
    await hold.reached;
    expect((await runPass()).status).toBe(409);
    hold();
    expect((await running).status).toBe(200);
    expect(proactiveTo(chat)).toHaveLength(1);
  });
});

describe('the run endpoint without a key', () => {
  it('answers 503: an outside scheduler cannot run passes until ALERTS_API_KEY is set', async () => {
    const bot = await startTestBot({ ALERT_SCHEDULE: 'off' });
    try {
      const response = await fetch(`${bot.app.url}/api/alerts/run`, { method: 'POST', headers: { authorization: 'Bearer anything-at-all-here' } });
      expect(response.status).toBe(503);
    } finally {
      await bot.close();
    }
  });
});

describe('a restart in the middle of a pass', () => {
  it('keeps every subscription, sends nothing twice, and the next pass completes the work', async () => {
    const simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    const connector = await startFakeTeamsConnector();
    const env = { PARTNER_CENTER_BASE_URL: simulator.url, ALERTS_API_KEY: KEY, ALERT_SCHEDULE: 'off', DATA_DIR: mkdtempSync(join(tmpdir(), 'usage-bot-')) };
    const chats = [`a:${randomUUID()}`, `a:${randomUUID()}`, `a:${randomUUID()}`];
    const proactiveTo = (chat: string) => connector.received.filter((r) => r.conversationId === chat && !r.replyToId && r.activity.type === 'message');
    const say = async (target: TestBot, text: string, chat: string) => {
      await target.send(personalMessage(text, { serviceUrl: connector.url, conversationId: chat }));
      return connector.to(chat).filter((a) => a.type === 'message').at(-1)!;
    };
    const run = (target: TestBot) => fetch(`${target.app.url}/api/alerts/run`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });

    try {
      const first = await startTestBot(env, undefined, { connector });
      for (const chat of chats) await say(first, 'alerts on for Contoso Ltd', chat);

      // Teams is slow for every chat: the pass waits on the first alert it posts while the bot shuts down.
      const holds = chats.map((chat) => connector.hold(chat));
      const pass = run(first).catch(() => undefined);
      await Promise.race(holds.map((hold) => hold.reached));
      const stopping = first.close();
      holds.forEach((release) => release());
      await stopping;
      await pass;
      const deliveredBeforeRestart = chats.filter((chat) => proactiveTo(chat).length > 0);
      expect(deliveredBeforeRestart.length).toBeGreaterThanOrEqual(1);
      expect(deliveredBeforeRestart.length).toBeLessThan(chats.length);

      const second = await startTestBot(env, undefined, { connector });
      try {
        const response = await run(second);
        expect(response.status).toBe(200);
        for (const chat of chats) {
          expect(proactiveTo(chat)).toHaveLength(1);
          expect(textsOf(cardOf(await say(second, 'alerts', chat))).join('\n')).toMatch(/Contoso Ltd/);
        }
        // And a further pass has nothing left to say.
        expect(await (await run(second)).json()).toMatchObject({ messagesSent: 0 });
      } finally {
        await second.close();
      }
    } finally {
      await connector.close();
      await simulator.close();
    }
  });
});
