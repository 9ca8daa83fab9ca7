import { randomUUID } from 'node:crypto';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { channelMention, personalMessage, USER } from '../helpers/activities';
import { actionsOf, cardOf, elementsOf, textsOf } from '../helpers/cards';
import { validateCard } from '../helpers/card-validation';
import { startTestBot, type TestBot } from '../helpers/test-bot';

describe('report: every customer at a glance, end to end over HTTP', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function ask(text: string, options: { locale?: string; kind?: 'personal' | 'channel' } = {}) {
    const conversationId = options.kind === 'channel' ? `19:${randomUUID()}@thread.tacv2` : `a:${randomUUID()}`;
    const activityOptions = { serviceUrl: bot.connector.url, conversationId, ...(options.locale ? { locale: options.locale } : {}) };
    const response = await bot.send(options.kind === 'channel' ? channelMention(text, activityOptions) : personalMessage(text, activityOptions));
    expect(response.status).toBe(200);
    const sent = bot.connector.received.filter((r) => r.conversationId.split(';')[0] === conversationId).map((r) => r.activity);
    return { conversationId, sent, answer: sent.filter((a) => a.type === 'message').at(-1)! };
  }

  async function click(conversationId: string, verb: string, data: unknown, kind: 'personal' | 'channel' = 'personal') {
    const options = { serviceUrl: bot.connector.url, conversationId };
    const base = kind === 'channel' ? channelMention('', options) : personalMessage('', options);
    const response = await bot.send({ ...base, type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
    return { status: response.status, body: (await response.json()) as { statusCode: number; type: string; value: any } };
  }

  /** The customer names of the report's lines, in order. */
  function lineCustomers(card: unknown): string[] {
    return elementsOf(card)
      .filter((e) => e.type === 'Container' && e.selectAction?.verb === 'usage.show')
      .map((e) => String(elementsOf(e.items).find((i) => i.type === 'TextBlock')?.text));
  }

  it('ranks every customer the user can see by seats at risk, with a chart, lines that open usage cards and progress', async () => {
    const { answer, sent } = await ask('report');
    const card = cardOf(answer);
    expect(validateCard(card)).toEqual([]);
    const texts = textsOf(card).join('\n');
    expect(texts).toMatch(/Adoption report: every customer/);
    const customers = lineCustomers(card);
    // Every sample customer with something to measure (Adatum has no data, Lamna refuses access).
    expect(customers).toHaveLength(9);
    // Worst first: the chart's seats at risk fall line by line, and Fabrikam (all healthy) is not above Northwind.
    const chart = elementsOf(card).find((e) => e.type === 'Chart.HorizontalBar')!;
    const seats = chart.data.map((bar: { y: number }) => bar.y);
    expect(seats).toEqual([...seats].sort((a, b) => b - a));
    expect(customers.at(-1)).toBe('Fabrikam Inc');
    // Customers with nothing to measure are not ranked; the hostile name is shown literally.
    expect(customers).not.toContain('Adatum Corporation');
    expect(customers.join('\n')).toContain('Litware \\[Test\\] \\*Corp\\* $\u200b{x}');

    expect(chart.data).toHaveLength(9);
    expect(chart.fallback.type).toBe('FactSet');
    // Clients without Universal Actions get buttons that type the usage command.
    const fallbackButtons = actionsOf(card).filter((a) => a.type === 'Action.Submit' && String(a.data?.command).startsWith('usage for'));
    expect(fallbackButtons[0]?.data.command).toBe(`usage for ${SAMPLE_CUSTOMER_IDS.manyWorkloads}`);
    expect(fallbackButtons).toHaveLength(9);
    expect(actionsOf(card).find((a) => a.verb === 'report.refresh')?.fallback).toMatchObject({ type: 'Action.Submit', data: { command: 'report' } });

    // The partner-wide scan said what it was doing while it ran.
    expect(sent.findIndex((a) => a.type === 'typing')).toBeLessThan(sent.indexOf(answer));

    const line = elementsOf(card).find((e) => e.type === 'Container' && e.selectAction?.verb === 'usage.show')!;
    const opened = await click(`a:${randomUUID()}`, 'usage.show', line.selectAction.data);
    expect(textsOf(opened.body.value)).toContain('License usage: Woodgrove Bank');
  });

  it('filters by workload, by its own threshold, by renewal, and explains what it cannot read', async () => {
    const yammer = cardOf((await ask('report for yammer')).answer);
    expect(textsOf(yammer).join('\n')).toMatch(/Adoption report: yammer/);
    // Only customers that have Yammer; Contoso Pharma's 400 seats at 5 % outweigh Northwind's 250 at 2 %.
    expect(lineCustomers(yammer).slice(0, 2)).toEqual(['Contoso Pharma', 'Northwind Traders']);
    expect(lineCustomers(yammer)).not.toContain('Fabrikam Inc');

    const below = cardOf((await ask('report below 10%')).answer);
    expect(textsOf(below).join('\n')).toMatch(/with a workload below 10 %/);
    expect(lineCustomers(below)).not.toContain('Fabrikam Inc');
    expect(lineCustomers(below)).toContain('Northwind Traders');

    expect((await ask('report for Skype*Online')).answer.text).toMatch(/has a workload called "Skype\\\*Online"/);
    expect((await ask('report below 0%')).answer.text).toMatch(/whole percentage from 1 to 99/);
    // Renewal dates come from the subscriptions read (annual and longer terms; monthly roll-overs would be noise).
    const renewing = cardOf((await ask('report renewing within 30 days')).answer);
    expect(lineCustomers(renewing)).toEqual(['Woodgrove Bank', 'Contoso Pharma']);
    expect(textsOf(renewing).join('\n')).toMatch(/renews in 12 days/);
    expect((await ask('report sideways')).answer.text).toMatch(/^Try \*\*report\*\*/);
    expect((await ask('report drops')).answer.text).toMatch(/needs two Partner Center data dates/);
  });

  it('speaks Dutch: overzicht voor, onder', async () => {
    const { answer } = await ask('overzicht onder 20%', { locale: 'nl-NL' });
    const texts = textsOf(cardOf(answer)).join('\n');
    expect(texts).toMatch(/Overzicht gebruik: onder 20 %/);
    expect(texts).toMatch(/licenties in gevaar/);
    expect((await ask('overzicht voor Teams', { locale: 'nl-NL' })).answer.attachments).toBeDefined();
    expect((await ask('overzicht verlengt binnen 400 dagen', { locale: 'nl-NL' })).answer.text).toMatch(/van 1 tot 365/);
  });

  it('gives a channel the figure-free card that Teams refreshes into each member\'s own report', async () => {
    const { answer, conversationId } = await ask('report below 20%', { kind: 'channel' });
    const card = cardOf(answer);
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/Northwind/);
    expect(card.refresh).toMatchObject({ action: { verb: 'report.refresh', data: { report: 'below', value: '20' } }, userIds: expect.arrayContaining([USER.id]) });

    const { status, body } = await click(conversationId, 'report.refresh', card.refresh.action.data, 'channel');
    expect(status).toBe(200);
    expect(lineCustomers(body.value)).toContain('Northwind Traders');
    // The person's own view keeps the refresh; its download button says to ask in a personal chat.
    expect(body.value.refresh.action.verb).toBe('report.refresh');
    const download = actionsOf(body.value).find((a) => a.verb === 'export.csv')!;
    const refused = await click(conversationId, 'export.csv', download.data, 'channel');
    expect(refused.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/only in our personal chat/) });
  });

  it('refuses a refresh that carries no report', async () => {
    const { status } = await click(`a:${randomUUID()}`, 'report.refresh', { report: 'below', value: '150' });
    expect(status).toBe(400);
  });
});
