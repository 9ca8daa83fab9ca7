import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../src/simulator/partner-center-simulator';
import { personalMessage } from '../helpers/activities';
import { cardOf, textsOf } from '../helpers/cards';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../helpers/fake-teams-connector';
import { startRecordingProxy, type RecordingProxy } from '../helpers/partner-center-proxy';
import { startAzurite } from '../helpers/azurite';
import { startTestBot } from '../helpers/test-bot';

const ROOT = join(__dirname, '..', '..');

/** Starts the compiled bot as `npm start` does, and resolves with its URL once it listens. */
interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  lines: string[];
  /** Resolves with the first line the bot logs whose message starts with `message`. */
  logged(message: string): Promise<LogEntry>;
}

interface LogEntry {
  level?: number;
  time?: string;
  msg?: string;
  url?: string;
}

async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', 'dist/index.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', DATA_DIR: mkdtempSync(join(tmpdir(), 'usage-bot-')), ...env },
  });
  const lines: string[] = [];
  const output = createInterface({ input: child.stdout });
  output.on('line', (line) => lines.push(line));
  const logged = (message: string) =>
    new Promise<LogEntry>((resolve, reject) => {
      const check = (line: string) => {
        const entry = JSON.parse(line) as LogEntry;
        if (entry.msg?.startsWith(message)) {
          output.off('line', check);
          resolve(entry);
        }
      };
      lines.forEach(check);
      output.on('line', check);
      child.once('exit', (code) => reject(new Error(`bot exited with ${code} before logging "${message}"`)));
    });
  const { url } = await logged('LOCAL MODE');
  return { child, url: url!, lines, logged };
}

/** SIGTERM, as a terminal's Ctrl+C or a process manager would stop it; resolves with the exit code. */
async function stopBotProcess(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** What `npm start` tells the person at the terminal once it is ready, for a bot on `url`. */
function nextStepLine(url: string): string {
  return `Ready on ${url}. To chat with the bot, run \`PORT=${new URL(url).port} npm run playground\` in another terminal.`;
}

describe('the bot as a process', () => {
  let simulator: RunningSimulator;
  let proxy: RecordingProxy;
  let connector: FakeTeamsConnector;

  beforeAll(async () => {
    // The same build `npm start` runs; incremental, so cheap when nothing changed.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset() });
    proxy = await startRecordingProxy(simulator.url);
    connector = await startFakeTeamsConnector();
  }, 60_000);
  afterAll(async () => {
    await connector.close();
    await proxy.close();
    await simulator.close();
  });

  it('finishes the turn in progress on SIGTERM, answers the user, then exits cleanly', async () => {
    const bot = await startBotProcess({ PARTNER_CENTER_BASE_URL: proxy.url });
    proxy.hold();
    const activity = personalMessage('usage for Northwind', { serviceUrl: connector.url });
    const before = proxy.requests.length;
    const posted = fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await proxy.received(before + 1); // the turn is now waiting on Partner Center

    const exited = once(bot.child, 'exit');
    bot.child.kill('SIGTERM');
    await bot.logged('shutting down');
    // New requests are refused while the running turn finishes.
    await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
    proxy.release();

    expect((await posted).status).toBe(200);
    const [code] = await exited;
    expect(code).toBe(0);
    const answer = connector.to(activity.conversation.id).find((a) => a.type === 'message');
    expect(textsOf(cardOf(answer!)).join('\n')).toContain('Northwind Traders');
    expect(bot.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('on SIGTERM tells a user whose answer is still on its way to ask again, and exits within its bound', async () => {
    const bot = await startBotProcess({ PARTNER_CENTER_BASE_URL: proxy.url, SHUTDOWN_GRACE_SECONDS: '1' });
    proxy.hold();
    try {
      const activity = personalMessage('usage for Northwind', { serviceUrl: connector.url });
      const before = proxy.requests.length;
      const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      // Answered by the hand-off while Partner Center still has the question.
      expect(response.status).toBe(200);
      await proxy.received(before + 1);

      const exited = once(bot.child, 'exit');
      const killedAt = Date.now();
      bot.child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      // The grace (1 s), telling the user, and closing: far inside the platform's 30 s.
      expect(Date.now() - killedAt).toBeLessThan(8_000);
      expect(connector.to(activity.conversation.id).filter((a) => a.type === 'message').map((a) => a.text)).toEqual([
        'Sorry, your answer was interrupted because the bot is restarting. Please ask again in a minute.',
      ]);
    } finally {
      proxy.release();
      bot.child.kill('SIGKILL');
    }
  });

  // Under jest stdout is a pipe, as for a log collector; that the decision flips for a terminal is
  // test/unit/logging/log-format.test.ts.
  it.each([
    ['without LOG_FORMAT', {}],
    ['with LOG_FORMAT=json', { LOG_FORMAT: 'json' }],
  ])('writes JSON lines into a pipe %s, start-up ending with what to do next', async (_setting, env: Record<string, string>) => {
    const bot = await startBotProcess(env);
    try {
      const ready = await bot.logged('Ready on');
      expect(ready.msg).toBe(nextStepLine(bot.url));
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);

      const entries = bot.lines.map((line) => JSON.parse(line) as LogEntry);
      for (const entry of entries) expect(entry).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(String), msg: expect.any(String) }));
      expect(entries.at(-1)?.msg).toBe(ready.msg);
    } finally {
      expect(await stopBotProcess(bot.child)).toBe(0);
    }
  });

  it('writes readable lines with LOG_FORMAT=pretty, without colour codes into a pipe, the last one saying what to do next', async () => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', 'dist/index.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'pretty', DATA_DIR: mkdtempSync(join(tmpdir(), 'usage-bot-')) },
    });
    try {
      const lines: string[] = [];
      const output = createInterface({ input: child.stdout });
      const readyLine = await new Promise<string>((resolve, reject) => {
        output.on('line', (line) => {
          lines.push(line);
          if (line.includes('Ready on')) resolve(line);
        });
        child.once('exit', (code) => reject(new Error(`bot exited with ${code} before it was ready: ${lines.join('\n')}`)));
      });
      const url = /Ready on (http:\/\/[^\s]+?)\. /.exec(readyLine)?.[1] ?? '';
      expect((await fetch(`${url}/healthz`)).status).toBe(200);

      expect(readyLine).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: /);
      expect(readyLine.endsWith(nextStepLine(url))).toBe(true);
      expect(lines.at(-1)).toBe(readyLine);
      // One line per event, a time and a level first; never a JSON object or a terminal's colour codes.
      for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN): [^{]/);
      expect(lines.join('\n')).not.toContain('\u001b[');
      expect(lines.some((line) => line.includes('LOCAL MODE'))).toBe(true);
    } finally {
      expect(await stopBotProcess(child)).toBe(0);
    }
  });

  it('refuses to start with a bad setting, naming the variable', async () => {
    const child = spawn(process.execPath, ['dist/index.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOW_USAGE_THRESHOLD: 'lots' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('LOW_USAGE_THRESHOLD');
    expect(stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
  });

  it('lets another instance take over the alert pass when the instance running it dies', async () => {
    const azurite = await startAzurite();
    const key = 'alerts-run-key-for-tests-0123456789';
    const env = {
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: `takeover-${randomUUID().slice(0, 8)}`,
      PARTNER_CENTER_BASE_URL: simulator.url,
      ALERTS_API_KEY: key,
      ALERT_SCHEDULE: 'off',
      // The shortest lease Azure allows: a dead holder's pass is taken over after 15 seconds.
      ALERT_LEASE_SECONDS: '15',
    };
    const survivor = await startTestBot(env, undefined, { connector });
    const doomed = await startBotProcess(env);
    const run = (url: string) => fetch(`${url}/api/alerts/run`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    try {
      const chats = [`a:${randomUUID()}`, `a:${randomUUID()}`];
      for (const chat of chats) await survivor.send(personalMessage('alerts on for Contoso Ltd', { serviceUrl: connector.url, conversationId: chat }));

      // The doomed instance takes the lease and starts posting; Teams is slow, and the process is killed.
      const holds = chats.map((chat) => connector.hold(chat));
      void run(doomed.url).catch(() => undefined);
      await Promise.race(holds.map((hold) => hold.reached));
      const exited = once(doomed.child, 'exit');
      doomed.child.kill('SIGKILL');
      await exited;
      holds.forEach((release) => release());

      // Its lease still stands for a while: the survivor is told a pass is running, then takes over.
      expect((await run(survivor.app.url)).status).toBe(409);
      let response = await run(survivor.app.url);
      const deadline = Date.now() + 40_000;
      while (response.status === 409 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        response = await run(survivor.app.url);
      }
      expect(response.status).toBe(200);
      for (const chat of chats) {
        expect(connector.received.filter((r) => r.conversationId === chat && !r.replyToId)).toHaveLength(1);
      }
    } finally {
      doomed.child.kill('SIGKILL');
      await survivor.close();
      await azurite.close();
    }
  }, 90_000);
});
