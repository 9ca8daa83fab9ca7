import type { ExportTexts, ReportTexts, TrendTexts, TuningTexts } from './report-messages';
import { formatsFor } from './formats';

const { integer, decimal } = formatsFor('en-US');
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const plural = (count: number, one: string, many: string) => `${integer(count)} ${count === 1 ? one : many}`;

export const enReport: ReportTexts = {
  progressPage: (page, pages) => (pages ? `Reading Partner Center, page ${integer(page)} of ${integer(pages)}…` : `Reading Partner Center, page ${integer(page)}…`),
  progressCustomers: (done, total) => `Reading Partner Center, customer ${integer(done)} of ${integer(total)}…`,
  title: (filter) => {
    switch (filter.kind) {
      case 'all':
        return 'Adoption report: every customer';
      case 'workload':
        return `Adoption report: ${filter.workload}`;
      case 'below':
        return `Adoption report: below ${integer(filter.threshold)} %`;
      case 'renewing':
        return `Adoption report: renewing within ${plural(filter.days, 'day', 'days')}`;
      case 'drops':
        return 'Adoption report: biggest drops';
    }
  },
  summary: (withLow, matched, threshold) => `${integer(withLow)} of ${plural(matched, 'customer', 'customers')} with a workload below ${integer(threshold)} %, most seats at risk first`,
  summaryDrops: (count) => `${plural(count, 'customer', 'customers')} fell since their previous data date, the biggest fall first`,
  lowest: (workloadName, percent) => `lowest: ${workloadName} ${percent}`,
  lowCount: (low, measured) => `${integer(low)} of ${plural(measured, 'workload', 'workloads')} low`,
  seatsAtRisk: (seats) => `${plural(seats, 'seat', 'seats')} at risk`,
  unassigned: (seats) => `${plural(seats, 'unassigned seat', 'unassigned seats')}`,
  renewsIn: (days) => (days === 0 ? 'renews today' : `renews in ${plural(days, 'day', 'days')}`),
  drop: (workloadName, from, to, points, since) => `${workloadName}: ${from} → ${to}, down ${decimal(points)} points since ${since}`,
  chartTitle: 'Seats at risk',
  chartTitleDrops: 'Points fallen since the previous data date',
  more: (hidden) => `…and ${plural(hidden, 'more customer', 'more customers')}`,
  hint: "Select a customer to open their usage card.",
  openUsage: 'Open usage card',
  empty: (filter, scanned) => {
    if (scanned === 0) return 'Partner Center shows no customers with usage data for your account.';
    switch (filter.kind) {
      case 'workload':
        return `None of your ${plural(scanned, 'customer', 'customers')} has a workload called "${filter.workload}". Try Exchange, SharePoint, OneDrive, Teams or Intune.`;
      case 'below':
        return `No customer has a workload below ${integer(filter.threshold)} %.`;
      case 'renewing':
        return `No customer has a subscription renewing within ${plural(filter.days, 'day', 'days')}.`;
      case 'drops':
        return 'No customer fell since its previous data date. A drop needs two Partner Center data dates; I remember each one I read.';
      case 'all':
        return 'Partner Center shows no customers with usage data for your account.';
    }
  },
  renewalsUnavailable: "I can't filter by renewal yet: I don't read subscription renewal dates from Partner Center. Try **report** or **report below 20%**.",
  invalid: (reason) =>
    ({
      threshold: 'A report threshold is a whole percentage from 1 to 99, for example **report below 20%**.',
      days: 'Renewal windows are whole days from 1 to 365, for example **report renewing within 30 days**.',
      workload: 'Which workload? For example **report for Teams**.',
      words: 'Try **report**, **report for Teams**, **report below 20%**, **report renewing within 30 days** or **report drops**.',
    })[reason],
  sharedTitle: (filter) => enReport.title(filter),
  sharedExplanation: 'Everyone sees their own customers through their own Partner Center access, so your own report opens here for you. If it does not, use the button.',
  showMine: 'Show my report',
  refresh: 'Refresh',
};

export const enTrend: TrendTexts = {
  change: (points, since) =>
    points === 0 ? `unchanged since ${since}` : `${points < 0 ? 'down' : 'up'} ${decimal(Math.abs(points))} point${Math.abs(points) === 1 ? '' : 's'} since ${since}`,
  chartTitle: 'Low workloads over time (%)',
  shortDate: (date) => shortDate.format(new Date(`${date}T00:00:00Z`)),
};

export const enExport: ExportTexts = {
  offered: 'Accept the file below and I will save it to your OneDrive.',
  download: 'Download as CSV',
  personalOnly: 'I can send files only in our personal chat: open a chat with me and ask there.',
  consentDescription: (what) => `${what}, as a CSV file for Excel`,
  reportFileName: 'adoption-report',
  usageFileName: (customerName) => `usage-${customerName}`,
  columns: ['Customer', 'Customer id', 'Product', 'Workload', 'Active licenses', 'Qualified licenses', 'Usage %', 'Status', 'Threshold %', 'Data date', 'Change (points)', 'Since', 'Seats at risk'],
  status: (status) => ({ low: 'low', healthy: 'healthy', 'no-licenses': 'no licenses' })[status],
  uploadFailed: "I couldn't upload the file to your OneDrive. Please try again.",
  expired: 'That download is no longer available. Ask for the card again.',
};

export const enTuning: TuningTexts = {
  tune: 'Tune alerts',
  menuTitle: (customerName) => `Tune alerts: ${customerName}`,
  menuSent: 'Your choices for this customer are in the card below.',
  openUsage: 'Open usage card',
  snooze: (days) => `Snooze this customer ${days} days`,
  ignoreProduct: (productName) => `Ignore ${productName} here`,
  customerThreshold: "This customer's threshold",
  thresholdLabel: "Alert for this customer below this percentage (1–99), in this conversation",
  apply: 'Apply',
  undo: 'Undo',
  snoozed: (customerName, days, until) => `Snoozed: no alerts about **${customerName}** here for ${plural(days, 'day', 'days')} (until ${until}).`,
  ignored: (customerName, productName) => `Ignored: no more alerts here about **${productName}** at **${customerName}**.`,
  thresholdSet: (customerName, threshold) => `Alerts about **${customerName}** here now fire below **${integer(threshold)} %**.`,
  undone: (customerName) => `Undone: alerts about **${customerName}** here are as they were.`,
  unsnoozed: (customerName) => `Alerts about **${customerName}** are no longer snoozed here.`,
  unignored: (customerName, productName) => `Alerts about **${productName}** at **${customerName}** are back on here.`,
  thresholdCleared: (customerName) => `Alerts about **${customerName}** here follow the subscription's threshold again.`,
  invalidThreshold: "A customer's alert threshold is a whole percentage from 1 to 99, for example **alerts threshold for Contoso 20**.",
  doneTitle: 'Alerts tuned',
  listHeading: 'Tuned from alert cards',
  listSnoozed: (customerName, until) => `${customerName}: snoozed until ${until}`,
  listIgnored: (customerName, productName) => `${customerName}: ${productName} ignored`,
  listThreshold: (customerName, threshold) => `${customerName}: below ${integer(threshold)} %`,
};
