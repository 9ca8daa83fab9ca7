import { typedCommands } from '../core/commands/command-text';
import { changeAt, dataDateOf, workloadSeries, type CustomerHistory, type TrendPoint } from '../core/history/usage-history';
import type { UsageSummary, WorkloadUsage } from '../core/usage/usage-summary';
import type { Messages } from '../i18n/messages';
import { aQuarterFewer, asAdaptiveCard, fittedCard, MAX_CARD_BYTES, MAX_NAME_LENGTH, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText, type SafeMarkdown } from './escape-markdown';
import { funnelSection, type FunnelView } from './funnel-section';
import { isOverUsed } from '../core/usage/analyse-usage';
import { renderTemplate } from './render-template';
import template from './templates/usage-card.json';

/** `low`: healthy workloads behind their toggle; `all`: shown from the start. */
export type UsageView = 'low' | 'all';

export interface UsageCardOptions {
  view?: UsageView;
  /** Largest card, in UTF-8 bytes of its JSON (MAX_CARD_BYTES unless told). */
  maxBytes?: number;
  /** Rows shown per list (low, healthy, unlicensed) before an "…and N more" line. */
  maxRowsPerList?: number;
  /** How many of the lowest workloads get a "what to look at next" suggestion. */
  maxNextSteps?: number;
  /** When the bot read the data from Partner Center (it may come from a cache of minutes ago). */
  readAt?: Date;
  /** The customer's usage history: each low workload's change since the previous data point, and a trend chart. */
  history?: CustomerHistory;
  /** The subscription side (bought, assigned, renewals); left out when not given. */
  funnel?: FunnelView;
}

const DEFAULT_MAX_ROWS_PER_LIST = 25;
const DEFAULT_MAX_NEXT_STEPS = 3;
const MIN_CHART_BARS = 2;
// More bars than this make the chart unreadable in a chat column; the lowest ones matter most.
const MAX_CHART_BARS = 10;
const MAX_CHART_LABEL_LENGTH = 40;
// A line chart needs three points to show a trend rather than a step; more lines than five tangle.
const MIN_TREND_POINTS = 3;
const MAX_TREND_LINES = 5;
const MAX_TREND_POINTS = 12;

type ListName = 'low' | 'healthy' | 'unlicensed';
type RowLimits = Record<ListName, number>;

/** The card that answers `usage for <customer>`: which workloads lag behind, and what to do next. */
export function buildUsageCard(
  summary: UsageSummary,
  messages: Messages,
  options: UsageCardOptions = {},
): AdaptiveCard {
  const title = messages.usageCard.title(outsideText(summary.customerName));
  const view = options.view ?? 'low';
  const actions = cardActions(summary, messages, view);
  if (!summary.hasData) {
    return render({ title, hasData: false, noData: messages.usageCard.noData, hasHealthy: false, hasFunnel: false, ...actions });
  }

  const maxRows = options.maxRowsPerList ?? DEFAULT_MAX_ROWS_PER_LIST;
  const limits: RowLimits = {
    low: Math.min(maxRows, summary.low.length),
    healthy: Math.min(maxRows, summary.healthy.length),
    unlicensed: Math.min(maxRows, summary.unlicensed.length),
  };
  return fittedCard(
    limits,
    (shown) =>
      render({
        ...usageData(summary, messages, title, shown, options.maxNextSteps ?? DEFAULT_MAX_NEXT_STEPS, options.readAt, options.history),
        ...funnelSection(options.funnel, messages),
        ...actions,
      }),
    shrinkLargestList,
    options.maxBytes ?? MAX_CARD_BYTES,
  );
}

/**
 * Universal Actions (Action.Execute: the card is replaced in place, fetched with the clicking user's own
 * access) with Action.Submit fallbacks that re-run the command as a message on clients without them.
 */
function cardActions(summary: UsageSummary, messages: Messages, view: UsageView) {
  const text = messages.usageCard;
  const customerId = plainText(summary.customerId);
  return {
    customerId,
    usageCommand: typedCommands.usage(customerId),
    view,
    healthyShown: view === 'all',
    otherView: view === 'all' ? 'low' : 'all',
    otherViewTitle: view === 'all' ? text.showOnlyLow : text.showAll,
    refreshTitle: text.refresh,
    threshold: summary.threshold,
    thresholdTitle: text.changeThreshold,
    thresholdLabel: text.thresholdLabel,
    thresholdApply: text.applyThreshold,
    // Subscribes the conversation the card is in; the fallback types the command the parser knows.
    subscribeTitle: messages.alerts.subscribeAction,
    subscribeCommand: typedCommands.alertsOn(customerId),
    // In a channel or group chat the answer says to ask in a personal chat: Teams sends files only there.
    exportTitle: messages.export.download,
  };
}

function render(data: object): AdaptiveCard {
  return asAdaptiveCard(renderTemplate(template, data));
}

function usageData(
  summary: UsageSummary,
  messages: Messages,
  title: string,
  limits: RowLimits,
  maxNextSteps: number,
  readAt: Date | undefined,
  history: CustomerHistory | undefined,
): object {
  const text = messages.usageCard;
  const low = summary.low.slice(0, limits.low);
  const healthy = summary.healthy.slice(0, limits.healthy);
  const unlicensed = summary.unlicensed.slice(0, limits.unlicensed);
  const hidden = {
    low: summary.low.length - low.length,
    healthy: summary.healthy.length - healthy.length,
    unlicensed: summary.unlicensed.length - unlicensed.length,
  };
  // The suggestion is looked up by the raw name; only what is shown is escaped.
  const nextSteps = lowestDistinctWorkloads(summary.low, maxNextSteps).map((workload) => ({
    workload: outsideText(workload),
    step: text.nextStep(workload),
  }));

  return {
    title,
    hasData: true,
    dateLine: readAt ? `${dataDateLine(summary.processedAt, messages)} · ${text.readAt(timeOfDay(readAt, messages.locale))}` : dataDateLine(summary.processedAt, messages),
    // With nothing measurable (every workload unlicensed) neither verdict would be true.
    hasVerdict: summary.measuredCount > 0,
    verdict:
      summary.low.length > 0
        ? text.verdict(summary.low.length, summary.measuredCount, summary.threshold)
        : text.allHealthy(summary.measuredCount, summary.threshold),

    // A chart of one bar says nothing the verdict does not.
    hasChart: summary.measuredCount >= MIN_CHART_BARS,
    chartTitle: text.chartTitle,
    chart: chartBars(summary, messages),

    hasLow: low.length > 0,
    lowHeading: text.lowHeading,
    low: low.map((workload) => {
      const change = changeText(workload, summary, history, messages);
      return { ...measuredRow(workload, messages), bar: usageBar(workload), hasChange: change !== undefined, change: change ?? '' };
    }),
    hasLowMore: hidden.low > 0,
    lowMore: text.more(hidden.low),

    ...trendData(summary, history, messages),

    hasNextSteps: nextSteps.length > 0,
    nextStepsHeading: text.nextStepsHeading,
    nextSteps,

    hasUnlicensed: summary.unlicensed.length > 0,
    unlicensedHeading: text.unlicensedHeading(summary.unlicensed.length),
    unlicensed: unlicensed.map(namesOf),
    noLicenses: text.noLicenses,
    hasUnlicensedMore: hidden.unlicensed > 0,
    unlicensedMore: text.more(hidden.unlicensed),

    hasHealthy: summary.healthy.length > 0,
    healthyHeading: text.healthyHeading(summary.healthy.length),
    healthy: healthy.map((workload) => measuredRow(workload, messages)),
    hasHealthyMore: hidden.healthy > 0,
    healthyMore: text.more(hidden.healthy),
    showHealthy: text.showHealthy,
    hideHealthy: text.hideHealthy,
  };
}

// Per locale: the formatter, and the last minute it formatted (answers in the same minute say the same).
const timeFormats = new Map<string, { format: Intl.DateTimeFormat; minute: number; text: string }>();

/** "14:05 UTC": the bot does not know the reader's time zone, so it says which one it uses. */
function timeOfDay(at: Date, locale: string): string {
  let known = timeFormats.get(locale);
  if (!known) {
    known = { format: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hour12: false }), minute: Number.NaN, text: '' };
    timeFormats.set(locale, known);
  }
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== known.minute) {
    known.minute = minute;
    known.text = `${known.format.format(at)} UTC`;
  }
  return known.text;
}

/** "down 6 points since 3 Nov": how a low workload moved since its previous data point, when the history has one. */
function changeText(workload: WorkloadUsage, summary: UsageSummary, history: CustomerHistory | undefined, messages: Messages): string | undefined {
  const date = dataDateOf(summary.processedAt);
  if (!history || date === undefined) return undefined;
  const change = changeAt(workloadSeries(history, workload.productName, workload.workloadName), date);
  return change ? messages.trend.change(change.points, messages.trend.shortDate(change.since)) : undefined;
}

/** The lowest workloads over their last data points, once there are three or more of them. */
function trendData(summary: UsageSummary, history: CustomerHistory | undefined, messages: Messages) {
  const lines = history
    ? summary.low
        .slice(0, MAX_TREND_LINES)
        .map((workload) => ({ workload, points: workloadSeries(history, workload.productName, workload.workloadName).slice(-MAX_TREND_POINTS) }))
        .filter((line) => line.points.filter((point) => point.percent !== null).length >= MIN_TREND_POINTS)
    : [];
  const measured = (points: readonly TrendPoint[]) => points.filter((point): point is TrendPoint & { percent: number } => point.percent !== null);
  return {
    hasTrend: lines.length > 0,
    trendTitle: messages.trend.chartTitle,
    trend: lines.map(({ workload, points }) => ({
      legend: plainText(workload.workloadName, { maxLength: MAX_CHART_LABEL_LENGTH }),
      fallbackLegend: escapeMarkdown(workload.workloadName, { maxLength: MAX_CHART_LABEL_LENGTH }),
      values: measured(points).map((point) => ({ x: messages.trend.shortDate(point.date), y: point.percent })),
      fallbackValues: measured(points).map((point) => `${messages.trend.shortDate(point.date)}: ${messages.formatPercent(point.percent)}`).join(' · '),
    })),
  };
}

function dataDateLine(processedAt: string | null, messages: Messages): string {
  // Intl throws on an invalid date; a malformed timestamp is reported like a missing one.
  if (processedAt === null || Number.isNaN(Date.parse(processedAt))) return messages.usageCard.noDataDate;
  return messages.usageCard.dataDate(messages.formatDate(processedAt));
}

function namesOf(workload: WorkloadUsage): { workload: string; product: string } {
  return { workload: outsideText(workload.workloadName), product: outsideText(workload.productName) };
}

function measuredRow(workload: WorkloadUsage, messages: Messages) {
  const percent = workload.usagePercent;
  return {
    ...namesOf(workload),
    activeOfQualified: messages.usageCard.activeOfQualified(workload.licensesActive, workload.licensesQualified),
    // A workload without qualified licenses has nothing to measure: never show it as 0 %.
    percent:
      percent === null
        ? messages.usageCard.noLicenses
        : isOverUsed(workload)
          ? `${messages.formatPercent(percent)} (${messages.renewals.overUsed})`
          : messages.formatPercent(percent),
  };
}

/**
 * Two weighted columns draw the bar. A column with weight 0 is left out rather than sent, since
 * renderers disagree on what a zero weight means; a sliver above 0 % still shows as 1.
 */
function usageBar(workload: WorkloadUsage): Array<{ weight: number; filled: boolean }> {
  const percent = workload.usagePercent ?? 0;
  const filled = percent > 0 ? Math.min(100, Math.max(1, Math.round(percent))) : 0;
  return [
    { weight: filled, filled: true },
    { weight: 100 - filled, filled: false },
  ].filter((segment) => segment.weight > 0);
}

/**
 * The lowest measured workloads as Teams chart bars (attention colour when low). Chart labels are plain
 * text, not markdown; a workload bought in two products is told apart by its product.
 */
function chartBars(summary: UsageSummary, messages: Messages) {
  const measured = [...summary.low, ...summary.healthy].slice(0, MAX_CHART_BARS);
  const repeated = new Set(
    measured.map((w) => w.workloadName.toLowerCase()).filter((name, index, all) => all.indexOf(name) !== index),
  );
  return measured.map((workload) => {
    const value = workload.usagePercent ?? 0;
    const name = repeated.has(workload.workloadName.toLowerCase()) ? `${workload.workloadName} (${workload.productName})` : workload.workloadName;
    return {
      label: plainText(name, { maxLength: MAX_CHART_LABEL_LENGTH }),
      // The fallback FactSet renders markdown, unlike the chart.
      fallbackLabel: escapeMarkdown(name, { maxLength: MAX_CHART_LABEL_LENGTH }),
      value,
      percent: messages.formatPercent(value),
      color: workload.status === 'low' ? 'attention' : 'good',
    };
  });
}

/** Low workloads come lowest first; the same workload bought in two products is named once. */
function lowestDistinctWorkloads(low: readonly WorkloadUsage[], max: number): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const workload of low) {
    if (names.length >= max) break;
    const key = workload.workloadName.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(workload.workloadName.trim());
  }
  return names;
}

/** The longest list a quarter shorter; null when every list is empty already. */
function shrinkLargestList(limits: RowLimits): RowLimits | null {
  const largest = (Object.keys(limits) as ListName[]).reduce((a, b) => (limits[b] > limits[a] ? b : a));
  const fewer = aQuarterFewer(limits[largest]);
  return fewer === null ? null : { ...limits, [largest]: fewer };
}

function outsideText(text: string): SafeMarkdown {
  return escapeMarkdown(text, { maxLength: MAX_NAME_LENGTH });
}
