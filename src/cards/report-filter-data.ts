import { z } from 'zod';
import { isThreshold } from '../core/commands/command-text';
import { MAX_RENEWAL_DAYS, MAX_WORKLOAD_FILTER_LENGTH, type ReportFilter } from '../core/report/report-filter';
import { plainText } from './escape-markdown';

/**
 * A report's filter as card data: two strings (`report`, `value`), so that templates carry it as they
 * carry any other text and a card kept from long ago still reads back.
 */
export interface ReportFilterData {
  filterKind: ReportFilter['kind'];
  filterValue: string;
}

export function reportFilterData(filter: ReportFilter): ReportFilterData {
  switch (filter.kind) {
    case 'workload':
      return { filterKind: 'workload', filterValue: plainText(filter.workload, { maxLength: MAX_WORKLOAD_FILTER_LENGTH }) };
    case 'below':
      return { filterKind: 'below', filterValue: String(filter.threshold) };
    case 'renewing':
      return { filterKind: 'renewing', filterValue: String(filter.days) };
    default:
      return { filterKind: filter.kind, filterValue: '' };
  }
}

// Card data comes back from clients as they kept it: check it like any other input.
const filterSchema = z.looseObject({ report: z.enum(['all', 'workload', 'below', 'renewing', 'drops']), value: z.union([z.string(), z.number()]).optional() });

/** The filter a card button carries; undefined when the data is not one. */
export function reportFilterFrom(data: unknown): ReportFilter | undefined {
  const parsed = filterSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const value = String(parsed.data.value ?? '').trim();
  switch (parsed.data.report) {
    case 'all':
    case 'drops':
      return { kind: parsed.data.report };
    case 'workload':
      return value !== '' && value.length <= MAX_WORKLOAD_FILTER_LENGTH ? { kind: 'workload', workload: value } : undefined;
    case 'below': {
      const threshold = Number(value);
      return isThreshold(threshold) ? { kind: 'below', threshold } : undefined;
    }
    case 'renewing': {
      const days = Number(value);
      return Number.isInteger(days) && days >= 1 && days <= MAX_RENEWAL_DAYS ? { kind: 'renewing', days } : undefined;
    }
  }
}
