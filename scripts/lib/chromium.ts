/**
 * Which Chromium the card previews drive, and how to start it. First match wins:
 *
 * 1. CHROMIUM_PATH, when set: your own Chrome or Chromium (Debian's is /usr/bin/chromium). When it is
 *    set, that browser is used or the previews fail naming it; never a quiet fall-back to another one.
 * 2. The Chromium inside the @sparticuz/chromium dev dependency (Linux x64), unpacked once per install
 *    into node_modules/.cache, with the fonts and the few shared libraries it ships.
 *
 * Why the bundled one by default, even where a system browser exists: `npm ci` then gives every machine
 * and CI the same browser, fonts and libraries, so a preview looks the same wherever it was drawn, and an
 * apt upgrade or a browser someone installed never changes what the tests drive without anyone asking.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * For a browser of your own, run headless as root in a container: no sandbox (it needs user namespaces
 * CI does not grant), no GPU, and no background calls home (the previews need no network at all).
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Flags @sparticuz/chromium recommends for serverless hosts that the previews do not want: a page of
 * our own needs no relaxed web security, and nothing may load over plain HTTP (the renderer blocks all
 * requests anyway).
 */
const UNWANTED_BUNDLED_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

export const CHROMIUM_PATH_HINT =
  'Set CHROMIUM_PATH to a Chromium or Chrome binary to use your own browser (on Debian: `apt-get install -y chromium`, then CHROMIUM_PATH=/usr/bin/chromium). ' +
  'Never `npx playwright install`: the previews need no download.';

/** A browser playwright-core can start: where it is, its flags and what it needs in its environment. */
export interface LaunchableChromium {
  path: string;
  args: string[];
  /** Added to the environment the browser starts with. */
  env: Record<string, string>;
  /** For output: which browser this is. */
  description: string;
}

export type ChromiumLookup = { found: true; browser: LaunchableChromium } | { found: false; problem: string };

/** The Chromium to drive (see the top of this file for the order); unpacks the bundled one when first needed. */
export async function locateChromium(env: { CHROMIUM_PATH?: string | undefined }): Promise<ChromiumLookup> {
  const own = env.CHROMIUM_PATH?.trim();
  if (own) return ownChromium(own);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      found: false,
      problem: `The Chromium bundled in @sparticuz/chromium runs on Linux x64 only, and this is ${process.platform} ${process.arch}. ${CHROMIUM_PATH_HINT}`,
    };
  }
  try {
    return { found: true, browser: await bundledChromium() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { found: false, problem: `Could not unpack the Chromium bundled in @sparticuz/chromium: ${reason}. ${CHROMIUM_PATH_HINT}` };
  }
}

function ownChromium(path: string): ChromiumLookup {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return {
      found: false,
      problem: `CHROMIUM_PATH is ${path}, and there is no browser that can be run there. Fix it, or unset it to use the Chromium bundled in @sparticuz/chromium.`,
    };
  }
  return { found: true, browser: { path, args: CHROMIUM_ARGS, env: {}, description: `${path} (CHROMIUM_PATH)` } };
}

/** Written last into an unpacked folder: its presence says the folder is complete. */
interface UnpackedMarker {
  version: string;
  args: string[];
}

const MARKER = 'unpacked.json';

async function bundledChromium(): Promise<LaunchableChromium> {
  const entry = require.resolve('@sparticuz/chromium'); // somewhere under <package>/build/
  const packageDir = packageDirOf(entry);
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // node_modules/.cache/: gone with `npm ci` like the package it came from, and unlike /tmp never
  // cleaned behind our back or mounted noexec.
  const cacheRoot = join(packageDir, '..', '..', '.cache', 'csp-usage-bot');
  const dir = join(cacheRoot, `chromium-${version}`);
  const marker = readMarker(dir) ?? (await unpack(packageDir, version, cacheRoot, dir));
  return {
    path: join(dir, 'chromium'),
    args: [...marker.args.filter((arg) => !UNWANTED_BUNDLED_ARGS.has(arg)), '--disable-background-networking'],
    env: {
      // Only the fonts it ships (Open Sans): the same text metrics on every machine, and text even on a
      // machine without a single font installed. Without a font config, text draws as boxes there.
      FONTCONFIG_PATH: join(dir, 'fonts'),
      // NSS and expat as it ships them (built for Amazon Linux 2023, whose glibc is older than Debian 12's):
      // a machine with nothing but Node has no libnss3.
      LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    },
    description: `the Chromium bundled in @sparticuz/chromium ${version}`,
  };
}

/** The package's own folder: its entry point sits at a depth that changes between releases. */
function packageDirOf(entry: string): string {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && basename(dir) === 'chromium' && basename(dirname(dir)) === '@sparticuz') return dir;
  }
  throw new Error(`no package folder above ${entry}`);
}

function readMarker(dir: string): UnpackedMarker | null {
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as UnpackedMarker;
    return existsSync(join(dir, 'chromium')) ? marker : null;
  } catch {
    return null;
  }
}

/**
 * Unpacks into a private folder, then renames it into place: several processes (jest workers, people
 * on one machine) may ask at once, and none must ever start a half-written browser.
 */
async function unpack(packageDir: string, version: string, cacheRoot: string, dir: string): Promise<UnpackedMarker> {
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(join(cacheRoot, `chromium-${version}.unpacking-`));
  try {
    const args = await runUnpacker(packageDir, staging);
    // The package's own fonts.conf names /tmp/fonts; ours names the folder the fonts end up in.
    await writeFile(join(staging, 'fonts', 'fonts.conf'), fontConfig(join(dir, 'fonts')));
    const marker: UnpackedMarker = { version, args };
    await writeFile(join(staging, MARKER), JSON.stringify(marker));
    // A folder without its marker is what an interrupted unpack left: it is never used, so replace it.
    if (existsSync(dir) && readMarker(dir) === null) await rm(dir, { recursive: true, force: true });
    try {
      await rename(staging, dir);
    } catch (error) {
      const winner = readMarker(dir); // another process finished first
      if (winner === null) throw error;
      return winner;
    }
    return marker;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * @sparticuz/chromium is an ES module, which neither this CommonJS code nor jest's module loader can
 * require, so a short Node process does the unpacking. It writes to its temporary folder (TMPDIR):
 * the browser, its fonts and SwiftShader, and the libraries it normally unpacks on Amazon Linux only.
 */
async function runUnpacker(packageDir: string, into: string): Promise<string[]> {
  // The package unpacks its libraries (al2023) only on AWS Lambda; its inflate() does it here too.
  const script = `
    import { join } from 'node:path';
    import { pathToFileURL } from 'node:url';
    const [packageDir] = process.argv.slice(1);
    const esm = (file) => import(pathToFileURL(join(packageDir, 'build', 'esm', file)).href);
    const { default: chromium } = await esm('index.js');
    const { inflate } = await esm('lambdafs.js');
    await chromium.executablePath();
    await inflate(join(packageDir, 'bin', 'al2023.tar.br'));
    process.stdout.write(JSON.stringify(chromium.args));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, packageDir], {
    env: { ...process.env, TMPDIR: into },
    timeout: 300_000,
  });
  const args: unknown = JSON.parse(stdout);
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) throw new Error('it gave no list of browser flags');
  if (!existsSync(join(into, 'chromium'))) throw new Error('it wrote no chromium binary');
  return args;
}

function fontConfig(fontsDir: string): string {
  const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${xml(join(fontsDir, 'fonts'))}</dir>`,
    `  <cachedir>${xml(join(fontsDir, 'cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}
