import { request, type Agent } from 'node:http';
import { personalMessage } from './activities';
import { isCardReply, type BenchConnector, type SentActivity } from './bench-connector';

export interface LoadOptions {
  /** The bot's base URL; messages go to /api/messages. */
  botUrl: string;
  /**
   * Keep-alive connections to the bot, kept across runs like Teams keeps its own: a fresh pool per run
   * would make every run start by opening connections.
   */
  agent: Agent;
  connector: BenchConnector;
  /** How many conversations run at once: exactly this many messages are in flight. */
  conversations: number;
  /** Messages in the whole run, across all conversations. */
  requests: number;
  conversationIdOf(conversation: number): string;
  /** The text of the run's n-th message. */
  textOf(n: number): string;
  now(): number;
  /** Stamped on every activity, as Teams does. */
  timestamp: string;
  /** A reply slower than this fails the run: the load stays bounded in time as well as in count. */
  replyTimeoutMs: number;
}

export interface LoadResult {
  requests: number;
  /** From the first POST to the last reply reaching the connector. */
  elapsedMs: number;
  /** Per message: from its POST to its reply reaching the connector. */
  latenciesMs: number[];
  /** Replies without an Adaptive Card (an error sentence, say): a run with any measured something else. */
  nonCardReplies: number;
  /** POSTs to /api/messages that were not answered 2xx. */
  failedPosts: number;
  /** The first reply of the run, for a look at what the bot answers. */
  firstReply: SentActivity | undefined;
}

/**
 * A closed loop: each conversation posts its next message as soon as the reply to its previous one
 * reached the connector, so exactly `conversations` messages are in flight until `requests` are sent.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { agent } = options;
  const target = new URL('/api/messages', options.botUrl);
  const latenciesMs: number[] = [];
  const posts: Array<Promise<void>> = [];
  let next = 0;
  let nonCardReplies = 0;
  let failedPosts = 0;
  let lastReplyAt = 0;
  let firstReply: SentActivity | undefined;

  const conversation = async (index: number) => {
    const conversationId = options.conversationIdOf(index);
    while (next < options.requests) {
      const n = next++;
      const body = JSON.stringify(
        personalMessage({ id: `${conversationId}-${n}`, text: options.textOf(n), conversationId, serviceUrl: options.connector.url, timestamp: options.timestamp }),
      );
      const replied = options.connector.nextMessage(conversationId);
      const started = options.now();
      // The POST's own answer comes when the turn is over, just after the reply: it is checked, not waited on.
      posts.push(
        post(agent, target, body).then(
          (status) => void (status >= 200 && status < 300 ? undefined : failedPosts++),
          () => void failedPosts++,
        ),
      );
      const reply = await withTimeout(replied, options.replyTimeoutMs, `no reply in ${conversationId} within ${options.replyTimeoutMs} ms`);
      latenciesMs.push(reply.at - started);
      lastReplyAt = Math.max(lastReplyAt, reply.at);
      firstReply ??= reply.activity;
      if (!isCardReply(reply.activity)) nonCardReplies++;
    }
  };

  const started = options.now();
  const conversations = Math.min(options.conversations, options.requests);
  await Promise.all(
    Array.from({ length: conversations }, (_, index) =>
      conversation(index).catch((error: unknown) => {
        next = options.requests; // one failed conversation ends the run for all of them
        throw error;
      }),
    ),
  );
  await Promise.all(posts);
  return { requests: latenciesMs.length, elapsedMs: lastReplyAt - started, latenciesMs, nonCardReplies, failedPosts, firstReply };
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
