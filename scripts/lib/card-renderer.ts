/**
 * Draws Adaptive Cards to PNG with the adaptivecards HTML renderer inside headless Chromium, the
 * way a web client of Teams would, so a change to a card template can be looked at without Teams.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { LaunchableChromium } from './chromium';
import { CARD_WIDTH_PX, TEAMS_LIGHT_HOST_CONFIG, TEAMS_PAGE_CSS } from './teams-host-config';

export interface CardToRender {
  /** File name without extension; also what the output calls the card. */
  name: string;
  card: unknown;
}

export interface RenderedCard {
  name: string;
  /** The PNG of the card as sent, then one with its first toggle clicked, when it has one. */
  files: string[];
  /** What the preview cannot show as Teams would (charts) and what the renderer warned about. */
  notes: string[];
}

export interface CardRenderFailure {
  name: string;
  reason: string;
}

export interface RenderCardsOptions {
  chromium: LaunchableChromium;
  outDir: string;
  /** adaptivecards/dist/adaptivecards.min.js: the browser bundle of the renderer. */
  adaptiveCardsScript: string;
}

/** Renders every card, one failure not stopping the others. */
export async function renderCards(
  cards: readonly CardToRender[],
  options: RenderCardsOptions,
): Promise<{ rendered: RenderedCard[]; failures: CardRenderFailure[] }> {
  await mkdir(options.outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: options.chromium.path,
    args: options.chromium.args,
    env: { ...process.env, ...options.chromium.env },
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width: CARD_WIDTH_PX.full + 100, height: 800 } });
    // A card that points at an outside image must not make the preview reach out to the network.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${TEAMS_PAGE_CSS}</style></head>` +
      '<body><div id="chat"><div id="card"></div></div></body></html>');
    await page.addScriptTag({ path: options.adaptiveCardsScript });

    const rendered: RenderedCard[] = [];
    const failures: CardRenderFailure[] = [];
    for (const { name, card } of cards) {
      try {
        rendered.push(await renderOne(page, name, card, options.outDir));
      } catch (error) {
        failures.push({ name, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { rendered, failures };
  } finally {
    await browser.close();
  }
}

async function renderOne(page: Page, name: string, card: unknown, outDir: string): Promise<RenderedCard> {
  const fullWidth = isObject(card) && isObject(card.msteams) && card.msteams.width === 'Full';
  const drawn = await page.evaluate(drawCard, {
    card,
    hostConfig: TEAMS_LIGHT_HOST_CONFIG,
    widthPx: fullWidth ? CARD_WIDTH_PX.full : CARD_WIDTH_PX.normal,
  });
  if (!drawn.ok) throw new Error(drawn.error);

  const charts = [...new Set(typesIn(card).filter((type) => type.startsWith('Chart.')))];
  const notes = [
    ...charts.map((type) => `${type} is drawn by Teams only: this preview shows its fallback, as clients without charts do`),
    // The renderer reports the charts it does not know; the note above already says what that means.
    ...drawn.warnings.filter((warning) => !charts.some((type) => warning.includes(`"${type}"`))),
  ];

  const asSent = join(outDir, `${name}.png`);
  await screenshotChat(page, asSent);
  const files = [asSent];
  // What hides behind a toggle (the healthy workloads) is part of the card too.
  const toggle = firstToggleTitle(card);
  if (toggle !== null) {
    await page.locator('#card').getByRole('button', { name: toggle, exact: true }).first().click();
    const expanded = join(outDir, `${name}-expanded.png`);
    await screenshotChat(page, expanded);
    files.push(expanded);
  }
  return { name, files, notes };
}

/**
 * A clip of the whole page rather than an element screenshot: the card is drawn and still, so
 * waiting for it to settle and scrolling it into view would only cost time (a few seconds per run).
 */
async function screenshotChat(page: Page, path: string): Promise<void> {
  // In page coordinates: clicking a toggle may have scrolled the page.
  const clip = await page.evaluate(() => {
    const window = globalThis as any;
    const box = window.document.getElementById('chat').getBoundingClientRect();
    return { x: box.left + window.scrollX, y: box.top + window.scrollY, width: box.width, height: box.height };
  });
  await page.screenshot({ path, clip, fullPage: true, caret: 'initial' });
}

interface DrawInput {
  card: unknown;
  hostConfig: object;
  widthPx: number;
}

type DrawOutcome = { ok: true; warnings: string[] } | { ok: false; error: string };

/**
 * Runs inside the page (Playwright sends its source there), so it may use nothing from this module.
 * The renderer leaves markdown to the host; a small processor for what Teams supports in cards
 * (backslash escapes, bold, italic) keeps escaped outside text looking as it does in Teams.
 */
function drawCard(input: DrawInput): DrawOutcome {
  const page = globalThis as any;
  const AC = page.AdaptiveCards;
  const host = page.document.getElementById('card');
  host.replaceChildren();
  host.style.width = `${input.widthPx}px`;

  const json = input.card as { type?: unknown } | null;
  if (typeof json !== 'object' || json === null || json.type !== 'AdaptiveCard') {
    return { ok: false, error: 'not an Adaptive Card: the root needs "type": "AdaptiveCard"' };
  }

  const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { didProcess: boolean; outputHtml?: string }) => {
    const literals: string[] = [];
    // Escapes first, so an escaped * or _ can never open emphasis.
    const marked = text.replace(/\\([!-/:-@[-`{-~])/g, (_match, char: string) => `\u0000${literals.push(char) - 1}\u0000`);
    result.outputHtml = escapeHtml(marked)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<em>$2</em>')
      .replace(/\*(.+?)\*/g, '<em>$1</em>')
      .replace(/\n/g, '<br>')
      .replace(/\u0000(\d+)\u0000/g, (_match, index: string) => escapeHtml(literals[Number(index)] ?? ''));
    result.didProcess = true;
  };

  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(input.hostConfig);
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const warnings: string[] = [];
  for (let index = 0; index < context.eventCount; index++) {
    const event = context.getEventAt(index);
    warnings.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  if (card.getItemCount() === 0 && card.getActionCount() === 0) {
    return { ok: false, error: ['nothing to show: the card has no element the renderer could draw', ...warnings].join('; ') };
  }

  const element = card.render();
  if (!element) return { ok: false, error: 'the renderer produced no element' };
  host.appendChild(element);
  if (element.getBoundingClientRect().height === 0) return { ok: false, error: 'the card rendered with no height' };
  return { ok: true, warnings };
}

/** Types of every element and action in the card JSON, fallbacks included. */
function typesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(typesIn);
  if (!isObject(value)) return [];
  const own = typeof value.type === 'string' ? [value.type] : [];
  return [...own, ...Object.values(value).flatMap(typesIn)];
}

function firstToggleTitle(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstToggleTitle(item);
      if (found !== null) return found;
    }
    return null;
  }
  if (!isObject(value)) return null;
  if (value.type === 'Action.ToggleVisibility' && typeof value.title === 'string') return value.title;
  return firstToggleTitle(Object.values(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
