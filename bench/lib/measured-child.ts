import { fork, type ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';
import type { ChildStats, FromChild, ToChild } from './child-protocol';

/** How children are started: compiled JavaScript normally; the smoke test adds a transpile hook. */
export interface ChildRuntime {
  /** Node flags for every child process. */
  execArgv: readonly string[];
  /** Where both bots' processes write a CPU profile each (node --cpu-prof), if wanted. */
  profileDir?: string;
}

export type ChildName = 'bot-host' | 'echo-bot' | 'simulator-host' | 'core-bench' | 'alert-pass-bench' | 'renewals-bench' | 'history-bench';

export interface MeasuredChild<Info> {
  info: Info;
  stats(): Promise<ChildStats>;
  /** Asks the child to close what it runs and exit; resolves once it has. */
  stop(): Promise<void>;
}

// The child entry points sit in ../children beside this file, compiled (.js) or as sources (.ts).
const CHILDREN_DIR = join(__dirname, '..', 'children');
const EXTENSION = extname(__filename);
const OUTPUT_TAIL_CHARS = 4_000;
const STOP_GRACE_MS = 10_000;

/**
 * Forks one child, sends it its configuration and resolves once it reports ready. The configuration may
 * still be on its way: the child loads its modules meanwhile, and is killed if the configuration fails.
 */
export async function startChild<Info>(
  runtime: ChildRuntime,
  name: ChildName,
  config: unknown,
  options: { profileAs?: string } = {},
): Promise<MeasuredChild<Info>> {
  const child = fork(join(CHILDREN_DIR, `${name}${EXTENSION}`), [], {
    execArgv: [...runtime.execArgv, ...profileFlags(runtime, name, options.profileAs ?? name)],
    // Output is kept only to explain a child that fails; the bot's log lines end up here too.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = keepTail(child);
  const failure = (what: string) => new Error(`${name} ${what}${output() ? `:\n${output()}` : ''}`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = new Promise<Info>((resolve, reject) => {
    child.once('message', (message: FromChild) => {
      if (message.type === 'ready') resolve(message.info as Info);
      else reject(failure(message.type === 'failed' ? `failed to start: ${message.message}` : 'answered out of turn'));
    });
    child.once('error', (error) => reject(failure(`could not run: ${error.message}`)));
    void exited.then((code) => reject(failure(`exited with ${code} before it was ready`)));
  });
  const info = await Promise.resolve(config)
    .then((resolved) => {
      child.send({ type: 'start', config: resolved } satisfies ToChild);
      return ready;
    })
    .catch(async (error: unknown) => {
      ready.catch(() => undefined); // once the child is killed, its rejection only repeats this one
      child.kill();
      await exited;
      throw error;
    });

  return {
    info,
    stats: () => ask(child, failure),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const forced = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.send({ type: 'stop' } satisfies ToChild);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** Profiles are named after the process (`label`) and the time it started: `bot-host-<ms>.cpuprofile`. */
function profileFlags(runtime: ChildRuntime, name: ChildName, label: string): string[] {
  if (!runtime.profileDir || (name !== 'bot-host' && name !== 'echo-bot' && name !== 'alert-pass-bench')) return [];
  return ['--cpu-prof', '--cpu-prof-dir', runtime.profileDir, '--cpu-prof-name', `${label}-${Date.now()}.cpuprofile`];
}

function ask(child: ChildProcess, failure: (what: string) => Error): Promise<ChildStats> {
  return new Promise((resolve, reject) => {
    const onExit = () => reject(failure('exited while asked for its statistics'));
    child.once('exit', onExit);
    child.once('message', (message: FromChild) => {
      child.off('exit', onExit);
      if (message.type === 'stats') {
        const { cpuMicros, maxRssBytes, served } = message;
        resolve({ cpuMicros, maxRssBytes, ...(served === undefined ? {} : { served }) });
      }
      else reject(failure(`answered ${message.type} when asked for statistics`));
    });
    child.send({ type: 'stats' } satisfies ToChild);
  });
}

/** The last few thousand characters a child wrote to stdout and stderr. */
function keepTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}
