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
  /** When the request arrived (Date.now()), for pacing checks. */
  arrivedAt: number;
}

/** Every POST of an activity, accepted or not, in arrival order. */
export interface ActivityAttempt {
  conversationId: string;
  replyToId?: string;
  /** What the connector answered; `reset` when it dropped the connection. */
  status: number | 'reset';
}

export interface FailureOptions {
  /** How many POSTs in a row get this answer. Default 1. */
  times?: number;
  /** Sent as the Retry-After header (delta seconds, or an HTTP date). */
  retryAfter?: number | string;
  /** The Bot Framework error code in the body; a sensible one per status by default. */
  code?: string;
}

/** Releases the POSTs a hold parked; `reached` resolves when the first of them arrived. */
export interface Hold {
  (): void;
  readonly reached: Promise<void>;
}

/** One card or message the bot replaced in place (PUT …/activities/{activityId}). */
export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  activity: ReceivedActivity['activity'];
}

export interface FakeTeamsConnector {
  /** Use as the activity's serviceUrl. */
  url: string;
  received: ReceivedActivity[];
  /** Every updateActivity, in arrival order. */
  updates: UpdatedActivity[];
  /** Every POST to a conversation's activities, failed ones included. */
  attempts: ActivityAttempt[];
  /** What the bot sent to one conversation, typing indicators included. */
  to(conversationId: string): ReceivedActivity['activity'][];
  /** Members the connector lists for every conversation (GET …/pagedmembers). */
  members: Array<{ id: string; name: string }>;
  /**
   * The next POSTs to the conversation fail with `status` (or a dropped connection), as Teams answers
   * them: 429 throttled, 403 BotNotInConversationRoster, 502 ... Failures queue up in call order.
   */
  failNext(conversationId: string, status: number | 'reset', options?: FailureOptions): void;
  /**
   * Resolves once `check` holds, checked whenever an activity arrives or is updated: for answers that
   * come after the inbound request was answered (a proactive turn). Rejects after `timeoutMs`.
   */
  until(check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves with the first `count` messages (not typing) of the conversation, once they arrived. */
  messages(conversationId: string, count: number, timeoutMs?: number): Promise<ReceivedActivity['activity'][]>;
  /**
   * POSTs (and PUTs) to the conversation wait, unanswered, until the returned function is called: a
   * connector that accepted the request and never answers, for as long as the test does not release it.
   */
  hold(conversationId: string): Hold;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const PAGED_MEMBERS = /^\/v3\/conversations\/([^/]+)\/pagedmembers\/?$/;

// The codes Teams puts in its error bodies for these statuses.
const DEFAULT_CODES: Record<number, string> = {
  400: 'BadArgument',
  403: 'BotNotInConversationRoster',
  404: 'ConversationNotFound',
  412: 'PreconditionFailed',
  429: 'Throttled',
  502: 'BadGateway',
  504: 'GatewayTimeout',
};

type Failure = { status: number | 'reset'; retryAfter?: number | string; code?: string };

interface HeldConversation {
  parked: Array<() => void>;
  arrived: () => void;
}

/**
 * Stands in for the Bot Framework connector service on loopback: accepts what the bot posts to a
 * conversation and keeps it for the test to read. Tests can script failures and hold POSTs per
 * conversation, to see how the bot copes with Teams throttling, removing it, or being slow.
 */
export async function startFakeTeamsConnector(): Promise<FakeTeamsConnector> {
  const received: ReceivedActivity[] = [];
  const updates: UpdatedActivity[] = [];
  const attempts: ActivityAttempt[] = [];
  const members = [
    { id: '29:account-manager', name: 'Anna Account' },
    { id: '29:colleague', name: 'Chris Colleague' },
  ];
  const failures = new Map<string, Failure[]>();
  const holds = new Map<string, HeldConversation>();
  let counter = 0;
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const until = (check: () => boolean, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`The fake Teams connector did not see what the test waited for within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        if (!check()) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        resolve();
      };
      waiters.add(waiter);
    });
  const messagesTo = (conversationId: string) =>
    received.filter((r) => r.conversationId === conversationId && r.activity.type === 'message').map((r) => r.activity);

  function answerActivity(req: IncomingMessage, res: ServerResponse, body: Buffer, conversationId: string, replyToId: string | undefined) {
    const failure = failures.get(conversationId)?.shift();
    const where = { conversationId, ...(replyToId ? { replyToId } : {}) };
    if (failure?.status === 'reset') {
      attempts.push({ ...where, status: 'reset' });
      req.socket.destroy();
      return;
    }
    if (failure) {
      attempts.push({ ...where, status: failure.status });
      const code = failure.code ?? DEFAULT_CODES[failure.status] ?? 'ServiceError';
      res.writeHead(failure.status, {
        'content-type': 'application/json',
        ...(failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {}),
      });
      res.end(JSON.stringify({ error: { code, message: `Scripted failure ${failure.status}` } }));
      return;
    }
    attempts.push({ ...where, status: 200 });
    received.push({ ...where, activity: JSON.parse(body.toString('utf8')), headers: req.headers, arrivedAt: Date.now() });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `sent-${++counter}` }));
    changed();
  }

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
      if (req.method === 'PUT' && match?.[2]) {
        const update = { conversationId: decodeURIComponent(match[1]!), activityId: decodeURIComponent(match[2]), activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
        const answer = () => {
          updates.push(update);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: update.activityId }));
          changed();
        };
        const held = holds.get(update.conversationId);
        if (held) {
          held.parked.push(answer);
          held.arrived();
        } else answer();
        return;
      }
      // writeHead and end stay separate calls: restify replaces http.ServerResponse.prototype.writeHead
      // for the whole process with a version that returns nothing, so chaining breaks beside the bot.
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"NotFound"}}');
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const replyToId = match[2] ? decodeURIComponent(match[2]) : undefined;
      const answer = () => answerActivity(req, res, Buffer.concat(chunks), conversationId, replyToId);
      const held = holds.get(conversationId);
      if (held) {
        held.parked.push(answer);
        held.arrived();
      } else {
        answer();
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    updates,
    attempts,
    members,
    until,
    messages: async (conversationId, count, timeoutMs) => {
      await until(() => messagesTo(conversationId).length >= count, timeoutMs);
      return messagesTo(conversationId).slice(0, count);
    },
    to: (conversationId) => received.filter((r) => r.conversationId === conversationId).map((r) => r.activity),
    failNext: (conversationId, status, options = {}) => {
      const queue = failures.get(conversationId) ?? [];
      for (let i = 0; i < (options.times ?? 1); i++) {
        queue.push({
          status,
          ...(options.retryAfter !== undefined ? { retryAfter: options.retryAfter } : {}),
          ...(options.code !== undefined ? { code: options.code } : {}),
        });
      }
      failures.set(conversationId, queue);
    },
    hold: (conversationId) => {
      let arrived!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const held: HeldConversation = { parked: [], arrived };
      holds.set(conversationId, held);
      const release = () => {
        if (holds.get(conversationId) === held) holds.delete(conversationId);
        for (const answer of held.parked.splice(0)) answer();
      };
      return Object.assign(release, { reached });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
