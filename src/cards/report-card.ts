import type { AdoptionReport, ReportLine } from '../core/report/rank-customers';
import { reportCommandText, type ReportFilter } from '../core/report/report-filter';
import { typedCommands } from '../core/commands/command-text';
import type { Messages } from '../i18n/messages';
import { aQuarterFewer, asAdaptiveCard, fittedCard, MAX_CARD_BYTES, type AdaptiveCard } from './adaptive-card';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderTemplate } from './render-template';
import { reportFilterData } from './report-filter-data';
import { MAX_REFRESH_USERS } from './user-specific';
import template from './templates/report-card.json';
import sharedTemplate from './templates/shared-report-card.json';

export interface ReportCardOptions {
  /** "Download as CSV" is offered (personal chat, where Teams can take a file). */
  canExport?: boolean;
  maxBytes?: number;
}

// Ten lines name three things each; shorter caps than a single customer's card keep them readable.
const MAX_CUSTOMER_NAME_LENGTH = 80;
const MAX_WORKLOAD_NAME_LENGTH = 60;
const MAX_BUTTON_NAME_LENGTH = 80;
const MAX_CHART_LABEL_LENGTH = 40;

/**
 * The answer to `report`: the customers that need their account manager first, ten lines and a chart
 * of the same ten. Each line opens that customer's usage card in place (a Universal Action); as on the
 * alert digest, clients without Universal Actions get a list of buttons that type `usage for <id>`.
 */
export function buildReportCard(report: AdoptionReport, messages: Messages, options: ReportCardOptions = {}): AdaptiveCard {
  return fittedCard(
    report.lines.length,
    (shown) => render(report, messages, shown, options),
    (shown) => aQuarterFewer(shown, 1),
    options.maxBytes ?? MAX_CARD_BYTES,
  );
}

/** What everyone in a channel or group chat sees: no figures; Teams fetches each member's own report. */
export function buildSharedReportCard(filter: ReportFilter, messages: Messages, userIds: readonly string[]): AdaptiveCard {
  const text = messages.report;
  const card = asAdaptiveCard(
    renderTemplate(sharedTemplate, {
      title: text.sharedTitle(shownFilter(filter)),
      explanation: text.sharedExplanation,
      showMine: text.showMine,
      reportCommand: plainText(reportCommandText(filter)),
      ...reportFilterData(filter),
    }),
  );
  return withReportRefresh(card, filter, userIds);
}

/** Asks Teams to fetch the report again for each of `userIds`, with that person's own access. */
export function withReportRefresh(card: AdaptiveCard, filter: ReportFilter, userIds: readonly string[]): AdaptiveCard {
  if (userIds.length === 0) return card;
  const { filterKind, filterValue } = reportFilterData(filter);
  return {
    ...card,
    refresh: { action: { type: 'Action.Execute', verb: 'report.refresh', data: { report: filterKind, value: filterValue } }, userIds: userIds.slice(0, MAX_REFRESH_USERS) },
  };
}

/** The filter as a title shows it: a workload the user typed is made literal. */
export function shownFilter(filter: ReportFilter): ReportFilter {
  return filter.kind === 'workload' ? { kind: 'workload', workload: escapeMarkdown(filter.workload, { maxLength: MAX_WORKLOAD_NAME_LENGTH }) } : filter;
}

function render(report: AdoptionReport, messages: Messages, shown: number, options: ReportCardOptions): AdaptiveCard {
  const text = messages.report;
  const lines = report.lines.slice(0, shown);
  const more = report.moreCount + (report.lines.length - lines.length);
  const drops = report.filter.kind === 'drops';
  const customers = lines.map((line) => {
    const customerId = plainText(line.customerId);
    return { customerId, title: plainText(line.customerName, { maxLength: MAX_BUTTON_NAME_LENGTH }), command: typedCommands.usage(customerId) };
  });
  return asAdaptiveCard(
    renderTemplate(template, {
      title: text.title(shownFilter(report.filter)),
      dateLine:
        report.processedAt === null || Number.isNaN(Date.parse(report.processedAt))
          ? messages.usageCard.noDataDate
          : messages.usageCard.dataDate(messages.formatDate(report.processedAt)),
      summary: drops ? text.summaryDrops(report.matched) : text.summary(report.withLow, report.matched, report.threshold),
      // A chart of one bar says nothing the line does not.
      hasChart: lines.length >= 2,
      chartTitle: drops ? text.chartTitleDrops : text.chartTitle,
      chart: lines.map((line) => {
        const value = drops ? (line.drop?.points ?? 0) : line.seatsAtRisk;
        return {
          label: plainText(line.customerName, { maxLength: MAX_CHART_LABEL_LENGTH }),
          fallbackLabel: escapeMarkdown(line.customerName, { maxLength: MAX_CHART_LABEL_LENGTH }),
          value,
          valueText: drops && line.drop ? messages.trend.change(-line.drop.points, messages.trend.shortDate(line.drop.since)) : text.seatsAtRisk(value),
        };
      }),
      rows: lines.map((line) => ({
        customerId: plainText(line.customerId),
        buttonTitle: text.openUsage,
        customer: escapeMarkdown(line.customerName, { maxLength: MAX_CUSTOMER_NAME_LENGTH }),
        detail: detailOf(line, messages, drops),
        hasExtra: extraOf(line, messages) !== '',
        extra: extraOf(line, messages),
        figure: drops && line.drop ? messages.formatPercent(line.drop.to) : text.seatsAtRisk(line.seatsAtRisk),
      })),
      hasMore: more > 0,
      more: text.more(more),
      hint: text.hint,
      customers,
      firstCustomer: customers[0] ?? { customerId: '', title: '', command: '' },
      refreshTitle: text.refresh,
      reportCommand: plainText(reportCommandText(report.filter)),
      hasExport: options.canExport === true,
      exportTitle: messages.export.download,
      ...reportFilterData(report.filter),
    }),
  );
}

function detailOf(line: ReportLine, messages: Messages, drops: boolean): string {
  const text = messages.report;
  if (drops && line.drop) {
    const { drop } = line;
    const workload = escapeMarkdown(drop.workloadName, { maxLength: MAX_WORKLOAD_NAME_LENGTH });
    return text.drop(workload, messages.formatPercent(drop.from), messages.formatPercent(drop.to), drop.points, messages.trend.shortDate(drop.since));
  }
  const parts = [text.lowCount(line.lowCount, line.measuredCount)];
  if (line.lowest) parts.push(text.lowest(escapeMarkdown(line.lowest.workloadName, { maxLength: MAX_WORKLOAD_NAME_LENGTH }), messages.formatPercent(line.lowest.percent)));
  return parts.join(' · ');
}

function extraOf(line: ReportLine, messages: Messages): string {
  const parts: string[] = [];
  if (line.unassignedSeats !== undefined) parts.push(messages.report.unassigned(line.unassignedSeats));
  if (line.renewalInDays !== undefined) parts.push(messages.report.renewsIn(line.renewalInDays));
  return parts.join(' · ');
}
