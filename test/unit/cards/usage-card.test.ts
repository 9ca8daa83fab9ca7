import { cardByteSize, type AdaptiveCard } from '../../../src/cards/adaptive-card';
import { buildUsageCard } from '../../../src/cards/usage-card';
import type { UsageSummary, WorkloadUsage } from '../../../src/core/usage/usage-summary';
import { en } from '../../../src/i18n/en';
import type { Messages } from '../../../src/i18n/messages';
import { nl } from '../../../src/i18n/nl';
import { actionsOf, elementsOf, textBlocksOf as texts, textsOf } from '../../helpers/cards';
import { customerId } from '../../../src/core/customers/customer-id';

// ---- a small factory: the analysis module that makes summaries is written elsewhere ----

function workload(
  workloadName: string,
  licensesActive: number,
  licensesQualified: number,
  overrides: Partial<WorkloadUsage> = {},
): WorkloadUsage {
  const usagePercent =
    licensesQualified > 0 ? Math.round((licensesActive / licensesQualified) * 1000) / 10 : null;
  const status = usagePercent === null ? 'no-licenses' : usagePercent < 30 ? 'low' : 'healthy';
  return {
    productName: 'Microsoft 365 E3',
    workloadName,
    licensesActive,
    licensesQualified,
    usagePercent,
    status,
    ...overrides,
  };
}

function summaryOf(workloads: WorkloadUsage[], overrides: Partial<UsageSummary> = {}): UsageSummary {
  const byPercent = (a: WorkloadUsage, b: WorkloadUsage) => (a.usagePercent ?? 0) - (b.usagePercent ?? 0);
  const low = workloads.filter((w) => w.status === 'low').sort(byPercent);
  const healthy = workloads.filter((w) => w.status === 'healthy').sort(byPercent);
  return {
    customerId: customerId('4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04'),
    customerName: 'Contoso Ltd',
    threshold: 30,
    processedAt: '2024-03-05T10:00:00Z',
    low,
    healthy,
    unlicensed: workloads.filter((w) => w.status === 'no-licenses'),
    measuredCount: low.length + healthy.length,
    hasData: true,
    ...overrides,
  };
}

// ---- walking the rendered card the way a reader scans it ----

/** The facts of the next-steps list: every FactSet except a chart's fallback. */
function nextStepFacts(card: unknown): Array<{ title: string; value: string }> {
  return visits(card)
    .filter((v) => v.node.type === 'FactSet' && !v.ancestors.some((a) => String(a.type).startsWith('Chart.')))
    .flatMap((v) => v.node.facts as Array<{ title: string; value: string }>);
}

type Element = Record<string, unknown>;
interface Visit {
  node: Element;
  ancestors: Element[];
}

function visits(value: unknown, ancestors: Element[] = []): Visit[] {
  if (Array.isArray(value)) return value.flatMap((item) => visits(item, ancestors));
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Element;
  return [{ node, ancestors }, ...Object.values(node).flatMap((child) => visits(child, [...ancestors, node]))];
}

function elements(root: unknown, type: string): Element[] {
  return elementsOf(root).filter((element) => element.type === type);
}

function textBlocks(root: unknown): Element[] {
  return elements(root, 'TextBlock');
}

/** Every string a user can read on the card: TextBlocks, facts and button titles. */
function visibleStrings(card: AdaptiveCard): string[] {
  return [...textsOf(card), ...actionsOf(card).map((action) => String(action.title))];
}

function textBlock(root: unknown, text: string): Element {
  const found = textBlocks(root).find((block) => block.text === text);
  if (!found) throw new Error(`No TextBlock reads ${JSON.stringify(text)}; card has ${JSON.stringify(texts(root))}`);
  return found;
}

/** The smallest element whose text includes all of the given lines: one workload's row. */
function rowWith(card: AdaptiveCard, ...lines: string[]): Element {
  const holdsAll = (node: Element) => lines.every((line) => texts(node).includes(line));
  const candidates = visits(card).filter((v) => v.node.type !== undefined && holdsAll(v.node));
  const innermost = candidates.filter((c) => !candidates.some((d) => d.ancestors.includes(c.node)));
  if (innermost.length !== 1) throw new Error(`Expected one row with ${lines.join(' / ')}, found ${innermost.length}`);
  return innermost[0]!.node;
}

function isHiddenAtFirst(card: AdaptiveCard, node: Element): boolean {
  const visit = visits(card).find((v) => v.node === node);
  return [...(visit?.ancestors ?? []), node].some((element) => element.isVisible === false);
}

/** Bars are ColumnSets whose columns are sized by numeric weights. */
function barIn(row: Element): Element[] {
  const bars = elements(row, 'ColumnSet').filter((set) =>
    (set.columns as Element[]).every((column) => typeof column.width === 'number'),
  );
  expect(bars).toHaveLength(1);
  return bars[0]!.columns as Element[];
}

/** What a markdown renderer shows: `\x` becomes `x`, zero-width spaces are invisible. */
function displayed(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1').replaceAll('\u200b', '');
}

/** Wraps every message in ⟦…⟧ so text that did not come from Messages stands out. */
function bracketed(messages: Messages): Messages {
  const wrap = (value: unknown): unknown => {
    if (typeof value === 'string') return `⟦${value}⟧`;
    if (typeof value === 'function') return (...args: unknown[]) => `⟦${(value as (...a: unknown[]) => string)(...args)}⟧`;
    if (Array.isArray(value)) return value.map(wrap);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, wrap(item)]));
    }
    return value;
  };
  return { ...(wrap(messages) as Messages), locale: messages.locale };
}

// ---- the card ----

describe('usage card', () => {
  const mixed = summaryOf([
    workload('Exchange', 2, 40),
    workload('SharePoint', 3, 20),
    workload('Teams', 35, 40),
    workload('OneDrive', 20, 40),
    workload('Yammer', 0, 0),
  ]);

  it('is an Adaptive Card 1.5 with no template expression left in it', () => {
    const card = buildUsageCard(mixed, en);
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.5');
    expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('names the customer and the date of the Partner Center data', () => {
    const card = buildUsageCard(mixed, en);
    expect(texts(card)).toContain('License usage: Contoso Ltd');
    expect(texts(card)).toContain('Partner Center data of Mar 5, 2024');
  });

  it.each([null, 'not a date'])('says when Partner Center gave no usable date (%p)', (processedAt) => {
    const card = buildUsageCard({ ...mixed, processedAt }, en);
    expect(texts(card)).toContain(en.usageCard.noDataDate);
  });

  it('sums the situation up in one verdict line', () => {
    expect(texts(buildUsageCard(mixed, en))).toContain('2 of 4 workloads below 30 %');
    const healthyOnly = summaryOf([workload('Teams', 35, 40), workload('Exchange', 40, 40)]);
    expect(texts(buildUsageCard(healthyOnly, en))).toContain('All 2 workloads are at or above 30 %');
  });

  it('shows each low workload with its product, active licenses and percent in attention colour', () => {
    const card = buildUsageCard(mixed, en);
    const exchange = rowWith(card, 'Exchange', '2 of 40 licenses active', '5 %');
    expect(texts(exchange)).toContain('Microsoft 365 E3');
    expect(textBlock(exchange, '5 %').color).toBe('Attention');
    const sharepoint = rowWith(card, 'SharePoint', '3 of 20 licenses active', '15 %');
    expect(textBlock(sharepoint, '15 %').color).toBe('Attention');
    expect(isHiddenAtFirst(card, sharepoint)).toBe(false);
  });

  it('draws a bar whose filled part matches the percent', () => {
    const card = buildUsageCard(mixed, en);
    const bar = barIn(rowWith(card, 'SharePoint', '3 of 20 licenses active', '15 %'));
    expect(bar.map((column) => column.width)).toEqual([15, 85]);
    expect(bar[0]!.style).not.toBe(bar[1]!.style);
    expect(bar.every((column) => column.minHeight !== undefined)).toBe(true);
  });

  it.each([
    [0, 100, 1],
    [1, 1000, 2],
    [999, 1000, 1],
    [1000, 1000, 1],
  ])('draws a bar for %i of %i licenses with %i part(s) and never a zero weight', (active, qualified, parts) => {
    const summary = summaryOf([workload('Intune', active, qualified, { status: 'low' })], { threshold: 101 });
    const card = buildUsageCard(summary, en);
    const bar = barIn(rowWith(card, 'Intune', en.usageCard.activeOfQualified(active, qualified)));
    expect(bar).toHaveLength(parts);
    expect(bar.every((column) => (column.width as number) > 0)).toBe(true);
    expect(bar.reduce((sum, column) => sum + (column.width as number), 0)).toBe(100);
  });

  it('says what to look at next for the lowest workloads, each named once', () => {
    const summary = summaryOf([
      workload('Exchange', 1, 100),
      workload('SharePoint', 5, 100),
      workload('Exchange', 7, 100, { productName: 'Exchange Online (Plan 1)' }),
      workload('Teams', 10, 100),
      workload('Yammer', 20, 100),
    ]);
    const card = buildUsageCard(summary, en);
    expect(texts(card)).toContain(en.usageCard.nextStepsHeading);
    const facts = nextStepFacts(card);
    expect(facts.map((fact) => fact.title)).toEqual(['Exchange', 'SharePoint', 'Teams']);
    expect(facts[0]!.value).toBe(en.usageCard.nextStep('Exchange'));
  });

  it('looks up the next step by the workload name as Partner Center spells it, and shows it escaped', () => {
    const asked: string[] = [];
    const messages: Messages = {
      ...en,
      usageCard: { ...en.usageCard, nextStep: (name) => (asked.push(name), `look at ${name.length} letters`) },
    };
    const card = buildUsageCard(summaryOf([workload('Teams [Rooms]', 1, 100)]), messages);

    expect(asked).toEqual(['Teams [Rooms]']);
    expect(nextStepFacts(card)).toEqual([{ title: 'Teams \\[Rooms\\]', value: 'look at 13 letters' }]);
  });

  describe('chart of usage per workload', () => {
    const chartOf = (card: unknown) => visits(card).find((v) => v.node.type === 'Chart.HorizontalBar')?.node as
      | { title: string; data: Array<{ x: string; y: unknown; color: string }>; fallback: { type: string; facts: Array<{ title: string; value: string }> } }
      | undefined;

    it('draws the lowest workloads first, low ones in attention colour, with numbers as values', () => {
      const chart = chartOf(buildUsageCard(summaryOf([workload('Exchange', 90, 100), workload('Teams', 5, 100), workload('SharePoint', 25, 100)]), en));
      expect(chart?.title).toBe(en.usageCard.chartTitle);
      expect(chart?.data).toEqual([
        { x: 'Teams', y: 5, color: 'attention' },
        { x: 'SharePoint', y: 25, color: 'attention' },
        { x: 'Exchange', y: 90, color: 'good' },
      ]);
    });

    it('falls back to the same figures as facts for clients without charts', () => {
      const chart = chartOf(buildUsageCard(summaryOf([workload('Exchange', 90, 100), workload('Teams', 5, 100)]), en));
      expect(chart?.fallback).toEqual({
        type: 'FactSet',
        facts: [
          { title: 'Teams', value: '5 %' },
          { title: 'Exchange', value: '90 %' },
        ],
      });
    });

    it('shows at most ten bars, and none for a single workload', () => {
      const many = Array.from({ length: 14 }, (_, i) => workload(`Workload ${i}`, i, 100));
      expect(chartOf(buildUsageCard(summaryOf(many), en))?.data).toHaveLength(10);
      expect(chartOf(buildUsageCard(summaryOf([workload('Exchange', 1, 10)]), en))).toBeUndefined();
    });

    it('tells the same workload of two products apart', () => {
      const chart = chartOf(
        buildUsageCard(summaryOf([workload('Exchange', 1, 10), workload('Exchange', 2, 10, { productName: 'Exchange Online (Plan 1)' })]), en),
      );
      expect(chart?.data.map((bar) => bar.x)).toEqual(['Exchange (Microsoft 365 E3)', 'Exchange (Exchange Online (Plan 1))']);
    });

    it('keeps outside text plain in the chart and escaped in its markdown fallback', () => {
      const chart = chartOf(buildUsageCard(summaryOf([workload('[x](https://evil.example)', 1, 10), workload('Teams', 5, 10)]), en));
      expect(chart?.data[0]?.x).toBe('[x](https://evil.example)');
      expect(chart?.fallback.facts[0]?.title).toBe('\\[x\\]\\(https://evil.example\\)');
    });
  });

  it('keeps healthy workloads in a hidden container that a toggle button opens', () => {
    const card = buildUsageCard(mixed, en);
    const teams = rowWith(card, 'Teams', '35 of 40 licenses active', '87.5 %');
    expect(isHiddenAtFirst(card, teams)).toBe(true);

    const container = visits(card)
      .filter((v) => v.node.isVisible === false && v.node.id !== undefined)
      .map((v) => v.node)
      .find((node) => visits(node).some((v) => v.node === teams));
    expect(container).toBeDefined();

    const show = visits(card).find(
      (v) => v.node.type === 'Action.ToggleVisibility' && v.node.title === en.usageCard.showHealthy,
    );
    expect(show).toBeDefined();
    expect(isHiddenAtFirst(card, show!.node)).toBe(false);
    expect(show!.node.targetElements).toContainEqual({ elementId: container!.id, isVisible: true });

    const hide = visits(card).find(
      (v) => v.node.type === 'Action.ToggleVisibility' && v.node.title === en.usageCard.hideHealthy,
    );
    expect(hide!.node.targetElements).toContainEqual({ elementId: container!.id, isVisible: false });
  });

  it('offers no toggle when there is nothing healthy to show', () => {
    const card = buildUsageCard(summaryOf([workload('Exchange', 1, 40)]), en);
    expect(elements(card, 'Action.ToggleVisibility')).toEqual([]);
  });

  it('shows a workload without qualified licenses as "no licenses", never as 0 %', () => {
    const card = buildUsageCard(summaryOf([workload('Yammer', 0, 0), workload('Teams', 35, 40)]), en);
    const yammer = rowWith(card, 'Yammer', 'no licenses');
    expect(isHiddenAtFirst(card, yammer)).toBe(false);
    expect(visibleStrings(card).filter((text) => /(^|[^\d.,])0 %/.test(text))).toEqual([]);
  });

  it('gives no verdict when no workload has licenses to measure', () => {
    const card = buildUsageCard(summaryOf([workload('Yammer', 0, 0)]), en);
    expect(texts(card).filter((text) => text.includes('workloads'))).toEqual([]);
    expect(texts(card)).toContain(en.usageCard.unlicensedHeading(1));
  });

  it('shows only the title and "no usage data yet" when Partner Center has no rows', () => {
    const card = buildUsageCard(summaryOf([], { hasData: false, processedAt: null }), en);
    expect(visibleStrings(card).filter((text) => text !== en.usageCard.refresh)).toEqual(['License usage: Contoso Ltd', en.usageCard.noData]);
    // Data can arrive later: refreshing is the one thing to do.
    expect((card.actions as Array<{ verb?: string }>).map((action) => action.verb)).toEqual(['usage.refresh']);
  });

  it('offers to alert the conversation about this customer, with the command as fallback for clients without Universal Actions', () => {
    const subscribe = (card: AdaptiveCard) => (card.actions as Element[]).filter((action) => action.verb === 'alerts.subscribe');
    expect(subscribe(buildUsageCard(mixed, en))).toEqual([
      {
        type: 'Action.Execute',
        verb: 'alerts.subscribe',
        title: 'Alert me when adoption drops',
        data: { customerId: '4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04' },
        fallback: {
          type: 'Action.Submit',
          title: 'Alert me when adoption drops',
          data: { command: 'alerts on for 4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04' },
        },
      },
    ]);
    expect(subscribe(buildUsageCard(mixed, nl)).map((action) => action.title)).toEqual(['Meld het als het gebruik daalt']);
    // The other view of the card keeps it too.
    expect(subscribe(buildUsageCard(mixed, en, { view: 'all' }))).toHaveLength(1);
  });

  it('takes every sentence from the messages it is given', () => {
    const card = buildUsageCard(mixed, bracketed(en));
    const names = new Set(['Exchange', 'SharePoint', 'Teams', 'OneDrive', 'Yammer', 'Microsoft 365 E3']);
    const foreign = visibleStrings(card).filter((text) => !(text.startsWith('⟦') && text.endsWith('⟧')) && !names.has(text));
    expect(foreign).toEqual([]);
  });

  describe('with hostile names', () => {
    const names = ['[x](https://evil.example)', '*bold*', '${customerName}', '<at>me</at>'];
    const summary = summaryOf(
      [
        workload(names[0]!, 1, 10, { productName: names[1]! }),
        workload(names[2]!, 5, 10, { productName: names[3]! }),
        workload(names[3]!, 0, 0, { productName: names[0]! }),
        workload(names[1]!, 9, 10, { productName: names[2]! }),
      ],
      { customerName: names.join(' ') },
    );
    const card = buildUsageCard(summary, en);

    it('still renders, with no template expression left in it', () => {
      expect(JSON.stringify(card)).not.toContain('${');
    });

    it('shows each name literally and never as a markdown link, emphasis or tag', () => {
      const strings = visibleStrings(card);
      for (const name of names) {
        expect(strings.filter((text) => displayed(text) === name).length).toBeGreaterThan(0);
      }
      expect(strings.map(displayed)).toContain(`License usage: ${names.join(' ')}`);
      for (const text of strings) {
        expect(text).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
        expect(text).not.toMatch(/(^|[^\\])\*bold/);
        expect(text).not.toMatch(/(^|[^\\])<at/);
      }
    });
  });

  describe('for a customer with 60 workloads', () => {
    const sixty = (status: 'low' | 'healthy', index: number, productName = `Microsoft 365 E5 (no Teams) ${index}`) =>
      workload(`Workload ${index}`, status === 'low' ? index % 30 : 30 + index, 100, { productName });

    /** Rows a reader sees, recognised by the colour of their percent. */
    function shownRows(card: AdaptiveCard, percentColour: string): number {
      return textBlocks(card).filter((block) => block.color === percentColour).length;
    }

    /** Rows the card admits to leaving out, summed over its "…and N more" lines. */
    function leftOut(card: AdaptiveCard): number {
      return texts(card)
        .map((text) => /^…and (\d+) more$/.exec(text)?.[1])
        .reduce((sum, count) => sum + (count === undefined ? 0 : Number(count)), 0);
    }

    it('stays under 28,000 bytes when all are low, and counts the ones left out', () => {
      const card = buildUsageCard(summaryOf(Array.from({ length: 60 }, (_, i) => sixty('low', i))), en);
      expect(cardByteSize(card)).toBeLessThan(28_000);
      expect(shownRows(card, 'Attention')).toBeGreaterThanOrEqual(10);
      expect(shownRows(card, 'Attention') + leftOut(card)).toBe(60);
    });

    it('stays under 28,000 bytes when half are low and half healthy', () => {
      const card = buildUsageCard(
        summaryOf(Array.from({ length: 60 }, (_, i) => sixty(i % 2 === 0 ? 'low' : 'healthy', i))),
        en,
      );
      expect(cardByteSize(card)).toBeLessThan(28_000);
      expect(shownRows(card, 'Attention')).toBeGreaterThanOrEqual(10);
      expect(shownRows(card, 'Attention') + shownRows(card, 'Good') + leftOut(card)).toBe(60);
    });

    it('stays under 28,000 bytes even with very long names full of characters to escape', () => {
      const longName = '*[_]*'.repeat(60);
      const card = buildUsageCard(
        summaryOf(Array.from({ length: 60 }, (_, i) => sixty(i % 3 === 0 ? 'healthy' : 'low', i, longName)), {
          customerName: longName,
        }),
        en,
      );
      expect(cardByteSize(card)).toBeLessThan(28_000);
      expect(shownRows(card, 'Attention')).toBeGreaterThan(0);
      expect(shownRows(card, 'Attention') + shownRows(card, 'Good') + leftOut(card)).toBe(60);
    });
  });
});
