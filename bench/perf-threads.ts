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

type Kind = 'optimising (TurboFan)' | 'garbage collection' | 'everything else';

function kindOf(frames: readonly string[]): Kind {
  const stack = frames.join(' ');
  if (/OptimizingCompileDispatcher|compiler::/.test(stack)) return 'optimising (TurboFan)';
  if (/Scaveng|ConcurrentMarking|Sweeper|MarkCompact|Evacuat|IncrementalMarking|MinorMC|MarkingVisitor|Heap::CollectGarbage/.test(stack)) {
    return 'garbage collection';
  }
  return 'everything else';
}

async function main(): Promise<void> {
  const [pidText, fromText, toText, rateText] = process.argv.slice(2);
  if (!pidText || !fromText || !toText || !rateText) {
    process.stderr.write('usage: node bench/build/perf-threads.js <pid> <from ns> <to ns> <samples per second> < perf-script.txt\n');
    process.exit(2);
  }
  const main = Number(pidText);
  const [from, to] = [Number(fromText) / 1e9, Number(toText) / 1e9];
  const msPerSample = 1000 / Number(rateText);
  const counts = new Map<string, number>();
  // A sample is a header line ("<pid>/<tid> <seconds>:") followed by its frames, one per line, then a
  // blank line. The main thread's id is the process's.
  let sample: { pid: number; tid: number; at: number; frames: string[] } | undefined;
  const close = () => {
    if (sample && sample.pid === main && sample.at >= from && sample.at <= to) {
      const key = `${sample.tid === main ? 'main thread' : 'helper threads'}: ${kindOf(sample.frames)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    sample = undefined;
  };
  for await (const line of createInterface({ input: process.stdin })) {
    const header = /^\s*(\d+)\/(\d+)\s+(\d+\.\d+):/.exec(line);
    if (header) {
      close();
      sample = { pid: Number(header[1]), tid: Number(header[2]), at: Number(header[3]), frames: [] };
    } else if (line.trim() === '') close();
    else sample?.frames.push(line.trim());
  }
  close();
  let total = 0;
  for (const [key, count] of [...counts].sort()) {
    total += count;
    process.stdout.write(`${(count * msPerSample).toFixed(0).padStart(6)} ms  ${key}\n`);
  }
  process.stdout.write(`${(total * msPerSample).toFixed(0).padStart(6)} ms  in all\n`);
}

void main();
