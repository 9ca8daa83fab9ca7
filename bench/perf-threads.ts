/**
 * Where a process's CPU went, thread by thread, in a window of time: reads `perf script -F pid,tid,time,ip,sym`
 * (with call chains, from `perf record -g -k CLOCK_MONOTONIC`) on stdin and prints, for the main thread
 * and for all its helper threads together, the milliseconds spent optimising code (TurboFan), collecting
 * garbage, and on everything else. A CPU profile sees the main thread only; on 2 cores, V8's helpers
 * were 40 % of an alert pass's CPU. How to record one: README, "The alert pass".
 *
 *   node bench/build/perf-threads.js <pid> <from ns> <to ns> <samples per second> < perf-script.txt
 */
import { createInterface } from 'node:readline';

export type WorkKind = 'optimising (TurboFan)' | 'garbage collection' | 'everything else';

export interface PerfWindow {
  pid: number;
  /** Monotonic nanoseconds, as BENCH_PASS_WINDOW writes them. */
  fromNs: number;
  toNs: number;
}

function kindOf(frames: readonly string[]): WorkKind {
  const stack = frames.join(' ');
  if (/OptimizingCompileDispatcher|compiler::/.test(stack)) return 'optimising (TurboFan)';
  if (/Scaveng|ConcurrentMarking|Sweeper|MarkCompact|Evacuat|IncrementalMarking|MinorMC|MarkingVisitor|Heap::CollectGarbage/.test(stack)) {
    return 'garbage collection';
  }
  return 'everything else';
}

/**
 * Samples of the window's process, counted by `main thread: <kind>` and `helper threads: <kind>`. A
 * sample is a header line ("<pid>/<tid> <seconds>:") followed by its frames, one per line, then a blank
 * line; the main thread's id is the process's.
 */
export async function samplesByThread(lines: AsyncIterable<string> | Iterable<string>, window: PerfWindow): Promise<Map<string, number>> {
  const [from, to] = [window.fromNs / 1e9, window.toNs / 1e9];
  const counts = new Map<string, number>();
  let sample: { tid: number; frames: string[] } | undefined;
  const close = () => {
    if (sample) {
      const key = `${sample.tid === window.pid ? 'main thread' : 'helper threads'}: ${kindOf(sample.frames)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    sample = undefined;
  };
  for await (const line of lines) {
    const header = /^\s*(\d+)\/(\d+)\s+(\d+\.\d+):/.exec(line);
    if (header) {
      close();
      const at = Number(header[3]);
      // Samples of other processes, or outside the window, are read past.
      if (Number(header[1]) === window.pid && at >= from && at <= to) sample = { tid: Number(header[2]), frames: [] };
    } else if (line.trim() === '') close();
    else sample?.frames.push(line.trim());
  }
  close();
  return counts;
}

async function run(): Promise<void> {
  const [pid, fromNs, toNs, rate] = process.argv.slice(2).map(Number);
  if (![pid, fromNs, toNs, rate].every((value) => value !== undefined && Number.isFinite(value))) {
    process.stderr.write('usage: node bench/build/perf-threads.js <pid> <from ns> <to ns> <samples per second> < perf-script.txt\n');
    process.exit(2);
  }
  const counts = await samplesByThread(createInterface({ input: process.stdin }), { pid: pid!, fromNs: fromNs!, toNs: toNs! });
  const msPerSample = 1000 / rate!;
  let total = 0;
  for (const [key, count] of [...counts].sort()) {
    total += count;
    process.stdout.write(`${(count * msPerSample).toFixed(0).padStart(6)} ms  ${key}\n`);
  }
  process.stdout.write(`${(total * msPerSample).toFixed(0).padStart(6)} ms  in all\n`);
}

if (require.main === module) void run();
