/**
 * `npm run bench [-- options]`: chat throughput and latency against a bare echo bot (the ceiling), the
 * CPU cost of the bot's core per command, the alert pass at scale, and cold start. Prints a Markdown
 * table and writes every figure as JSON to bench/results/ (ignored by git). Run it on a quiet machine:
 * see "Performance" in README.md.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeMachine } from './lib/machine';
import type { ChildRuntime } from './lib/measured-child';
import { parseBenchArgs, USAGE, type BenchSettings } from './lib/options';
import { formatProfileSummary, summariseProfile } from './lib/profile-summary';
import { findProjectRoot } from './lib/project-root';
import { formatReport, judgeTargets, type BenchReport } from './lib/report';
import { runAlertPassBenchmark } from './sections/alert-pass';
import { runChatBenchmark } from './sections/chat';
import { runColdStartBenchmark } from './sections/cold-start';
import { runLatencyBenchmark } from './sections/latency';
import { runCoreBenchmark } from './sections/core';
import { runHistoryBenchmark } from './sections/history';

export interface BenchContext {
  projectRoot: string;
  /** What a relative --out is resolved against. */
  cwd: string;
  /** The compiled bot: dist/ (the smoke test uses src/ under a transpile hook). */
  botDir: string;
  runtime: ChildRuntime;
  /** Wall clock: the run's date and the results file's name. */
  now(): Date;
  /** Monotonic milliseconds for every measurement. */
  clock(): number;
  print(line: string): void;
  progress(line: string): void;
}

export interface BenchOutcome {
  /** 0 done, 1 a benchmark failed, 2 wrong usage. */
  exitCode: number;
  report?: BenchReport;
  resultsFile?: string;
}

/** Bounds every wait on the bot: a stuck run fails instead of hanging. */
const REPLY_TIMEOUT_MS = 30_000;
const COLD_START_TIMEOUT_MS = 60_000;

export async function runBench(args: readonly string[], context: BenchContext): Promise<BenchOutcome> {
  let settings: BenchSettings;
  try {
    settings = parseBenchArgs(args);
  } catch (error) {
    context.progress(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return { exitCode: 2 };
  }
  if (settings.help) {
    context.print(USAGE);
    return { exitCode: 0 };
  }
  const date = context.now().toISOString();
  const wanted = new Set(settings.sections);
  const outDir = settings.outDir === undefined ? join(context.projectRoot, 'bench', 'results') : resolve(context.cwd, settings.outDir);
  const profileDir = settings.profile ? join(outDir, 'profiles') : undefined;
  const runtime: ChildRuntime = { ...context.runtime, ...(profileDir ? { profileDir } : {}) };
  const common = { runtime, botDir: context.botDir, seed: settings.seed };
  const earlierProfiles = profileDir ? await profilesIn(profileDir) : [];

  let chat: BenchReport['chat'];
  if (wanted.has('chat')) {
    chat = await runChatBenchmark({
      ...common,
      ...settings.chat,
      workloadsPerCustomer: settings.chat.workloads,
      replyTimeoutMs: REPLY_TIMEOUT_MS,
      now: context.clock,
      timestamp: date,
      progress: context.progress,
    });
  }
  let core: BenchReport['core'];
  if (wanted.has('core')) {
    context.progress('core: measuring');
    core = await runCoreBenchmark({ ...common, ...settings.core });
  }
  let latency: BenchReport['latency'];
  if (wanted.has('latency')) {
    latency = await runLatencyBenchmark({
      ...common,
      ...settings.latency,
      customers: settings.chat.customers,
      workloadsPerCustomer: settings.chat.workloads,
      replyTimeoutMs: REPLY_TIMEOUT_MS,
      now: context.clock,
      timestamp: date,
      progress: context.progress,
    });
  }
  let alertPass: BenchReport['alertPass'];
  if (wanted.has('alerts')) {
    const passes: NonNullable<BenchReport['alertPass']> = [];
    alertPass = passes;
    for (const [index, customers] of settings.alerts.customers.entries()) {
      passes.push(
        await runAlertPassBenchmark({
          ...common,
          customers,
          workloadsPerCustomer: settings.alerts.workloads,
          concurrency: settings.alerts.concurrency,
          naive: index === 0,
          progress: context.progress,
        }),
      );
    }
  }
  let history: BenchReport['history'];
  if (wanted.has('history')) {
    context.progress('usage history: measuring');
    history = await runHistoryBenchmark({ ...common, ...settings.history });
  }
  let coldStart: BenchReport['coldStart'];
  if (wanted.has('cold-start')) {
    context.progress('cold start: measuring');
    coldStart = await runColdStartBenchmark({ ...common, ...settings.coldStart, timeoutMs: COLD_START_TIMEOUT_MS, now: context.clock });
  }

  const report: BenchReport = {
    date,
    machine: describeMachine(),
    settings,
    ...(chat ? { chat } : {}),
    ...(latency ? { latency } : {}),
    ...(core ? { core } : {}),
    ...(alertPass ? { alertPass } : {}),
    ...(history ? { history } : {}),
    ...(coldStart ? { coldStart } : {}),
    targets: judgeTargets(chat),
  };
  await mkdir(outDir, { recursive: true });
  const resultsFile = join(outDir, `bench-${date.replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(resultsFile, json);
  await writeFile(join(outDir, 'latest.json'), json);

  context.print(formatReport(report));
  context.print(`\nAll figures: ${relative(context.cwd, resultsFile) || resultsFile}`);
  if (profileDir) {
    context.print(`\nCPU profiles of both bots (open in Chrome DevTools): ${relative(context.cwd, profileDir) || profileDir}`);
    for (const file of (await profilesIn(profileDir)).filter((file) => !earlierProfiles.includes(file))) {
      context.print(`\n${formatProfileSummary(basename(file), await summariseProfile(file))}`);
    }
  }
  return { exitCode: 0, report, resultsFile };
}

/** The CPU profiles in a folder, oldest first (their names end in the time their process started). */
async function profilesIn(dir: string): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const startedAt = (file: string) => Number(/-(\d+)\.cpuprofile$/.exec(file)?.[1] ?? 0);
  return files
    .filter((file) => file.endsWith('.cpuprofile'))
    .sort((a, b) => startedAt(a) - startedAt(b))
    .map((file) => join(dir, file));
}

if (require.main === module) {
  const projectRoot = findProjectRoot(__dirname);
  runBench(process.argv.slice(2), {
    projectRoot,
    cwd: process.cwd(),
    botDir: join(projectRoot, 'dist'),
    // restify's HTTP/2 dependency warns at load time; it says nothing about the bot (see README).
    runtime: { execArgv: ['--disable-warning=DEP0111'] },
    now: () => new Date(),
    clock: () => performance.now(),
    print: (line) => process.stdout.write(`${line}\n`),
    progress: (line) => process.stderr.write(`${line}\n`),
  }).then(
    (outcome) => {
      process.exitCode = outcome.exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`The benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
