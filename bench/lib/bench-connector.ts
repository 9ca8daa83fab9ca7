import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The part of an activity the benchmark looks at. */
export interface SentActivity {
  type?: string;
  attachments?: Array<{ contentType?: string; content?: unknown }>;
}

export interface ConnectorReply {
  /** When the reply had fully arrived, on the benchmark's clock (ms). */
  at: number;
  activity: SentActivity;
}

/**
 * Stands in for the Bot Framework connector (Teams' side) on loopback, acknowledging every activity at
 * once. The load generator waits here for each conversation's reply: that is when the user would see it.
 */
export interface BenchConnector {
  /** Use as the activities' serviceUrl. */
  url: string;
  /** The next message (typing indicators apart) the bot sends to the conversation. */
  nextMessage(conversationId: string): Promise<ConnectorReply>;
  /** Messages that arrived for a conversation nobody waited on: duplicates, or a run mixed up. */
  strayMessages(): number;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?\/?$/;

export async function startBenchConnector(now: () => number): Promise<BenchConnector> {
  const waiting = new Map<string, (reply: ConnectorReply) => void>();
  let stray = 0;
  let sent = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const at = now();
      const match = req.method === 'POST' ? ACTIVITIES.exec((req.url ?? '').split('?')[0] ?? '') : null;
      // Separate writeHead and end, as everywhere beside restify (which patches writeHead).
      if (!match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"NotFound"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"sent-${++sent}"}`);

      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SentActivity;
      if (activity.type !== 'message') return;
      const conversationId = decodeURIComponent(match[1] as string);
      const resolve = waiting.get(conversationId);
      if (!resolve) {
        stray++;
        return;
      }
      waiting.delete(conversationId);
      resolve({ at, activity });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nextMessage: (conversationId) =>
      new Promise((resolve) => {
        if (waiting.has(conversationId)) throw new Error(`already waiting for a reply in ${conversationId}`);
        waiting.set(conversationId, resolve);
      }),
    strayMessages: () => stray,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Whether a reply carries an Adaptive Card: the answer to `usage for`, not an error sentence. */
export function isCardReply(activity: SentActivity): boolean {
  return activity.attachments?.some((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive') ?? false;
}
