import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { cardsPreview, type CardsPreviewContext } from '../../scripts/cards-preview';
import { renderCards } from '../../scripts/lib/card-renderer';
import { CHROMIUM_INSTALL_HINT, locateChromium } from '../../scripts/lib/chromium';
import type { UsageSummary } from '../../src/core/usage/usage-summary';
import type { Messages } from '../../src/i18n/messages';
import { sourceCardKit as kit } from '../helpers/card-kit';

const chromium = locateChromium(process.env);

/** CI installs Chromium (.ci/run); a machine without it must say so, not pass by skipping. */
function requireChromium(): { path: string; found: boolean } {
  if (!chromium.found) throw new Error(`The card preview tests need Chromium, and there is none at ${chromium.path}. ${CHROMIUM_INSTALL_HINT}`);
  return chromium;
}

let outDir: string;
let printed: string[];
let errors: string[];

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'card-previews-'));
  printed = [];
  errors = [];
});

afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function context(overrides: Partial<CardsPreviewContext<Messages, UsageSummary>> = {}): CardsPreviewContext<Messages, UsageSummary> {
  return {
    projectRoot: join(__dirname, '..', '..'),
    cwd: outDir,
    chromium: requireChromium(),
    kit,
    print: (line) => printed.push(line),
    printError: (line) => errors.push(line),
    ...overrides,
  };
}

async function readPng(file: string): Promise<PNG> {
  // PNG.sync.read checks the signature and every chunk's CRC: a truncated or fake file throws.
  return PNG.sync.read(await readFile(file));
}

/** Share of pixels that differ from the top-left one (the chat background): 0 for a blank picture. */
function inkedShare(png: PNG): number {
  let inked = 0;
  for (let offset = 0; offset < png.data.length; offset += 4) {
    if (png.data.readUInt32BE(offset) !== png.data.readUInt32BE(0)) inked++;
  }
  return inked / (png.width * png.height);
}

describe('npm run cards:preview', () => {
  it('draws every sample card, in English and Dutch, the usage card also with its healthy workloads shown', async () => {
    const code = await cardsPreview(['--out', outDir], context());

    expect(errors).toEqual([]);
    expect(code).toBe(0);
    for (const language of ['en', 'nl']) {
      const usage = await readPng(join(outDir, `usage-${language}.png`));
      expect(usage.width).toBeGreaterThan(300);
      expect(usage.height).toBeGreaterThan(200);
      expect(inkedShare(usage)).toBeGreaterThan(0.05);
      // As after clicking "Show healthy workloads": the hidden list is drawn too.
      const expanded = await readPng(join(outDir, `usage-${language}-expanded.png`));
      expect(expanded.height).toBeGreaterThan(usage.height);
      for (const kind of ['usage-no-data', 'customer-choice', 'help', 'welcome', 'alert', 'alert-digest', 'alerts-paused', 'usage-trend', 'report', 'report-shared', 'alert-tuning', 'alert-tuned']) {
        expect(existsSync(join(outDir, `${kind}-${language}.png`))).toBe(true);
      }
    }
    expect(printed.join('\n')).toContain('usage-en.png');
  });

  it('exits non-zero and names the card when one cannot be drawn, still drawing the others', async () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement', text: 'x' }] };
    const englishOnly = { ...kit, languages: kit.languages.slice(0, 1), buildHelpCard: () => broken };
    const code = await cardsPreview(['--out', outDir], context({ kit: englishOnly }));

    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/help-en: nothing to show.*NoSuchElement/);
    expect(existsSync(join(outDir, 'help-en.png'))).toBe(false);
    expect(existsSync(join(outDir, 'usage-en.png'))).toBe(true);
  });

  it('says so when Chromium is missing, with how to install it', async () => {
    const code = await cardsPreview(['--out', outDir], context({ chromium: { path: join(outDir, 'no-chromium'), found: false } }));

    expect(code).toBe(1);
    expect(errors.join('\n')).toContain('apt-get install -y chromium');
  });

  it('refuses arguments it does not know', async () => {
    expect(await cardsPreview(['--outt', outDir], context())).toBe(2);
    expect(errors.join('\n')).toContain('--out <dir>');
  });
});

describe('the card renderer', () => {
  it('draws a Teams chart by its fallback and says so, and fails on what is not an Adaptive Card', async () => {
    const chart = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Usage', weight: 'Bolder' },
        { type: 'Chart.Donut', data: [{ legend: 'Exchange', value: 80 }], fallback: { type: 'TextBlock', text: 'Exchange: 80 %' } },
      ],
    };
    const hero = { contentType: 'application/vnd.microsoft.card.hero', content: { title: 'Not adaptive' } };
    const { rendered, failures } = await renderCards(
      [
        { name: 'hero', card: hero },
        { name: 'chart', card: chart },
      ],
      { chromiumPath: requireChromium().path, outDir, adaptiveCardsScript: require.resolve('adaptivecards/dist/adaptivecards.min.js') },
    );

    expect(failures).toEqual([{ name: 'hero', reason: expect.stringContaining('not an Adaptive Card') }]);
    expect(rendered.map((card) => card.name)).toEqual(['chart']);
    expect(rendered[0]?.notes).toEqual([expect.stringMatching(/Chart\.Donut.*fallback/)]);
    expect(inkedShare(await readPng(join(outDir, 'chart.png')))).toBeGreaterThan(0);
    expect(existsSync(join(outDir, 'hero.png'))).toBe(false);
  });
});
