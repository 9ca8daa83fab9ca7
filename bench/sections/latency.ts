import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchConnector } from '../lib/bench-connector';
import type { ServerInfo, SimulatorHostInfo } from '../lib/child-configs';
import { runLoad } from '../lib/load-generator';
import { startChild, type ChildRuntime } from '../lib/measured-child';
import { median } from '../lib/stats';

export interface LatencyBenchOptions {
  runtime: ChildRuntime;
  botDir: string;
  seed: number;
  customers: number;
  workloadsPerCustomer: number;
  /** What every Partner Center call takes in the simulator: one round trip. */
  latencyMs: number;
  /** Distinct customers asked about, one question at a time; then the same ones again. */
  questions: number;
  replyTimeoutMs: number;
  now(): number;
  timestamp: string;
  progress(line: string): void;
}

export interface LatencyFigures {
  /** Median from the POST to the reply reaching the connector. */
  medianMs: number;
  /** The median in Partner Center round trips (medianMs / latencyMs). */
  roundTrips: number;
  samplesMs: number[];
}

export interface LatencyBenchResult {
  latencyMs: number;
  /** The very first question: the customer is searched, then read; the user's customer list is fetched meanwhile. */
  coldMs: number;
  /** Questions it took until one was answered in under 1.5 round trips: the list was there. */
  warmUpQuestions: number;
  /** Distinct customers with the user's list at hand: their usage is the one round trip left. */
  warm: LatencyFigures;
  /** The same customers again, within USAGE_CACHE_SECONDS: no round trip. */
  repeated: LatencyFigures;
}

const MAX_WARM_UP_QUESTIONS = 200;

/**
 * What a user waits for `usage for <name>` when Partner Center is far away: the real bot against a
 * simulator that holds every answer `latencyMs`, one question at a time, as one person asks.
 */
export async function runLatencyBenchmark(options: LatencyBenchOptions): Promise<LatencyBenchResult> {
  const connector = await startBenchConnector(options.now);
  const dataDir = await mkdtemp(join(tmpdir(), 'usage-bot-latency-'));
  const simulator = await startChild<SimulatorHostInfo>(options.runtime, 'simulator-host', {
    botDir: options.botDir,
    customers: options.customers,
    workloadsPerCustomer: options.workloadsPerCustomer,
    seed: options.seed,
    latencyMs: options.latencyMs,
  });
  const bot = await startChild<ServerInfo>(options.runtime, 'bot-host', {
    botDir: options.botDir,
    partnerCenterUrl: simulator.info.url,
    dataDir,
    logLevel: 'info',
  }).catch(async (error: unknown) => {
    await simulator.stop();
    throw error;
  });
  const agent = new Agent({ keepAlive: true });
  const names = simulator.info.customerNames;
  let asked = 0;
  const ask = async (name: string): Promise<number> => {
    const load = await runLoad({
      botUrl: bot.info.url,
      agent,
      connector,
      conversations: 1,
      requests: 1,
      conversationIdOf: () => `a:bench-latency-${asked++}`,
      textOf: () => `usage for ${name}`,
      now: options.now,
      timestamp: options.timestamp,
      replyTimeoutMs: options.replyTimeoutMs,
    });
    if (load.nonCardReplies > 0 || load.failedPosts > 0) throw new Error(`the bot did not answer "usage for ${name}" with a card`);
    return load.latenciesMs[0] ?? Number.NaN;
  };
  const figures = (samplesMs: number[]): LatencyFigures => {
    const medianMs = median(samplesMs);
    return { medianMs, roundTrips: options.latencyMs > 0 ? medianMs / options.latencyMs : 0, samplesMs };
  };
  try {
    options.progress(`latency: ${options.latencyMs} ms per Partner Center call, warming up`);
    let next = 0;
    const nameAt = (index: number) => names[index % names.length] as string;
    const coldMs = await ask(nameAt(next++));
    // The user's customer list is fetched in the background (a page per round trip): ask on until it is there.
    let warmUpQuestions = 1;
    while (warmUpQuestions < MAX_WARM_UP_QUESTIONS && (await ask(nameAt(next++))) >= 1.5 * Math.max(1, options.latencyMs)) warmUpQuestions += 1;
    options.progress(`latency: ${options.questions} questions, then the same again`);
    const chosen = Array.from({ length: options.questions }, () => nameAt(next++));
    const warm: number[] = [];
    for (const name of chosen) warm.push(await ask(name));
    const repeated: number[] = [];
    for (const name of chosen) repeated.push(await ask(name));
    return { latencyMs: options.latencyMs, coldMs, warmUpQuestions, warm: figures(warm), repeated: figures(repeated) };
  } finally {
    agent.destroy();
    await bot.stop();
    await simulator.stop();
    await connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
