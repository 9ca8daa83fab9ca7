import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { channelMention, personalMessage, USER } from '../helpers/activities';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const KEY = 'forget-test-key-0123456789';

describe('the privacy statement and terms of use the manifest links to', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ ALERT_SCHEDULE: 'off' });
  });
  afterAll(() => bot.close());

  const page = (path: string, acceptLanguage?: string) =>
    fetch(`${bot.app.url}${path}`, { headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } });

  it.each(['/privacy', '/terms'])('serves %s as a plain HTML page in English by default', async (path) => {
    const response = await page(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-language')).toBe('en');
    expect(response.headers.get('vary')).toBe('Accept-Language');
    // Nothing but the page itself may load.
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script|<img|<iframe/i);
  });

  it('says what is stored, where, for how long and how it is deleted', async () => {
    const html = await (await page('/privacy', 'en-US,en;q=0.9')).text();
    for (const stored of ['Conversation settings', 'Conversation references', 'Alert subscriptions', 'Alert state', 'Usage history', 'Pending commands', 'Sign-in bookkeeping']) {
      expect(html).toContain(`<dt>${stored}</dt>`);
    }
    expect(html).toContain('13 months');
    expect(html).toContain('SQLite');
    expect(html).toContain('Azure Blob Storage');
    expect(html).toContain('<code>forget</code>');
    expect(html).toContain('Removing the bot');
  });

  it.each([
    ['nl', 'nl'],
    ['nl-BE', 'nl'],
    ['de-DE, nl;q=0.8, en;q=0.5', 'nl'],
    ['en;q=0.4, nl;q=0.9', 'nl'],
    ['nl;q=0.3, en;q=0.7', 'en'],
    ['nl, en', 'nl'],
    ['en, nl', 'en'],
    ['fr-FR, fr;q=0.9', 'en'],
    ['nl;q=0, *;q=0.5', 'en'],
    ['*', 'en'],
    ['garbage;;;q=2, ,', 'en'],
  ])('answers Accept-Language %j in %s', async (header, language) => {
    const response = await page('/privacy', header);
    expect(response.headers.get('content-language')).toBe(language);
    expect(await response.text()).toContain(`<html lang="${language}">`);
  });

  it('has Dutch pages that say the same in Dutch, with a link to the English ones', async () => {
    const privacy = await (await page('/privacy', 'nl-NL')).text();
    expect(privacy).toContain('<title>CSP Usage-bot: privacyverklaring</title>');
    expect(privacy).toContain('13 maanden');
    expect(privacy).toContain('<code>vergeet</code>');
    expect(privacy).toContain('href="/privacy?lang=en"');
    const terms = await (await page('/terms', 'nl-NL')).text();
    expect(terms).toContain('<title>CSP Usage-bot: gebruiksvoorwaarden</title>');
    const explicit = await page('/terms?lang=en', 'nl-NL');
    expect(await explicit.text()).toContain('<title>CSP Usage bot: terms of use</title>');
  });

  it('answers HEAD, as link checkers ask', async () => {
    const response = await fetch(`${bot.app.url}/terms`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(500);
  });
});

describe('forget (vergeet): a personal chat deletes what the bot keeps for it', () => {
  let bot: TestBot;
  let dataDir: string;
  let db: Database.Database;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'usage-bot-forget-'));
    bot = await startTestBot({ DATA_DIR: dataDir, ALERTS_API_KEY: KEY, ALERT_SCHEDULE: 'off' });
    db = new Database(join(dataDir, 'bot-state.sqlite'), { readonly: true });
  });
  afterAll(async () => {
    db.close();
    await bot.close();
  });

  const keys = (): string[] => db.prepare<[], { key: string }>('SELECT key FROM store_items').all().map((row) => row.key);
  const keysAbout = (conversationId: string) =>
    keys().filter((key) => key.includes(encodeURIComponent(conversationId)) || key.includes(encodeURIComponent(USER.aadObjectId)));
  const index = (): string[] => {
    const row = db.prepare<[string], { value: string }>('SELECT value FROM store_items WHERE key = ?').get('alert-subscriptions-index');
    return row ? (JSON.parse(row.value) as { conversationIds: string[] }).conversationIds : [];
  };

  async function say(text: string, conversationId: string, locale = 'en-US') {
    await bot.send(personalMessage(text, { serviceUrl: bot.connector.url, conversationId, locale }));
    return bot.connector.to(conversationId).filter((a) => a.type === 'message').at(-1)!;
  }

  it('deletes settings, subscriptions, alert state, the reference and the recent customers, then confirms in one sentence', async () => {
    const chat = `a:${randomUUID()}`;
    await say('threshold 45', chat);
    await say('alerts on for Northwind', chat);
    await say('usage for Contoso Ltd', chat);
    const pass = await fetch(`${bot.app.url}/api/alerts/run`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    expect(pass.status).toBe(200);
    // A settings document gone corrupt: read as absent, its copy kept aside, which is this chat's data too.
    const writer = new Database(join(dataDir, 'bot-state.sqlite'));
    writer.prepare('UPDATE store_items SET value = ? WHERE key = ?').run('{"threshold":"lots"}', `conversation-settings/${encodeURIComponent(chat)}`);
    writer.close();
    await say('threshold', chat);
    const stored = keysAbout(chat).map((key) => key.split('/')[0]).sort();
    expect(stored).toEqual(['alert-delivery', 'alert-subscriptions', 'conversation-reference', 'conversation-settings', 'corrupt-documents', 'recent-customers']);
    expect(index()).toContain(chat);

    const answer = await say('forget', chat);
    expect(answer.text).toBe(
      'Done: I deleted everything I kept for this chat: its settings, alerts and alert history, your waiting command and your recent customers.',
    );
    expect(keysAbout(chat)).toEqual([]);
    expect(index()).not.toContain(chat);

    // What the user notices: the chat starts afresh.
    expect((await say('threshold', chat)).text).toMatch(/\(the bot's default\)/);
    const alerts = await say('alerts', chat);
    expect(JSON.stringify(alerts)).toContain('No alerts here yet.');
  });

  it('answers the Dutch word in Dutch', async () => {
    const chat = `a:${randomUUID()}`;
    await say('drempel 40', chat, 'nl-NL');
    expect((await say('vergeet', chat, 'nl-NL')).text).toMatch(/^Klaar: ik heb alles verwijderd/);
    expect(keysAbout(chat).filter((key) => key.startsWith('conversation-settings/'))).toEqual([]);
  });

  it('in a channel, says to remove the bot or ask an admin, and deletes nothing', async () => {
    const channel = `19:${randomUUID()}@thread.tacv2`;
    await bot.send(channelMention('threshold 55', { serviceUrl: bot.connector.url, conversationId: channel }));
    const ask = channelMention('forget', { serviceUrl: bot.connector.url, conversationId: channel });
    await bot.send(ask);
    expect(bot.connector.to(ask.conversation.id).at(-1)?.text).toMatch(/^What I keep here belongs to everyone in this conversation/);
    const check = channelMention('threshold', { serviceUrl: bot.connector.url, conversationId: channel });
    await bot.send(check);
    expect(bot.connector.to(check.conversation.id).at(-1)?.text).toMatch(/^Workloads below \*\*55 %\*\*/);
  });
});
