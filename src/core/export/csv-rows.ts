import { changeAt, dataDateOf, workloadSeries, type CustomerHistory } from '../history/usage-history';
import type { AdoptionReport, CustomerUsage } from '../report/rank-customers';
import type { UsageSummary, WorkloadStatus, WorkloadUsage } from '../usage/usage-summary';

/**
 * The rows of a CSV export: one per customer, product and workload, with every figure the card shows.
 * Pure; cells are strings or numbers, neutralised for spreadsheets by `spreadsheetSafe`.
 */
export type CsvCell = string | number | null;

export interface CsvRow {
  customerName: string;
  customerId: string;
  productName: string;
  workloadName: string;
  licensesActive: number;
  licensesQualified: number;
  usagePercent: number | null;
  status: WorkloadStatus;
  threshold: number;
  dataDate: string | null;
  changePoints: number | null;
  since: string | null;
  seatsAtRisk: number | null;
}

export function usageRows(summary: UsageSummary, history: CustomerHistory | undefined): CsvRow[] {
  const date = dataDateOf(summary.processedAt);
  return [...summary.low, ...summary.healthy, ...summary.unlicensed].map((workload) => {
    const change = history && date ? changeAt(workloadSeries(history, workload.productName, workload.workloadName), date) : undefined;
    return rowOf(summary, workload, summary.threshold, workload.status, date ?? null, change?.points ?? null, change?.since ?? null, null);
  });
}

/** Every customer the report matched, in its order; a `for` report exports only that workload. */
export function reportRows(report: AdoptionReport, customers: readonly CustomerUsage[]): CsvRow[] {
  const byId = new Map(customers.map((customer) => [customer.customerId.toLowerCase(), customer]));
  const wanted = report.filter.kind === 'workload' ? report.filter.workload.trim().toLowerCase() : undefined;
  return report.all.flatMap((line) => {
    const customer = byId.get(line.customerId.toLowerCase());
    if (!customer) return [];
    const date = customer.processedAt ? (dataDateOf(customer.processedAt) ?? null) : null;
    return customer.workloads
      .filter((workload) => wanted === undefined || workload.workloadName.trim().toLowerCase() === wanted)
      .map((workload) => {
        const status: WorkloadStatus = workload.usagePercent === null ? 'no-licenses' : workload.usagePercent < report.threshold ? 'low' : 'healthy';
        const drop = line.drop && line.drop.productName === workload.productName && line.drop.workloadName === workload.workloadName ? line.drop : undefined;
        return rowOf(customer, workload, report.threshold, status, date, drop ? -drop.points : null, drop?.since ?? null, line.seatsAtRisk);
      });
  });
}

function rowOf(
  customer: { customerName: string; customerId: string },
  workload: WorkloadUsage,
  threshold: number,
  status: WorkloadStatus,
  dataDate: string | null,
  changePoints: number | null,
  since: string | null,
  seatsAtRisk: number | null,
): CsvRow {
  return {
    customerName: customer.customerName,
    customerId: customer.customerId,
    productName: workload.productName,
    workloadName: workload.workloadName,
    licensesActive: workload.licensesActive,
    licensesQualified: workload.licensesQualified,
    usagePercent: workload.usagePercent,
    status,
    threshold,
    dataDate,
    changePoints,
    since,
    seatsAtRisk,
  };
}

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); tab and CR too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that a spreadsheet shows as text: a leading formula character is preceded by an apostrophe. Numbers stay numbers. */
export function spreadsheetSafe(cell: CsvCell): CsvCell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}
