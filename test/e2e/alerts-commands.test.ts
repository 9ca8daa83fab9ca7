import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pause } from '../../src/core/alerts/subscriptions';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite-storage';
import { subscriptionStore } from '../../src/storage/subscription-store';
import { channelMention, personalMessage, USER } from '../helpers/activities';
import { validateCard } from '../helpers/card-validation';
import { cardOf, textsOf } from '../helpers/cards';
import { startTestBot, type TestBot } from '../helpers/test-bot';

// The subscriber the activities' sender becomes.
const ANNA = { userId: USER.id, aadObjectId: USER.aadObjectId, name: USER.name, locale: 'en-US' };
const NOT_CHECKED = 'not checked yet';

describe('alerts: subscribing, listing and unsubscribing in chat', () => {
  let bot: TestBot;
  let dataDir: string;
  let storage: SqliteStorage;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-alerts-'));
    bot = await startTestBot({ DATA_DIR: dataDir });
    // A second connection to the bot's own database, to see what it stored.
    storage = openSqliteStorage({ file: join(dataDir, 'bot-state.sqlite') });
  });
  afterAll(async () => {
    storage.close();
    await bot.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const chat = () => `a:${randomUUID()}`;
  const channel = () => `19:${randomUUID()}@thread.tacv2`;
  const lastMessage = (conversationId: string) => bot.connector.to(conversationId).filter((a) => a.type === 'message').at(-1)!;

  /** Types a message in a personal chat; resolves with the bot's last message there. */
  async function say(text: string, conversationId: string, locale = 'en-US') {
    await bot.send(personalMessage(text, { serviceUrl: bot.connector.url, conversationId, locale }));
    return lastMessage(conversationId);
  }

  /** @mentions the bot in a channel thread; resolves with the bot's last message in that thread. */
  async function mention(text: string, channelId: string) {
    const activity = channelMention(text, { serviceUrl: bot.connector.url, conversationId: channelId });
    await bot.send(activity);
    return lastMessage(activity.conversation.id);
  }

  /** The `alerts` list as a reader sees it, one string per subscription. */
  async function listed(ask: () => Promise<ReturnType<typeof lastMessage>>): Promise<string[]> {
    const card = cardOf(await ask());
    expect(validateCard(card)).toEqual([]);
    return card.body
      .filter((element: { type: string }) => element.type === 'Container')
      .map((container: unknown) => textsOf(container).join(' | '));
  }

  const stored = async (conversationId: string) => (await subscriptionStore(storage).get(conversationId)).subscriptions;

  /** A click on an Action.Execute, as Teams sends it; resolves with the HTTP status and invoke body. */
  async function click(conversationId: string, verb: string, data: unknown) {
    const activity = {
      ...personalMessage('', { serviceUrl: bot.connector.url, conversationId }),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb, data } },
    };
    const response = await bot.send(activity);
    return { status: response.status, body: (await response.json()) as { statusCode: number; type: string; value: any } };
  }

  it('subscribes a personal chat to every customer and lists who did it, with the threshold', async () => {
    const conversation = chat();
    expect((await say('alerts on', conversation)).text).toBe(
      "Alerts on: I'll post here when a workload of any customer you can see drops below **30 %** (this chat's threshold). Type **alerts** to see them, **alerts off** to stop.",
    );

    const card = cardOf(await say('alerts', conversation));
    expect(textsOf(card)[0]).toBe('Alerts in this conversation');
    expect(await listed(() => say('alerts', conversation))).toEqual([
      expect.stringMatching(/^All customers \| below 30 % \(this chat's threshold\) \| active \| by Anna Account, \w{3} \d{1,2}, \d{4} \| not checked yet$/),
    ]);
  });

  it('subscribes a channel to one customer below its own threshold, from any thread, and warns that everyone sees the figures', async () => {
    const sales = channel();
    const answer = await mention('alerts on for Northwind below 20%', sales);
    expect(answer.text).toBe(
      "Alerts on: I'll post here when a workload of **Northwind Traders** drops below **20 %**. Type **alerts** to see them, **alerts off** to stop.\n\nEveryone in this conversation will see the figures in these alerts.",
    );
    // Stored once for the channel, not for the thread the command came from.
    expect(await stored(sales)).toEqual([
      expect.objectContaining({ customerId: SAMPLE_CUSTOMER_IDS.severalLow, customerName: 'Northwind Traders', threshold: 20, subscriber: expect.objectContaining({ name: 'Anna Account' }) }),
    ]);
    expect(await listed(() => mention('alerts', sales))).toEqual([expect.stringMatching(/^Northwind Traders \| below 20 % \| active \| by Anna Account, /)]);
  });

  it('changes the threshold when the same subscription is asked for again', async () => {
    const conversation = chat();
    await say('alerts on for Fabrikam', conversation);
    expect((await say('alerts on for Fabrikam Inc below 25 %', conversation)).text).toBe('Alerts for **Fabrikam Inc** now fire below **25 %**.');
    expect(await listed(() => say('alerts', conversation))).toEqual([expect.stringMatching(/^Fabrikam Inc \| below 25 % \| /)]);
  });

  it('lists the conversation threshold for subscriptions without their own', async () => {
    const conversation = chat();
    await say('threshold 45', conversation);
    expect((await say('alerts on for Contoso Ltd', conversation)).text).toContain("below **45 %** (this chat's threshold)");
    await say('alerts on', conversation);
    expect(await listed(() => say('alerts', conversation))).toEqual([
      expect.stringMatching(/^All customers \| below 45 % \(this chat's threshold\)/),
      expect.stringMatching(/^Contoso Ltd \| below 45 % \(this chat's threshold\)/),
    ]);
  });

  it('turns off alerts about one customer, and all of them', async () => {
    const conversation = chat();
    await say('alerts on for Fabrikam', conversation);
    await say('alerts on for Contoso Ltd below 10', conversation);

    expect((await say('alerts off for contoso ltd', conversation)).text).toBe('Alerts for **Contoso Ltd** are off in this chat.');
    expect(await listed(() => say('alerts', conversation))).toEqual([expect.stringMatching(/^Fabrikam Inc \| /)]);

    expect((await say('alerts off', conversation)).text).toBe('All alerts are off in this chat.');
    expect((await say('alerts', conversation)).text).toBe('No alerts here yet. Type **alerts on** to be told when adoption drops.');
    expect((await say('alerts off', conversation)).text).toBe('There were no alerts to turn off here.');
    expect(await stored(conversation)).toEqual([]);
    expect(await subscriptionStore(storage).conversationIds()).not.toContain(conversation);
  });

  it('mutes a customer turned off while the conversation is subscribed to all customers', async () => {
    const conversation = chat();
    await say('alerts on', conversation);
    expect((await say('alerts off for Northwind', conversation)).text).toBe(
      'Muted: no more alerts about **Northwind Traders** here. **alerts on for Northwind Traders** turns them back on.',
    );
    const card = cardOf(await say('alerts', conversation));
    expect(textsOf(card)).toContain('1 customer muted');
    expect((await stored(conversation)).map((s) => s.customerId)).toEqual([null]);
  });

  it('understands the Dutch words and answers in the chat\'s language', async () => {
    const dutch = chat();
    expect((await say('meldingen aan voor Contoso Ltd onder 20%', dutch, 'nl-NL')).text).toBe(
      'Meldingen aan: ik post hier wanneer een workload van **Contoso Ltd** onder **20 %** zakt. Typ **meldingen** om ze te zien, **meldingen uit** om te stoppen.',
    );
    const card = cardOf(await say('meldingen', dutch, 'nl-NL'));
    expect(textsOf(card)).toEqual(expect.arrayContaining(['Meldingen in dit gesprek', 'Contoso Ltd', 'onder 20 %', 'actief', 'nog niet gecontroleerd']));
    expect((await say('meldingen uit', dutch, 'nl-NL')).text).toBe('Alle meldingen staan uit in deze chat.');

    // Dutch words in an English chat: understood, answered in English.
    const english = chat();
    expect((await say('meldingen aan', english)).text).toMatch(/^Alerts on: /);
  });

  it.each([
    ['alerts on below 150%', 'An alert threshold is a whole percentage from 1 to 99, for example **alerts on below 20%**.'],
    ['alerts on for Contoso Ltd below 0', 'An alert threshold is a whole percentage from 1 to 99, for example **alerts on below 20%**.'],
    ['alerts on for', 'Which customer? For example **alerts on for Contoso**, or **alerts on** for all your customers.'],
    [
      'alerts on for Nobody Ltd',
      'I found no customer whose company name starts with "Nobody Ltd". Check the spelling, or try the domain or customer id.',
    ],
    ['alerts please', 'Try **alerts on**, **alerts on for Contoso below 20%**, **alerts off** or **alerts**.'],
  ])('answers %j with a clear sentence and stores nothing', async (text, sentence) => {
    const conversation = chat();
    expect((await say(text, conversation)).text).toBe(sentence);
    expect((await say('alerts', conversation)).text).toBe('No alerts here yet. Type **alerts on** to be told when adoption drops.');
    expect(await stored(conversation)).toEqual([]);
    expect(await subscriptionStore(storage).conversationIds()).not.toContain(conversation);
  });

  it('asks which customer when the name fits several, and stores nothing until one is chosen', async () => {
    const conversation = chat();
    const choice = cardOf(await say('alerts on for contoso', conversation));
    expect(textsOf(choice)[0]).toBe('2 customers match "contoso"');
    expect(await stored(conversation)).toEqual([]);
  });

  it('shows customer names from Partner Center literally in the list', async () => {
    const conversation = chat();
    await say(`alerts on for ${SAMPLE_CUSTOMER_IDS.hostileName}`, conversation);
    const card = cardOf(await say('alerts', conversation));
    expect(validateCard(card)).toEqual([]);
    expect(textsOf(card)).toContain('Litware \\[Test\\] \\*Corp\\* $\u200b{x}');
  });

  describe('card buttons', () => {
    it('subscribes from the usage card\'s "Alert me" button, and keeps the card', async () => {
      const conversation = chat();
      const { status, body } = await click(conversation, 'alerts.subscribe', { customerId: SAMPLE_CUSTOMER_IDS.severalLow });
      expect(status).toBe(200);
      expect(body).toEqual({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: "Alerts on: I'll post here when a workload of **Northwind Traders** drops below **30 %** (this chat's threshold). Type **alerts** to see them, **alerts off** to stop.",
      });
      expect((await stored(conversation)).map((s) => s.customerName)).toEqual(['Northwind Traders']);
    });

    it('mutes a customer from an alert card', async () => {
      const conversation = chat();
      await say('alerts on', conversation);
      const { body } = await click(conversation, 'alerts.mute', { customerId: SAMPLE_CUSTOMER_IDS.contosoPharma });
      expect(body.value).toBe('Muted: no more alerts about **Contoso Pharma** here. **alerts on for Contoso Pharma** turns them back on.');
      expect(textsOf(cardOf(await say('alerts', conversation)))).toContain('1 customer muted');
    });

    it('resumes the alerts a failed sign-in paused, from the paused card', async () => {
      const conversation = chat();
      await say('alerts on for Fabrikam', conversation);
      // What a pass does when the subscriber's sign-in stopped working.
      await subscriptionStore(storage).update(conversation, (alerts) => pause(alerts, ANNA));
      expect(await listed(() => say('alerts', conversation))).toEqual([expect.stringContaining('paused: sign-in needed')]);

      const { body } = await click(conversation, 'alerts.resume', {});
      expect(body.value).toBe('Alerts resumed (1).');
      expect(await listed(() => say('alerts', conversation))).toEqual([expect.stringContaining('| active |')]);
      expect((await click(conversation, 'alerts.resume', {})).body.value).toBe('None of your alerts here are paused.');
    });

    it.each([
      ['alerts.subscribe', {}],
      ['alerts.subscribe', { customerId: 'Northwind' }],
      ['alerts.mute', { customerId: '../../v1/customers' }],
    ])('refuses %s with %j as a bad request', async (verb, data) => {
      const conversation = chat();
      const { status, body } = await click(conversation, verb, data);
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest' } });
      expect(await stored(conversation)).toEqual([]);
    });

    it('lets clients without Universal Actions use the buttons\' fallback commands', async () => {
      const conversation = chat();
      const submit = (command: string) =>
        bot.send({ ...personalMessage('', { serviceUrl: bot.connector.url, conversationId: conversation }), text: undefined, value: { command } });

      await submit(`alerts on for ${SAMPLE_CUSTOMER_IDS.severalLow}`);
      expect(lastMessage(conversation).text).toMatch(/^Alerts on: I'll post here when a workload of \*\*Northwind Traders\*\*/);
      await submit(`alerts off for ${SAMPLE_CUSTOMER_IDS.severalLow}`);
      expect(lastMessage(conversation).text).toBe('Alerts for **Northwind Traders** are off in this chat.');
      await submit('alerts resume');
      expect(lastMessage(conversation).text).toBe('None of your alerts here are paused.');
    });
  });

  it('stops the alerts of a conversation the bot is removed from, and keeps them to show', async () => {
    const conversation = chat();
    await say('alerts on', conversation);
    const removal = { ...personalMessage('', { serviceUrl: bot.connector.url, conversationId: conversation }), type: 'installationUpdate', action: 'remove', text: undefined };
    expect((await bot.send(removal)).status).toBe(200);

    expect(await stored(conversation)).toEqual([expect.objectContaining({ status: 'inactive', statusReason: 'bot-removed' })]);
    expect(await listed(() => say('alerts', conversation))).toEqual([expect.stringContaining('stopped: I can no longer post here')]);
    // Turned on again after reinstalling.
    await say('alerts on', conversation);
    expect(await listed(() => say('alerts', conversation))).toEqual([expect.stringContaining('| active |')]);
  });

  it('puts the commands on the help card', async () => {
    const help = textsOf(cardOf(await say('help', chat())));
    expect(help).toEqual(expect.arrayContaining(['alerts on', 'alerts on for {customer}', 'alerts', 'alerts off']));
  });
});

describe('alerts across a restart', () => {
  it('keeps subscriptions when the bot restarts on the same data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-alerts-restart-'));
    const conversation = `a:${randomUUID()}`;
    const ask = async (instance: TestBot, text: string) => {
      await instance.send(personalMessage(text, { serviceUrl: instance.connector.url, conversationId: conversation }));
      return instance.connector.to(conversation).filter((a) => a.type === 'message').at(-1)!;
    };

    const before = await startTestBot({ DATA_DIR: dataDir });
    try {
      await ask(before, 'alerts on for Fabrikam below 35');
    } finally {
      await before.close();
    }

    const after = await startTestBot({ DATA_DIR: dataDir });
    try {
      const card = cardOf(await ask(after, 'alerts'));
      expect(textsOf(card)).toEqual(expect.arrayContaining(['Fabrikam Inc', 'below 35 %', NOT_CHECKED]));
    } finally {
      await after.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
