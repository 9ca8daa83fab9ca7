import { randomUUID } from 'node:crypto';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import pino from 'pino';
import { createEntraClient } from '../../src/identity/entra-client';
import { onBehalfOfTokenSource, type OnBehalfOfUser } from '../../src/identity/on-behalf-of-token-source';
import { TENANT_ID } from '../helpers/activities';
import { startCloudStandIns, type CloudStandIns } from '../helpers/cloud/cloud-stand-ins';

const BOT_ID = '7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b';
const BOT_SECRET = 'obo-cache-secret';

/**
 * The on-behalf-of token cache grows with the people who use the bot, never with the life of the
 * process: at most maxCachedUsers tokens, each only until shortly before it expires, and msal-node's own
 * cache of exchanged tokens stays empty. Real msal-node against the Entra stand-in on loopback.
 */
describe('on-behalf-of token cache', () => {
  let cloud: CloudStandIns;
  let entra: ConfidentialClientApplication;
  beforeAll(async () => {
    cloud = await startCloudStandIns(BOT_ID, BOT_SECRET);
  });
  beforeEach(() => {
    entra = createEntraClient({ clientId: BOT_ID, clientSecret: BOT_SECRET, tenant: 'organizations', logger: pino({ level: 'silent' }), network: cloud.endpoints.entraNetwork! });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  function person(): OnBehalfOfUser {
    const sso = `sso-${randomUUID()}`;
    return {
      user: { id: `29:${randomUUID()}`, aadObjectId: randomUUID(), tenantId: TENANT_ID },
      account: { ssoToken: async () => sso, requestSignIn: async () => undefined, signOut: async () => undefined },
    };
  }
  /** Tokens msal-node itself still holds, of every kind. */
  function msalCached(): number {
    const cache = JSON.parse(entra.getTokenCache().serialize()) as Record<string, Record<string, unknown>>;
    return ['AccessToken', 'RefreshToken', 'IdToken', 'Account'].reduce((sum, kind) => sum + Object.keys(cache[kind] ?? {}).length, 0);
  }

  it('keeps at most maxCachedUsers tokens: the least recent user beyond them is exchanged again', async () => {
    const tokens = onBehalfOfTokenSource({ entra, maxCachedUsers: 3 });
    const people = Array.from({ length: 50 }, person);
    for (const someone of people) await tokens.tokenFor(someone);
    const exchanged = cloud.entra.onBehalfOfCalls;

    // The three most recent are cached: no Entra call.
    for (const someone of people.slice(-3)) await tokens.tokenFor(someone);
    expect(cloud.entra.onBehalfOfCalls).toBe(exchanged);
    // Everyone before them was crowded out: an exchange again, whatever msal-node would have kept.
    await tokens.tokenFor(people[0]!);
    await tokens.tokenFor(people[10]!);
    expect(cloud.entra.onBehalfOfCalls).toBe(exchanged + 2);
    expect(msalCached()).toBe(0);
  });

  it('hands out a token until five minutes before it expires, then exchanges again', async () => {
    let clock = Date.now();
    const tokens = onBehalfOfTokenSource({ entra, now: () => clock });
    const anna = person();
    const first = await tokens.tokenFor(anna);
    const calls = cloud.entra.onBehalfOfCalls;

    // Entra's tokens live an hour (3,599 s): after 50 minutes the cached one is still handed out...
    clock += 50 * 60_000;
    expect(await tokens.tokenFor(anna)).toBe(first);
    expect(cloud.entra.onBehalfOfCalls).toBe(calls);
    // ...after 55 it is too close to its expiry: a fresh exchange. (msal-node dates the fresh token by the
    // real clock, which this test left behind, so whether that one is cached is not looked at here.)
    clock += 5 * 60_000;
    const second = await tokens.tokenFor(anna);
    expect(second).not.toBe(first);
    expect(cloud.entra.onBehalfOfCalls).toBe(calls + 1);
    expect(msalCached()).toBe(0);
  });

  it('does not keep a token that is already too close to its expiry', async () => {
    const tokens = onBehalfOfTokenSource({ entra });
    const ben = person();
    cloud.entra.onBehalfOf((await ben.account.ssoToken())!, { expiresInSeconds: 60 });
    const calls = cloud.entra.onBehalfOfCalls;
    await tokens.tokenFor(ben);
    await tokens.tokenFor(ben);
    // Both reached Entra: a one-minute token is never handed out from the cache under a five-minute margin.
    expect(cloud.entra.onBehalfOfCalls).toBe(calls + 2);
  });
});
