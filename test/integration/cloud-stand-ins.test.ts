import {
  ClientAuthError,
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ServerError,
  type AuthenticationResult,
} from '@azure/msal-node';
import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type TokenResponse,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  MsalServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { ENTRA_HOST } from '../../src/identity/entra-client';
import type { FakeBotFrameworkKeys } from '../helpers/cloud/channel-tokens';
import { startCloudStandIns } from '../helpers/cloud/cloud-stand-ins';
import { entraNetworkTo } from '../helpers/cloud/entra-network';
import type { FakeEntra } from '../helpers/cloud/fake-entra';
import type { FakeTokenService } from '../helpers/cloud/fake-token-service';

// These tests drive the stand-ins with the real clients the bot uses in cloud mode (msal-node 7 and
// botbuilder/botframework-connector), so a stand-in that drifts from what the clients expect fails here.

const BOT_ID = '7d1c5f0e-3b0a-4c55-9e64-0f2f4c1b8a11';
const BOT_SECRET = 'bot-secret-value';
const PARTNER_TENANT = '4f7e2b9a-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const CONNECTION = 'partner-center-sso';

let entra: FakeEntra;
let tokenService: FakeTokenService;
let keys: FakeBotFrameworkKeys;

let closeStandIns: () => Promise<void>;

beforeAll(async () => {
  ({ entra, tokenService, keys, close: closeStandIns } = await startCloudStandIns(BOT_ID, BOT_SECRET));
});

afterAll(async () => {
  await closeStandIns();
});

/** An msal client of the bot's app (plain msal-node, no logging), with its requests carried to the Entra stand-in. */
function msalAt(authority: string, clientSecret = BOT_SECRET): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: BOT_ID, clientSecret, authority },
    system: { networkClient: entraNetworkTo(entra.url) },
  });
}

/** The bot's msal client for a tenant of the public cloud, as production builds it. */
function msalFor(tenant: string, clientSecret = BOT_SECRET): ConfidentialClientApplication {
  return msalAt(`${ENTRA_HOST}/${tenant}`, clientSecret);
}

/** A Teams SSO token's shape: a JWT naming the user. Entra's signature check is outside the stand-in. */
function teamsSsoToken(user: { oid: string; tid: string }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part({ aud: `api://botid-${BOT_ID}`, ...user })}.signature`;
}

/** The error `promise` rejects with, to inspect its class and fields; fails the test if it resolves. */
async function expectRejection(promise: Promise<unknown>): Promise<any> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) throw new Error('expected the call to fail, but it succeeded');
  return outcome;
}

describe('Entra stand-in, driven by msal-node', () => {
  test('gives the bot an app token for a /.default scope with the client credentials grant', async () => {
    const before = entra.metadataRequests.length;
    const result = await msalFor(PARTNER_TENANT).acquireTokenByClientCredential({ scopes: [BOT_FRAMEWORK_SCOPE] });

    expect(result?.accessToken).toBeTruthy();
    expect(entra.issued(result!.accessToken)).toEqual({
      grant: 'client_credentials',
      clientId: BOT_ID,
      tenant: PARTNER_TENANT,
      scopes: [BOT_FRAMEWORK_SCOPE],
    });
    expect(entra.tokenRequests.at(-1)).toMatchObject({
      grantType: 'client_credentials',
      clientId: BOT_ID,
      status: 200,
    });
    // msal-node 7 ships login.microsoftonline.com's metadata: it asks for no discovery documents at all.
    expect(entra.metadataRequests.length).toBe(before);
  });

  test('refuses a wrong client secret the way Entra does, which msal raises as a ServerError', async () => {
    const error = await expectRejection(
      msalFor(PARTNER_TENANT, 'not-the-secret').acquireTokenByClientCredential({ scopes: [BOT_FRAMEWORK_SCOPE] }),
    );

    expect(error).toBeInstanceOf(ServerError);
    expect(error.errorCode).toBe('invalid_client');
    expect(String(error.errorNo)).toBe('7000215');
  });

  test('exchanges a Teams SSO token for a Partner Center token on behalf of its user', async () => {
    const user = { oid: '11111111-2222-4333-8444-555555555555', tid: PARTNER_TENANT };
    const assertion = teamsSsoToken(user);
    const callsBefore = entra.onBehalfOfCalls;

    const result = (await msalFor(PARTNER_TENANT).acquireTokenOnBehalfOf({
      oboAssertion: assertion,
      scopes: [PARTNER_CENTER_SCOPE],
    })) as AuthenticationResult;

    expect(entra.onBehalfOfCalls).toBe(callsBefore + 1);
    expect(entra.issued(result.accessToken)).toMatchObject({
      grant: 'on_behalf_of',
      assertion,
      scopes: [PARTNER_CENTER_SCOPE],
    });
    expect(result.scopes).toEqual([PARTNER_CENTER_SCOPE]);
    expect(result.account).toMatchObject({ localAccountId: user.oid, tenantId: user.tid });
    expect(entra.tokenRequests.at(-1)).toMatchObject({
      grantType: OBO_GRANT,
      clientId: BOT_ID,
      assertion,
      requestedTokenUse: 'on_behalf_of',
      scopes: expect.arrayContaining([PARTNER_CENTER_SCOPE]),
    });
  });

  test('issues a fresh token per on-behalf-of call; msal serves a repeated assertion from its cache', async () => {
    const msal = msalFor(PARTNER_TENANT);
    const request = { oboAssertion: 'sso-token-of-dana', scopes: [PARTNER_CENTER_SCOPE] };
    const callsBefore = entra.onBehalfOfCalls;

    const first = await msal.acquireTokenOnBehalfOf({ ...request, skipCache: true });
    const second = await msal.acquireTokenOnBehalfOf({ ...request, skipCache: true });
    const cached = await msal.acquireTokenOnBehalfOf(request);

    expect(first?.accessToken).not.toBe(second?.accessToken);
    expect(cached).toMatchObject({ accessToken: second?.accessToken, fromCache: true });
    expect(entra.onBehalfOfCalls).toBe(callsBefore + 2);
  });

  test('answers with the scripted token and lifetime for an assertion', async () => {
    entra.onBehalfOf('sso-token-of-erin', { accessToken: 'partner-center-token-for-erin', expiresInSeconds: 600 });

    const asked = Date.now();
    const result = await msalFor(PARTNER_TENANT).acquireTokenOnBehalfOf({
      oboAssertion: 'sso-token-of-erin',
      scopes: [PARTNER_CENTER_SCOPE],
    });
    const answered = Date.now();

    expect(result?.accessToken).toBe('partner-center-token-for-erin');
    // msal counts the lifetime from the request time, rounded to the second.
    const expiresAt = result!.expiresOn!.getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(asked + 600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(answered + 600_000 + 1000);
  });

  test.each([
    {
      outcome: 'consent_required',
      errorClass: InteractionRequiredAuthError,
      errorCode: 'invalid_grant',
      subError: 'consent_required',
      errorNo: '65001',
    },
    {
      outcome: 'mfa_required',
      errorClass: InteractionRequiredAuthError,
      errorCode: 'interaction_required',
      subError: '',
      errorNo: '50076',
    },
    {
      outcome: 'conditional_access',
      errorClass: InteractionRequiredAuthError,
      errorCode: 'invalid_grant',
      subError: 'message_only',
      errorNo: '53003',
    },
    {
      outcome: 'assertion_expired',
      errorClass: ServerError,
      errorCode: 'invalid_grant',
      subError: '',
      errorNo: '50013',
    },
  ] as const)('a scripted $outcome makes msal raise $errorClass.name ($errorCode)', async (expected) => {
    const assertion = `sso-token-meeting-${expected.outcome}`;
    entra.onBehalfOf(assertion, expected.outcome);

    const error = await expectRejection(
      msalFor(PARTNER_TENANT).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: [PARTNER_CENTER_SCOPE] }),
    );

    expect(error).toBeInstanceOf(expected.errorClass);
    if (expected.errorClass === ServerError) expect(error).not.toBeInstanceOf(InteractionRequiredAuthError);
    expect(error.errorCode).toBe(expected.errorCode);
    expect(error.subError).toBe(expected.subError);
    // Entra sends error codes as numbers; msal passes the first one on as errorNo unchanged.
    expect(String(error.errorNo)).toBe(expected.errorNo);
    expect(error.errorMessage).toContain(`AADSTS${expected.errorNo}`);
    expect(entra.tokenRequests.at(-1)).toMatchObject({ assertion, status: 400 });
  });

  test('an MFA demand carries the claims challenge a new sign-in must satisfy', async () => {
    entra.onBehalfOf('sso-token-without-mfa', 'mfa_required');

    const error = await expectRejection(
      msalFor(PARTNER_TENANT).acquireTokenOnBehalfOf({
        oboAssertion: 'sso-token-without-mfa',
        scopes: [PARTNER_CENTER_SCOPE],
      }),
    );

    expect(JSON.parse(error.claims)).toHaveProperty('access_token');
  });

  test('serves an OpenID configuration msal accepts when it has no built-in metadata for the host', async () => {
    // msal knows login-us.microsoftonline.com only as a cloud alias, so it fetches this tenant's document,
    // checks its issuer and posts to the token endpoint it names.
    const msal = msalAt('https://login-us.microsoftonline.com/contoso.onmicrosoft.com');

    const result = await msal.acquireTokenByClientCredential({ scopes: [BOT_FRAMEWORK_SCOPE] });

    expect(entra.metadataRequests).toContain('/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration');
    expect(entra.issued(result!.accessToken)).toMatchObject({ grant: 'client_credentials' });
  });

  test('refuses an authority host Entra does not know, through instance discovery', async () => {
    const msal = msalAt('https://login.contoso.example/contoso.onmicrosoft.com');

    const error = await expectRejection(msal.acquireTokenByClientCredential({ scopes: [BOT_FRAMEWORK_SCOPE] }));

    expect(error).toBeInstanceOf(ClientAuthError);
    const discovery = new URL(entra.metadataRequests.at(-1) ?? '/', entra.url);
    expect(discovery.pathname).toBe('/common/discovery/instance');
    expect(discovery.searchParams.get('authorization_endpoint')).toMatch(/^https:\/\/login\.contoso\.example\//);
  });
});

/**
 * botbuilder's channel authentication with this file's stand-ins. Giving botbuilder any one endpoint makes
 * it take every endpoint from this object and none from its defaults, so all are spelled out.
 */
function botFrameworkAuthentication(): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: BOT_ID,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
      OAuthUrl: tokenService.url,
      ToBotFromChannelOpenIdMetadataUrl: keys.openIdMetadataUrl,
    },
    // botbuilder declares the msal-node 2 types it bundles; the msal-node 7 instance works the same way.
    new MsalServiceClientCredentialsFactory(BOT_ID, msalFor('botframework.com') as never),
  );
}

function teamsActivity(overrides: Partial<Activity> = {}): Activity {
  return {
    type: 'message',
    id: 'activity-1',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    from: { id: '29:alice', name: 'Alice' },
    recipient: { id: `28:${BOT_ID}`, name: 'Usage bot' },
    conversation: { id: 'a:personal-chat-with-alice', conversationType: 'personal', isGroup: false, name: '' },
    text: 'usage for Contoso',
    ...overrides,
  } as Activity;
}

describe('Bot Framework token service stand-in, driven by botframework-connector', () => {
  let client: UserTokenClient;
  // botbuilder types the magic code as required and the result as always present; at run time callers
  // pass no code when there is none, and a 404 from the service resolves to undefined.
  const userToken = (userId: string, magicCode?: string): Promise<TokenResponse | undefined> =>
    client.getUserToken(userId, CONNECTION, 'msteams', magicCode as string);

  beforeAll(async () => {
    // The same path CloudAdapter takes: authenticate the inbound activity, then build its user token client.
    const auth = botFrameworkAuthentication();
    const bearer = `Bearer ${keys.sign({ appId: BOT_ID, serviceUrl: SERVICE_URL })}`;
    const { claimsIdentity } = await auth.authenticateRequest(teamsActivity(), bearer);
    client = await auth.createUserTokenClient(claimsIdentity);
  });

  test('has no token for a user who never signed in (404), asked with the bot app token from Entra', async () => {
    const result = await userToken('29:nobody');

    expect(result?.token).toBeUndefined();
    const request = tokenService.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'GET',
      path: '/api/usertoken/GetToken',
      query: { userId: '29:nobody', connectionName: CONNECTION, channelId: 'msteams' },
      status: 404,
    });
    const appToken = request.authorization!.replace(/^Bearer /, '');
    expect(entra.issued(appToken)).toMatchObject({
      grant: 'client_credentials',
      clientId: BOT_ID,
      scopes: [BOT_FRAMEWORK_SCOPE],
    });
  });

  test('returns the token of a user who is signed in to the connection', async () => {
    tokenService.giveToken('29:bea', CONNECTION, 'token-of-bea');

    const result = await userToken('29:bea');

    expect(result).toMatchObject({ token: 'token-of-bea', connectionName: CONNECTION, channelId: 'msteams' });
    expect(Date.parse(result!.expiration!)).toBeGreaterThan(Date.now());
  });

  test('completes a manual sign-in with the magic code, once', async () => {
    const code = tokenService.issueMagicCode('29:carl', 'token-of-carl');

    const withCode = await userToken('29:carl', code);
    const later = await userToken('29:carl');
    const reusedByOther = await userToken('29:mallory', code);

    expect(withCode?.token).toBe('token-of-carl');
    expect(later?.token).toBe('token-of-carl');
    expect(reusedByOther?.token).toBeUndefined();
    expect(tokenService.requests.some((r) => r.query.code === code && r.query.userId === '29:carl')).toBe(true);
  });

  test('exchanges an SSO token the test allowed and keeps the result for the user', async () => {
    tokenService.acceptExchange('teams-sso-token-of-dora', 'token-of-dora');

    const result = await client.exchangeToken('29:dora', CONNECTION, 'msteams', { token: 'teams-sso-token-of-dora' });

    expect(result).toMatchObject({ token: 'token-of-dora', connectionName: CONNECTION });
    expect(tokenService.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/usertoken/exchange',
      body: { token: 'teams-sso-token-of-dora' },
      status: 200,
    });
    expect((await userToken('29:dora'))?.token).toBe('token-of-dora');
  });

  test('fails an exchange as the service does (400, consent required): a result without a token', async () => {
    const result = await client.exchangeToken('29:eve', CONNECTION, 'msteams', { token: 'teams-sso-token-of-eve' });

    // TeamsSSOTokenExchangeMiddleware answers Teams 412 whenever this result has no token.
    expect(result?.token).toBeUndefined();
    expect(result).toEqual({ error: { code: 'ServiceError', message: 'Consent Required' } });
    expect(tokenService.requests.at(-1)?.status).toBe(400);
  });

  test('signs a user out of the connection', async () => {
    tokenService.giveToken('29:finn', CONNECTION, 'token-of-finn');

    await client.signOutUser('29:finn', CONNECTION, 'msteams');

    expect(tokenService.tokenOf('29:finn', CONNECTION)).toBeUndefined();
    expect(tokenService.signOuts).toContainEqual({
      userId: '29:finn',
      connectionName: CONNECTION,
      channelId: 'msteams',
    });
    expect((await userToken('29:finn'))?.token).toBeUndefined();
  });

  test('gives a sign-in resource whose exchange URI is the bot’s api://botid- resource', async () => {
    const activity = teamsActivity();

    const resource = await client.getSignInResource(CONNECTION, activity, 'https://teams.example/done');

    expect(resource.tokenExchangeResource).toMatchObject({ uri: `api://botid-${BOT_ID}`, id: expect.any(String) });
    expect(new URL(resource.signInLink!).hostname).toBe('127.0.0.1');
    expect(tokenService.requests.at(-1)?.signInState).toMatchObject({
      connectionName: CONNECTION,
      msAppId: BOT_ID,
      conversation: { conversation: { id: activity.conversation.id } },
    });
  });

  test('refuses a caller that does not hold the bot app token (401)', async () => {
    const response = await fetch(
      `${tokenService.url}/api/usertoken/GetToken?userId=29%3Abea&connectionName=${CONNECTION}&channelId=msteams`,
      { headers: { authorization: 'Bearer token-entra-never-issued' } },
    );

    expect(response.status).toBe(401);
  });
});

describe('Bot Framework channel keys stand-in, driven by botbuilder channel validation', () => {
  let consoleError: jest.SpyInstance;

  // botbuilder prints every rejected token with console.error; keep the test output readable.
  beforeAll(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => consoleError.mockRestore());

  const authenticate = (authorization: string, activity = teamsActivity()) =>
    botFrameworkAuthentication().authenticateRequest(activity, authorization);
  const token = (claims: Partial<Parameters<FakeBotFrameworkKeys['sign']>[0]> = {}) =>
    keys.sign({ appId: BOT_ID, serviceUrl: SERVICE_URL, ...claims });

  test('accepts a token the channel signed for this bot and this service URL', async () => {
    const { claimsIdentity } = await authenticate(`Bearer ${token()}`);

    expect(claimsIdentity.isAuthenticated).toBe(true);
    expect(claimsIdentity.getClaimValue('aud')).toBe(BOT_ID);
    expect(claimsIdentity.getClaimValue('serviceurl')).toBe(SERVICE_URL);
  });

  test('rejects a token signed with a key the metadata does not publish', async () => {
    const error = await expectRejection(
      authenticate(`Bearer ${keys.signWithOtherKey({ appId: BOT_ID, serviceUrl: SERVICE_URL })}`),
    );

    expect(error.message).toBe('invalid signature');
    // botbuilder lets jsonwebtoken's error through instead of an AuthenticationError, so CloudAdapter
    // answers such a request 500, not 401.
    expect(error).not.toBeInstanceOf(AuthenticationError);
  });

  test('rejects an expired token (botbuilder allows five minutes of clock skew)', async () => {
    const error = await expectRejection(authenticate(`Bearer ${token({ expiresInSeconds: -6 * 60 })}`));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.statusCode).toBe(401);
    await expect(authenticate(`Bearer ${token({ expiresInSeconds: -60 })}`)).resolves.toBeDefined();
  });

  test.each([
    { case: 'a token for another bot', authorization: () => `Bearer ${token({ appId: 'another-bot' })}` },
    {
      case: 'a token for another service URL',
      authorization: () => `Bearer ${token({ serviceUrl: 'https://attacker.example/' })}`,
    },
    { case: 'a missing token', authorization: () => '' },
    {
      case: 'a channel the key is not endorsed for',
      authorization: () => `Bearer ${token()}`,
      activity: teamsActivity({ channelId: 'webchat' }),
    },
  ])('rejects $case with a 401 AuthenticationError', async ({ authorization, activity }) => {
    const error = await expectRejection(authenticate(authorization(), activity));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.statusCode).toBe(401);
  });

  test('botbuilder reads the metadata and keys once per metadata URL, then caches them for the process', async () => {
    await authenticate(`Bearer ${token()}`);
    await authenticate(`Bearer ${token()}`);

    expect(keys.requests).toEqual(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']);
  });
});
