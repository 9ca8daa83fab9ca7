import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface LocalBot {
  url: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Starts the built bot (dist/index.js) in local mode on a free loopback port, with an empty data folder
 * and its built-in Partner Center simulator, as `npm start` would; resolves once it listens. It runs in a
 * temporary folder so a developer's .env (which could switch it to cloud mode) is not read.
 */
export async function startLocalBot(projectRoot: string): Promise<LocalBot> {
  const entry = join(projectRoot, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run npm run build first`);
  const workDir = mkdtempSync(join(tmpdir(), 'package-check-'));
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', entry], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ALERT_SCHEDULE: 'off', DATA_DIR: join(workDir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bot did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      createInterface({ input: child.stdout }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
          if (typeof entry.msg === 'string' && entry.msg.startsWith('LOCAL MODE') && typeof entry.url === 'string') {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          // not a log line
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bot exited (code ${code}) before it listened`));
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
