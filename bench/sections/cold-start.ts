import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { botEntryPoint } from '../lib/bot-modules';
import type { ChildRuntime } from '../lib/measured-child';
import { median } from '../lib/stats';

export interface ColdStartOptions {
  runtime: ChildRuntime;
  botDir: string;
  /** Measured starts; the median is reported. */
  runs: number;
  /** Unmeasured starts first, so that every measured one finds the files in the OS cache alike. */
  warmups: number;
  timeoutMs: number;
  now(): number;
}

export interface ColdStartResult {
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * From spawning `node` on the bot's entry point, as `npm start` does (local mode, built-in simulator),
 * to /healthz answering 200. The port is the OS's choice; the bot's start-up log line says which.
 */
export async function runColdStartBenchmark(options: ColdStartOptions): Promise<ColdStartResult> {
  const entry = botEntryPoint(options.botDir);
  const samplesMs: number[] = [];
  for (let run = 0; run < options.warmups + options.runs; run++) {
    const elapsed = await timeOneStart(entry, options);
    if (run >= options.warmups) samplesMs.push(elapsed);
  }
  return { samplesMs, medianMs: median(samplesMs), minMs: Math.min(...samplesMs), maxMs: Math.max(...samplesMs) };
}

async function timeOneStart(entry: string, options: ColdStartOptions): Promise<number> {
  // An empty working directory: no developer's .env is read, and the state starts from nothing.
  const dir = await mkdtemp(join(tmpdir(), 'usage-bot-cold-start-'));
  const started = options.now();
  const child = spawn(process.execPath, [...options.runtime.execArgv, entry], {
    cwd: dir,
    env: { PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2_000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  try {
    const url = await listeningUrl(child.stdout, exited, () => stderr);
    await healthy(url);
    return options.now() - started;
  } finally {
    clearTimeout(timer);
    child.stdout.resume(); // whatever else it logs must not fill the pipe while it shuts down
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

/** The URL from the bot's "listening" log line (a JSON line whose message starts with LOCAL MODE). */
function listeningUrl(stdout: NodeJS.ReadableStream, exited: Promise<unknown>, stderr: () => string): Promise<string> {
  const lines = createInterface({ input: stdout });
  return new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      let entry: { msg?: unknown; url?: unknown };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (typeof entry.msg === 'string' && entry.msg.startsWith('LOCAL MODE') && typeof entry.url === 'string') resolve(entry.url);
    });
    void exited.then(() => reject(new Error(`the bot exited before it listened${stderr() ? `:\n${stderr()}` : ''}`)));
  }).finally(() => lines.close());
}

function healthy(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`/healthz answered ${res.statusCode}`));
    }).on('error', reject);
  });
}
