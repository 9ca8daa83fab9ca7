import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationReferenceStore } from '../../src/storage/conversation-reference-store';
import { openSqliteStorage } from '../../src/storage/sqlite-storage';
import { channelMention, personalMessage } from '../helpers/activities';
import { actionsOf, cardOf, elementsOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

describe('install, welcome and uninstall', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  const personal = (conversationId: string, locale = 'en-US') =>
    personalMessage('', { serviceUrl: bot.connector.url, conversationId, locale });
  const installation = (base: object, action: 'add' | 'remove') => ({ ...base, type: 'installationUpdate', action, text: undefined });
  const sentTo = (conversationId: string) => bot.connector.to(conversationId).filter((a) => a.type === 'message');

  it('welcomes a person who installs the bot with a card to ask for a first customer', async () => {
    const conversation = `a:${randomUUID()}`;
    expect((await bot.send(installation(personal(conversation), 'add'))).status).toBe(200);

    const card = cardOf(sentTo(conversation)[0]!);
    expect(textsOf(card)[0]).toBe('Welcome to CSP Usage');
    expect(elementsOf(card).some((e) => e.type === 'Input.Text' && e.id === 'argument')).toBe(true);
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Show usage', 'What else can you do?']);
  });

  it('runs the first query typed into the welcome card', async () => {
    const conversation = `a:${randomUUID()}`;
    // What Teams sends for the "Show usage" button: the button's data merged with the card's inputs.
    await bot.send({ ...personal(conversation), text: undefined, value: { command: 'usage for', argument: 'Fabrikam' } });
    expect(textsOf(cardOf(sentTo(conversation)[0]!))).toContain('License usage: Fabrikam Inc');
  });

  it('welcomes in Dutch when Teams runs in Dutch', async () => {
    const conversation = `a:${randomUUID()}`;
    await bot.send(installation(personal(conversation, 'nl-NL'), 'add'));
    expect(textsOf(cardOf(sentTo(conversation)[0]!))[0]).toBe('Welkom bij CSP Usage');
  });

  it('greets a team with one short line, not a card', async () => {
    const team = channelMention('', { serviceUrl: bot.connector.url });
    await bot.send(installation({ ...team, entities: [] }, 'add'));
    const [greeting] = sentTo(team.conversation.id);
    expect(greeting?.text).toMatch(/^Hi, I'm CSP Usage\. Mention me with \*\*usage for\*\*/);
    expect(greeting?.attachments ?? []).toEqual([]);
  });

  it.each([
    ['the installation first', ['installationUpdate', 'conversationUpdate']],
    ['the conversation update first', ['conversationUpdate', 'installationUpdate']],
  ])('does not welcome twice when Teams also reports the install as a conversation update (%s)', async (_order, kinds) => {
    const conversation = `a:${randomUUID()}`;
    const base = personal(conversation);
    const activities: Record<string, object> = {
      installationUpdate: installation(base, 'add'),
      conversationUpdate: { ...base, type: 'conversationUpdate', text: undefined, membersAdded: [{ id: base.recipient.id }] },
    };
    for (const kind of kinds) expect((await bot.send({ ...activities[kind], id: randomUUID() })).status).toBe(200);

    const sent = sentTo(conversation);
    expect(sent).toHaveLength(1);
    expect(textsOf(cardOf(sent[0]!))[0]).toBe('Welcome to CSP Usage');
  });

  it('forgets what it kept about a conversation when it is removed from it', async () => {
    const conversation = `a:${randomUUID()}`;
    await bot.send({ ...personal(conversation), text: 'threshold 55' });
    await bot.send(installation(personal(conversation), 'remove'));
    await bot.send({ ...personal(conversation), text: 'threshold' });
    expect(sentTo(conversation).at(-1)?.text).toMatch(/^Workloads below \*\*30 %\*\* count as low in this chat \(the bot's default\)/);
  });

  it('keeps where to reach a conversation from the first message, and drops it on uninstall', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-references-'));
    const own = await startTestBot({ DATA_DIR: dataDir });
    const conversation = `a:${randomUUID()}`;
    try {
      const chat = personalMessage('help', { serviceUrl: own.connector.url, conversationId: conversation });
      await own.send(chat);
      await own.send(installation(chat, 'remove'));
    } finally {
      await own.close();
    }
    // Read back through the same store the bot uses, from the file it left behind.
    const storage = openSqliteStorage({ file: join(dataDir, 'bot-state.sqlite') });
    try {
      expect(await conversationReferenceStore(storage).get(conversation)).toBeUndefined();
    } finally {
      storage.close();
    }
  });

  it('keeps the reference while the bot is installed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-references-'));
    const own = await startTestBot({ DATA_DIR: dataDir });
    const conversation = `a:${randomUUID()}`;
    try {
      await own.send(personalMessage('help', { serviceUrl: own.connector.url, conversationId: conversation }));
    } finally {
      await own.close();
    }
    const storage = openSqliteStorage({ file: join(dataDir, 'bot-state.sqlite') });
    try {
      expect(await conversationReferenceStore(storage).get(conversation)).toMatchObject({
        serviceUrl: own.connector.url,
        conversation: { id: conversation, conversationType: 'personal' },
      });
    } finally {
      storage.close();
    }
  });
});
