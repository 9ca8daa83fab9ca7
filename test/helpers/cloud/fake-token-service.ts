import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call to the token service, as the stand-in read it. */
export interface TokenServiceRequest {
  method: string;
  /** e.g. `/api/usertoken/GetToken`. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, for POSTs. */
  body?: unknown;
  /** The Authorization header as sent: the bot's app token from Entra, in production. */
  authorization?: string;
  /** The token exchange state of a GetSignInResource call, decoded. */
  signInState?: Record<string, unknown>;
  /** The HTTP status the stand-in answered with. */
  status: number;
}

export interface FakeTokenService {
  /** Give this as botbuilder's `OAuthUrl`. */
  url: string;
  /** Signs a user in to a connection beforehand, as if they had completed sign-in earlier. */
  giveToken(userId: string, connectionName: string, token: string): void;
  /**
   * Starts a manual sign-in for the user: returns the magic code the user would type after signing in.
   * A GetToken call carrying the code (once) completes the sign-in with `token`.
   */
  issueMagicCode(userId: string, token: string): string;
  /** Lets a Teams SSO token be exchanged for `resultToken`; other SSO tokens fail as consent-required. */
  acceptExchange(ssoToken: string, resultToken: string): void;
  /** The token the service holds for the user and connection, if signed in. */
  tokenOf(userId: string, connectionName: string): string | undefined;
  /** Every call, oldest first. */
  readonly requests: readonly TokenServiceRequest[];
  /** Every sign-out, oldest first. `connectionName` is absent when the bot signed out of every connection. */
  readonly signOuts: ReadonlyArray<{ userId: string; connectionName?: string; channelId?: string }>;
  close(): Promise<void>;
}

export interface FakeTokenServiceOptions {
  /**
   * Whether a bearer token is one Entra issued to the bot for the Bot Framework. The real service answers
   * 401 otherwise. By default any bearer token is accepted; a missing one never is.
   */
  acceptsAppToken?: (bearerToken: string) => boolean;
  /** Clock for token expirations. */
  now?: () => Date;
}

// Azure Bot's provider id for Entra ID v2 connections, which Teams SSO uses.
const AAD_V2_PROVIDER_ID = '30dd229c-58e3-4a48-bdfd-91ec48eb906c';
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * A stand-in for the Bot Framework user token service on 127.0.0.1, answering the calls botframework-connector's
 * UserTokenClientImpl makes with the statuses and bodies it expects.
 */
export async function startFakeTokenService(options: FakeTokenServiceOptions = {}): Promise<FakeTokenService> {
  const now = options.now ?? (() => new Date());
  const acceptsAppToken = options.acceptsAppToken ?? (() => true);
  const tokens = new Map<string, string>();
  const magicCodes = new Map<string, { userId: string; token: string }>();
  const exchanges = new Map<string, string>();
  const requests: TokenServiceRequest[] = [];
  const signOuts: Array<{ userId: string; connectionName?: string; channelId?: string }> = [];
  const key = (userId: string, connectionName: string) => JSON.stringify([userId, connectionName]);

  const tokenResponse = (query: Record<string, string>, token: string) => ({
    channelId: query.channelId,
    connectionName: query.connectionName,
    token,
    expiration: new Date(now().getTime() + TOKEN_LIFETIME_MS).toISOString(),
  });

  function getToken(query: Record<string, string>): Answer {
    const { userId = '', connectionName = '', code } = query;
    const started = code ? magicCodes.get(code) : undefined;
    if (code && started?.userId === userId) {
      // A magic code completes one sign-in, once.
      magicCodes.delete(code);
      tokens.set(key(userId, connectionName), started.token);
    }
    const token = tokens.get(key(userId, connectionName));
    // No token: 404 with no body, which UserTokenClientImpl turns into an undefined result.
    return token ? { status: 200, body: tokenResponse(query, token) } : { status: 404 };
  }

  function exchange(query: Record<string, string>, body: unknown): Answer {
    const { userId = '', connectionName = '' } = query;
    const ssoToken = body && typeof body === 'object' ? (body as { token?: unknown }).token : undefined;
    if (typeof ssoToken !== 'string' || !ssoToken) {
      return { status: 400, body: { error: { code: 'BadArgument', message: 'A token or uri is required' } } };
    }
    const result = exchanges.get(ssoToken);
    if (!result) {
      // The service's answer when Entra wants the user's consent (or anything else stops the exchange).
      return { status: 400, body: { error: { code: 'ServiceError', message: 'Consent Required' } } };
    }
    tokens.set(key(userId, connectionName), result);
    return { status: 200, body: tokenResponse(query, result) };
  }

  function signOut(query: Record<string, string>): Answer {
    const { userId = '', connectionName, channelId } = query;
    for (const stored of [...tokens.keys()]) {
      const [storedUser, storedConnection] = JSON.parse(stored) as [string, string];
      if (storedUser === userId && (!connectionName || storedConnection === connectionName)) tokens.delete(stored);
    }
    signOuts.push({ userId, ...(connectionName ? { connectionName } : {}), ...(channelId ? { channelId } : {}) });
    return { status: 200 };
  }

  function getSignInResource(state: Record<string, unknown> | undefined, baseUrl: string): Answer {
    const appId = state?.msAppId ?? state?.MsAppId;
    if (typeof appId !== 'string' || !appId) {
      return { status: 400, body: { error: { code: 'BadArgument', message: 'Invalid state' } } };
    }
    const signIn = randomUUID();
    return {
      status: 200,
      body: {
        signInLink: `${baseUrl}/api/oauth/signin?signin=${signIn}`,
        tokenExchangeResource: { id: randomUUID(), uri: `api://botid-${appId}`, providerId: AAD_V2_PROVIDER_ID },
        tokenPostResource: { sasUrl: `${baseUrl}/api/sas/postToken?signin=${signIn}` },
      },
    };
  }

  let baseUrl = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      const query = Object.fromEntries(url.searchParams);
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? parseJson(text) : undefined;
      const authorization = req.headers.authorization;
      const signInState = url.pathname === '/api/botsignin/GetSignInResource' ? decodeState(query.state) : undefined;
      const route = `${req.method} ${url.pathname}`;

      let answer: Answer;
      const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (!bearer || !acceptsAppToken(bearer)) answer = { status: 401 };
      else if (route === 'GET /api/usertoken/GetToken') answer = getToken(query);
      else if (route === 'POST /api/usertoken/exchange') answer = exchange(query, body);
      else if (route === 'DELETE /api/usertoken/SignOut') answer = signOut(query);
      else if (route === 'GET /api/botsignin/GetSignInResource') answer = getSignInResource(signInState, baseUrl);
      else answer = { status: 404, body: { error: { code: 'NotFound', message: `No route for ${route}` } } };

      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query,
        ...(body !== undefined ? { body } : {}),
        ...(authorization ? { authorization } : {}),
        ...(signInState ? { signInState } : {}),
        status: answer.status,
      });
      // writeHead and end stay separate calls: restify replaces writeHead process-wide with one that
      // returns nothing, so chaining breaks when a test runs the bot in the same process.
      if (answer.body === undefined) {
        res.writeHead(answer.status);
        res.end();
      } else {
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(answer.body));
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    giveToken: (userId, connectionName, token) => {
      tokens.set(key(userId, connectionName), token);
    },
    issueMagicCode: (userId, token) => {
      let code: string;
      do code = String(randomInt(100000, 1000000));
      while (magicCodes.has(code));
      magicCodes.set(code, { userId, token });
      return code;
    },
    acceptExchange: (ssoToken, resultToken) => {
      exchanges.set(ssoToken, resultToken);
    },
    tokenOf: (userId, connectionName) => tokens.get(key(userId, connectionName)),
    requests,
    signOuts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  body?: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** botframework-connector sends the token exchange state as base64 JSON (connectionName, conversation, msAppId). */
function decodeState(state: string | undefined): Record<string, unknown> | undefined {
  if (!state) return undefined;
  const decoded = parseJson(Buffer.from(state, 'base64').toString('utf8'));
  return decoded && typeof decoded === 'object' ? (decoded as Record<string, unknown>) : undefined;
}
