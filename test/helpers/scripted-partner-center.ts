import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Partner Center stand-in on loopback answering by path: each test says, per request, what comes
 * back. Requests are recorded (path, query, headers) so tests can check what the client asked.
 */

export type ScriptedReply = { status: number; body?: string | Buffer; headers?: Record<string, string> };

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface ScriptedPartnerCenter {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedPartnerCenter(answer: (request: RecordedRequest) => ScriptedReply): Promise<ScriptedPartnerCenter> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded = { path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(recorded);
    let reply: ScriptedReply;
    try {
      reply = answer(recorded);
    } catch {
      reply = { status: 599, body: 'stand-in failed' };
    }
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function jsonReply(status: number, body: unknown, bom = false): ScriptedReply {
  const text = Buffer.from(JSON.stringify(body));
  return { status, body: bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]) : text };
}

export function pcErrorReply(status: number, code: number | string, description: string, bom = true): ScriptedReply {
  return jsonReply(status, { code, description, data: [], source: 'PartnerFD' }, bom);
}
