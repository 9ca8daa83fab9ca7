import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelMention, personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

describe('threshold <n>: each conversation chooses what counts as low', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function say(text: string, conversationId: string, locale = 'en-US') {
    const activity = personalMessage(text, { serviceUrl: bot.connector.url, conversationId, locale });
    await bot.send(activity);
    return bot.connector.to(conversationId).filter((a) => a.type === 'message').at(-1)!;
  }
  const verdictOf = (answer: Awaited<ReturnType<typeof say>>) => textsOf(cardOf(answer)).find((t) => / workloads? (below|are)/.test(t));

  it('starts at the configured default and says so', async () => {
    const answer = await say('threshold', `a:${randomUUID()}`);
    expect(answer.text).toBe(
      "Workloads below **30 %** count as low in this chat (the bot's default). Change it with **threshold** followed by a number from 1 to 99.",
    );
  });

  it('applies a new threshold to the next usage card of that conversation only', async () => {
    const mine = `a:${randomUUID()}`;
    const other = `a:${randomUUID()}`;
    expect((await say('threshold 50', mine)).text).toBe('Done: in this chat, workloads below **50 %** now count as low.');

    // Contoso Ltd: usage of 97.5, 62.5, 55, 93.8, 87.5, 15, 75 and 87.5 %.
    expect(verdictOf(await say('usage for Contoso Ltd', mine))).toBe('1 of 8 workloads below 50 %');
    expect(verdictOf(await say('usage for Contoso Ltd', other))).toBe('1 of 8 workloads below 30 %');
    await say('threshold 60', mine);
    expect(verdictOf(await say('usage for Contoso Ltd', mine))).toBe('2 of 8 workloads below 60 %');
    expect((await say('threshold', mine)).text).toMatch(/^Workloads below \*\*60 %\*\* count as low in this chat\. /);
  });

  it.each(['threshold 150', 'threshold 0', 'threshold lots', 'threshold 12.5'])('refuses %j with a clear sentence and stores nothing', async (text) => {
    const conversation = `a:${randomUUID()}`;
    expect((await say(text, conversation)).text).toBe('The threshold must be a whole number from 1 to 99, for example **threshold 40**.');
    expect((await say('threshold', conversation)).text).toMatch(/\(the bot's default\)/);
  });

  it('is shared by every thread of a channel', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    const inThread = (text: string, messageId: string) => {
      const activity = channelMention(text, { serviceUrl: bot.connector.url, conversationId: channel });
      return { ...activity, conversation: { ...activity.conversation, id: `${channel};messageid=${messageId}` } };
    };
    await bot.send(inThread('threshold 45', '1000'));
    const question = inThread('threshold', '2000');
    await bot.send(question);
    const answer = bot.connector.to(question.conversation.id).at(-1);
    expect(answer?.text).toMatch(/^Workloads below \*\*45 %\*\*/);
  });

  it('understands drempel in Dutch', async () => {
    const conversation = `a:${randomUUID()}`;
    expect((await say('drempel 40', conversation, 'nl-NL')).text).toBe('Gedaan: in deze chat gelden workloads onder **40 %** nu als laag.');
  });

  it('keeps a conversation\'s threshold across a restart of the bot', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-restart-'));
    const conversation = `a:${randomUUID()}`;
    const ask = async (instance: TestBot, text: string) => {
      await instance.send(personalMessage(text, { serviceUrl: instance.connector.url, conversationId: conversation }));
      return instance.connector.to(conversation).at(-1)?.text;
    };

    const before = await startTestBot({ DATA_DIR: dataDir });
    await ask(before, 'threshold 42');
    await before.close();

    const after = await startTestBot({ DATA_DIR: dataDir });
    try {
      expect(await ask(after, 'threshold')).toMatch(/^Workloads below \*\*42 %\*\* count as low in this chat\. /);
    } finally {
      await after.close();
    }
  });
});
