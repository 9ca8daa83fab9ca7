/**
 * On-demand diagnostics of the alert-pass child, each switched on by an environment variable naming
 * the file it writes (none of them is in the table):
 * - BENCH_MEMORY_TRACE: peak memory (process and each V8 heap space), sampled every 250 ms; with
 *   BENCH_ALERT_FLAGS=--expose-gc a collection is forced before each sample, which gives the live heap.
 * - BENCH_GC_TRACE: how many collections of each kind the passes cost, and their time.
 * - BENCH_ALLOC_PROFILE: a sampling profile of every allocation of the first pass, collected or not
 *   (for Chrome DevTools).
 * - BENCH_PASS_PROFILE: a CPU profile of the first pass alone, main thread, without start-up (for
 *   Chrome DevTools).
 * - BENCH_THREAD_CPU: CPU milliseconds of each of the process's threads in each pass (Linux: read from
 *   /proc/self/task), which shows what V8's and libuv's helper threads add to the main thread's.
 * - BENCH_PASS_WINDOW: the process id and when the first pass began and ended, in nanoseconds of the
 *   monotonic clock, so that a `perf record -k CLOCK_MONOTONIC` of the whole run can be cut to that pass
 *   and split by thread (README, "The alert pass").
 */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export interface PassDiagnostics {
  firstPassDone(): Promise<void>;
  finish(): void;
}

/**
 * `label` tells apart the processes of one run (the scan and the naive pass): it is put into the name of
 * each profile (`pass.cpuprofile` → `pass-scan.cpuprofile`) and in front of each line of the traces.
 */
export async function startPassDiagnostics(label: string, env: NodeJS.ProcessEnv = process.env): Promise<PassDiagnostics> {
  const labelled = (file: string) => file.replace(/(\.[a-z]+)?$/i, `-${label}$1`);
  const memory = env.BENCH_MEMORY_TRACE ? memoryTrace(env.BENCH_MEMORY_TRACE, label) : undefined;
  const gc = env.BENCH_GC_TRACE ? gcTrace(env.BENCH_GC_TRACE, label) : undefined;
  const allocations = env.BENCH_ALLOC_PROFILE ? await allocationProfile(labelled(env.BENCH_ALLOC_PROFILE)) : undefined;
  const cpu = env.BENCH_PASS_PROFILE ? await cpuProfile(labelled(env.BENCH_PASS_PROFILE)) : undefined;
  const threads = env.BENCH_THREAD_CPU ? threadCpu(env.BENCH_THREAD_CPU, label) : undefined;
  // process.hrtime reads CLOCK_MONOTONIC on Linux, the clock perf is told to stamp its samples with.
  const windowStart = process.hrtime.bigint();
  return {
    async firstPassDone() {
      if (env.BENCH_PASS_WINDOW) appendFileSync(env.BENCH_PASS_WINDOW, `[${label}] pid ${process.pid}, first pass from ${windowStart} to ${process.hrtime.bigint()} ns\n`);
      await cpu?.stop();
      await allocations?.stop();
      memory?.write('memory peaks after first pass');
      threads?.write('first pass');
    },
    finish() {
      memory?.stop();
      gc?.stop();
      threads?.write('unchanged pass');
    },
  };
}

function inspectorSession() {
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  return { post, disconnect: () => session.disconnect() };
}

async function cpuProfile(file: string) {
  const session = inspectorSession();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await session.post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** utime + stime of every thread, in ms (clock ticks of 10 ms, Linux's usual USER_HZ). */
function threadTimes(): Map<string, number> {
  const times = new Map<string, number>();
  for (const id of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
    // The thread's name, in brackets, may hold spaces: the fields that follow are counted from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name = readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim();
    times.set(`${id} ${name}`, (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return times;
}

function threadCpu(file: string, label: string) {
  let before = threadTimes();
  return {
    write(what: string) {
      const now = threadTimes();
      const spent = [...now].map(([thread, ms]) => [thread, ms - (before.get(thread) ?? 0)] as const).filter(([, ms]) => ms > 0);
      appendFileSync(file, `[${label}] ${what}, CPU ms per thread (the first is the main thread): ${JSON.stringify(spent)}\n`);
      before = now;
    },
  };
}

function memoryTrace(file: string, label: string) {
  const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const spaces: Record<string, number> = {};
  const sampler = setInterval(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    for (const key of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[key] = Math.max(peaks[key], Math.round(usage[key] / 1e6));
    for (const space of getHeapSpaceStatistics()) spaces[space.space_name] = Math.max(spaces[space.space_name] ?? 0, Math.round(space.space_used_size / 1e6));
  }, 250);
  const write = (what: string) => appendFileSync(file, `[${label}] ${what} (MB): ${JSON.stringify(peaks)}; heap spaces used, peaks (MB): ${JSON.stringify(spaces)}\n`);
  return {
    write,
    stop() {
      clearInterval(sampler);
      write('memory peaks');
    },
  };
}

function gcTrace(file: string, label: string) {
  const kinds = new Map<number, { count: number; ms: number }>();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1;
      const seen = kinds.get(kind) ?? { count: 0, ms: 0 };
      kinds.set(kind, { count: seen.count + 1, ms: seen.ms + entry.duration });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      observer.disconnect();
      appendFileSync(file, `[${label}] gc by kind (1 minor, 2 major, 4 incremental, 8 weak): ${JSON.stringify([...kinds])}\n`);
    },
  };
}

async function allocationProfile(file: string) {
  const session = inspectorSession();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 65536, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop() {
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
