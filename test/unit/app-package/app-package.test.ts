// @microsoft/app-manifest loads strip-bom 5, an ES module that Node's own require runs but jest's
// CommonJS loader cannot. Validation never strips a BOM; a CommonJS stand-in that does the same suffices.
jest.mock(require.resolve('strip-bom', { paths: [require.resolve('@microsoft/app-manifest')] }), () => ({
  __esModule: true,
  default: (text: string) => text.replace(/^\uFEFF/, ''),
}));

import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { parseCommand } from '../../../src/core/commands/parse-command';
import { drawIcons } from '../../../scripts/draw-icons';
import { AppPackageInvalidError, buildAppPackage } from '../../../scripts/lib/app-package';
import { validateLocalization, validateManifest } from '../../../scripts/lib/manifest-schemas';
import { MissingVariablesError } from '../../../scripts/lib/placeholders';
import { packageApp } from '../../../scripts/package-app';

const APP_PACKAGE_DIR = join(__dirname, '..', '..', '..', 'appPackage');
const PACKAGE_FILES = ['color.png', 'manifest.json', 'nl.json', 'outline.png'];
const SAMPLE = {
  TEAMS_APP_ID: '3f2a9c51-7d4e-4b8a-9e61-0c5d2b7a8f14',
  BOT_ID: 'b8e1d6a2-54c3-4f9e-a7b0-6d2c1e9f3a58',
  BOT_DOMAIN: 'csp-usage-bot.azurewebsites.net',
};

interface Manifest {
  manifestVersion: string;
  id: string;
  name: { short: string; full?: string };
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> }>;
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: Array<{ languageTag: string; file: string }> };
}

let workDir: string;
let zip: AdmZip;
let manifest: Manifest;
let dutch: Record<string, string>;
const realFetch = globalThis.fetch;

function zipText(name: string): string {
  return zip.getEntry(name)?.getData().toString('utf8') ?? '';
}

function zipPng(name: string): PNG {
  const entry = zip.getEntry(name);
  if (!entry) throw new Error(`${name} is not in the package`);
  return PNG.sync.read(entry.getData());
}

/** A project folder with the real appPackage files, and env/.env.<name> files as given. */
async function projectWith(envFiles: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(workDir, 'project-'));
  await mkdir(join(root, 'appPackage'));
  await mkdir(join(root, 'env'));
  for (const file of PACKAGE_FILES) await copyFile(join(APP_PACKAGE_DIR, file), join(root, 'appPackage', file));
  for (const [name, text] of Object.entries(envFiles)) await writeFile(join(root, 'env', `.env.${name}`), text);
  return root;
}

function capture(): { out: string[]; err: string[]; print(line: string): void; printError(line: string): void } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, print: (line) => out.push(line), printError: (line) => err.push(line) };
}

beforeAll(async () => {
  // Packaging and validation must work offline: any attempt to download a schema fails the test.
  globalThis.fetch = () => Promise.reject(new Error('network access during app package validation'));
  workDir = await mkdtemp(join(tmpdir(), 'app-package-'));
  const built = await buildAppPackage({ sourceDir: APP_PACKAGE_DIR, outputDir: workDir, envName: 'test', variables: SAMPLE });
  zip = new AdmZip(built.zipPath);
  manifest = JSON.parse(zipText('manifest.json')) as Manifest;
  dutch = JSON.parse(zipText('nl.json')) as Record<string, string>;
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await rm(workDir, { recursive: true, force: true });
});

describe('the Teams app package', () => {
  it('holds the manifest, both icons and the Dutch strings at the zip root', () => {
    expect(zip.getEntries().map((entry) => entry.entryName).sort()).toEqual(PACKAGE_FILES);
  });

  it("fills every placeholder with the environment's values", () => {
    for (const file of ['manifest.json', 'nl.json']) expect(zipText(file)).not.toContain('${{');
    expect(manifest.id).toBe(SAMPLE.TEAMS_APP_ID);
    expect(manifest.bots[0]?.botId).toBe(SAMPLE.BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: SAMPLE.BOT_ID, resource: `api://botid-${SAMPLE.BOT_ID}` });
    expect(manifest.validDomains).toEqual(expect.arrayContaining(['token.botframework.com', SAMPLE.BOT_DOMAIN]));
  });

  it("passes the Teams manifest schema of a current 1.2x version offline, while a broken copy doesn't", async () => {
    expect(manifest.manifestVersion).toMatch(/^1\.2\d$/);
    await expect(validateManifest(manifest)).resolves.toEqual([]);

    const tooLongName = { ...manifest, name: { ...manifest.name, short: 'CSP license usage for account managers' } };
    const problems = await validateManifest(tooLongName);
    expect(problems).toEqual([expect.stringContaining('/name/short')]);
  });

  it("offers the commands in personal chats, teams and group chats, with descriptions", () => {
    const bot = manifest.bots[0];
    expect(bot?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot?.commandLists.flatMap((list) => list.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot?.commandLists ?? []) {
      expect(list.commands.map((command) => command.title)).toEqual(['usage for', 'alerts', 'threshold', 'help', 'sign out', 'renewals', 'report']);
      for (const command of list.commands) expect(command.description.trim()).not.toBe('');
    }
  });

  it('has only menu commands the bot understands, in English and in Dutch', () => {
    const lists = manifest.bots[0]?.commandLists ?? [];
    lists.forEach((list, listIndex) =>
      list.commands.forEach((command, commandIndex) => {
        const dutchTitle = dutch[`bots[0].commandLists[${listIndex}].commands[${commandIndex}].title`] ?? '';
        for (const title of [command.title, dutchTitle]) {
          // Teams puts the title in the compose box; "usage for" then takes a customer.
          const typed = command.title === 'usage for' ? `${title} Contoso` : title;
          expect({ typed, understood: parseCommand(typed).kind !== 'unknown' }).toEqual({ typed, understood: true });
        }
      }),
    );
  });

  it('is in English by default with a Dutch translation that passes the localization schema', async () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-us',
      additionalLanguages: [{ languageTag: 'nl-nl', file: 'nl.json' }],
    });
    await expect(validateLocalization(dutch, manifest.manifestVersion)).resolves.toEqual([]);

    const misspelt = { ...dutch, 'bots[0].commandLists[0].commands[0].titel': 'gebruik voor' };
    await expect(validateLocalization(misspelt, manifest.manifestVersion)).resolves.not.toEqual([]);
  });

  it('translates the name, the description and every command into Dutch', () => {
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) {
      expect(dutch[key]?.trim()).toBeTruthy();
    }
    (manifest.bots[0]?.commandLists ?? []).forEach((list, listIndex) =>
      list.commands.forEach((command, commandIndex) => {
        for (const field of ['title', 'description'] as const) {
          const translated = dutch[`bots[0].commandLists[${listIndex}].commands[${commandIndex}].${field}`];
          expect(translated?.trim()).toBeTruthy();
          expect(translated).not.toBe(command[field]);
        }
      }),
    );
  });
});

describe('the message extension and Microsoft 365 Copilot in the manifest', () => {
  type Extended = Manifest & {
    composeExtensions: Array<{ botId: string; commands: Array<{ id: string; type: string; title: string; initialRun: boolean; parameters: Array<{ name: string }> }> }>;
    copilotAgents: { customEngineAgents: Array<{ type: string; id: string }> };
  };
  const extended = () => manifest as Extended;

  it('declares the "Customer usage" search for the bot, opening with recent customers, translated into Dutch', () => {
    const [extension] = extended().composeExtensions;
    expect(extension?.botId).toBe(SAMPLE.BOT_ID);
    expect(extension?.commands).toEqual([
      expect.objectContaining({ id: 'customerUsage', type: 'query', title: 'Customer usage', initialRun: true, parameters: [expect.objectContaining({ name: 'customer' })] }),
    ]);
    expect(dutch['composeExtensions[0].commands[0].title']).toBe('Klantgebruik');
    expect(dutch['composeExtensions[0].commands[0].parameters[0].title']).toBe('Klant');
  });

  it('offers the bot as a custom engine agent in Copilot Chat, which needs its personal scope', () => {
    expect(extended().copilotAgents).toEqual({ customEngineAgents: [{ type: 'bot', id: SAMPLE.BOT_ID }] });
    expect(manifest.bots[0]?.scopes).toContain('personal');
  });

  it('passes the offline schema with both, and fails it when either is malformed', async () => {
    await expect(validateManifest(manifest)).resolves.toEqual([]);
    const wrongAgent = { ...manifest, copilotAgents: { customEngineAgents: [{ type: 'declarative', id: SAMPLE.BOT_ID }] } };
    expect(await validateManifest(wrongAgent)).toEqual(expect.arrayContaining([expect.stringContaining('/copilotAgents/customEngineAgents/0/type')]));
    const [extension] = extended().composeExtensions;
    const longTitle = { ...manifest, composeExtensions: [{ ...extension, commands: [{ ...extension!.commands[0], title: 'Customer usage by name, domain or id' }] }] };
    expect(await validateManifest(longTitle)).toEqual(expect.arrayContaining([expect.stringContaining('/composeExtensions/0/commands/0/title')]));
  });
});

describe('the icons', () => {
  it('are a 192×192 colour icon and a 32×32 outline icon', () => {
    const color = zipPng('color.png');
    const outline = zipPng('outline.png');
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
  });

  it('draw the outline icon in white on transparent only', () => {
    const { data } = zipPng('outline.png');
    const pixels = Array.from({ length: data.length / 4 }, (_, i) => Array.from(data.subarray(i * 4, i * 4 + 4)));
    const strays = pixels.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255));
    expect(strays).toEqual([]);
    expect(pixels.some(([, , , a]) => a === 255)).toBe(true);
  });

  it('draw the colour icon in colour, on an opaque background', () => {
    const { data, width } = zipPng('color.png');
    const at = (x: number, y: number): number[] => Array.from(data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));
    const centre = at(96, 96);
    expect(centre[3]).toBe(255);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 60) coloured += 1;
    }
    expect(coloured).toBeGreaterThan((192 * 192) / 2);
  });

  it('are the ones scripts/draw-icons.ts draws, so they can be redrawn', async () => {
    const redrawDir = await mkdtemp(join(workDir, 'icons-'));
    await drawIcons(redrawDir);
    for (const icon of ['color.png', 'outline.png']) {
      const committed = PNG.sync.read(await readFile(join(APP_PACKAGE_DIR, icon)));
      const redrawn = PNG.sync.read(await readFile(join(redrawDir, icon)));
      expect({ icon, same: committed.data.equals(redrawn.data) }).toEqual({ icon, same: true });
    }
  });
});

describe('npm run package', () => {
  it('builds appPackage/build/appPackage.<env>.zip from env/.env.<env>, whose values win over the environment', async () => {
    const root = await projectWith({
      test: `# filled in by provision\nTEAMS_APP_ID=${SAMPLE.TEAMS_APP_ID}\nBOT_ID="${SAMPLE.BOT_ID}"\nBOT_DOMAIN=${SAMPLE.BOT_DOMAIN} # the web app\n`,
    });
    const io = capture();
    const code = await packageApp(['--env', 'test'], { projectRoot: root, processEnv: { BOT_DOMAIN: 'elsewhere.example.com' }, ...io });

    expect({ code, err: io.err }).toEqual({ code: 0, err: [] });
    expect(io.out.join('\n')).toContain(join('appPackage', 'build', 'appPackage.test.zip'));
    const built = new AdmZip(join(root, 'appPackage', 'build', 'appPackage.test.zip'));
    const builtManifest = JSON.parse(built.getEntry('manifest.json')?.getData().toString('utf8') ?? '{}') as Manifest;
    expect(builtManifest.validDomains).toContain(SAMPLE.BOT_DOMAIN);
    expect(builtManifest.bots[0]?.botId).toBe(SAMPLE.BOT_ID);
  });

  it('refuses with one message naming every variable without a value, and writes no package', async () => {
    const root = await projectWith({ local: `TEAMS_APP_ID=${SAMPLE.TEAMS_APP_ID}\nBOT_DOMAIN=\n` });
    const io = capture();
    const code = await packageApp([], { projectRoot: root, processEnv: {}, ...io });

    expect(code).toBe(1);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toContain('no value for BOT_DOMAIN, BOT_ID');
    expect(io.err[0]).toContain(join('env', '.env.local'));
    expect(existsSync(join(root, 'appPackage', 'build', 'appPackage.local.zip'))).toBe(false);
  });

  it('refuses a package Teams would reject, saying where the problem is', async () => {
    const attempt = buildAppPackage({
      sourceDir: APP_PACKAGE_DIR,
      outputDir: workDir,
      envName: 'broken',
      variables: { ...SAMPLE, BOT_ID: 'not-a-guid' },
    });
    await expect(attempt).rejects.toThrow(AppPackageInvalidError);
    await expect(attempt).rejects.toThrow(/manifest\.json: \/bots\/0\/botId/);
    expect(existsSync(join(workDir, 'appPackage.broken.zip'))).toBe(false);
  });

  it('names missing variables to callers of the build as well', async () => {
    const attempt = buildAppPackage({ sourceDir: APP_PACKAGE_DIR, outputDir: workDir, envName: 'empty', variables: {} });
    await expect(attempt).rejects.toThrow(MissingVariablesError);
    await expect(attempt).rejects.toMatchObject({ names: ['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID'] });
  });

  it('explains its usage when given an argument it does not know', async () => {
    const root = await projectWith({});
    const io = capture();
    expect(await packageApp(['--environment', 'dev'], { projectRoot: root, processEnv: {}, ...io })).toBe(2);
    expect(io.err.join('\n')).toContain('--env <name>');
    expect(await packageApp(['--check-pages', 'https://bot.example.com/privacy'], { projectRoot: root, processEnv: {}, ...io })).toBe(2);
    expect(io.err.join('\n')).toContain('--check-pages <bot url>');
  });
});

describe('the rules an admin center submission trips over', () => {
  /** Builds from a copy of appPackage/ changed by `change`; resolves with the problems, none when it built. */
  async function problemsWith(change: (files: { manifest: any; dutch: Record<string, string> }) => void, icons: Partial<Record<'color.png' | 'outline.png', Buffer>> = {}) {
    const root = await projectWith({});
    const dir = join(root, 'appPackage');
    const files = { manifest: JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')), dutch: JSON.parse(await readFile(join(dir, 'nl.json'), 'utf8')) };
    change(files);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(files.manifest));
    await writeFile(join(dir, 'nl.json'), JSON.stringify(files.dutch));
    for (const [name, png] of Object.entries(icons)) await writeFile(join(dir, name), png);
    try {
      await buildAppPackage({ sourceDir: dir, outputDir: join(root, 'out'), envName: 'rules', variables: SAMPLE });
      return [];
    } catch (error) {
      if (error instanceof AppPackageInvalidError) return [...error.problems];
      throw error;
    }
  }

  function png(size: number, rgba: [number, number, number, number]): Buffer {
    const image = new PNG({ width: size, height: size });
    for (let i = 0; i < image.data.length; i += 4) image.data.set(rgba, i);
    return PNG.sync.write(image);
  }

  it('passes the package as committed', async () => {
    expect(await problemsWith(() => undefined)).toEqual([]);
  });

  it('refuses icons of the wrong size, and an outline icon that is not white on transparent', async () => {
    expect(await problemsWith(() => undefined, { 'color.png': png(64, [15, 108, 189, 255]) })).toEqual(['color.png: is 64×64, must be 192×192']);
    expect(await problemsWith(() => undefined, { 'outline.png': png(32, [15, 108, 189, 255]) })).toEqual(['outline.png: has 1024 pixels that are neither white nor transparent']);
  });

  it('counts lengths in every language: a Dutch short name over 30 or short description over 80 characters', async () => {
    const problems = await problemsWith(({ dutch }) => {
      dutch['name.short'] = 'CSP-licentiegebruik voor accountmanagers';
      dutch['description.short'] = 'x'.repeat(81);
      dutch['description.full'] = 'y'.repeat(4001);
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'nl.json: name.short is 40 characters, at most 30',
        'nl.json: description.short is 81 characters, at most 80',
        'nl.json: description.full is 4001 characters, at most 4000',
      ]),
    );
  });

  it('refuses command titles the menus cut off, for the bot and the message extension', async () => {
    const problems = await problemsWith(({ dutch }) => {
      dutch['bots[0].commandLists[0].commands[0].title'] = 'gebruik voor '.repeat(10);
      dutch['composeExtensions[0].commands[0].title'] = 'Klantgebruik op naam, domein of klant-id';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'nl.json: bots[0].commandLists[0].commands[0].title is 130 characters, at most 128',
        'nl.json: composeExtensions[0].commands[0].title is 40 characters, at most 32',
      ]),
    );
  });

  it.each([
    ['*.com', /a wildcard may only replace the first label/],
    ['*', /a wildcard may only replace the first label/],
    ['https://csp-usage-bot.azurewebsites.net', /must be a host name, without https:\/\/ or a path/],
    ['csp-usage-bot.azurewebsites.net/privacy', /must be a host name, without https:\/\/ or a path/],
    ['not a domain', /must be a host name/],
  ])('refuses the valid domain %j', async (domain, problem) => {
    const problems = await problemsWith(({ manifest }) => {
      manifest.validDomains = [...manifest.validDomains, domain];
    });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^manifest\\.json: validDomains\\[2\\] .*${problem.source}`))]);
  });

  it('accepts a wildcard for one label of a domain the partner owns', async () => {
    expect(await problemsWith(({ manifest }) => manifest.validDomains.push('*.contoso.com'))).toEqual([]);
  });

  it('refuses privacy and terms links that are not https', async () => {
    const problems = await problemsWith(({ manifest }) => {
      manifest.developer.privacyUrl = 'http://${{BOT_DOMAIN}}/privacy';
    });
    expect(problems).toEqual(['manifest.json: developer.privacyUrl must be an https URL']);
  });
});
