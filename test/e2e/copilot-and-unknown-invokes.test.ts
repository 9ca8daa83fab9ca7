import { randomUUID } from 'node:crypto';
import { personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Microsoft 365 Copilot talks to the bot as a custom engine agent with the same activities as a personal
 * chat. What the bot does not offer must get a clear answer, not a 500 or silence.
 */
describe('activities from Copilot Chat and Teams that the bot does not handle', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  const invoke = (name: string, value: unknown) =>
    bot.send({ ...personalMessage('', { serviceUrl: bot.connector.url }), type: 'invoke', name, text: undefined, value });

  it.each([
    ['message/submitAction', { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{}' } }],
    ['composeExtension/selectItem', { customerId: 'x' }],
    ['task/fetch', { data: {} }],
    ['something/new', null],
  ])('answers the invoke %s with 501 and a body that says so', async (name, value) => {
    const response = await invoke(name, value);
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({ code: 'NotImplemented', message: 'This bot does not handle this kind of invoke.' });
  });

  it('answers a Copilot message without text (only an attachment) with what it can do', async () => {
    const conversationId = `a:${randomUUID()}`;
    const message = { ...personalMessage('', { serviceUrl: bot.connector.url, conversationId }), text: undefined, attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/x.png' }] };
    expect((await bot.send(message)).status).toBe(200);
    const answer = bot.connector.to(conversationId).filter((a) => a.type === 'message').at(-1)!;
    expect(textsOf(cardOf(answer))).toContain('What I can do');
  });

  it('answers a question it does not understand with a pointer to help', async () => {
    const conversationId = `a:${randomUUID()}`;
    await bot.send(personalMessage('Which of my customers should I call this week?', { serviceUrl: bot.connector.url, conversationId }));
    expect(bot.connector.to(conversationId).at(-1)?.text).toBe("Sorry, I didn't get that. Type **help** to see what I can do.");
  });
});
