import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { cardsPreview, type CardsPreviewContext } from '../../scripts/cards-preview';
import { renderCards } from '../../scripts/lib/card-renderer';
import { locateChromium, type ChromiumLookup, type LaunchableChromium } from '../../scripts/lib/chromium';
import type { UsageSummary } from '../../src/core/usage/usage-summary';
import type { Messages } from '../../src/i18n/messages';
import { sourceCardKit as kit } from '../helpers/card-kit';

// CHROMIUM_PATH when set, else the Chromium bundled in @sparticuz/chromium: the first run after
// `npm ci` unpacks it (a few seconds, longer on a busy machine).
let chromium: ChromiumLookup;
beforeAll(async () => {
  chromium = await locateChromium(process.env);
}, 120_000);

/** A machine without a usable Chromium must say so, not pass by skipping. */
function requireChromium(): LaunchableChromium {
  if (!chromium.found) throw new Error(`The card preview tests need Chromium. ${chromium.problem}`);
  return chromium.browser;
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
    chromium: { found: true, browser: requireChromium() },
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

/** Width in pixels of what is drawn dark (text), from its leftmost to its rightmost dark pixel. */
function darkInkWidth(png: PNG): number {
  let left = png.width;
  let right = -1;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const offset = (y * png.width + x) * 4;
      // The chat, the card and its border are light grey or white; the text is near black.
      if (Math.max(png.data[offset]!, png.data[offset + 1]!, png.data[offset + 2]!) >= 128) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return right < left ? 0 : right - left + 1;
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
  }, 120_000); // one page per card kind and language: dozens of screenshots on a busy 2-core machine

  it('exits non-zero and names the card when one cannot be drawn, still drawing the others', async () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement', text: 'x' }] };
    const englishOnly = { ...kit, languages: kit.languages.slice(0, 1), buildHelpCard: () => broken };
    const code = await cardsPreview(['--out', outDir], context({ kit: englishOnly }));

    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/help-en: nothing to show.*NoSuchElement/);
    expect(existsSync(join(outDir, 'help-en.png'))).toBe(false);
    expect(existsSync(join(outDir, 'usage-en.png'))).toBe(true);
  }, 120_000);

  it('says so when CHROMIUM_PATH names no browser, rather than quietly drawing with another one', async () => {
    const missing = join(outDir, 'no-chromium');
    const code = await cardsPreview(['--out', outDir], context({ chromium: await locateChromium({ CHROMIUM_PATH: missing }) }));

    expect(code).toBe(1);
    expect(errors.join('\n')).toContain(`CHROMIUM_PATH is ${missing}`);
    expect(errors.join('\n')).toContain('unset it to use the Chromium bundled in @sparticuz/chromium');
    expect(existsSync(join(outDir, 'usage-en.png'))).toBe(false);
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
      { chromium: requireChromium(), outDir, adaptiveCardsScript: require.resolve('adaptivecards/dist/adaptivecards.min.js') },
    );

    expect(failures).toEqual([{ name: 'hero', reason: expect.stringContaining('not an Adaptive Card') }]);
    expect(rendered.map((card) => card.name)).toEqual(['chart']);
    expect(rendered[0]?.notes).toEqual([expect.stringMatching(/Chart\.Donut.*fallback/)]);
    expect(inkedShare(await readPng(join(outDir, 'chart.png')))).toBeGreaterThan(0);
    expect(existsSync(join(outDir, 'hero.png'))).toBe(false);
  });

  it('draws letters, not boxes: a word of wide letters comes out wider than one of narrow letters', async () => {
    // Without a usable font Chromium draws every character as the same box, so both words would be
    // equally wide.
    const word = (name: string, text: string) => ({
      name,
      card: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, size: 'ExtraLarge' }] },
    });
    const { rendered, failures } = await renderCards([word('narrow', 'iiiiiiii'), word('wide', 'WWWWWWWW')], {
      chromium: requireChromium(),
      outDir,
      adaptiveCardsScript: require.resolve('adaptivecards/dist/adaptivecards.min.js'),
    });

    expect(failures).toEqual([]);
    expect(rendered).toHaveLength(2);
    const narrow = await readPng(join(outDir, 'narrow.png'));
    const wide = await readPng(join(outDir, 'wide.png'));
    expect(darkInkWidth(narrow)).toBeGreaterThan(0);
    expect(darkInkWidth(wide)).toBeGreaterThan(2 * darkInkWidth(narrow));
  });
});
