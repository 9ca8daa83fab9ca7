import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import type { CloudEndpoints } from '../../src/identity/cloud-endpoints';
import { startApp, type RunningApp } from '../../src/index';
import { createLogger } from '../../src/logging/logger';
import { startFakeTeamsConnector, type FakeTeamsConnector } from './fake-teams-connector';

export interface TestBot {
  app: RunningApp;
  connector: FakeTeamsConnector;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** POSTs an activity to /api/messages; resolves when the bot has finished the turn. */
  send(activity: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  /** A connector the test keeps across bots (e.g. a restart); the bot then leaves it open when it closes. */
  connector?: FakeTeamsConnector;
  /** A fixed today for renewal dates, the simulator and alert passes. */
  clock?: () => Date;
}

/**
 * Starts the real bot (the same wiring as `npm start`) on a free loopback port, with a fake Teams
 * connector to receive its replies. Unset variables keep their defaults: local mode and the simulator.
 */
export async function startTestBot(env: Record<string, string> = {}, cloudEndpoints?: CloudEndpoints, options: TestBotOptions = {}): Promise<TestBot> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  const connector = options.connector ?? (await startFakeTeamsConnector());
  const ownsConnector = options.connector === undefined;
  // Each bot gets its own data directory unless the test shares one on purpose (e.g. a restart).
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'usage-bot-'));
  const app = await startApp(loadConfig({ PORT: '0', ...env, DATA_DIR: dataDir }), logger, { version: 'test', ...(cloudEndpoints ? { cloudEndpoints } : {}), ...(options.clock ? { clock: options.clock } : {}) }).catch(async (error: unknown) => {
    if (ownsConnector) await connector.close();
    throw error;
  });

  return {
    app,
    connector,
    logs,
    send: (activity, headers = {}) =>
      fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof activity === 'string' ? activity : JSON.stringify(activity),
      }),
    close: async () => {
      await app.close();
      if (ownsConnector) await connector.close();
    },
  };
}
