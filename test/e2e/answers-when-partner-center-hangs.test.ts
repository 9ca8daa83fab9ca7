import { randomUUID } from 'node:crypto';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * A Partner Center that never answers, and bursts of questions against it: the bot still answers each
 * request at once, tells the user in one sentence, and bounds what runs. (Apart from answers-in-time.test.ts
 * so that the held requests here meet no other test's work in the same process.)
 */
jest.setTimeout(60_000);

describe('answering Teams in time when Partner Center never answers', () => {
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
    }, 40_000);

    it('queues past the running limit and refuses politely past the queue', async () => {
      // The deadline outlasts sending the three questions even on a loaded machine: the first must still hold its slot.
      const world = await botWithPartnerCenter({ MAX_RUNNING_COMMANDS: '1', MAX_QUEUED_COMMANDS: '1', REQUEST_DEADLINE_SECONDS: '8', HAND_OFF_SECONDS: '0.2' });
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
