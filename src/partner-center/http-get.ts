import { StringDecoder } from 'node:string_decoder';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** One answer, read whole. */
export interface HttpGetResponse {
  status: number;
  retryAfter: string | undefined;
  /** The body decoded as UTF-8, without the byte-order mark Partner Center often puts first. */
  body: string;
}

/**
 * Largest body read, in bytes. A commercial usage page of 10,000 rows (the most Partner Center serves
 * per page) measured 3.7 MB from the simulator; real names can be longer, so four times that covers
 * any page Partner Center documents, and anything larger is not an answer we can use.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The answer was larger than the cap: reading stopped there and the connection was closed. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The response body is larger than ${maxBytes} bytes`);
  }
}

export interface HttpGetOptions {
  /** DEFAULT_MAX_BODY_BYTES unless told. */
  maxBodyBytes?: number;
}

/**
 * GET over connections kept open between requests; failures are Node's network errors, untouched, and
 * ResponseTooLargeError for a body over the cap.
 */
export type HttpGet = (url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<HttpGetResponse>;

/**
 * node:http with keep-alive agents. fetch cost about twice the CPU per Partner Center call on loopback
 * (~0.4 ms against ~0.25 ms); undici's request() is as cheap, but would be one more dependency (and Node
 * 20.18) for what these few lines do with the standard library. Redirects are not followed (Partner
 * Center sends none, and one could carry the bearer token elsewhere).
 *
 * No Accept-Encoding is sent, so answers come uncompressed and need no decoding here: a chat answer reads
 * a few kilobytes, and only the weekly alert scan reads large pages.
 */
export function createHttpGet(options: HttpGetOptions = {}): HttpGet {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (url, headers, signal) =>
    new Promise<HttpGetResponse>((resolve, reject) => {
      if (signal.aborted) {
        reject(abortError(signal));
        return;
      }
      const secure = url.protocol === 'https:';
      const request = (secure ? httpsRequest : httpRequest)(url, { method: 'GET', headers, agent: secure ? agents.https : agents.http }, (response) => {
        response.on('error', fail);
        // Refused before reading when the server says how large it is; otherwise counted as it comes.
        // Destroying the request closes the connection, so nothing more is read or kept. Rejected
        // first, so the errors the destroyed connection raises afterwards change nothing.
        const tooLarge = () => {
          fail(new ResponseTooLargeError(maxBytes));
          request.destroy();
        };
        if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
          tooLarge();
          return;
        }
        // Each chunk is decoded as it comes and let go: a scan page of several megabytes is then held
        // once, as text, instead of as its chunks, their concatenation and the text together.
        const decoder = new StringDecoder('utf8');
        const parts: string[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) tooLarge();
          else parts.push(decoder.write(chunk));
        });
        response.on('end', () => {
          signal.removeEventListener('abort', abort);
          parts.push(decoder.end());
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body: withoutBom(parts.join('')) });
        });
      });
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

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
