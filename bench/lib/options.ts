import { parseArgs } from 'node:util';

export type SectionName = 'chat' | 'latency' | 'core' | 'alerts' | 'history' | 'cold-start';
const SECTIONS: readonly SectionName[] = ['chat', 'latency', 'core', 'alerts', 'history', 'cold-start'];

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
  /** Each round's count of commands is also the count that warms up. */
  core: { rows: number; iterations: number; rounds: number };
  /** One pass per size (the growth table); the naive per-customer pass only at the first size. */
  alerts: { customers: number[]; workloads: number; concurrency: number };
  /** `usage for <name>` one at a time against a Partner Center that takes `latencyMs` per call. */
  latency: { latencyMs: number; questions: number };
  history: { customers: number; keptDates: number; refreshes: number };
  coldStart: { runs: number; warmups: number };
}

// Each valued option once, with its default and what --help says of it, so the two cannot drift apart.
const VALUED = {
  sections: [SECTIONS.join(','), 'which benchmarks to run (default: all)'],
  levels: ['1,16,64', 'concurrent conversations (chat)'],
  requests: ['1000', 'messages per measured round and bot (chat)'],
  warmup: ['1000', 'warm-up messages per level and bot (chat)'],
  rounds: ['3', 'measured rounds per level (chat); the median is reported'],
  customers: ['10000', 'customers in the simulator (chat)'],
  workloads: ['8', 'workload rows per customer (chat)'],
  'core-rows': ['60', 'workload rows of the analysed customer (core)'],
  'core-iterations': ['200', 'commands per round (core)'],
  'core-rounds': ['5', 'rounds (core); the median is reported'],
  'alert-customers': ['10000,40000,100000', 'customers of the "all customers" alert pass, one pass per size (alerts)'],
  'alert-workloads': ['8', 'workload rows per customer (alerts)'],
  'alert-concurrency': ['4', 'Partner Center calls at once in the naive per-customer pass (alerts)'],
  'history-customers': ['2000', 'customers whose usage history is recorded (history)'],
  'history-dates': ['59', 'data dates each history holds before the measured ones (history)'],
  'history-refreshes': ['8', 'data dates measured after the first one after the upgrade (history)'],
  'latency-ms': ['300', 'milliseconds the simulator takes per Partner Center call (latency)'],
  'latency-questions': ['20', 'questions about distinct customers, then the same again (latency)'],
  'cold-starts': ['5', 'measured cold starts; the median is reported'],
  'cold-start-warmups': ['1', 'unmeasured cold starts before them'],
  seed: ['20260301', 'seed of every generated data set'],
} as const;
type Valued = keyof typeof VALUED;

const option = (flag: string, help: string) => `  ${flag.padEnd(31)}   ${help}`;
export const USAGE = [
  'Usage: npm run bench -- [options]',
  ...Object.entries(VALUED).map(([name, [value, help]]) => option(`--${name} ${value}`, help)),
  option('--out <dir>', 'where the JSON goes (default: bench/results)'),
  option('--profile', 'also write a CPU profile of both bots per chat level to <out>/profiles,'),
  option('', 'and print where each spent its time'),
  option('--help', 'print this and exit'),
].join('\n');

/** Parses the command line; throws an Error worded for the person who typed it. */
export function parseBenchArgs(args: readonly string[]): BenchSettings {
  const valued = Object.fromEntries(Object.entries(VALUED).map(([name, [value]]) => [name, { type: 'string', default: value }]));
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      ...(valued as Record<Valued, { type: 'string'; default: string }>),
      out: { type: 'string' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const whole = (name: Valued, min: number) => count(name, values[name], min);
  const sections = values.sections.split(',').map((name) => name.trim());
  const unknown = sections.filter((name) => !SECTIONS.includes(name as SectionName));
  if (unknown.length > 0) throw new Error(`--sections: unknown ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  return {
    sections: sections as SectionName[],
    seed: whole('seed', 0),
    outDir: values.out,
    profile: values.profile,
    help: values.help,
    chat: {
      levels: values.levels.split(',').map((level) => count('levels', level.trim(), 1)),
      requests: whole('requests', 1),
      warmup: whole('warmup', 0),
      rounds: whole('rounds', 1),
      customers: whole('customers', 1),
      workloads: whole('workloads', 0),
    },
    core: { rows: whole('core-rows', 0), iterations: whole('core-iterations', 1), rounds: whole('core-rounds', 1) },
    alerts: {
      customers: values['alert-customers'].split(',').map((size) => count('alert-customers', size.trim(), 1)),
      workloads: whole('alert-workloads', 1),
      concurrency: whole('alert-concurrency', 1),
    },
    latency: { latencyMs: whole('latency-ms', 0), questions: whole('latency-questions', 1) },
    history: { customers: whole('history-customers', 1), keptDates: whole('history-dates', 0), refreshes: whole('history-refreshes', 1) },
    coldStart: { runs: whole('cold-starts', 1), warmups: whole('cold-start-warmups', 0) },
  };
}

function count(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) throw new Error(`--${name}: expected a whole number of at least ${min}, got "${text}"`);
  return value;
}
