import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchConnector, type BenchConnector } from '../lib/bench-connector';
import type { ServerInfo, SimulatorHostInfo } from '../lib/child-configs';
import { startChild, type ChildRuntime, type MeasuredChild } from '../lib/measured-child';
import { runLoad, type LoadResult } from '../lib/load-generator';
import { median, percentile } from '../lib/stats';

export interface ChatBenchOptions {
  runtime: ChildRuntime;
  botDir: string;
  /** Concurrent conversations, one measurement each. */
  levels: readonly number[];
  /** Messages per measured round (and per warm-up) for each bot. */
  requests: number;
  warmup: number;
  rounds: number;
  customers: number;
  workloadsPerCustomer: number;
  seed: number;
  replyTimeoutMs: number;
  now(): number;
  timestamp: string;
  progress(line: string): void;
}

type ChatTarget = 'bot' | 'echo';

export interface ChatRound {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  nonCardReplies: number;
  failedPosts: number;
}

export interface ChatTargetResult {
  rounds: ChatRound[];
  /** Medians over the rounds. */
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /** Highest resident set of the bot's process over the whole level, start-up included. */
  peakRssBytes: number;
  /** Replies that were no card or POSTs that failed, over warm-up and rounds: should be 0. */
  errors: number;
}

export interface ChatLevelResult {
  conversations: number;
  bot: ChatTargetResult;
  echo: ChatTargetResult;
  /** Our throughput as a share of the echo bot's. */
  throughputRatio: number;
  /** Our p99 minus the echo bot's p99. */
  p99OverheadMs: number;
}

export interface ChatBenchResult {
  cardBytes: number;
  levels: ChatLevelResult[];
}

interface Target {
  name: ChatTarget;
  child: MeasuredChild<ServerInfo>;
  agent: Agent;
  rounds: ChatRound[];
  errors: number;
  /** Messages this bot has been sent so far: each one asks about the next customer. */
  sent: number;
}

/**
 * `usage for <customer>` through the real HTTP endpoint, against our bot and against a bare echo bot
 * (the ceiling), level after level. Each level gets fresh processes, so its peak RSS is its own.
 */
export async function runChatBenchmark(options: ChatBenchOptions): Promise<ChatBenchResult> {
  const connector = await startBenchConnector(options.now);
  // Processes load their modules while the ones they depend on start; each gets its configuration
  // (the simulator's URL, the card to echo) as soon as it is known.
  const simulatorStarting = startChild<SimulatorHostInfo>(options.runtime, 'simulator-host', {
    botDir: options.botDir,
    customers: options.customers,
    workloadsPerCustomer: options.workloadsPerCustomer,
    seed: options.seed,
  });
  let cardTaken: Promise<object> | undefined;
  const levels: ChatLevelResult[] = [];
  try {
    for (const conversations of options.levels) {
      const dataDir = await mkdtemp(join(tmpdir(), 'usage-bot-bench-'));
      const botStarting = startChild<ServerInfo>(
        options.runtime,
        'bot-host',
        simulatorStarting.then((simulator) => ({ botDir: options.botDir, partnerCenterUrl: simulator.info.url, dataDir, logLevel: 'info' })),
      );
      // The ceiling answers with the very card our bot sends, so both put the same bytes on the wire.
      cardTaken ??= Promise.all([botStarting, simulatorStarting]).then(([bot, simulator]) =>
        firstCard(bot.info.url, connector, simulator.info.customerNames[0], options),
      );
      const echoStarting = startChild<ServerInfo>(options.runtime, 'echo-bot', cardTaken.then((card) => ({ card })));
      const children = await Promise.allSettled([botStarting, echoStarting]);
      try {
        const [bot, echo] = children.map((child) => {
          if (child.status === 'rejected') throw child.reason;
          return child.value;
        }) as [MeasuredChild<ServerInfo>, MeasuredChild<ServerInfo>];
        const names = (await simulatorStarting).info.customerNames;
        levels.push(await measureLevel(conversations, bot, echo, connector, names, options));
      } finally {
        await Promise.all(children.map((child) => (child.status === 'fulfilled' ? child.value.stop() : undefined)));
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await simulatorStarting.then(
      (simulator) => simulator.stop(),
      () => undefined,
    );
    await connector.close();
  }
  const stray = connector.strayMessages();
  if (stray > 0) throw new Error(`${stray} replies reached the connector for conversations that were not waiting: the run is not trustworthy`);
  return { cardBytes: Buffer.byteLength(JSON.stringify(await cardTaken), 'utf8'), levels };
}

/** Warm-up, then rounds that alternate between the two bots, so any drift of the machine hits both alike. */
async function measureLevel(
  conversations: number,
  bot: MeasuredChild<ServerInfo>,
  echo: MeasuredChild<ServerInfo>,
  connector: BenchConnector,
  names: readonly string[],
  options: ChatBenchOptions,
): Promise<ChatLevelResult> {
  const targets: Target[] = [
    { name: 'bot', child: bot, agent: new Agent({ keepAlive: true }), rounds: [], errors: 0, sent: 0 },
    { name: 'echo', child: echo, agent: new Agent({ keepAlive: true }), rounds: [], errors: 0, sent: 0 },
  ];
  try {
    options.progress(`chat, ${conversations} conversation(s): warming up`);
    if (options.warmup > 0) for (const target of targets) await measure(target, conversations, options.warmup, connector, names, options);
    for (let round = 1; round <= options.rounds; round++) {
      options.progress(`chat, ${conversations} conversation(s): round ${round} of ${options.rounds}`);
      for (const target of targets) target.rounds.push(await measure(target, conversations, options.requests, connector, names, options));
    }
  } finally {
    for (const target of targets) target.agent.destroy();
  }
  const ours = await summarise(targets[0] as Target);
  const ceiling = await summarise(targets[1] as Target);
  return {
    conversations,
    bot: ours,
    echo: ceiling,
    throughputRatio: ours.requestsPerSecond / ceiling.requestsPerSecond,
    p99OverheadMs: ours.p99Ms - ceiling.p99Ms,
  };
}

/** One run against one bot, with the CPU its process spent meanwhile. */
async function measure(
  target: Target,
  conversations: number,
  requests: number,
  connector: BenchConnector,
  names: readonly string[],
  options: ChatBenchOptions,
): Promise<ChatRound> {
  const offset = target.sent;
  target.sent += requests;
  const before = await target.child.stats();
  const load: LoadResult = await runLoad({
    botUrl: target.child.info.url,
    agent: target.agent,
    connector,
    conversations,
    requests,
    // Conversation ids differ per bot and level; both bots get the same sequence of customers.
    conversationIdOf: (index) => `a:bench-${target.name}-${conversations}-${index}`,
    textOf: (n) => `usage for ${names[(offset + n) % names.length]}`,
    now: options.now,
    timestamp: options.timestamp,
    replyTimeoutMs: options.replyTimeoutMs,
  });
  const after = await target.child.stats();
  target.errors += load.nonCardReplies + load.failedPosts;
  return {
    requests: load.requests,
    requestsPerSecond: load.requests / (load.elapsedMs / 1000),
    p50Ms: percentile(load.latenciesMs, 50),
    p95Ms: percentile(load.latenciesMs, 95),
    p99Ms: percentile(load.latenciesMs, 99),
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / load.requests,
    nonCardReplies: load.nonCardReplies,
    failedPosts: load.failedPosts,
  };
}

async function summarise(target: Target): Promise<ChatTargetResult> {
  const of = (pick: (round: ChatRound) => number) => median(target.rounds.map(pick));
  return {
    rounds: target.rounds,
    requestsPerSecond: of((r) => r.requestsPerSecond),
    p50Ms: of((r) => r.p50Ms),
    p95Ms: of((r) => r.p95Ms),
    p99Ms: of((r) => r.p99Ms),
    cpuMicrosPerRequest: of((r) => r.cpuMicrosPerRequest),
    peakRssBytes: (await target.child.stats()).maxRssBytes,
    errors: target.errors,
  };
}

/** Asks our bot once and keeps the card it answers with. */
async function firstCard(botUrl: string, connector: BenchConnector, customerName: string | undefined, options: ChatBenchOptions): Promise<object> {
  if (customerName === undefined) throw new Error('the simulator has no customers to ask about');
  const agent = new Agent({ keepAlive: true });
  const probe = await runLoad({
    botUrl,
    agent,
    connector,
    conversations: 1,
    requests: 1,
    conversationIdOf: () => 'a:bench-first-card',
    textOf: () => `usage for ${customerName}`,
    now: options.now,
    timestamp: options.timestamp,
    replyTimeoutMs: options.replyTimeoutMs,
  }).finally(() => agent.destroy());
  const card = probe.firstReply?.attachments?.[0]?.content;
  if (probe.nonCardReplies > 0 || probe.failedPosts > 0 || typeof card !== 'object' || card === null) {
    throw new Error(`the bot did not answer "usage for ${customerName}" with a card`);
  }
  return card;
}
