import { Agent, request } from 'undici';

/** One answer, read whole. */
export interface HttpGetResponse {
  status: number;
  retryAfter: string | undefined;
  /** The body decoded as UTF-8, without a leading byte-order mark (undici drops it). */
  body: string;
}

/** GET over connections kept open between requests; failures are undici's errors, untouched. */
export type HttpGet = (url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal) => Promise<HttpGetResponse>;

/**
 * undici's request(), the client behind Node's fetch without fetch's stream and header machinery, which
 * cost about twice the CPU per Partner Center call on loopback. It keeps connections alive and follows
 * no redirects (Partner Center sends none, and one could carry the bearer token elsewhere).
 *
 * No Accept-Encoding is sent, so answers come uncompressed and need no decoding here: a chat answer reads
 * a few kilobytes, and only the weekly alert scan reads large pages, over Azure's network.
 */
export function createHttpGet(): HttpGet {
  const dispatcher = new Agent();
  return async (url, headers, signal) => {
    const response = await request(url, { method: 'GET', headers, signal, dispatcher });
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      body: await response.body.text(),
    };
  };
}
