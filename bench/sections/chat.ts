import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchConnector, type BenchConnector } from '../lib/bench-connector';
import type { EchoBotConfig, ServerInfo, SimulatorHostInfo } from '../lib/child-configs';
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

/** Our bot, the bare echo bot, and the echo bot that first makes our bot's Partner Center reads. */
type ChatTarget = 'bot' | 'echo' | 'reader';

export interface ChatRound {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  nonCardReplies: number;
  failedPosts: number;
  /** Requests the Partner Center simulator answered during the round, per message. */
  partnerCenterRequestsPerMessage: number;
}

export interface ChatTargetResult {
  rounds: ChatRound[];
  /** Medians over the rounds. */
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  partnerCenterRequestsPerMessage: number;
  /** Highest resident set of the bot's process over the whole level, start-up included. */
  peakRssBytes: number;
  /** Replies that were no card or POSTs that failed, over warm-up and rounds: should be 0. */
  errors: number;
}

export interface ChatLevelResult {
  conversations: number;
  bot: ChatTargetResult;
  echo: ChatTargetResult;
  /** The echo bot making our bot's Partner Center reads first: what live data costs any bot. */
  reader: ChatTargetResult;
  /** Our throughput as a share of the echo bot's. */
  throughputRatio: number;
  /** Our p99 minus the echo bot's p99. */
  p99OverheadMs: number;
  /** The same two against the reading echo bot. */
  readerThroughputRatio: number;
  readerP99OverheadMs: number;
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
 * `usage for <customer>` through the real HTTP endpoint, against our bot, a bare echo bot (the ceiling)
 * and the echo bot making our bot's Partner Center reads first (the ceiling for any bot answering with
 * live data), level after level. Each level gets fresh processes, so its peak RSS is its own.
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
      const echoStarting = startChild<ServerInfo>(options.runtime, 'echo-bot', cardTaken.then((card) => ({ card }) satisfies EchoBotConfig));
      const readerStarting = startChild<ServerInfo>(
        options.runtime,
        'echo-bot',
        Promise.all([cardTaken, simulatorStarting]).then(([card, simulator]) => ({ card, reads: readsOf(simulator.info) }) satisfies EchoBotConfig),
        { profileAs: 'reading-echo-bot' },
      );
      const children = await Promise.allSettled([botStarting, echoStarting, readerStarting]);
      try {
        const [bot, echo, reader] = children.map((child) => {
          if (child.status === 'rejected') throw child.reason;
          return child.value;
        }) as [MeasuredChild<ServerInfo>, MeasuredChild<ServerInfo>, MeasuredChild<ServerInfo>];
        const simulator = await simulatorStarting;
        levels.push(await measureLevel(conversations, { bot, echo, reader }, simulator, connector, options));
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

/** Where the reading echo bot reads, and the id of every customer a question may name. */
function readsOf(simulator: SimulatorHostInfo): NonNullable<EchoBotConfig['reads']> {
  const customerIdsByName: Record<string, string> = {};
  simulator.customerNames.forEach((name, index) => {
    const id = simulator.customerIds[index];
    if (id !== undefined) customerIdsByName[name] = id;
  });
  return { partnerCenterUrl: simulator.url, customerIdsByName };
}

/** Warm-up, then rounds that alternate between the bots, so any drift of the machine hits all alike. */
async function measureLevel(
  conversations: number,
  bots: Record<ChatTarget, MeasuredChild<ServerInfo>>,
  simulator: MeasuredChild<SimulatorHostInfo>,
  connector: BenchConnector,
  options: ChatBenchOptions,
): Promise<ChatLevelResult> {
  const targets: Target[] = (['bot', 'echo', 'reader'] as const).map((name) => ({
    name,
    child: bots[name],
    agent: new Agent({ keepAlive: true }),
    rounds: [],
    errors: 0,
    sent: 0,
  }));
  const names = simulator.info.customerNames;
  try {
    options.progress(`chat, ${conversations} conversation(s): warming up`);
    const run = (target: Target, requests: number) => measure(target, conversations, requests, { simulator, connector, names }, options);
    if (options.warmup > 0) for (const target of targets) await run(target, options.warmup);
    for (let round = 1; round <= options.rounds; round++) {
      options.progress(`chat, ${conversations} conversation(s): round ${round} of ${options.rounds}`);
      for (const target of targets) target.rounds.push(await run(target, options.requests));
    }
  } finally {
    for (const target of targets) target.agent.destroy();
  }
  const [ours, ceiling, reader] = (await Promise.all(targets.map(summarise))) as [ChatTargetResult, ChatTargetResult, ChatTargetResult];
  return {
    conversations,
    bot: ours,
    echo: ceiling,
    reader,
    throughputRatio: ours.requestsPerSecond / ceiling.requestsPerSecond,
    p99OverheadMs: ours.p99Ms - ceiling.p99Ms,
    readerThroughputRatio: ours.requestsPerSecond / reader.requestsPerSecond,
    readerP99OverheadMs: ours.p99Ms - reader.p99Ms,
  };
}

/** One run against one bot, with the CPU its process spent meanwhile and the Partner Center calls it made. */
async function measure(
  target: Target,
  conversations: number,
  requests: number,
  world: { simulator: MeasuredChild<SimulatorHostInfo>; connector: BenchConnector; names: readonly string[] },
  options: ChatBenchOptions,
): Promise<ChatRound> {
  const { simulator, connector, names } = world;
  const offset = target.sent;
  target.sent += requests;
  const [before, servedBefore] = await Promise.all([target.child.stats(), simulator.stats()]);
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
  const [after, servedAfter] = await Promise.all([target.child.stats(), simulator.stats()]);
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
    partnerCenterRequestsPerMessage: ((servedAfter.served ?? 0) - (servedBefore.served ?? 0)) / load.requests,
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
    partnerCenterRequestsPerMessage: of((r) => r.partnerCenterRequestsPerMessage),
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
