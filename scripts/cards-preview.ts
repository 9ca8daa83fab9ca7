/**
 * `npm run cards:preview [-- --out <dir>]`: draws one sample of every card the bot sends, in English
 * and Dutch, to PNG files (default appPackage/build/card-previews/), with the adaptivecards HTML
 * renderer in headless Chromium. For looking at a card change without Teams; what Teams accepts is
 * checked by the card validity tests.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBuiltCardKit } from './lib/built-card-kit';
import { renderCards } from './lib/card-renderer';
import { sampleCards, type CardKit } from './lib/card-samples';
import { locateChromium, type ChromiumLookup } from './lib/chromium';
import { findProjectRoot } from './lib/project-root';

const DEFAULT_OUT_DIR = 'appPackage/build/card-previews';
const USAGE = `Usage: npm run cards:preview -- [--out <dir>]   (default: ${DEFAULT_OUT_DIR})`;

export interface CardsPreviewContext<Messages, Summary> {
  /** The folder with package.json; the default output folder is inside it. */
  projectRoot: string;
  /** What a relative --out is resolved against. */
  cwd: string;
  chromium: ChromiumLookup;
  kit: CardKit<Messages, Summary>;
  print(line: string): void;
  printError(line: string): void;
}

/** Runs the command; returns the exit code (0 all drawn, 1 a card or the browser failed, 2 wrong usage). */
export async function cardsPreview<Messages, Summary>(
  args: readonly string[],
  context: CardsPreviewContext<Messages, Summary>,
): Promise<number> {
  const out = parseOut(args);
  if (out === undefined) {
    context.printError(USAGE);
    return 2;
  }
  if (!context.chromium.found) {
    context.printError(`Cannot draw card previews. ${context.chromium.problem}`);
    return 1;
  }
  const browser = context.chromium.browser;
  const outDir = out === null ? resolve(context.projectRoot, DEFAULT_OUT_DIR) : resolve(context.cwd, out);
  const shown = (path: string): string => relative(context.cwd, path) || '.';
  const cards = sampleCards(context.kit);

  context.print(`Drawing ${cards.length} cards with the adaptivecards HTML renderer in ${browser.description} (Teams-like light theme)...`);
  const { rendered, failures } = await renderCards(cards, {
    chromium: browser,
    outDir,
    adaptiveCardsScript: require.resolve('adaptivecards/dist/adaptivecards.min.js'),
  });
  for (const card of rendered) {
    context.print(`  ${card.files.map(shown).join(', ')}`);
    for (const note of card.notes) context.print(`    note: ${note}`);
  }
  for (const failure of failures) context.printError(`Could not draw ${failure.name}: ${failure.reason}`);

  const files = rendered.reduce((count, card) => count + card.files.length, 0);
  context.print(`Wrote ${files} PNG files to ${shown(outDir)}.`);
  return failures.length === 0 ? 0 : 1;
}

/** The --out value; null when absent; undefined for arguments we do not understand. */
function parseOut(args: readonly string[]): string | null | undefined {
  try {
    const { values } = parseArgs({ args: [...args], options: { out: { type: 'string', short: 'o' } }, strict: true });
    if (values.out === undefined) return null;
    return values.out.trim() === '' ? undefined : values.out;
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const projectRoot = findProjectRoot(__dirname);
  locateChromium(process.env)
    .then((chromium) =>
      cardsPreview(process.argv.slice(2), {
        projectRoot,
        cwd: process.cwd(),
        chromium,
        kit: loadBuiltCardKit(projectRoot),
        print: (line) => console.log(line),
        printError: (line) => console.error(line),
      }),
    )
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        console.error(`npm run cards:preview failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
}
