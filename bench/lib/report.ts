import type { ChatBenchResult, ChatLevelResult } from '../sections/chat';
import type { AlertPassBenchResult } from '../sections/alert-pass';
import type { ColdStartResult } from '../sections/cold-start';
import type { CoreBenchResult } from '../sections/core';
import type { HistoryBenchResult } from '../sections/history';
import type { LatencyBenchResult } from '../sections/latency';
import type { MachineInfo } from './machine';
import type { BenchSettings } from './options';

/** The product owner's targets for the chat benchmark. */
const TARGETS = {
  /** Our throughput as a share of the echo bot's, at this many conversations. */
  throughputRatio: { atConversations: 16, atLeast: 0.8 },
  p99OverheadMs: { below: 10 },
  /** Our peak RSS against the echo bot's, at the same level. */
  peakRssRatio: { atMost: 1.2 },
} as const;

/**
 * Alert pass targets, at every size: under 1.2 s of CPU per 10,000 customers, under 256 MB, and one
 * request per page needed.
 */
const ALERT_TARGETS = { cpuSecondsPer10000: 1.2, peakRssMb: 256 } as const;

/** With a Partner Center that takes a while per call: round trips per answer, at the median. */
const LATENCY_TARGETS = { warmRoundTrips: 1.1, repeatedRoundTrips: 0 } as const;

// The table and the verdicts judge a chat level alike.
const throughputMet = (level: ChatLevelResult) => level.throughputRatio >= TARGETS.throughputRatio.atLeast;
const overheadMet = (level: ChatLevelResult) => level.p99OverheadMs < TARGETS.p99OverheadMs.below;
const rssRatioOf = (level: ChatLevelResult) => level.bot.peakRssBytes / level.echo.peakRssBytes;
const rssMet = (level: ChatLevelResult) => rssRatioOf(level) <= TARGETS.peakRssRatio.atMost;

export interface BenchReport {
  date: string;
  machine: MachineInfo;
  settings: BenchSettings;
  chat?: ChatBenchResult;
  core?: CoreBenchResult;
  latency?: LatencyBenchResult;
  /** One per size, smallest first: how the pass's cost grows. */
  alertPass?: AlertPassBenchResult[];
  history?: HistoryBenchResult;
  coldStart?: ColdStartResult;
  targets: TargetVerdict[];
}

export interface TargetVerdict {
  target: string;
  measured: string;
  met: boolean;
}

/** Whether the chat results meet the targets; nothing to judge when the chat benchmark did not run. */
export function judgeTargets(chat: ChatBenchResult | undefined): TargetVerdict[] {
  const level = chat?.levels.find((l) => l.conversations === TARGETS.throughputRatio.atConversations);
  if (!level) return [];
  return [
    {
      target: `throughput ≥ ${TARGETS.throughputRatio.atLeast} of the echo bot at ${level.conversations} conversations`,
      measured: `${level.throughputRatio.toFixed(2)}`,
      met: throughputMet(level),
    },
    {
      target: `p99 overhead over the echo bot < ${TARGETS.p99OverheadMs.below} ms at ${level.conversations} conversations`,
      measured: `${signed(level.p99OverheadMs)} ms`,
      met: overheadMet(level),
    },
    {
      target: `peak RSS ≤ ${TARGETS.peakRssRatio.atMost} × the echo bot's at ${level.conversations} conversations`,
      measured: `${rssRatioOf(level).toFixed(2)} ×`,
      met: rssMet(level),
    },
  ];
}

/** The table `npm run bench` prints (Markdown, so it pastes into the README as it is). */
export function formatReport(report: BenchReport): string {
  const { machine, settings } = report;
  const lines = [
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}`,
    `Run: ${report.date}, seed ${settings.seed}`,
  ];
  if (report.chat) {
    const c = settings.chat;
    lines.push(
      `Chat: ${number(c.customers)} customers × ${c.workloads} workloads, reply card ${number(report.chat.cardBytes)} bytes; ` +
        `per level and bot ${number(c.warmup)} warm-up messages, then ${c.rounds} round(s) of ${number(c.requests)} (medians of the rounds)`,
    );
  }
  if (report.core) lines.push(`Core: ${settings.core.rounds} round(s) of ${number(settings.core.iterations)} commands after as many to warm up (median)`);
  lines.push('', '| # | measure | ours | ceiling (echo bot) | vs ceiling | target |', '| --- | --- | --- | --- | --- | --- |');
  for (const level of report.chat?.levels ?? []) lines.push(...chatRows(level));
  if (report.core) lines.push(...coreRows(report.core));
  if (report.latency) lines.push(...latencyRows(report.latency));
  for (const pass of report.alertPass ?? []) lines.push(...alertPassRows(pass));
  if (report.history) lines.push(...historyRows(report.history));
  if (report.coldStart) {
    const s = report.coldStart;
    lines.push(
      `| 4 | cold start: \`node\` → /healthz answering, median of ${s.samplesMs.length} | ${number(s.medianMs)} ms (${number(s.minMs)}–${number(s.maxMs)}) | — | — | — |`,
    );
  }
  if (report.targets.length > 0) {
    lines.push('', 'Targets:');
    for (const judged of report.targets) lines.push(`- ${judged.target}: ${judged.measured}, ${verdict(judged.met)}`);
  }
  const errors = (report.chat?.levels ?? []).flatMap((l) => [l.bot, l.echo, l.reader]).reduce((sum, target) => sum + target.errors, 0);
  if (errors > 0) lines.push('', `WARNING: ${errors} messages were answered without a card or failed: the chat figures measure something else.`);
  return lines.join('\n');
}

function chatRows(level: ChatLevelResult): string[] {
  const { bot, echo, reader } = level;
  const n = level.conversations;
  const atTarget = n === TARGETS.throughputRatio.atConversations;
  const ratioTarget = atTarget ? `≥ ${TARGETS.throughputRatio.atLeast}: ${verdict(throughputMet(level))}` : '—';
  const overheadTarget = atTarget ? `< ${TARGETS.p99OverheadMs.below} ms: ${verdict(overheadMet(level))}` : '—';
  const rssTarget = atTarget ? `RSS ≤ ${TARGETS.peakRssRatio.atMost}×: ${verdict(rssMet(level))}` : '—';
  const latency = (t: typeof bot) => `${ms(t.p50Ms)} / ${ms(t.p95Ms)} / ${ms(t.p99Ms)}`;
  return [
    `| 1 | chat, ${n} conv.: requests/s | ${number(bot.requestsPerSecond)} | ${number(echo.requestsPerSecond)} | ${level.throughputRatio.toFixed(2)} | ${ratioTarget} |`,
    `| 1 | chat, ${n} conv.: p50 / p95 / p99 ms | ${latency(bot)} | ${latency(echo)} | p99 ${signed(level.p99OverheadMs)} ms | ${overheadTarget} |`,
    `| 1 | chat, ${n} conv.: CPU per request, peak RSS | ${number(bot.cpuMicrosPerRequest)} µs, ${mb(bot.peakRssBytes)} MB | ${number(echo.cpuMicrosPerRequest)} µs, ${mb(echo.peakRssBytes)} MB | ${(bot.cpuMicrosPerRequest / echo.cpuMicrosPerRequest).toFixed(1)}× CPU, ${rssRatioOf(level).toFixed(2)}× RSS | ${rssTarget} |`,
    // Not a target: what the same Partner Center reads cost a bot that does nothing else.
    `| 1r | chat, ${n} conv., against the echo bot making our reads (${reads(reader)}; ours ${reads(bot)}): requests/s, p99, CPU per request | ${number(bot.requestsPerSecond)}, ${ms(bot.p99Ms)} ms, ${number(bot.cpuMicrosPerRequest)} µs | ${number(reader.requestsPerSecond)}, ${ms(reader.p99Ms)} ms, ${number(reader.cpuMicrosPerRequest)} µs | ${level.readerThroughputRatio.toFixed(2)}, p99 ${signed(level.readerP99OverheadMs)} ms | — |`,
  ];
}

/** Partner Center requests per message, as the table words them. */
function reads(target: ChatLevelResult['bot']): string {
  return `${target.partnerCenterRequestsPerMessage.toFixed(1)} Partner Center calls per message`;
}

function historyRows(history: HistoryBenchResult): string[] {
  const what = `usage history, ${number(history.customers)} customers with ${history.keptDates} data dates kept`;
  const micros = history.refreshCpuMicros;
  const mean = micros.reduce((sum, value) => sum + value, 0) / Math.max(1, micros.length);
  return [
    `| 3c | ${what}: one more data date, CPU per customer (mean / highest of ${micros.length}) | ${number(mean)} / ${number(Math.max(...micros))} µs | first one after the upgrade (one document each): ${number(history.afterUpgradeCpuMicros)} µs | ${(history.afterUpgradeCpuMicros / mean).toFixed(1)}× less CPU | — |`,
    `| 3c | ${what}: snapshots read back at the end | ${number(history.snapshotsRead)} | — | — | — |`,
  ];
}

function alertPassRows(pass: AlertPassBenchResult): string[] {
  const { scan, perCustomer: naive } = pass;
  const what = `alert pass, ${number(pass.customers)} customers × ${number(pass.rows / pass.customers)}`;
  const cpuPer10000 = (micros: number) => micros / 1e6 / (pass.customers / 10_000);
  const cpuMet = cpuPer10000(scan.cpuMicros) < ALERT_TARGETS.cpuSecondsPer10000;
  const rssMet = scan.peakRssBytes / 2 ** 20 < ALERT_TARGETS.peakRssMb;
  const requestsMet = scan.partnerCenterRequests === pass.pagesNeeded && scan.repeat.partnerCenterRequests === pass.pagesNeeded;
  const pages = number(pass.pagesNeeded);
  const ceiling = (text: (run: NonNullable<typeof naive>) => string) => (naive ? `naive: ${text(naive)}` : '—');
  return [
    `| 3 | ${what}: wall / CPU (CPU per 10,000 customers) | ${ms(scan.wallMs)} ms / ${ms(scan.cpuMicros / 1000)} ms (${cpuPer10000(scan.cpuMicros).toFixed(2)} s) | ${ceiling((run) => `${ms(run.wallMs)} ms / ${ms(run.cpuMicros / 1000)} ms`)} | ${naive ? `${(naive.cpuMicros / scan.cpuMicros).toFixed(1)}× less CPU` : '—'} | < ${ALERT_TARGETS.cpuSecondsPer10000} s per 10,000: ${verdict(cpuMet)} |`,
    `| 3 | ${what}: peak RSS | ${mb(scan.peakRssBytes)} MB | ${ceiling((run) => `${mb(run.peakRssBytes)} MB`)} | — | < ${ALERT_TARGETS.peakRssMb} MB: ${verdict(rssMet)} |`,
    `| 3 | ${what}: Partner Center requests (first / unchanged pass) | ${number(scan.partnerCenterRequests)} / ${number(scan.repeat.partnerCenterRequests)} | ${ceiling((run) => number(run.partnerCenterRequests))} | — | pages: ⌈${number(pass.rows)} usage rows / 10,000⌉ + ⌈${number(pass.renewalRows)} renewals / 10,000⌉ = ${pages}: ${verdict(requestsMet)} |`,
    `| 3 | ${what}: state documents written (first / unchanged pass) | ${number(scan.stateWrites)} / ${number(scan.repeat.stateWrites)} | — | — | unchanged: 0: ${verdict(scan.repeat.stateWrites === 0)} |`,
    `| 3 | ${what}: unchanged pass: wall / CPU | ${ms(scan.repeat.wallMs)} ms / ${ms(scan.repeat.cpuMicros / 1000)} ms | — | — | — |`,
    ...renewalRows(pass),
    `| 3 | ${what}: alerts / proactive messages | ${number(scan.alertsSent)} / ${number(scan.messagesSent)} (digest ${number(scan.largestCardBytes)} bytes) | ${ceiling((run) => `${number(run.alertsSent)} / ${number(run.messagesSent)}`)} | — | — |`,
  ];
}

function latencyRows(latency: LatencyBenchResult): string[] {
  const what = `usage for <name>, Partner Center at ${number(latency.latencyMs)} ms per call`;
  const figures = (f: LatencyBenchResult['warm']) => `${ms(f.medianMs)} ms = ${f.roundTrips.toFixed(2)} round trips`;
  return [
    `| 1b | ${what}: first question (cold) | ${ms(latency.coldMs)} ms | — | — | — |`,
    `| 1b | ${what}: median, customer list warm (after ${latency.warmUpQuestions} question(s)) | ${figures(latency.warm)} | — | — | ≤ ${LATENCY_TARGETS.warmRoundTrips}: ${verdict(latency.warm.roundTrips <= LATENCY_TARGETS.warmRoundTrips)} |`,
    `| 1b | ${what}: median, same customers again | ${figures(latency.repeated)} | — | — | none (< 0.1): ${verdict(latency.repeated.roundTrips < 0.1)} |`,
  ];
}

/** `renewals`' read at the same scale: the partner-wide scan beside the customer-by-customer fallback. */
function renewalRows(pass: AlertPassBenchResult): string[] {
  if (!pass.renewals) return [];
  const { scan, perCustomer: fallback, days } = pass.renewals;
  const what = `renewals, ${number(pass.customers)} customers, ${days} days (${number(scan.subscriptions)} subscriptions)`;
  return [
    `| 3 | ${what}: Partner Center requests | ${number(scan.partnerCenterRequests)} | per customer: ${number(fallback.partnerCenterRequests)} | — | requests per page, not per customer: ${verdict(scan.partnerCenterRequests < pass.customers / 100)} |`,
    `| 3 | ${what}: wall / CPU | ${ms(scan.wallMs)} ms / ${ms(scan.cpuMicros / 1000)} ms | per customer: ${ms(fallback.wallMs)} ms / ${ms(fallback.cpuMicros / 1000)} ms | ${(fallback.cpuMicros / scan.cpuMicros).toFixed(1)}× less CPU | — |`,
    `| 3 | ${what}: peak RSS | ${mb(scan.peakRssBytes)} MB | per customer: ${mb(fallback.peakRssBytes)} MB | — | — |`,
  ];
}

function coreRows(core: CoreBenchResult): string[] {
  const label = { parse: 'parse the command', analyse: 'analyse the usage', render: 'render the card', total: 'all three, per command' } as const;
  return (Object.keys(label) as Array<keyof typeof label>).map(
    (stage) => `| 2 | core CPU, ${core.rows} workload rows: ${label[stage]} | ${micros(core.microsPerCommand[stage])} µs | — | — | — |`,
  );
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const number = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => value.toFixed(1);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20).toString();
const micros = (value: number) => (value < 10 ? value.toFixed(2) : number(value));
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
