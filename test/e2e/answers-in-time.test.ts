import { randomUUID } from 'node:crypto';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { channelMention, personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Teams gives up on the bot's HTTP answer after 10–15 s; the bot answers within 2 s whatever Partner
 * Center or the Teams connector do, and posts slow answers afterwards (a proactive turn).
 */
describe('answering Teams in time, whatever Partner Center and the connector do', () => {
  // Started by the first test that needs it: jest starts concurrent tests before beforeAll hooks run.
  let simulator: Promise<RunningSimulator> | undefined;
  afterAll(async () => (await simulator)?.close());

  /** A bot whose Partner Center answers each call after `delayMs` (0: at once), switchable per test. */
  async function botWithPartnerCenter(env: Record<string, string> = {}) {
    const pace = { delayMs: 0, hold: false };
    // Questions asked in British English always get a quick Partner Center: a card to click on, made quickly.
    const { url } = await (simulator ??= startPartnerCenterSimulator({ dataset: createSampleDataset() }));
    const proxy: RecordingProxy = await startRecordingProxy(url, (request) =>
      pace.hold ? 'hold' : { delayMs: request.headers['x-locale'] === 'en-GB' ? 0 : pace.delayMs },
    );
    const bot = await startTestBot({ PARTNER_CENTER_BASE_URL: proxy.url, ...env });
    return {
      bot,
      proxy,
      pace,
      close: async () => {
        await bot.close();
        await proxy.close();
      },
    };
  }

  /** POSTs the activity; resolves with the status, the invoke body, and how long the answer took. */
  async function timed(bot: TestBot, activity: object) {
    const started = Date.now();
    const response = await bot.send(activity);
    const elapsedMs = Date.now() - started;
    const text = await response.text();
    return { status: response.status, elapsedMs, body: text ? (JSON.parse(text) as { type: string; value: any }) : undefined };
  }

  describe('with a Partner Center that takes 8 s per call', () => {
    // Likewise, the first of these tests starts their bot.
    let starting: ReturnType<typeof botWithPartnerCenter> | undefined;
    const slowWorld = () =>
      (starting ??= botWithPartnerCenter().then((world) => {
        world.pace.delayMs = 8_000;
        return world;
      }));
    afterAll(async () => (await starting)?.close());

    // The three run at once: two Partner Center calls of 8 s each are already past what Teams waits for.
    it.concurrent('answers /api/messages within 2 s, streams progress, then posts the usage card exactly once', async () => {
      const world = await slowWorld();
      const activity = personalMessage('usage for Northwind', { serviceUrl: world.bot.connector.url });
      const conversationId = activity.conversation.id;

      const { status, elapsedMs } = await timed(world.bot, activity);
      expect(status).toBe(200);
      expect(elapsedMs).toBeLessThan(2_000);
      expect(world.bot.connector.to(conversationId).filter((a) => a.type === 'message')).toHaveLength(0);

      const [answer] = await world.bot.connector.messages(conversationId, 1, 40_000);
      expect(textsOf(cardOf(answer!)).join('\n')).toContain('License usage: Northwind Traders');

      // Informative updates first (in order, numbered from 1, the first one's id as the stream id), then
      // the card as the stream's final message; no other message.
      const sent = world.bot.connector.received.filter((r) => r.conversationId === conversationId);
      // botbuilder's serializer keeps a streaminfo entity's type only; the fields travel in channelData (progress-stream.ts).
      const streamOf = (r: (typeof sent)[number]) => r.activity.channelData as { streamType?: string; streamSequence?: number; streamId?: string } | undefined;
      const updates = sent.filter((r) => streamOf(r)?.streamType === 'informative');
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.every((r) => (r.activity.entities as any[]).some((e) => e.type === 'streaminfo'))).toBe(true);
      const infos = updates.map((r) => streamOf(r)!);
      expect(infos.map((info) => info.streamSequence)).toEqual(updates.map((_, i) => i + 1));
      expect(updates.map((r) => r.activity.type)).toEqual(updates.map(() => 'typing'));
      expect(updates[0]!.activity.text).toBe('Looking up Northwind…');
      expect(updates.at(-1)!.activity.text).toBe('Reading the license usage of Northwind Traders…');
      expect(updates.every((r) => !r.activity.attachments)).toBe(true);
      // The fake connector answers its n-th accepted activity with the id sent-n.
      const streamId = `sent-${world.bot.connector.received.indexOf(updates[0]!) + 1}`;
      expect(infos[0]!.streamId).toBeUndefined();
      expect(infos.slice(1).every((info) => info.streamId === streamId)).toBe(true);
      expect(answer!.channelData).toMatchObject({ streamId, streamType: 'final' });
      expect(answer!.entities).toContainEqual(expect.objectContaining({ type: 'streaminfo' }));
      // Teams' pace: never two updates less than 1.5 s apart.
      const gaps = updates.slice(1).map((r, i) => r.arrivedAt - updates[i]!.arrivedAt);
      expect(gaps.every((gap) => gap >= 1_450)).toBe(true);
      expect(sent.filter((r) => r.activity.type === 'message')).toHaveLength(1);
      expect(sent.every((r) => r.replyToId === activity.id)).toBe(true);
    }, 60_000);

    it.concurrent('answers a card action within 2 s with the card refreshing, then replaces that card once with the answer', async () => {
      const world = await slowWorld();
      const conversationId = `a:${randomUUID()}`;
      await world.bot.send(personalMessage(`usage for ${SAMPLE_CUSTOMER_IDS.contosoLtd}`, { serviceUrl: world.bot.connector.url, conversationId, locale: 'en-GB' }));
      const [original] = await world.bot.connector.messages(conversationId, 1, 40_000);
      const cardMessage = world.bot.connector.received.find((r) => r.activity === original)!;
      const messageId = `sent-${world.bot.connector.received.indexOf(cardMessage) + 1}`;

      const click = {
        ...personalMessage('', { serviceUrl: world.bot.connector.url, conversationId }),
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        replyToId: messageId,
        value: { action: { type: 'Action.Execute', verb: 'usage.view', data: { customerId: SAMPLE_CUSTOMER_IDS.contosoLtd, view: 'all' } } },
      };
      const { status, elapsedMs, body } = await timed(world.bot, click);
      expect(status).toBe(200);
      expect(elapsedMs).toBeLessThan(2_000);
      expect(body?.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(textsOf(body!.value)[0]).toBe('Refreshing…');
      expect(textsOf(body!.value)).toContain('License usage: Contoso Ltd');

      await world.bot.connector.until(() => world.bot.connector.updates.some((u) => u.conversationId === conversationId), 40_000);
      const updates = world.bot.connector.updates.filter((u) => u.conversationId === conversationId);
      expect(updates).toHaveLength(1);
      expect(updates[0]!.activityId).toBe(messageId);
      const card = cardOf(updates[0]!.activity);
      expect(textsOf(card)).not.toContain('Refreshing…');
      expect(textsOf(card)).toContain('License usage: Contoso Ltd');
      // The view the click asked for: every workload shown.
      expect(JSON.stringify(card)).toContain('"title":"Only low workloads"');
    }, 60_000);

    it.concurrent('keeps the typing indicator in a channel and replies in the thread', async () => {
      const world = await slowWorld();
      const activity = channelMention('usage for Northwind', { serviceUrl: world.bot.connector.url });
      const { status, elapsedMs } = await timed(world.bot, activity);
      expect(status).toBe(200);
      expect(elapsedMs).toBeLessThan(2_000);

      const [answer] = await world.bot.connector.messages(activity.conversation.id, 1, 40_000);
      expect(textsOf(cardOf(answer!))[0]).toBe('License usage: Northwind Traders');
      const sent = world.bot.connector.received.filter((r) => r.conversationId === activity.conversation.id);
      expect(sent.some((r) => r.activity.type === 'typing')).toBe(true);
      expect(sent.every((r) => !JSON.stringify(r.activity.entities ?? []).includes('streaminfo'))).toBe(true);
      expect(sent.every((r) => r.replyToId === activity.id)).toBe(true);
    }, 60_000);
  });

  it('tells the user in one sentence when Partner Center never answers, long after the request was answered', async () => {
    const world = await botWithPartnerCenter({ REQUEST_DEADLINE_SECONDS: '3' });
    try {
      world.pace.hold = true;
      const activity = personalMessage('usage for Northwind', { serviceUrl: world.bot.connector.url });
      const { status, elapsedMs } = await timed(world.bot, activity);
      expect(status).toBe(200);
      expect(elapsedMs).toBeLessThan(2_000);

      const messages = await world.bot.connector.messages(activity.conversation.id, 1);
      expect(messages[0]!.text).toMatch(/^Partner Center took too long to answer\. Please try again in a minute\. \(Reference: [0-9a-f-]{36}\)$/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(world.bot.connector.to(activity.conversation.id).filter((a) => a.type === 'message')).toHaveLength(1);
    } finally {
      await world.close();
    }
  });

  it('puts the clicked card back with one sentence when the late answer of its action fails', async () => {
    const world = await botWithPartnerCenter({ REQUEST_DEADLINE_SECONDS: '2', HAND_OFF_SECONDS: '0.2' });
    try {
      const conversationId = `a:${randomUUID()}`;
      await world.bot.send(personalMessage('usage for Northwind', { serviceUrl: world.bot.connector.url, conversationId }));
      const [original] = await world.bot.connector.messages(conversationId, 1);
      const messageId = `sent-${world.bot.connector.received.findIndex((r) => r.activity === original) + 1}`;

      world.pace.hold = true;
      const { body } = await timed(world.bot, {
        ...personalMessage('', { serviceUrl: world.bot.connector.url, conversationId }),
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        replyToId: messageId,
        value: { action: { type: 'Action.Execute', verb: 'usage.refresh', data: { customerId: SAMPLE_CUSTOMER_IDS.severalLow, view: 'low' } } },
      });
      expect(textsOf(body!.value)[0]).toBe('Refreshing…');
      // No buttons while refreshing: a second click would only ask again.
      expect(body!.value.actions ?? []).toEqual([]);

      await world.bot.connector.until(() => world.bot.connector.updates.some((u) => u.conversationId === conversationId));
      const [update] = world.bot.connector.updates.filter((u) => u.conversationId === conversationId);
      expect(update!.activityId).toBe(messageId);
      const card = cardOf(update!.activity);
      expect(textsOf(card)[0]).toMatch(/^Partner Center took too long to answer\. Please try again in a minute\. \(Reference: [0-9a-f-]{36}\)$/);
      // Below the sentence, the card as it was, buttons included.
      expect({ ...card, body: card.body.slice(1) }).toEqual(cardOf(original!));
    } finally {
      await world.close();
    }
  });

  describe('with a Teams connector that misbehaves', () => {
    let bot: TestBot;
    beforeAll(async () => {
      bot = await startTestBot({ TEAMS_CALL_TIMEOUT_SECONDS: '1' });
    });
    afterAll(() => bot.close());

    it('ends the inbound request in time when the connector accepts the reply and never answers, logs it, and answers the next message', async () => {
      const conversationId = `a:${randomUUID()}`;
      const say = (text: string) => personalMessage(text, { serviceUrl: bot.connector.url, conversationId });
      const release = bot.connector.hold(conversationId);

      const { status, elapsedMs } = await timed(bot, say('help'));
      expect(status).toBe(200);
      expect(elapsedMs).toBeLessThan(3_000);
      expect(bot.logs.some((line) => line.msg === 'Teams connector did not answer in time')).toBe(true);
      // What the connector held is delivered when it comes back: the help card, and nothing else was tried.
      release();
      await bot.connector.messages(conversationId, 1);
      const before = bot.connector.to(conversationId).length;
      const next = await timed(bot, say('help'));
      expect(next.status).toBe(200);
      const after = bot.connector.to(conversationId).slice(before);
      expect(after.filter((a) => a.type === 'message')).toHaveLength(1);
      expect(textsOf(cardOf(after[0]!))[0]).toBe('What I can do');
    });

    it('delivers a reply once through a 429 with Retry-After and a 503', async () => {
      const conversationId = `a:${randomUUID()}`;
      bot.connector.failNext(conversationId, 429, { retryAfter: 1 });
      bot.connector.failNext(conversationId, 503);

      const { status } = await timed(bot, personalMessage('help', { serviceUrl: bot.connector.url, conversationId }));
      expect(status).toBe(200);
      await bot.connector.messages(conversationId, 1);
      expect(bot.connector.attempts.filter((a) => a.conversationId === conversationId).map((a) => a.status)).toEqual([429, 503, 200]);
      expect(bot.connector.to(conversationId)).toHaveLength(1);
    });
  });

  describe('background work is bounded', () => {
    /** Requests made to answer questions: all but the background listing of the user's customers. */
    const answering = (world: { proxy: { requests: { path: string }[] } }) => world.proxy.requests.filter((request) => !/^\/v1\/customers\?size=\d+$/.test(request.path));
    it('does not fetch twice when the same question comes again while its answer is on its way', async () => {
      const world = await botWithPartnerCenter({ REQUEST_DEADLINE_SECONDS: '2', HAND_OFF_SECONDS: '0.2' });
      try {
        world.pace.hold = true;
        const conversationId = `a:${randomUUID()}`;
        const ask = () => timed(world.bot, personalMessage('usage for Northwind', { serviceUrl: world.bot.connector.url, conversationId }));
        await ask();
        await world.proxy.received(1);
        expect((await ask()).status).toBe(200);

        const [still, failed] = await world.bot.connector.messages(conversationId, 2);
        expect(still!.text).toBe('I am still working on that question: the answer will follow here.');
        // The one answer there is: Partner Center never answered the one request it got (beside the
        // user's customer list, which the bot fetches in the background for the next questions).
        expect(failed!.text).toMatch(/^Partner Center took too long to answer/);
        expect(answering(world)).toHaveLength(1);
      } finally {
        await world.close();
      }
    });

    it('queues past the running limit and refuses politely past the queue', async () => {
      const world = await botWithPartnerCenter({ MAX_RUNNING_COMMANDS: '1', MAX_QUEUED_COMMANDS: '1', REQUEST_DEADLINE_SECONDS: '2', HAND_OFF_SECONDS: '0.2' });
      try {
        world.pace.hold = true;
        const chats = [`a:${randomUUID()}`, `a:${randomUUID()}`, `a:${randomUUID()}`];
        for (const chat of chats) {
          const { status } = await timed(world.bot, personalMessage('usage for Contoso Ltd', { serviceUrl: world.bot.connector.url, conversationId: chat }));
          expect(status).toBe(200);
        }
        const [refused] = await world.bot.connector.messages(chats[2]!, 1);
        expect(refused!.text).toBe('I am answering a lot of questions at the moment. Please ask again in a minute.');
        // The first one ran (its one request is held), the second waited for its slot, then ran too.
        // (The user's customer list, fetched in the background, is one request more.)
        expect(answering(world)).toHaveLength(1);
        await world.bot.connector.messages(chats[0]!, 1);
        await world.proxy.received(3);
        expect(answering(world)).toHaveLength(2);
      } finally {
        await world.close();
      }
    }, 40_000);
  });
});
