import type { ReportFilter } from '../core/report/report-filter';
import type { SafeMarkdown, SafePlainText } from './outside-text';

/**
 * The sentences of the all-customer report, the usage trend, the CSV export and alert tuning, in one
 * language. Kept apart from messages.ts so these features add a file per language, not lines in theirs.
 */
export interface ReportTexts {
  /** While the partner-wide scan runs: "Reading Partner Center, page 3 of 8…". */
  progressPage(page: number, pages: number | undefined): string;
  progressCustomers(done: number, total: number): string;
  title(filter: ReportFilter): string;
  /** "7 of 42 customers have a workload below 30 %" */
  summary(withLow: number, matched: number, threshold: number): string;
  summaryDrops(count: number): string;
  /** The line under a customer's name. */
  lowest(workloadName: SafeMarkdown, percent: string): string;
  lowCount(low: number, measured: number): string;
  seatsAtRisk(seats: number): string;
  unassigned(seats: number): string;
  renewsIn(days: number): string;
  drop(workloadName: SafeMarkdown, from: string, to: string, points: number, since: string): string;
  chartTitle: string;
  chartTitleDrops: string;
  more(hidden: number): string;
  hint: string;
  openUsage: string;
  /** Nothing matched; says what was looked for. */
  empty(filter: ReportFilter, scanned: number): string;
  /** `renewing within` without a source of renewal dates. */
  renewalsUnavailable: string;
  invalid(reason: 'threshold' | 'days' | 'workload' | 'words'): string;
  sharedTitle(filter: ReportFilter): string;
  sharedExplanation: string;
  showMine: string;
  refresh: string;
}

export interface TrendTexts {
  /** "down 6 points since 3 Nov" */
  change(points: number, since: string): string;
  chartTitle: string;
  /** A short date (day and month) from `YYYY-MM-DD`. */
  shortDate(date: string): string;
}

export interface ExportTexts {
  download: string;
  /** The answer to the button in personal chat: the consent card follows. */
  offered: string;
  /** In a channel or group chat: files are only for personal chat. */
  personalOnly: string;
  consentDescription(what: string): string;
  reportFileName: string;
  usageFileName(customerName: string): string;
  /** The CSV's header row, in column order. */
  columns: readonly string[];
  /** Written in the status column. */
  status(status: 'low' | 'healthy' | 'no-licenses'): string;
  /** The upload failed after consent. */
  uploadFailed: string;
  /** A consent answer that names nothing we can export (an old or forged card). */
  expired: string;
}

export interface TuningTexts {
  /** The button that opens the tuning choices on an alert card or digest line. */
  tune: string;
  menuTitle(customerName: SafeMarkdown): string;
  /** The answer to a digest line's Tune button: the choices come as a card of their own, below. */
  menuSent: string;
  openUsage: string;
  snooze(days: number): string;
  ignoreProduct(productName: SafePlainText): string;
  customerThreshold: string;
  thresholdLabel: string;
  apply: string;
  undo: string;
  snoozed(customerName: SafeMarkdown, days: number, until: string): string;
  ignored(customerName: SafeMarkdown, productName: SafeMarkdown): string;
  thresholdSet(customerName: SafeMarkdown, threshold: number): string;
  /** After Undo. */
  undone(customerName: SafeMarkdown): string;
  unsnoozed(customerName: SafeMarkdown): string;
  unignored(customerName: SafeMarkdown, productName: SafeMarkdown): string;
  thresholdCleared(customerName: SafeMarkdown): string;
  invalidThreshold: string;
  doneTitle: string;
  /** In the `alerts` list. */
  listHeading: string;
  listSnoozed(customerName: SafeMarkdown, until: string): string;
  listIgnored(customerName: SafeMarkdown, productName: SafeMarkdown): string;
  listThreshold(customerName: SafeMarkdown, threshold: number): string;
}
