import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, MemoryStorage } from 'botbuilder';
import pino from 'pino';
import type { AlertPassSummary } from '../../src/alerts/ports';
import { tenantPolicy } from '../../src/core/tenants/tenant-policy';
import { bearerKeyMatches, type AlertRunResult, type AlertsEndpointOptions } from '../../src/server/alerts-endpoint';
import { createServer, type BotServer } from '../../src/server/create-server';
import { createAdapter } from '../../src/teams/create-adapter';

const silent = pino({ level: 'silent' });
const API_KEY = 'k3y-for-outside-schedulers-0123456789';

const SUMMARY: AlertPassSummary = {
  passId: 'pass-1',
  startedAt: '2026-03-02T08:00:00.000Z',
  finishedAt: '2026-03-02T08:00:04.000Z',
  conversationsChecked: 3,
  alertsSent: 4,
  messagesSent: 2,
  skipped: 1,
  failed: 0,
  paused: 0,
  deactivated: 0,
  partnerCenterRequests: 5,
};

/** The real restify server with the endpoint mounted, and a `run` the test scripts. */
async function startServer(apiKey: string | undefined, run: AlertsEndpointOptions['run']) {
  const calls: Array<'run'> = [];
  const bot: BotServer = createServer({
    adapter: createAdapter({ bot: null, tenants: tenantPolicy([]), storage: new MemoryStorage(), logger: silent }),
    bot: new ActivityHandler(),
    logger: silent,
    health: { mode: 'local', version: 'test' },
    alerts: {
      apiKey,
      run: () => {
        calls.push('run');
        return run();
      },
    },
  });
  await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = bot.server.address() as AddressInfo;
  return {
    calls,
    drain: () => bot.drain(),
    post: (headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${port}/api/alerts/run`, { method: 'POST', headers }),
    close: () => new Promise<void>((resolve) => {
      bot.server.server.closeAllConnections();
      bot.server.close(() => resolve());
    }),
  };
}

type Running = Awaited<ReturnType<typeof startServer>>;

describe('POST /api/alerts/run', () => {
  const servers: Running[] = [];
  const start = async (apiKey: string | undefined, run: AlertsEndpointOptions['run']) => {
    const server = await startServer(apiKey, run);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    jest.restoreAllMocks();
  });
  const done = async (): Promise<AlertRunResult> => ({ kind: 'done', summary: SUMMARY });

  it('runs a pass and answers with its summary when it is done', async () => {
    const server = await start(API_KEY, done);

    const response = await server.post({ authorization: `Bearer ${API_KEY}` });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(SUMMARY);
    expect(server.calls).toHaveLength(1);
  });

  it('answers 503 and runs nothing while no API key is configured', async () => {
    const server = await start(undefined, done);

    const response = await server.post({ authorization: 'Bearer anything' });

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'AlertsRunDisabled', message: expect.stringContaining('ALERTS_API_KEY') } });
    expect(server.calls).toHaveLength(0);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong key of the same length', { authorization: `Bearer ${API_KEY.replace(/.$/, 'x')}` }],
    ['a shorter key', { authorization: `Bearer ${API_KEY.slice(0, 8)}` }],
    ['the key under another scheme', { authorization: `Basic ${API_KEY}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 with a Bearer challenge for %s, and runs nothing', async (_case, headers) => {
    const server = await start(API_KEY, done);

    const response = await server.post(headers);

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.stringify(await response.json())).not.toContain(API_KEY);
    expect(server.calls).toHaveLength(0);
  });

  it('compares the key in constant time', async () => {
    const compare = jest.spyOn(crypto, 'timingSafeEqual');
    const server = await start(API_KEY, done);

    expect((await server.post({ authorization: 'Bearer short' })).status).toBe(401);
    expect(compare).toHaveBeenCalledTimes(1);
    // Hashes of both sides, so a key of any length meets the key on equal terms.
    const [presented, expected] = compare.mock.calls[0]!;
    expect(Buffer.from(presented as Uint8Array)).toEqual(crypto.createHash('sha256').update('short').digest());
    expect(Buffer.from(expected as Uint8Array)).toEqual(crypto.createHash('sha256').update(API_KEY).digest());
  });

  it('answers 409 when a pass is already running', async () => {
    const server = await start(API_KEY, async () => ({ kind: 'busy' }));

    const response = await server.post({ authorization: `Bearer ${API_KEY}` });

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'PassRunning', message: 'An alert pass is already running.' } });
  });

  it('answers 500 with a short error and no details when the pass fails', async () => {
    const server = await start(API_KEY, async () => {
      throw new Error('SQLITE_BUSY: database is locked at /var/data/bot-state.sqlite');
    });

    const response = await server.post({ authorization: `Bearer ${API_KEY}` });

    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'AlertPassFailed', message: 'The alert pass failed; see the bot logs.' } });
    expect(body).not.toMatch(/SQLITE|sqlite|at /);
  });

  it('lets the running pass finish before shutdown completes, and refuses new ones meanwhile', async () => {
    let finish!: (result: AlertRunResult) => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const server = await start(API_KEY, () => {
      started();
      return new Promise((resolve) => (finish = resolve));
    });

    const answer = server.post({ authorization: `Bearer ${API_KEY}` });
    await running;
    let drained = false;
    const draining = server.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);

    const late = await server.post({ authorization: `Bearer ${API_KEY}` });
    expect(late.status).toBe(503);
    expect(await late.json()).toMatchObject({ error: { code: 'ShuttingDown' } });
    expect(server.calls).toHaveLength(1);

    finish({ kind: 'done', summary: SUMMARY });
    await draining;
    expect((await answer).status).toBe(200);
  });
});

describe('bearerKeyMatches', () => {
  it('accepts the key, with any case of the scheme and surrounding spaces', () => {
    expect(bearerKeyMatches(`Bearer ${API_KEY}`, API_KEY)).toBe(true);
    expect(bearerKeyMatches(`bearer  ${API_KEY} `, API_KEY)).toBe(true);
  });

  it('refuses anything else without throwing on a different length', () => {
    expect(bearerKeyMatches(undefined, API_KEY)).toBe(false);
    expect(bearerKeyMatches(`Bearer ${API_KEY}extra`, API_KEY)).toBe(false);
    expect(bearerKeyMatches(`Bearer ${API_KEY} extra`, API_KEY)).toBe(false);
    expect(bearerKeyMatches(API_KEY, API_KEY)).toBe(false);
  });
});
