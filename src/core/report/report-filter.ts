/** What a `report` (Dutch: `overzicht`) asks for. */
export type ReportFilter =
  | { kind: 'all' }
  /** Only this workload counts (`report for Teams`). */
  | { kind: 'workload'; workload: string }
  /** The report's own threshold (`report below 20%`). */
  | { kind: 'below'; threshold: number }
  /** Only customers with a subscription renewing within `days` (`report renewing within 30 days`). */
  | { kind: 'renewing'; days: number }
  /** Ranked by the biggest fall since the previous data date (`report drops`). */
  | { kind: 'drops' };

export const MAX_RENEWAL_DAYS = 365;
/** Workload names are short; a longer "workload" is a typo or an attack, never a match. */
export const MAX_WORKLOAD_FILTER_LENGTH = 80;

/** The filter as a card carries it and a button types it back: `report for Teams`, in English words. */
export function reportCommandText(filter: ReportFilter): string {
  switch (filter.kind) {
    case 'all':
      return 'report';
    case 'workload':
      return `report for ${filter.workload}`;
    case 'below':
      return `report below ${filter.threshold}%`;
    case 'renewing':
      return `report renewing within ${filter.days} days`;
    case 'drops':
      return 'report drops';
  }
}
