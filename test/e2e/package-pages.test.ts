// @microsoft/app-manifest loads strip-bom 5, an ES module jest's CommonJS loader cannot run (see
// test/unit/app-package/app-package.test.ts); validation never strips a BOM.
jest.mock(require.resolve('strip-bom', { paths: [require.resolve('@microsoft/app-manifest')] }), () => ({
  __esModule: true,
  default: (text: string) => text.replace(/^\uFEFF/, ''),
}));

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPackageInvalidError, buildAppPackage } from '../../scripts/lib/app-package';
import { packageApp } from '../../scripts/package-app';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const ROOT = join(__dirname, '..', '..');
const APP_PACKAGE_DIR = join(ROOT, 'appPackage');
const SAMPLE = { TEAMS_APP_ID: '3f2a9c51-7d4e-4b8a-9e61-0c5d2b7a8f14', BOT_ID: 'b8e1d6a2-54c3-4f9e-a7b0-6d2c1e9f3a58', BOT_DOMAIN: 'csp-usage-bot.azurewebsites.net' };

describe('npm run package -- --check-pages: the privacy and terms links answer', () => {
  let bot: TestBot;
  let notFound: Server;
  let notFoundUrl: string;
  let outputDir: string;
  beforeAll(async () => {
    bot = await startTestBot({ ALERT_SCHEDULE: 'off' });
    notFound = createServer((_req, res) => {
      res.statusCode = 404;
      res.end('nope');
    });
    await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
    notFoundUrl = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}`;
    outputDir = await mkdtemp(join(tmpdir(), 'package-pages-'));
  });
  afterAll(async () => {
    await bot.close();
    await new Promise<void>((resolve) => notFound.close(() => resolve()));
    await rm(outputDir, { recursive: true, force: true });
  });

  const build = (pagesFrom: string) => buildAppPackage({ sourceDir: APP_PACKAGE_DIR, outputDir, envName: 'pages', variables: SAMPLE, pagesFrom });

  it('builds when the bot in local mode serves both pages at the manifest paths', async () => {
    await expect(build(bot.app.url)).resolves.toMatchObject({ entries: expect.arrayContaining(['manifest.json']) });
  });

  it('refuses, naming both links, when they answer 404', async () => {
    const attempt = build(notFoundUrl);
    await expect(attempt).rejects.toThrow(AppPackageInvalidError);
    await expect(attempt).rejects.toMatchObject({
      problems: [
        `manifest.json: developer.privacyUrl: ${notFoundUrl}/privacy answered 404, not 200`,
        `manifest.json: developer.termsOfUseUrl: ${notFoundUrl}/terms answered 404, not 200`,
      ],
    });
  });

  it('refuses when nothing answers there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(build(url)).rejects.toMatchObject({ problems: [expect.stringContaining('did not answer'), expect.stringContaining('did not answer')] });
  });
});

describe('npm run package -- --check-pages local: starts the built bot itself', () => {
  const zip = join(APP_PACKAGE_DIR, 'build', 'appPackage.pages-local.zip');
  beforeAll(() => {
    // The same build `npm start` runs; incremental, so cheap when nothing changed.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
  }, 120_000);
  afterAll(() => rm(zip, { force: true }));

  it('builds the package once the local bot answered both pages, and stops the bot', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await packageApp(['--env', 'pages-local', '--check-pages', 'local'], {
      projectRoot: ROOT,
      processEnv: SAMPLE,
      print: (line) => out.push(line),
      printError: (line) => err.push(line),
    });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    const url = /at (http:\/\/127\.0\.0\.1:\d+) to check/.exec(out.join('\n'))?.[1];
    expect(url).toBeDefined();
    expect(existsSync(zip)).toBe(true);
    // Stopped: nothing answers there any more.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);
});
