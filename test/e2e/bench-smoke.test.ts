import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CustomerId } from '../../src/core/customers/customer-id';
import type { AppKit, CoreKit, SimulatorKit } from '../../bench/lib/bot-modules';
import type { BenchReport } from '../../bench/lib/report';
import { runBench } from '../../bench/run-bench';
import type { analyseUsage } from '../../src/core/usage/analyse-usage';
import type { buildUsageCard } from '../../src/cards/usage-card';
import type { AppConfig, loadConfig } from '../../src/config/config';
import type { parseCommand } from '../../src/core/commands/parse-command';
import type { UsageSummary } from '../../src/core/usage/usage-summary';
import type { Messages } from '../../src/i18n/messages';
import type { startApp } from '../../src/index';
import type { tuneV8 } from '../../src/server/v8-tuning';
import type { createLogger, Logger } from '../../src/logging/logger';
import type { generateDataset, generateUsageRows, mulberry32, SimulatorDataset } from '../../src/simulator/dataset';
import type { startPartnerCenterSimulator } from '../../src/simulator/partner-center-simulator';

const ROOT = join(__dirname, '..', '..');

/**
 * Compile-time check (tsc --noEmit runs over this file): the shapes the benchmark takes on trust from
 * the compiled bot are those of the sources.
 */
type Fits<Wanted, Actual extends Wanted> = Actual;
export type BenchSeesTheRealBot = [
  Fits<
    AppKit<AppConfig, Logger>,
    { loadConfig: typeof loadConfig; createLogger: typeof createLogger; startApp: typeof startApp; tuneV8: typeof tuneV8 }
  >,
  Fits<SimulatorKit<SimulatorDataset>, { generateDataset: typeof generateDataset; startPartnerCenterSimulator: typeof startPartnerCenterSimulator }>,
  Fits<
    CoreKit<UsageSummary, Messages, CustomerId>,
    {
      parseCommand: typeof parseCommand;
      analyseUsage: typeof analyseUsage;
      buildUsageCard: typeof buildUsageCard;
      en: Messages;
      mulberry32: typeof mulberry32;
      generateUsageRows: typeof generateUsageRows;
    }
  >,
];

/**
 * The benchmark's child processes are TypeScript. Here they run from source without a build, with this
 * transpile-only hook preloaded (types are checked by tsc --noEmit; isolatedModules guarantees every file
 * transpiles on its own), and the bot is loaded from src/ instead of dist/. Transpiled files are kept
 * beside the hook, so the run's many processes transpile each file once.
 */
const TRANSPILE_HOOK = `
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const cache = join(__dirname, 'transpiled');
let ts;
require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const cached = join(cache, createHash('sha1').update(filename).update(source).digest('hex') + '.js');
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    ts ??= require(${JSON.stringify(require.resolve('typescript'))});
    output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    mkdirSync(cache, { recursive: true });
    // Processes transpile at the same time: each writes its own file, then renames it into place.
    writeFileSync(cached + '.' + process.pid, output);
    renameSync(cached + '.' + process.pid, cached);
  }
  module._compile(output, filename);
};
`;

describe('npm run bench, once with tiny sizes', () => {
  const work = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const hook = join(work, 'transpile-hook.js');
  writeFileSync(hook, TRANSPILE_HOOK);
  const printed: string[] = [];
  let outcome: Awaited<ReturnType<typeof runBench>>;

  beforeAll(async () => {
    outcome = await runBench(
      [
        ...['--levels', '16', '--requests', '20', '--warmup', '4', '--rounds', '1', '--customers', '30', '--workloads', '8'],
        ...['--core-rows', '60', '--core-iterations', '3', '--core-rounds', '1'],
        ...['--alert-customers', '300,600', '--alert-workloads', '8'],
        ...['--latency-ms', '40', '--latency-questions', '3'],
        ...['--history-customers', '20', '--history-dates', '12', '--history-refreshes', '2'],
        ...['--cold-starts', '1', '--cold-start-warmups', '0', '--out', join(work, 'results'), '--profile'],
      ],
      {
        projectRoot: ROOT,
        cwd: ROOT,
        botDir: join(ROOT, 'src'),
        runtime: { execArgv: ['--require', hook, '--disable-warning=DEP0111'] },
        now: () => new Date('2026-03-02T09:00:00.000Z'),
        clock: () => performance.now(),
        print: (line) => printed.push(line),
        progress: () => undefined,
      },
    );
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('answers every chat message with a usage card, from our bot and from both echo bots alike', () => {
    expect(outcome.exitCode).toBe(0);
    const levels = outcome.report?.chat?.levels ?? [];
    expect(levels.map((level) => level.conversations)).toEqual([16]);
    for (const level of levels) {
      for (const target of [level.bot, level.echo, level.reader]) {
        expect(target.errors).toBe(0);
        expect(target.rounds.map((round) => round.requests)).toEqual([20]);
        expect(target.peakRssBytes).toBeGreaterThan(0);
      }
      // With its directory warm, our bot reads the usage, the subscriptions and the SKUs of each customer
      // asked about; the second ceiling makes exactly those calls, the bare echo bot none.
      expect([level.bot, level.reader, level.echo].map((target) => target.partnerCenterRequestsPerMessage)).toEqual([3, 3, 0]);
    }
    // The ceiling answers with our own card, so both bots put the same bytes on the wire.
    expect(outcome.report?.chat?.cardBytes).toBeGreaterThan(1_000);
  });

  it('prints one table with a row for every section and the targets judged', () => {
    const table = printed.join('\n');
    expect(table).toMatch(/^Machine: .+, \d+ cores, .*Node v\d+/m);
    expect(table).toMatch(/^\| 1 \| chat, 16 conv\.: requests\/s \|/m);
    expect(table).toMatch(/^\| 1r \| chat, 16 conv\., against the echo bot making our reads \(3\.0 Partner Center calls per message; ours 3\.0 Partner Center calls per message\)/m);
    expect(table).toMatch(/^\| 2 \| core CPU, 60 workload rows: all three, per command \|/m);
    expect(table).toMatch(/^\| 1b \| usage for <name>, Partner Center at 40 ms per call: median, same customers again \|/m);
    expect(table).toMatch(/^\| 3 \| alert pass, 300 customers × 8: Partner Center requests \(first \/ unchanged pass\) \|/m);
    expect(table).toMatch(/^\| 3 \| alert pass, 600 customers × 8: state documents written \(first \/ unchanged pass\) \|/m);
    expect(table).toMatch(/^\| 3c \| usage history, 20 customers with 12 data dates kept: one more data date, CPU per customer \(mean \/ highest of 2\) \|/m);
    // Nothing recorded is lost on the way: the 12 kept dates and the 3 recorded after them.
    expect(outcome.report?.history?.snapshotsRead).toBe(15);
    expect(table).toMatch(/^\| 4 \| cold start: `node` → \/healthz answering, median of 1 \|/m);
    expect(outcome.report?.targets.map((verdict) => verdict.target)).toEqual([
      expect.stringContaining('throughput'),
      expect.stringContaining('p99 overhead'),
      expect.stringContaining('peak RSS'),
    ]);
  });

  it('profiles every bot and says where each spent its time', () => {
    const output = printed.join('\n');
    for (const bot of ['bot-host', 'echo-bot', 'reading-echo-bot']) {
      expect(output).toMatch(new RegExp(`^${bot}-\\d+\\.cpuprofile: [\\d,]+ ms busy\\n\\s+[\\d.]+ %  \\S`, 'm'));
    }
    expect(output).toMatch(/^\s+[\d.]+ %  Teams connector client/m);
  });

  it('passes over every customer with one scan, where a naive pass calls Partner Center per customer', () => {
    const [pass, larger] = outcome.report?.alertPass ?? [];
    // One page of usage rows and one of renewals (the pass warns about renewals too).
    expect(pass?.pagesNeeded).toBe(2);
    expect(pass?.scan.partnerCenterRequests).toBe(2);
    expect(pass?.perCustomer?.partnerCenterRequests).toBeGreaterThan(300);
    // Both ways find the same low workloads, and tell the conversation in one digest.
    expect(pass?.scan.alertsSent).toBeGreaterThan(0);
    expect(pass?.perCustomer?.alertsSent).toBe(pass?.scan.alertsSent);
    expect(pass?.scan.messagesSent).toBe(1);
    // The growth table: each size once, the naive pass only at the first.
    expect(larger?.customers).toBe(600);
    expect(larger?.perCustomer).toBeUndefined();
  });

  it('writes alert state only when it changed: a second pass over the same usage writes nothing and says nothing', () => {
    for (const pass of outcome.report?.alertPass ?? []) {
      expect(pass.scan.stateWrites).toBeGreaterThan(0);
      expect(pass.scan.repeat).toMatchObject({ stateWrites: 0, messagesSent: 0, partnerCenterRequests: pass.pagesNeeded });
    }
  });

  it('answers a question about a customer asked before without a Partner Center round trip', () => {
    const latency = outcome.report?.latency;
    expect(latency?.warm.samplesMs).toHaveLength(3);
    expect(latency?.repeated.samplesMs).toHaveLength(3);
    // Only what cannot fail on a busy machine: an answer from the cache waits for no 40 ms call.
    expect(latency?.repeated.medianMs).toBeLessThan(latency?.coldMs ?? 0);
  });

  it('reads renewals with one partner-wide request per page, beside one subscriptions request per customer', () => {
    const renewals = outcome.report?.alertPass?.[0]?.renewals;
    expect(renewals?.scan).toMatchObject({ source: 'partner-wide', partnerCenterRequests: 1 });
    // The 404 of the scan, one page of the customer list, then every customer's subscriptions.
    expect(renewals?.perCustomer).toMatchObject({ source: 'per-customer', partnerCenterRequests: 1 + 1 + 300 });
    expect(renewals?.perCustomer.subscriptions).toBe(renewals?.scan.subscriptions);
    expect(renewals?.scan.subscriptions).toBeGreaterThan(0);
    expect(printed.join('\n')).toMatch(/^\| 3 \| renewals, 300 customers, 90 days \([\d,]+ subscriptions\): Partner Center requests \| 1 \|/m);
  });

  it('writes the same figures as JSON', () => {
    const written = JSON.parse(readFileSync(outcome.resultsFile!, 'utf8')) as BenchReport;
    expect(written).toEqual(JSON.parse(JSON.stringify(outcome.report)));
    expect(written.coldStart?.samplesMs).toHaveLength(1);
    expect(Object.keys(written.core?.microsPerCommand ?? {})).toEqual(['parse', 'analyse', 'render', 'total']);
    expect(JSON.parse(readFileSync(join(work, 'results', 'latest.json'), 'utf8'))).toEqual(written);
  });
});
