import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import type { ConversationAddress } from '../../src/alerts/ports';
import type { AdaptiveCard } from '../../src/cards/adaptive-card';
import { tenantPolicy } from '../../src/core/tenants/tenant-policy';
import { conversationReferenceStore } from '../../src/storage/conversation-reference-store';
import { openSqliteStorage } from '../../src/storage/sqlite-storage';
import { createAdapter } from '../../src/teams/create-adapter';
import { createProactiveMessenger, TeamsSendError, type MessengerLimits } from '../../src/teams/proactive-messenger';
import { createEntraClient } from '../../src/identity/entra-client';
import { channelMention, personalMessage, TENANT_ID } from '../helpers/activities';
import { entraNetworkTo } from '../helpers/cloud/entra-network';
import { startFakeEntra } from '../helpers/cloud/fake-entra';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../helpers/fake-teams-connector';

const silent = pino({ level: 'silent' });
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

function alertCard(title: string): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: title }] };
}

/** A clock that only moves when the code under test sleeps, so waits cost no real time. */
function virtualClock() {
  let now = Date.parse('2026-03-02T08:00:00.000Z');
  const sleeps: number[] = [];
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    elapsed: () => now - Date.parse('2026-03-02T08:00:00.000Z'),
    sleeps,
  };
}

describe('proactive messenger: alert cards through the real CloudAdapter to the Teams connector', () => {
  let connector: FakeTeamsConnector;
  let storage: ReturnType<typeof openSqliteStorage>;
  let references: ReturnType<typeof conversationReferenceStore>;
  const adapter = () => createAdapter({ bot: null, tenants: tenantPolicy([]), storage, logger: silent });

  beforeAll(async () => {
    connector = await startFakeTeamsConnector();
    storage = openSqliteStorage({ file: join(mkdtempSync(join(tmpdir(), 'messenger-')), 'state.sqlite'), logger: silent });
    references = conversationReferenceStore(storage);
  });
  afterAll(async () => {
    storage.close();
    await connector.close();
  });

  /** The reference the bot stored when someone wrote in a new personal chat or channel. */
  async function addressOf(activity: { conversation: { id: string } }): Promise<{ address: ConversationAddress; conversationId: string }> {
    await references.remember(activity as never);
    const address = await references.get(activity.conversation.id);
    if (!address?.conversation?.id) throw new Error('no reference stored');
    return { address, conversationId: address.conversation.id };
  }
  const personalChat = () => addressOf(personalMessage('usage for Contoso', { serviceUrl: connector.url }));
  const channel = () => addressOf(channelMention('alerts on', { serviceUrl: connector.url }));

  function messenger(limits: Partial<MessengerLimits> = {}) {
    const time = virtualClock();
    return { time, messenger: createProactiveMessenger({ adapter: adapter(), botAppId: undefined, logger: silent, clock: time.clock, sleep: time.sleep, limits }) };
  }
  const attemptsTo = (conversationId: string) => connector.attempts.filter((a) => a.conversationId === conversationId).map((a) => a.status);

  it('posts the card as a new message to the personal chat it was stored for', async () => {
    const { address, conversationId } = await personalChat();
    const card = alertCard('Low adoption: Contoso');

    expect(await messenger().messenger.send(address, card, silent)).toBe('sent');

    const posted = connector.received.filter((r) => r.conversationId === conversationId);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.replyToId).toBeUndefined();
    expect(posted[0]?.activity).toMatchObject({ type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, content: card }] });
  });

  it('starts a new thread in a channel: the POST goes to the channel, not to the thread it was subscribed in', async () => {
    const { address, conversationId } = await channel();
    expect(conversationId).toMatch(/^19:sales-.*@thread\.tacv2$/);

    expect(await messenger().messenger.send(address, alertCard('Low adoption: Northwind'), silent)).toBe('sent');

    const posted = connector.received.filter((r) => r.conversationId.startsWith(conversationId));
    expect(posted.map((p) => ({ conversationId: p.conversationId, replyToId: p.replyToId }))).toEqual([{ conversationId, replyToId: undefined }]);
  });

  it('waits as long as a 429 Retry-After says, then delivers the card once', async () => {
    const { address, conversationId } = await personalChat();
    connector.failNext(conversationId, 429, { retryAfter: 2 });
    const { messenger: sender, time } = messenger();

    expect(await sender.send(address, alertCard('after throttling'), silent)).toBe('sent');

    expect(attemptsTo(conversationId)).toEqual([429, 200]);
    expect(connector.to(conversationId)).toHaveLength(1);
    expect(time.sleeps).toEqual([2_000]);
  });

  it('reads Retry-After as an HTTP date too, and caps a wait that would stall the pass', async () => {
    const { address, conversationId } = await personalChat();
    const { messenger: sender, time } = messenger({ maxRetryAfterMs: 30_000 });
    connector.failNext(conversationId, 429, { retryAfter: new Date(time.clock().getTime() + 5_000).toUTCString() });
    connector.failNext(conversationId, 429, { retryAfter: 3_600 });

    expect(await sender.send(address, alertCard('twice throttled'), silent)).toBe('sent');

    expect(attemptsTo(conversationId)).toEqual([429, 429, 200]);
    expect(time.sleeps).toEqual([5_000, 30_000]);
  });

  it.each([412, 502, 504])('retries a %i with backoff and delivers the card once', async (status) => {
    const { address, conversationId } = await personalChat();
    connector.failNext(conversationId, status, { times: 2 });
    const { messenger: sender, time } = messenger({ baseDelayMs: 100, maxDelayMs: 1_000 });

    expect(await sender.send(address, alertCard(`after ${status}`), silent)).toBe('sent');

    expect(attemptsTo(conversationId)).toEqual([status, status, 200]);
    expect(connector.to(conversationId)).toHaveLength(1);
    expect(time.sleeps).toHaveLength(2);
    for (const wait of time.sleeps) expect(wait).toBeGreaterThan(0);
    for (const wait of time.sleeps) expect(wait).toBeLessThanOrEqual(1_000);
  });

  it('retries when the connection drops before Teams answers', async () => {
    const { address, conversationId } = await personalChat();
    connector.failNext(conversationId, 'reset');

    expect(await messenger().messenger.send(address, alertCard('after a reset'), silent)).toBe('sent');
    expect(attemptsTo(conversationId)).toEqual(['reset', 200]);
  });

  it('gives up after the last attempt and says what Teams answered', async () => {
    const { address, conversationId } = await personalChat();
    connector.failNext(conversationId, 502, { times: 10 });

    const sending = messenger({ maxAttempts: 3 }).messenger.send(address, alertCard('never'), silent);

    await expect(sending).rejects.toThrow(TeamsSendError);
    await expect(sending).rejects.toMatchObject({ status: 502, message: 'Teams answered 502 BadGateway after 3 attempt(s)' });
    expect(attemptsTo(conversationId)).toEqual([502, 502, 502]);
  });

  it.each(['BotNotInConversationRoster', 'MessageWritesBlocked'])('reports a 403 %s as gone, without retrying', async (code) => {
    const { address, conversationId } = await personalChat();
    connector.failNext(conversationId, 403, { code });

    expect(await messenger().messenger.send(address, alertCard('removed'), silent)).toBe('gone');
    expect(attemptsTo(conversationId)).toEqual([403]);
  });

  it('throws at once on any other client error', async () => {
    const { address, conversationId } = await personalChat();
    connector.failNext(conversationId, 400);

    await expect(messenger().messenger.send(address, alertCard('bad'), silent)).rejects.toMatchObject({ name: 'TeamsSendError', status: 400, code: 'BadArgument' });
    expect(attemptsTo(conversationId)).toEqual([400]);
  });

  it('abandons a POST Teams does not answer in time, retries it, and gives up with the reason', async () => {
    const { address, conversationId } = await personalChat();
    const release = connector.hold(conversationId);
    try {
      const sending = messenger({ attemptTimeoutMs: 100, maxAttempts: 2 }).messenger.send(address, alertCard('slow'), silent);
      await expect(sending).rejects.toMatchObject({ name: 'TeamsSendError', message: 'Teams could not be reached after 2 attempt(s) (timeout)' });
      await release.reached;
    } finally {
      release();
    }
  });

  it('does not post to a tenant the adapter no longer allows', async () => {
    const { address } = await personalChat();
    const before = connector.attempts.length;
    const guarded = createProactiveMessenger({
      adapter: createAdapter({ bot: null, tenants: tenantPolicy(['00000000-0000-4000-8000-00000000beef']), storage, logger: silent }),
      botAppId: undefined,
      logger: silent,
    });

    await expect(guarded.send(address, alertCard('elsewhere'), silent)).rejects.toThrow(/stopped the proactive turn/);
    expect(connector.attempts.length).toBe(before);
  });

  it('refuses an address that is not a conversation reference, without calling Teams', async () => {
    const before = connector.attempts.length;
    await expect(messenger().messenger.send({ conversation: {} }, alertCard('nowhere'), silent)).rejects.toThrow(TypeError);
    expect(connector.attempts.length).toBe(before);
  });

  it('keeps within Teams limits per conversation: 7 a second, 8 in two seconds', async () => {
    const { address, conversationId } = await personalChat();
    const { messenger: sender, time } = messenger();

    const sentAt: number[] = [];
    for (let i = 0; i < 10; i++) {
      await sender.send(address, alertCard(`message ${i}`), silent);
      sentAt.push(time.elapsed());
    }

    expect(connector.to(conversationId)).toHaveLength(10);
    expect(sentAt).toEqual([0, 0, 0, 0, 0, 0, 0, 1_000, 2_000, 2_000]);
    expect(mostInAnyWindow(sentAt, 1_000)).toBeLessThanOrEqual(7);
    expect(mostInAnyWindow(sentAt, 2_000)).toBeLessThanOrEqual(8);
  });

  it('keeps within the per-tenant limit across conversations', async () => {
    const chats = [await personalChat(), await personalChat(), await personalChat(), await personalChat(), await channel()];
    const { messenger: sender, time } = messenger({ perTenant: [{ limit: 3, windowMs: 1_000 }] });

    const sentAt: number[] = [];
    for (const chat of chats) {
      await sender.send(chat.address, alertCard('tenant-wide'), silent);
      sentAt.push(time.elapsed());
    }

    expect(sentAt).toEqual([0, 0, 0, 1_000, 1_000]);
    expect(chats.every((chat) => (chat.address as { conversation: { tenantId?: string } }).conversation.tenantId === TENANT_ID)).toBe(true);
  });
});

describe('proactive messenger in cloud mode', () => {
  it("posts with the bot's own app token from Entra", async () => {
    const botId = '5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5';
    const entra = await startFakeEntra();
    const connector = await startFakeTeamsConnector();
    try {
      entra.registerClient(botId, 'messenger-secret');
      const adapter = createAdapter({
        bot: { id: botId, password: 'messenger-secret', type: 'MultiTenant', oauthConnectionName: 'sso' },
        tenants: tenantPolicy([TENANT_ID]),
        storage: new MemoryStorage(),
        connectorEntra: createEntraClient({ clientId: botId, clientSecret: 'messenger-secret', tenant: 'botframework.com', logger: silent, network: entraNetworkTo(entra.url) }),
        endpoints: { entraNetwork: entraNetworkTo(entra.url) },
        logger: silent,
      });
      const references = conversationReferenceStore(new MemoryStorage());
      const message = personalMessage('alerts on', { serviceUrl: connector.url });
      await references.remember(message as never);

      const messenger = createProactiveMessenger({ adapter, botAppId: botId, logger: silent });
      expect(await messenger.send((await references.get(message.conversation.id))!, alertCard('cloud'), silent)).toBe('sent');

      const [posted] = connector.received;
      const bearer = String(posted?.headers.authorization ?? '').replace('Bearer ', '');
      expect(entra.issued(bearer)).toMatchObject({ grant: 'client_credentials', clientId: botId });
    } finally {
      await connector.close();
      await entra.close();
    }
  });
});

/** The most timestamps that fall in any half-open window of the given length. */
function mostInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}
