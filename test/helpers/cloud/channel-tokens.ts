import { createHash, generateKeyPairSync, sign as rsaSign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the Bot Framework channel puts in the token it sends with each activity. */
export interface ChannelTokenClaims {
  /** The bot's app id: the token's audience. */
  appId: string;
  /** The activity's serviceUrl, which botbuilder compares with the `serviceurl` claim. */
  serviceUrl: string;
  /** Lifetime from now; negative for a token that has already expired. Defaults to one hour. */
  expiresInSeconds?: number;
}

export interface FakeBotFrameworkKeys {
  /** Give this as botbuilder's `ToBotFromChannelOpenIdMetadataUrl`. */
  openIdMetadataUrl: string;
  /** A token as the channel signs it, with the published key. */
  sign(claims: ChannelTokenClaims): string;
  /** A forgery: the published key's id in the header, but signed with another private key. */
  signWithOtherKey(claims: ChannelTokenClaims): string;
  /** Path of every GET (metadata, keys), oldest first. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export interface FakeBotFrameworkKeysOptions {
  /** Clock for nbf/exp; it must agree with the clock of the validator. */
  now?: () => Date;
}

const ISSUER = 'https://api.botframework.com';
const METADATA_PATH = '/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/v1/.well-known/keys';
// The channel's tokens become valid a little before they are issued, to absorb clock skew.
const NOT_BEFORE_SKEW_SECONDS = 5 * 60;

/**
 * Stands in for the Bot Framework's token signing keys on 127.0.0.1: an OpenID metadata document, a
 * JWKS whose RSA key is endorsed for Teams, and a signer that issues channel tokens with that key.
 */
export async function startFakeBotFrameworkKeys(
  options: FakeBotFrameworkKeysOptions = {},
): Promise<FakeBotFrameworkKeys> {
  const now = options.now ?? (() => new Date());
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = published.publicKey.export({ format: 'jwk' });
  const der = published.publicKey.export({ format: 'der', type: 'spki' });
  const kid = createHash('sha256').update(der).digest('base64url').slice(0, 27);
  const requests: string[] = [];

  let baseUrl = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', baseUrl).pathname;
    requests.push(path);
    const reply = (status: number, body: object) => {
      // Separate calls: restify replaces writeHead process-wide with one that cannot be chained.
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && path === METADATA_PATH) {
      reply(200, {
        issuer: ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${baseUrl}${KEYS_PATH}`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    } else if (req.method === 'GET' && path === KEYS_PATH) {
      // botbuilder only accepts a key's tokens for the channels listed in its endorsements.
      reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    } else {
      reply(404, { error: 'not_found' });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const signWith = (privateKey: KeyObject, claims: ChannelTokenClaims) => {
    const issuedAt = Math.floor(now().getTime() / 1000);
    const expiresAt = issuedAt + (claims.expiresInSeconds ?? 3600);
    const header = { alg: 'RS256', typ: 'JWT', kid };
    const payload = {
      serviceurl: claims.serviceUrl,
      nbf: Math.min(issuedAt, expiresAt) - NOT_BEFORE_SKEW_SECONDS,
      exp: expiresAt,
      iss: ISSUER,
      aud: claims.appId,
    };
    const signed = `${base64Url(header)}.${base64Url(payload)}`;
    return `${signed}.${rsaSign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
  };

  return {
    openIdMetadataUrl: `${baseUrl}${METADATA_PATH}`,
    sign: (claims) => signWith(published.privateKey, claims),
    signWithOtherKey: (claims) => signWith(stranger.privateKey, claims),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function base64Url(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
