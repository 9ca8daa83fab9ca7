import { Agent as HttpAgent, request as httpRequest, validateHeaderName, validateHeaderValue, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** One answer, read whole. */
export interface HttpGetResponse {
  status: number;
  retryAfter: string | undefined;
  /** The body decoded as UTF-8 (a byte-order mark, if any, is kept). */
  body: string;
}

/** GET over connections kept open between requests; failures are Node's network errors, untouched. */
export type HttpGet = (url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<HttpGetResponse>;

/**
 * node:http with keep-alive agents. fetch (undici) cost about twice the CPU per Partner Center call for
 * the same request (measured on loopback: ~0.4 ms against ~0.25 ms), and a chat answer makes two or three.
 * Redirects are not followed (Partner Center sends none, and one could carry the bearer token elsewhere);
 * compressed answers are accepted, as fetch accepted them, because usage pages are large.
 */
export function createHttpGet(): HttpGet {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (url, headers, signal) =>
    new Promise<HttpGetResponse>((resolve, reject) => {
      if (signal.aborted) {
        reject(abortError(signal));
        return;
      }
      const secure = url.protocol === 'https:';
      const send = secure ? httpsRequest : httpRequest;
      const request = send(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: { ...headers, 'accept-encoding': 'gzip, deflate, br' },
          agent: secure ? agents.https : agents.http,
        },
        (response) => {
          const chunks: Buffer[] = [];
          const body = decoded(response);
          body.on('data', (chunk: Buffer) => chunks.push(chunk));
          body.on('error', fail);
          body.on('end', () => {
            signal.removeEventListener('abort', abort);
            resolve({
              status: response.statusCode ?? 0,
              retryAfter: response.headers['retry-after'],
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          if (body !== response) response.on('error', fail);
        },
      );
      // Listening ourselves is cheaper than handing the signal to http.request, which tracks the stream's end too.
      const abort = () => request.destroy(abortError(signal));
      function fail(error: Error) {
        signal.removeEventListener('abort', abort);
        reject(error);
      }
      signal.addEventListener('abort', abort, { once: true });
      request.on('error', fail);
      request.end();
    });
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The request was aborted', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}

/** Node's own check of header names and values; throws on anything it would refuse to send. */
export function validateHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  }
}

function decoded(response: IncomingMessage): Readable {
  switch (response.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}
