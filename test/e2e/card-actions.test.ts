import { randomUUID } from 'node:crypto';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { personalMessage } from '../helpers/activities';
import { actionsOf, cardOf, elementsOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

describe('Universal Actions on the cards (adaptiveCard/action)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  /** A click on an Action.Execute, as Teams sends it; resolves with the HTTP status and invoke body. */
  async function click(conversationId: string, value: unknown) {
    const activity = { ...personalMessage('', { serviceUrl: bot.connector.url, conversationId }), type: 'invoke', name: 'adaptiveCard/action', text: undefined, value };
    const response = await bot.send(activity);
    return { status: response.status, body: (await response.json()) as { statusCode: number; type: string; value: any } };
  }
  const execute = (verb: string, data: unknown) => ({ action: { type: 'Action.Execute', verb, data } });
  const conversation = () => `a:${randomUUID()}`;

  async function usageCard(conversationId: string, customer: string) {
    await bot.send(personalMessage(`usage for ${customer}`, { serviceUrl: bot.connector.url, conversationId }));
    return cardOf(bot.connector.to(conversationId).filter((a) => a.type === 'message').at(-1)!);
  }

  it('puts refresh, another view, a threshold choice and alerts on every usage card, each with a fallback for old clients', async () => {
    const card = await usageCard(conversation(), 'Northwind');
    const executes = actionsOf(card).filter((a) => a.type === 'Action.Execute');
    expect(executes.map((a) => a.verb)).toEqual(['usage.refresh', 'usage.view', 'usage.threshold', 'alerts.subscribe', 'export.csv']);
    expect(executes.find((a) => a.verb === 'usage.refresh')?.fallback).toEqual({
      type: 'Action.Submit',
      title: 'Refresh',
      data: { command: `usage for ${SAMPLE_CUSTOMER_IDS.severalLow}` },
    });
  });

  it('refreshes the card in place with fresh data', async () => {
    const { status, body } = await click(conversation(), execute('usage.refresh', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'low' }));
    expect(status).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textsOf(body.value)).toContain('License usage: Northwind Traders');
  });

  it('switches between all workloads and only the low ones', async () => {
    const { body } = await click(conversation(), execute('usage.view', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'all' }));
    const healthy = elementsOf(body.value).find((e) => e.id === 'healthyWorkloads');
    expect(healthy?.isVisible).toBe(true);
    const back = actionsOf(body.value).find((a) => a.verb === 'usage.view');
    expect(back).toMatchObject({ title: 'Only low workloads', data: { view: 'low' } });
  });

  it('applies a threshold chosen on the card to the card and to the conversation', async () => {
    const chat = conversation();
    const { body } = await click(chat, execute('usage.threshold', { customerId: SAMPLE_CUSTOMER_IDS.contosoLtd, view: 'low', argument: '60' }));
    expect(textsOf(body.value)).toContain('2 of 8 workloads below 60 %');

    await bot.send(personalMessage('threshold', { serviceUrl: bot.connector.url, conversationId: chat }));
    expect(bot.connector.to(chat).at(-1)?.text).toMatch(/^Workloads below \*\*60 %\*\*/);
  });

  it('refuses an impossible threshold with a message and keeps the old one', async () => {
    const chat = conversation();
    const { status, body } = await click(chat, execute('usage.threshold', { customerId: SAMPLE_CUSTOMER_IDS.contosoLtd, argument: 150 }));
    expect(status).toBe(200);
    expect(body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'The threshold must be a whole number from 1 to 99, for example **threshold 40**.',
    });
    await bot.send(personalMessage('threshold', { serviceUrl: bot.connector.url, conversationId: chat }));
    expect(bot.connector.to(chat).at(-1)?.text).toMatch(/\(the bot's default\)/);
  });

  it('answers a click on the customer choice card with that customer\'s usage card', async () => {
    const chat = conversation();
    await bot.send(personalMessage('usage for contoso', { serviceUrl: bot.connector.url, conversationId: chat }));
    const choice = cardOf(bot.connector.to(chat).filter((a) => a.type === 'message').at(-1)!);
    const pharma = actionsOf(choice).find((a) => a.type === 'Action.Execute' && String(a.title).startsWith('Contoso Pharma'));

    const { body } = await click(chat, execute(pharma!.verb, pharma!.data));
    expect(textsOf(body.value)).toContain('License usage: Contoso Pharma');
  });

  it('gives a card kept from long ago a fresh card', async () => {
    // Older cards carried only the customer id.
    const { body } = await click(conversation(), execute('usage.refresh', { customerId: SAMPLE_CUSTOMER_IDS.healthy }));
    expect(textsOf(body.value)).toContain('License usage: Fabrikam Inc');
  });

  it('explains a Partner Center refusal as a message, not an error', async () => {
    const { status, body } = await click(conversation(), execute('usage.refresh', { customerId: SAMPLE_CUSTOMER_IDS.noRelationship }));
    expect(status).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(body.value).toMatch(/^Your Partner Center account can't see this customer's usage analytics\..*\(Reference: [0-9a-f-]{36}\)$/);
  });

  it.each([
    ['an unknown verb', execute('usage.delete', { customerId: SAMPLE_CUSTOMER_IDS.healthy })],
    ['no data', execute('usage.refresh', undefined)],
    ['a customer id that is not one', execute('usage.refresh', { customerId: '../../v1/customers' })],
    ['no action at all', {}],
    ['an Action.Submit', { action: { type: 'Action.Submit', data: {} } }],
    ['no value', undefined],
  ])('answers %s with 400 and an error body, never a 500', async (_case, value) => {
    const { status, body } = await click(conversation(), value);
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest' } });
  });

  it('lets old clients change the threshold through the Action.Submit fallback', async () => {
    const chat = conversation();
    await bot.send({ ...personalMessage('', { serviceUrl: bot.connector.url, conversationId: chat }), text: undefined, value: { command: 'threshold', argument: 45 } });
    expect(bot.connector.to(chat).at(-1)?.text).toBe('Done: in this chat, workloads below **45 %** now count as low.');
  });
});
