import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  /** Path and query, as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** What the proxy does with one request: pass it on (now, or after a delay), answer it itself, or never answer. */
export type ProxyAction = 'forward' | 'hold' | { status: number; body: unknown } | { delayMs: number };

export interface RecordingProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  requests: ProxiedRequest[];
  /** While held, requests wait (as if Partner Center were slow) until release() is called. */
  hold(): void;
  release(): void;
  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A Partner Center stand-in for tests: forwards to a real Partner Center-shaped server (the simulator)
 * and records what the bot sent, optionally holding requests to play a slow Partner Center. `decide`
 * lets a test answer or hold chosen requests itself, e.g. one page of a scan.
 */
export async function startRecordingProxy(targetUrl: string, decide: (request: ProxiedRequest) => ProxyAction = () => 'forward'): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: ProxiedRequest[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const seen = { path, query: new URL(path, 'http://proxy.invalid').searchParams, headers: req.headers };
    requests.push(seen);
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const action = decide(seen);
    if (action === 'hold') return;
    const delayMs = typeof action === 'object' && 'delayMs' in action ? action.delayMs : 0;
    if (typeof action === 'object' && !('delayMs' in action)) {
      const answer = action as { status: number; body: unknown };
      res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const waited = delayMs > 0 ? gate.then(() => new Promise<void>((resolve) => setTimeout(resolve, delayMs))) : gate;
    void waited.then(() => {
      const upstream = request(
        { host: target.hostname, port: target.port, path, method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        open();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
