import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent to Teams, as the connector received it. */
export interface ReceivedActivity {
  conversationId: string;
  /** Set for replies (POST …/activities/{replyToId}); absent for new messages. */
  replyToId?: string;
  activity: {
    type: string;
    text?: string;
    attachments?: Array<{ contentType: string; content: any }>;
    [key: string]: unknown;
  };
  headers: IncomingMessage['headers'];
}

export interface FakeTeamsConnector {
  /** Use as the activity's serviceUrl. */
  url: string;
  received: ReceivedActivity[];
  /** What the bot sent to one conversation, typing indicators included. */
  to(conversationId: string): ReceivedActivity['activity'][];
  /** Members the connector lists for every conversation (GET …/pagedmembers). */
  members: Array<{ id: string; name: string }>;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const PAGED_MEMBERS = /^\/v3\/conversations\/([^/]+)\/pagedmembers\/?$/;

/**
 * Stands in for the Bot Framework connector service on loopback: accepts what the bot posts to a
 * conversation and keeps it for the test to read.
 */
export async function startFakeTeamsConnector(): Promise<FakeTeamsConnector> {
  const received: ReceivedActivity[] = [];
  const members = [
    { id: '29:account-manager', name: 'Anna Account' },
    { id: '29:colleague', name: 'Chris Colleague' },
  ];
  let counter = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'GET' && PAGED_MEMBERS.test(path)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ members }));
        return;
      }
      const match = ACTIVITIES.exec(path);
      // writeHead and end stay separate calls: restify replaces http.ServerResponse.prototype.writeHead
      // for the whole process with a version that returns nothing, so chaining breaks beside the bot.
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"NotFound"}}');
        return;
      }
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({
        conversationId: decodeURIComponent(match[1]!),
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        activity,
        headers: req.headers,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${++counter}` }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    members,
    to: (conversationId) => received.filter((r) => r.conversationId === conversationId).map((r) => r.activity),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
