import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What Entra answers to one on-behalf-of request for an assertion. An object is a success (a fresh opaque
 * token per call unless `accessToken` is given); a string is one of the failures a signed-in Teams user
 * can meet, answered with the JSON Entra sends for it.
 */
export type OnBehalfOfOutcome =
  | { accessToken?: string; expiresInSeconds?: number }
  | 'consent_required'
  | 'mfa_required'
  | 'conditional_access'
  | 'assertion_expired';

/** One POST to the token endpoint, as the stand-in read it. */
export interface EntraTokenRequest {
  /** The tenant segment of the path, e.g. a GUID or `botframework.com`. */
  tenant: string;
  grantType: string;
  clientId: string;
  scopes: string[];
  /** The user's token, for the on-behalf-of grant. */
  assertion?: string;
  requestedTokenUse?: string;
  /** The HTTP status the stand-in answered with. */
  status: number;
}

/** An access token the stand-in handed out, so other stand-ins and tests can recognise it. */
export interface IssuedEntraToken {
  grant: 'client_credentials' | 'on_behalf_of';
  clientId: string;
  tenant: string;
  scopes: string[];
  assertion?: string;
}

export interface FakeEntra {
  /** Give this to `entraNetworkTo`. */
  url: string;
  /** Registers an app (client id and secret) that may ask for tokens. Unknown apps are refused. */
  registerClient(clientId: string, clientSecret: string): void;
  /** Scripts what Entra answers when the user's token `assertion` is exchanged on behalf of the user. */
  onBehalfOf(assertion: string, outcome: OnBehalfOfOutcome): void;
  /** Every token request, oldest first. */
  readonly tokenRequests: readonly EntraTokenRequest[];
  /** Path and query of every metadata GET (instance discovery, OpenID configuration). */
  readonly metadataRequests: readonly string[];
  /** How many on-behalf-of requests reached the stand-in, whatever their outcome. */
  readonly onBehalfOfCalls: number;
  /** What the stand-in issued `accessToken` for; undefined when it never issued it. */
  issued(accessToken: string): IssuedEntraToken | undefined;
  close(): Promise<void>;
}

export interface FakeEntraOptions {
  /** Clock for timestamps in answers and id tokens. */
  now?: () => Date;
}

const PUBLIC_HOST = 'login.microsoftonline.com';
const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Entra resolves a tenant's domain name to its id; the Bot Framework's own tenant is the one bots meet.
const KNOWN_TENANT_IDS: Record<string, string> = { 'botframework.com': 'd6d49420-f39b-4df7-a1dc-d59a935871db' };
// Entra names the resource by its app id in error texts; Partner Center's is a published constant.
const RESOURCE_APP_IDS: Record<string, string> = {
  'https://api.partnercenter.microsoft.com': 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd',
};
const ROUTES = {
  token: /^\/([^/]+)\/oauth2\/v2\.0\/token$/,
  openIdConfiguration: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
  instanceDiscovery: /^\/([^/]+)\/discovery\/instance$/,
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_ALIASES = ['common', 'organizations', 'consumers'];

/** A stand-in for Entra ID's v2 endpoints on 127.0.0.1, as msal-node's confidential client uses them. */
export async function startFakeEntra(options: FakeEntraOptions = {}): Promise<FakeEntra> {
  const now = options.now ?? (() => new Date());
  const secrets = new Map<string, string>();
  const outcomes = new Map<string, OnBehalfOfOutcome>();
  const issuedTokens = new Map<string, IssuedEntraToken>();
  const tokenRequests: EntraTokenRequest[] = [];
  const metadataRequests: string[] = [];
  let onBehalfOfCalls = 0;

  function answerTokenRequest(tenant: string, form: URLSearchParams): { status: number; body: object } {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const assertion = form.get('assertion') ?? undefined;
    const requestedTokenUse = form.get('requested_token_use') ?? undefined;
    const fail = failureWriter(now(), form.get('client-request-id'));
    const answer = (status: number, body: object) => {
      tokenRequests.push({ tenant, grantType, clientId, scopes, assertion, requestedTokenUse, status });
      return { status, body };
    };

    if (grantType === OBO_GRANT) onBehalfOfCalls += 1;
    if (!grantType) return answer(400, fail('invalid_request', 900144, missingParameter('grant_type')));
    const secret = secrets.get(clientId);
    if (secret === undefined) {
      return answer(400, fail('unauthorized_client', 700016, appNotFound(clientId, tenant)));
    }
    if (form.get('client_secret') !== secret) {
      return answer(401, fail('invalid_client', 7000215, invalidSecret(clientId)));
    }

    if (grantType === 'client_credentials') {
      const [scope, ...others] = scopes;
      if (!scope || others.length > 0 || !scope.endsWith('/.default')) {
        return answer(400, fail('invalid_scope', 1002012, clientCredentialScope(scopes.join(' '))));
      }
      const accessToken = `entra-app-${randomUUID()}`;
      issuedTokens.set(accessToken, { grant: 'client_credentials', clientId, tenant, scopes });
      return answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }

    if (grantType === OBO_GRANT) {
      if (requestedTokenUse !== 'on_behalf_of') {
        return answer(400, fail('invalid_request', 900144, missingParameter('requested_token_use')));
      }
      if (!assertion) return answer(400, fail('invalid_request', 900144, missingParameter('assertion')));
      // msal adds openid, profile and offline_access; Entra grants them beside the resource scope.
      const resourceScopes = scopes.filter((scope) => !['openid', 'profile', 'offline_access'].includes(scope));
      const outcome = outcomes.get(assertion) ?? {};
      if (typeof outcome === 'string') {
        const failure = onBehalfOfFailure(outcome, clientId, resourceScopes[0] ?? '');
        return answer(400, fail(failure.error, failure.code, failure.message, failure.extra));
      }
      const accessToken = outcome.accessToken ?? `entra-obo-${randomUUID()}`;
      const expiresIn = outcome.expiresInSeconds ?? 3599;
      issuedTokens.set(accessToken, { grant: 'on_behalf_of', clientId, tenant, scopes: resourceScopes, assertion });
      const user = userBehind(assertion, tenant);
      return answer(200, {
        token_type: 'Bearer',
        scope: resourceScopes.join(' '),
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: accessToken,
        refresh_token: `entra-refresh-${randomUUID()}`,
        id_token: idToken(user, clientId, now()),
        client_info: base64Url(JSON.stringify({ uid: user.oid, utid: user.tid })),
      });
    }

    return answer(400, fail('unsupported_grant_type', 70003, unsupportedGrant()));
  }

  function answerMetadataRequest(path: string, query: URLSearchParams): { status: number; body: object } | undefined {
    const openId = ROUTES.openIdConfiguration.exec(path);
    if (openId) return { status: 200, body: openIdConfiguration(openId[1]!) };
    if (ROUTES.instanceDiscovery.test(path)) {
      const asked = hostOf(query.get('authorization_endpoint'));
      const cloud = CLOUDS.find((entry) => entry.aliases.includes(asked ?? ''));
      if (!cloud) {
        const body = failureWriter(now(), null)('invalid_instance', 50049, 'Unknown or invalid instance.');
        return { status: 400, body };
      }
      const tenant = tenantOf(query.get('authorization_endpoint'));
      const tenantDiscovery = `https://${cloud.preferred_network}/${tenant}/v2.0/.well-known/openid-configuration`;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: tenantDiscovery,
          'api-version': query.get('api-version') ?? '1.1',
          metadata: CLOUDS,
        },
      };
    }
    return undefined;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const reply = (status: number, body: object) => {
        // writeHead and end stay separate calls: restify replaces writeHead process-wide with one that
        // returns nothing, so chaining breaks when a test runs the bot in the same process.
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const token = ROUTES.token.exec(url.pathname);
      if (req.method === 'POST' && token) {
        const answer = answerTokenRequest(token[1]!, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        reply(answer.status, answer.body);
        return;
      }
      if (req.method === 'GET') {
        metadataRequests.push(`${url.pathname}${url.search}`);
        const answer = answerMetadataRequest(url.pathname, url.searchParams);
        if (answer) {
          reply(answer.status, answer.body);
          return;
        }
      }
      reply(404, { error: 'not_found', error_description: `No stand-in for ${req.method} ${url.pathname}` });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registerClient: (clientId, clientSecret) => {
      secrets.set(clientId, clientSecret);
    },
    onBehalfOf: (assertion, outcome) => {
      outcomes.set(assertion, outcome);
    },
    tokenRequests,
    metadataRequests,
    get onBehalfOfCalls() {
      return onBehalfOfCalls;
    },
    issued: (accessToken) => issuedTokens.get(accessToken),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes Entra's error JSON: the AADSTS code leads the description, which ends with the ids Entra
 * appends; the same ids and time are repeated as fields. Entra echoes the caller's client-request-id.
 */
function failureWriter(at: Date, clientRequestId: string | null) {
  return (error: string, code: number, message: string, extra: Record<string, string> = {}) => {
    const timestamp = `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;
    const traceId = randomUUID();
    const correlationId = clientRequestId ?? randomUUID();
    const ids = `Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`;
    return {
      error,
      error_description: `AADSTS${code}: ${message} ${ids}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://${PUBLIC_HOST}/error?code=${code}`,
      ...extra,
    };
  };
}

/**
 * The failures of an on-behalf-of exchange a Teams user can meet. Consent and MFA carry what makes msal
 * raise InteractionRequiredAuthError (suberror consent_required; error interaction_required with a claims
 * challenge); a Conditional Access block carries suberror message_only; an expired assertion is a plain
 * invalid_grant, which msal raises as ServerError.
 */
function onBehalfOfFailure(
  outcome: Exclude<OnBehalfOfOutcome, object>,
  clientId: string,
  scope: string,
): { error: string; code: number; message: string; extra: Record<string, string> } {
  const resource = resourceOf(scope);
  switch (outcome) {
    case 'consent_required':
      return {
        error: 'invalid_grant',
        code: 65001,
        message:
          `The user or administrator has not consented to use the application with ID '${clientId}' named 'Bot'. ` +
          'Send an interactive authorization request for this user and resource.',
        extra: { suberror: 'consent_required' },
      };
    case 'mfa_required':
      return {
        error: 'interaction_required',
        code: 50076,
        message:
          'Due to a configuration change made by your administrator, or because you moved to a new location, ' +
          `you must use multi-factor authentication to access '${resource}'.`,
        extra: { claims: JSON.stringify({ access_token: { capolids: { essential: true, values: [randomUUID()] } } }) },
      };
    case 'conditional_access':
      return {
        error: 'invalid_grant',
        code: 53003,
        message:
          'Access has been blocked by Conditional Access policies. ' +
          'The access policy does not allow token issuance.',
        extra: { suberror: 'message_only' },
      };
    case 'assertion_expired':
      return {
        error: 'invalid_grant',
        code: 50013,
        message:
          'Assertion is not within its valid time range. Ensure that the access token is not expired ' +
          'before using it for user assertion, or request a new token.',
        extra: {},
      };
  }
}

/** Entra's OpenID configuration for a tenant. Endpoints name the real host: msal checks the issuer's host. */
function openIdConfiguration(tenant: string) {
  const alias = TENANT_ALIASES.includes(tenant.toLowerCase());
  const segment = alias ? tenant : tenantIdOf(tenant);
  const base = `https://${PUBLIC_HOST}/${segment}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `https://${PUBLIC_HOST}/${alias ? '{tenantid}' : segment}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'name', 'tid', 'ver', 'oid'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** The clouds Entra's instance discovery lists (the public cloud first), with their host aliases. */
const CLOUDS = [
  {
    preferred_network: PUBLIC_HOST,
    preferred_cache: 'login.windows.net',
    aliases: [PUBLIC_HOST, 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
  },
  {
    preferred_network: 'login.partner.microsoftonline.cn',
    preferred_cache: 'login.partner.microsoftonline.cn',
    aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
  },
  {
    preferred_network: 'login.microsoftonline.us',
    preferred_cache: 'login.microsoftonline.us',
    aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
  },
  {
    preferred_network: 'login-us.microsoftonline.com',
    preferred_cache: 'login-us.microsoftonline.com',
    aliases: ['login-us.microsoftonline.com'],
  },
];

interface UserIdentity {
  oid: string;
  tid: string;
  name: string;
  preferredUsername: string;
}

/**
 * The user the assertion stands for. A JWT assertion (what Teams really sends) names its user; an opaque
 * test string gets a stable made-up user, so the same assertion always maps to the same account.
 */
function userBehind(assertion: string, tenant: string): UserIdentity {
  const claims = jwtClaims(assertion);
  const oid = typeof claims.oid === 'string' ? claims.oid : guidFrom(`user:${assertion}`);
  const tid = typeof claims.tid === 'string' ? claims.tid : tenantIdOf(tenant);
  const name = typeof claims.name === 'string' ? claims.name : 'Stand-in User';
  const upn = claims.preferred_username ?? claims.upn;
  return { oid, tid, name, preferredUsername: typeof upn === 'string' ? upn : `user-${oid.slice(0, 8)}@example.com` };
}

/** An id token in Entra's v2 shape. msal reads its claims but does not check the signature. */
function idToken(user: UserIdentity, clientId: string, at: Date): string {
  const issuedAt = Math.floor(at.getTime() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', kid: 'entra-stand-in' };
  const claims = {
    aud: clientId,
    iss: `https://${PUBLIC_HOST}/${user.tid}/v2.0`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + 3600,
    name: user.name,
    oid: user.oid,
    preferred_username: user.preferredUsername,
    sub: guidFrom(`sub:${user.oid}:${clientId}`),
    tid: user.tid,
    ver: '2.0',
  };
  return `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}.${base64Url('not-signed')}`;
}

function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function tenantIdOf(tenant: string): string {
  if (GUID.test(tenant)) return tenant.toLowerCase();
  return KNOWN_TENANT_IDS[tenant.toLowerCase()] ?? guidFrom(`tenant:${tenant.toLowerCase()}`);
}

function guidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function resourceOf(scope: string): string {
  const resource = scope.replace(/\/[^/]*$/, '');
  return RESOURCE_APP_IDS[resource] ?? resource;
}

function hostOf(url: string | null): string | undefined {
  try {
    return url ? new URL(url).host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function tenantOf(authorizeEndpoint: string | null): string {
  try {
    return new URL(authorizeEndpoint ?? '').pathname.split('/')[1] || 'common';
  } catch {
    return 'common';
  }
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

const missingParameter = (name: string) => `The request body must contain the following parameter: '${name}'.`;
const appNotFound = (clientId: string, tenant: string) =>
  `Application with identifier '${clientId}' was not found in the directory '${tenant}'. ` +
  'This can happen if the application has not been installed by the administrator of the tenant ' +
  'or consented to by any user in the tenant.';
const invalidSecret = (clientId: string) =>
  'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, ' +
  `not the client secret ID, for a secret added to app '${clientId}'.`;
const clientCredentialScope = (scope: string) =>
  `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value ` +
  'with /.default suffixed to the resource identifier (application ID URI).';
const unsupportedGrant = () => 'The app requested an unsupported grant type.';
