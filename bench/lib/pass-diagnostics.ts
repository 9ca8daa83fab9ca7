/**
 * On-demand diagnostics of the alert-pass child, each switched on by an environment variable naming
 * the file it writes (none of them is in the table):
 * - BENCH_MEMORY_TRACE: peak memory (process and each V8 heap space), sampled every 250 ms; with
 *   BENCH_ALERT_FLAGS=--expose-gc a collection is forced before each sample, which gives the live heap.
 * - BENCH_GC_TRACE: how many collections of each kind the passes cost, and their time.
 * - BENCH_ALLOC_PROFILE: a sampling profile of every allocation of the first pass, collected or not
 *   (for Chrome DevTools).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

export interface PassDiagnostics {
  firstPassDone(): Promise<void>;
  finish(): void;
}

export async function startPassDiagnostics(env: NodeJS.ProcessEnv = process.env): Promise<PassDiagnostics> {
  const memory = env.BENCH_MEMORY_TRACE ? memoryTrace(env.BENCH_MEMORY_TRACE) : undefined;
  const gc = env.BENCH_GC_TRACE ? gcTrace(env.BENCH_GC_TRACE) : undefined;
  const allocations = env.BENCH_ALLOC_PROFILE ? await allocationProfile(env.BENCH_ALLOC_PROFILE) : undefined;
  return {
    async firstPassDone() {
      await allocations?.stop();
      memory?.write('memory peaks after first pass');
    },
    finish() {
      memory?.stop();
      gc?.stop();
    },
  };
}

function memoryTrace(file: string) {
  const peaks = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const spaces: Record<string, number> = {};
  const sampler = setInterval(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const usage = process.memoryUsage();
    for (const key of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[key] = Math.max(peaks[key], Math.round(usage[key] / 1e6));
    for (const space of getHeapSpaceStatistics()) spaces[space.space_name] = Math.max(spaces[space.space_name] ?? 0, Math.round(space.space_used_size / 1e6));
  }, 250);
  const write = (what: string) => appendFileSync(file, `${what} (MB): ${JSON.stringify(peaks)}; heap spaces used, peaks (MB): ${JSON.stringify(spaces)}\n`);
  return {
    write,
    stop() {
      clearInterval(sampler);
      write('memory peaks');
    },
  };
}

function gcTrace(file: string) {
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
      appendFileSync(file, `gc by kind (1 minor, 2 major, 4 incremental, 8 weak): ${JSON.stringify([...kinds])}\n`);
    },
  };
}

async function allocationProfile(file: string) {
  const session = new Session();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  session.connect();
  await post('HeapProfiler.startSampling', { samplingInterval: 65536, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return {
    async stop() {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
