import { parseArgs } from 'node:util';

export type SectionName = 'chat' | 'core' | 'alerts' | 'cold-start';
const SECTIONS: readonly SectionName[] = ['chat', 'core', 'alerts', 'cold-start'];

/** Everything a benchmark run can be sized with; the defaults are the published run. */
export interface BenchSettings {
  sections: SectionName[];
  seed: number;
  /** Where the JSON results go (bench/results by default). */
  outDir: string | undefined;
  /** Write a CPU profile of both bots' processes per chat level (to <out>/profiles), and summarise them. */
  profile: boolean;
  /** Only print the usage. */
  help: boolean;
  chat: { levels: number[]; requests: number; warmup: number; rounds: number; customers: number; workloads: number };
  core: { rows: number; warmup: number; iterations: number; rounds: number };
  alerts: { customers: number; workloads: number; concurrency: number };
  coldStart: { runs: number; warmups: number };
}

export const USAGE = `Usage: npm run bench -- [options]
  --sections chat,core,alerts,cold-start   which benchmarks to run (default: all)
  --levels 1,16,64                  concurrent conversations (chat)
  --requests 1000                   messages per measured round and bot (chat)
  --warmup 1000                     warm-up messages per level and bot (chat)
  --rounds 3                        measured rounds per level (chat); the median is reported
  --customers 10000                 customers in the simulator (chat)
  --workloads 8                     workload rows per customer (chat)
  --core-rows 60                    workload rows of the analysed customer (core)
  --core-iterations 200             commands per round (core)
  --core-rounds 5                   rounds (core); the median is reported
  --alert-customers 10000           customers of the "all customers" alert pass (alerts)
  --alert-workloads 8               workload rows per customer (alerts)
  --alert-concurrency 4             Partner Center calls at once in the naive per-customer pass (alerts)
  --cold-starts 5                   measured cold starts; the median is reported
  --cold-start-warmups 1            unmeasured cold starts before them
  --seed 20260301                   seed of every generated data set
  --out <dir>                       where the JSON goes (default: bench/results)
  --profile                         also write a CPU profile of both bots per chat level to <out>/profiles,
                                    and print where each spent its time
  --help                            print this and exit`;

/** Parses the command line; throws an Error worded for the person who typed it. */
export function parseBenchArgs(args: readonly string[]): BenchSettings {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      sections: { type: 'string', default: SECTIONS.join(',') },
      levels: { type: 'string', default: '1,16,64' },
      requests: { type: 'string', default: '1000' },
      warmup: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '3' },
      customers: { type: 'string', default: '10000' },
      workloads: { type: 'string', default: '8' },
      'core-rows': { type: 'string', default: '60' },
      'core-iterations': { type: 'string', default: '200' },
      'core-rounds': { type: 'string', default: '5' },
      'alert-customers': { type: 'string', default: '10000' },
      'alert-workloads': { type: 'string', default: '8' },
      'alert-concurrency': { type: 'string', default: '4' },
      'cold-starts': { type: 'string', default: '5' },
      'cold-start-warmups': { type: 'string', default: '1' },
      seed: { type: 'string', default: '20260301' },
      out: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const sections = values.sections.split(',').map((name) => name.trim());
  const unknown = sections.filter((name) => !SECTIONS.includes(name as SectionName));
  if (unknown.length > 0) throw new Error(`--sections: unknown ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  return {
    sections: sections as SectionName[],
    seed: count('seed', values.seed, 0),
    outDir: values.out,
    profile: values.profile,
    help: values.help,
    chat: {
      levels: values.levels.split(',').map((level) => count('levels', level.trim(), 1)),
      requests: count('requests', values.requests, 1),
      warmup: count('warmup', values.warmup, 0),
      rounds: count('rounds', values.rounds, 1),
      customers: count('customers', values.customers, 1),
      workloads: count('workloads', values.workloads, 0),
    },
    core: {
      rows: count('core-rows', values['core-rows'], 0),
      warmup: count('core-iterations', values['core-iterations'], 1),
      iterations: count('core-iterations', values['core-iterations'], 1),
      rounds: count('core-rounds', values['core-rounds'], 1),
    },
    alerts: {
      customers: count('alert-customers', values['alert-customers'], 1),
      workloads: count('alert-workloads', values['alert-workloads'], 1),
      concurrency: count('alert-concurrency', values['alert-concurrency'], 1),
    },
    coldStart: { runs: count('cold-starts', values['cold-starts'], 1), warmups: count('cold-start-warmups', values['cold-start-warmups'], 0) },
  };
}

function count(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) throw new Error(`--${name}: expected a whole number of at least ${min}, got "${text}"`);
  return value;
}
