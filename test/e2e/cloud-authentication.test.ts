import { randomUUID } from 'node:crypto';
import { personalMessage } from '../helpers/activities';
import { CLOUD_BOT, startCloudBot, type CloudBot } from '../helpers/cloud/cloud-bot';

/**
 * Cloud mode authenticates before anything else: whatever the body, a request without a valid Bot
 * Framework token gets 401 and the body is never judged; with a valid token a malformed body still
 * gets its clear 400.
 */
describe('cloud mode: the token is checked before the body', () => {
  let cloud: CloudBot;
  beforeAll(async () => {
    cloud = await startCloudBot({});
  });
  afterAll(async () => {
    await cloud?.close();
  });

  const malformed: Array<[string, string, string]> = [
    ['not JSON at all', '{"type": "message", ', 'application/json'],
    ['a JSON array', '[1, 2, 3]', 'application/json'],
    ['plain text', 'usage for contoso', 'text/plain'],
    ['an activity without a conversation', JSON.stringify({ type: 'message', serviceUrl: 'http://127.0.0.1:1', from: { id: 'u' } }), 'application/json'],
    ['an activity with a bogus serviceUrl', JSON.stringify({ type: 'message', serviceUrl: 'javascript:alert(1)', conversation: { id: 'c' }, from: { id: 'u' } }), 'application/json'],
    ['a body far over the size limit', JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024) }), 'application/json'],
  ];

  function post(body: string, contentType: string, authorization?: string) {
    return fetch(`${cloud.bot.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
      body,
    });
  }
  const validToken = () => `Bearer ${cloud.keys.sign({ appId: CLOUD_BOT.id, serviceUrl: cloud.bot.connector.url })}`;
  const judgedBodies = () => cloud.bot.logs.filter((line) => line.msg === 'rejected malformed activity' || line.msg === 'request refused').length;

  describe.each([
    ['no token', () => undefined],
    ['a forged token', () => `Bearer ${cloud.keys.signWithOtherKey({ appId: CLOUD_BOT.id, serviceUrl: cloud.bot.connector.url })}`],
    ['an expired token', () => `Bearer ${cloud.keys.sign({ appId: CLOUD_BOT.id, serviceUrl: cloud.bot.connector.url, expiresInSeconds: -3600 })}`],
    ['a token for another bot', () => `Bearer ${cloud.keys.sign({ appId: randomUUID(), serviceUrl: cloud.bot.connector.url })}`],
  ])('with %s', (_name, authorization) => {
    it.each(malformed)('answers 401 to %s, without judging the body', async (_body, body, contentType) => {
      const judgedBefore = judgedBodies();
      const response = await post(body, contentType, authorization());
      expect(response.status).toBe(401);
      expect(judgedBodies()).toBe(judgedBefore);
      expect(cloud.bot.connector.received).toHaveLength(0);
    });
  });

  it.each(malformed)('with a valid token, still answers %s with a clear 4xx', async (_body, body, contentType) => {
    const response = await post(body, contentType, validToken());
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.status).not.toBe(401);
    expect(cloud.bot.connector.received).toHaveLength(0);
  });

  it('still compares the token with the activity once the body is read: a token for another service URL gets 401', async () => {
    const activity = personalMessage('help', { serviceUrl: cloud.bot.connector.url });
    const otherServiceUrl = `Bearer ${cloud.keys.sign({ appId: CLOUD_BOT.id, serviceUrl: 'https://smba.trafficmanager.net/emea/' })}`;
    const response = await post(JSON.stringify(activity), 'application/json', otherServiceUrl);
    expect(response.status).toBe(401);
    expect(cloud.bot.connector.received).toHaveLength(0);
  });

  it('answers a valid activity with a valid token', async () => {
    const person = cloud.person();
    expect((await person.say('help')).status).toBe(200);
    expect(person.received()).toHaveLength(1);
  });
});
