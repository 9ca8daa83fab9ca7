import { personalMessage, TENANT_ID } from '../helpers/activities';
import { startTestBot, type TestBot } from '../helpers/test-bot';

describe('the HTTP surface in local mode', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it('reports health with its mode and version', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', mode: 'local', version: 'test' });
  });

  it('listens on loopback only', () => {
    expect(new URL(bot.app.url).hostname).toBe('127.0.0.1');
  });

  it.each([
    ['not JSON at all', '{"type": "message", ', 'application/json'],
    ['a JSON array', '[1, 2, 3]', 'application/json'],
    ['a JSON string', '"usage for contoso"', 'application/json'],
    ['plain text', 'usage for contoso', 'text/plain'],
    ['an activity without a type', JSON.stringify({ text: 'hi' }), 'application/json'],
    ['an activity without a conversation', JSON.stringify({ type: 'message', serviceUrl: 'http://127.0.0.1:1', from: { id: 'u' } }), 'application/json'],
    ['an activity with a bogus serviceUrl', JSON.stringify({ type: 'message', serviceUrl: 'javascript:alert(1)', conversation: { id: 'c' }, from: { id: 'u' } }), 'application/json'],
  ])('refuses %s with a 4xx and no reply', async (_name, body, contentType) => {
    const before = bot.connector.received.length;
    const response = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.text()).not.toMatch(/at .*\.(js|ts):\d+/);
    expect(bot.connector.received.length).toBe(before);
  });

  it('keeps answering after bad requests', async () => {
    const response = await bot.send(personalMessage('help', { serviceUrl: bot.connector.url }));
    expect(response.status).toBe(200);
  });
});

describe('cloud mode', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({
      BOT_ID: '11111111-2222-4333-8444-555555555555',
      BOT_PASSWORD: 'not-a-real-secret',
      HOST: '127.0.0.1',
      ALLOWED_TENANT_IDS: TENANT_ID,
      OAUTH_CONNECTION_NAME: 'partner-center-sso',
    });
  });
  afterAll(async () => {
    await bot.close();
  });

  it('refuses a request without a Bot Framework token with 401, and does nothing', async () => {
    const response = await bot.send(personalMessage('usage for contoso', { serviceUrl: bot.connector.url }));
    expect(response.status).toBe(401);
    expect(bot.connector.received).toHaveLength(0);
  });

  it('refuses a malformed bearer token with 401', async () => {
    const response = await bot.send(personalMessage('help', { serviceUrl: bot.connector.url }), { authorization: 'Bearer not.a.jwt' });
    expect(response.status).toBe(401);
    expect(bot.connector.received).toHaveLength(0);
  });

  it('says it runs in cloud mode', async () => {
    expect(await (await fetch(`${bot.app.url}/healthz`)).json()).toMatchObject({ mode: 'cloud' });
  });
});

describe('start-up', () => {
  it('fails clearly when the port is taken, leaving nothing running', async () => {
    const first = await startTestBot();
    try {
      const port = new URL(first.app.url).port;
      await expect(startTestBot({ PORT: port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
