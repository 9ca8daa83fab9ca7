import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator } from '../../src/simulator/partner-center-simulator';
import { startRecordingProxy } from '../helpers/partner-center-proxy';
import { channelMention, personalMessage } from '../helpers/activities';
import { actionsOf, cardOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/** What the bot sent back for one message: typing indicators apart from the answers. */
async function ask(bot: TestBot, activity: object) {
  const before = bot.connector.received.length;
  const response = await bot.send(activity);
  expect(response.status).toBe(200);
  const sent = bot.connector.received.slice(before);
  return {
    typing: sent.filter((r) => r.activity.type === 'typing'),
    answers: sent.filter((r) => r.activity.type === 'message'),
  };
}

describe('usage for <customer> in Teams, end to end in local mode', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.close();
  });
  const say = (text: string) => personalMessage(text, { serviceUrl: bot.connector.url });

  it('answers by company name with a usage card, quickly enough to need no typing indicator', async () => {
    const { typing, answers } = await ask(bot, say('usage for DT DEMO CSP CUSTOMER 005'));

    // The indicator appears only for answers slower than a second (unit/commands/typing-indicator.test.ts).
    expect(typing).toHaveLength(0);
    expect(answers).toHaveLength(1);
    const texts = textsOf(cardOf(answers[0]!.activity));
    expect(texts.join('\n')).toContain('DT DEMO CSP CUSTOMER 005');
    expect(texts).toContain('5 of 5 workloads below 30 %');
    expect(texts.join('\n')).toMatch(/Mar 9, 2017/);
    expect(texts.join('\n')).toContain('0 of 5 licenses active');
  });

  it('answers by customer id and by domain with the same customer', async () => {
    const byId = await ask(bot, say(`usage for ${SAMPLE_CUSTOMER_IDS.seed.toUpperCase()}`));
    const byDomain = await ask(bot, say('usage for DTDemoCSPCustomer005.onmicrosoft.com'));
    for (const { answers } of [byId, byDomain]) {
      expect(textsOf(cardOf(answers[0]!.activity))).toContain('5 of 5 workloads below 30 %');
    }
  });

  it('replies in the channel thread with a card each member opens with their own access', async () => {
    const activity = channelMention('usage for Northwind', { serviceUrl: bot.connector.url });
    await bot.send(activity);

    const reply = bot.connector.received.find((r) => r.conversationId === activity.conversation.id && r.activity.type === 'message');
    expect(reply?.replyToId).toBe(activity.id);
    const card = cardOf(reply!.activity);
    expect(textsOf(card)[0]).toBe('License usage: Northwind Traders');
    // No figures for everyone to see: each member's Teams fetches their own view.
    expect(JSON.stringify(card)).not.toMatch(/\d %/);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'low' } },
      userIds: ['29:account-manager', '29:colleague'],
    });
    expect(actionsOf(card).find((a) => a.type === 'Action.Execute')?.title).toBe('Show my view');
  });

  it("gives each channel member their own view when Teams refreshes the card for them", async () => {
    const mention = channelMention('', { serviceUrl: bot.connector.url });
    const refresh = {
      ...mention,
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      entities: [],
      from: { id: '29:colleague', name: 'Chris Colleague', aadObjectId: 'c0c0c0c0-0000-4000-8000-000000000003' },
      value: { trigger: 'automatic', action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'low' } } },
    };
    const response = await bot.send(refresh);
    const body = (await response.json()) as { type: string; value: any };

    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textsOf(body.value).some((t) => /^\d+ of 8 workloads below 30 %$/.test(t))).toBe(true);
    // The view keeps its refresh, so it stays this person's own the next time Teams shows it.
    expect(body.value.refresh?.userIds).toEqual(['29:account-manager', '29:colleague']);
  });

  it('asks which customer is meant when several share the name, with a button per customer', async () => {
    const { answers } = await ask(bot, say('usage for contoso'));
    const card = cardOf(answers[0]!.activity);

    expect(textsOf(card).join('\n')).toContain('2 customers match "contoso"');
    const buttons = actionsOf(card).filter((a) => a.type === 'Action.Submit');
    expect(buttons.map((b) => b.data.command).sort()).toEqual(
      [`usage for ${SAMPLE_CUSTOMER_IDS.contosoLtd}`, `usage for ${SAMPLE_CUSTOMER_IDS.contosoPharma}`].sort(),
    );
  });

  it('runs the chosen customer when a choice button is clicked on a client without Universal Actions', async () => {
    const choice = await ask(bot, say('usage for contoso'));
    const button = actionsOf(cardOf(choice.answers[0]!.activity)).find(
      (a) => a.type === 'Action.Submit' && String(a.title).startsWith('Contoso Pharma'),
    );
    // Such clients use the Action.Submit fallback: a message without text, the button's data as value.
    const click = { ...say(''), text: undefined, value: button!.data };

    const { answers } = await ask(bot, click);
    expect(textsOf(cardOf(answers[0]!.activity)).join('\n')).toContain('License usage: Contoso Pharma');
  });

  it('says plainly when no customer matches, and what it searched for', async () => {
    const { answers } = await ask(bot, say('usage for Nonexistent Widgets'));
    expect(answers[0]!.activity.text).toBe(
      'I found no customer whose company name starts with "Nonexistent Widgets". Check the spelling, or try the domain or customer id.',
    );
  });

  it('says when an id matches no customer', async () => {
    const { answers } = await ask(bot, say('usage for 00000000-0000-4000-8000-000000000000'));
    expect(answers[0]!.activity.text).toMatch(/no customer whose customer id is "00000000-0000-4000-8000-000000000000"/);
  });

  it('says "no usage data yet" rather than 0 % for a customer without data', async () => {
    const { answers } = await ask(bot, say('usage for Adatum'));
    const texts = textsOf(cardOf(answers[0]!.activity));
    expect(texts.join('\n')).toMatch(/No usage data yet/);
    expect(texts.join('\n')).not.toMatch(/0 %/);
  });

  it('falls back to the commercial endpoint when the original one has no rows', async () => {
    const { answers } = await ask(bot, say('usage for Tailspin Toys'));
    const texts = textsOf(cardOf(answers[0]!.activity));
    expect(texts).toContain('2 of 4 workloads below 30 %');
  });

  it('shows a customer whose name is full of markdown and template syntax as plain text', async () => {
    const { answers } = await ask(bot, say('usage for Litware'));
    const json = JSON.stringify(cardOf(answers[0]!.activity));
    expect(json).not.toContain('${');
    expect(json).not.toMatch(/\]\(/);
    expect(textsOf(cardOf(answers[0]!.activity)).join('\n')).toContain('Litware \\[Test\\] \\*Corp\\*');
  });

  it('explains a Partner Center refusal in one sentence with a reference for support', async () => {
    const { answers } = await ask(bot, say('usage for Lamna Healthcare'));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.activity.text).toMatch(
      /^Your Partner Center account can't see this customer's usage analytics\..*\(Reference: [0-9a-f-]{36}\)$/,
    );
  });

  it('keeps a large customer card within the Teams size limit', async () => {
    const { answers } = await ask(bot, say('usage for Woodgrove'));
    expect(Buffer.byteLength(JSON.stringify(cardOf(answers[0]!.activity)))).toBeLessThan(28_000);
  });

  it('answers help with a card of what it can do', async () => {
    const { answers, typing } = await ask(bot, say('help'));
    expect(typing).toHaveLength(0);
    expect(textsOf(cardOf(answers[0]!.activity)).join('\n')).toContain('usage for {customer}');
  });

  it('answers anything else with a hint towards help', async () => {
    const { answers } = await ask(bot, say('what is the weather'));
    expect(answers[0]!.activity.text).toBe("Sorry, I didn't get that. Type **help** to see what I can do.");
  });

  it('asks which customer when the name is missing', async () => {
    const { answers } = await ask(bot, say('usage for'));
    expect(answers[0]!.activity.text).toMatch(/^Which customer\?/);
  });

  it('never writes the Partner Center token into its logs', () => {
    const everything = JSON.stringify(bot.logs);
    expect(bot.logs.length).toBeGreaterThan(10);
    expect(everything).not.toContain('local-development-token');
  });
});

describe('usage for <customer> in a channel', () => {
  it("looks up the customer but reads no usage for the shared card: nobody would see the asker's figures", async () => {
    const simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    const proxy = await startRecordingProxy(simulator.url);
    const bot = await startTestBot({ PARTNER_CENTER_BASE_URL: proxy.url });
    try {
      const activity = channelMention('usage for Northwind', { serviceUrl: bot.connector.url });
      await bot.send(activity);
      const reply = bot.connector.received.find((r) => r.conversationId === activity.conversation.id && r.activity.type === 'message');
      expect(textsOf(cardOf(reply!.activity))[0]).toBe('License usage: Northwind Traders');
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(proxy.requests.filter((request) => /usage/i.test(request.path))).toEqual([]);
    } finally {
      await bot.close();
      await proxy.close();
      await simulator.close();
    }
  });
});
