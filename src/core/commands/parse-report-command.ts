import type { ReportCommand } from './command';
import { parseThresholdValue, stripQuotes } from './command-text';
import { MAX_RENEWAL_DAYS, MAX_WORKLOAD_FILTER_LENGTH } from '../report/report-filter';

// English and Dutch words alike, whatever the chat's locale (see parse-command.ts).
const REPORT = /^(?:report|overzicht)(?:\s+(.*))?$/i;
const FOR = /^(?:for|voor)\s+(.+)$/i;
const BELOW = /^(?:below|onder)(?:\s+(.*))?$/i;
const RENEWING = /^(?:renewing\s+within|renewing\s+in|verlengt\s+binnen|verlenging\s+binnen)(?:\s+(.*))?$/i;
const DAYS = /^(\d{1,4})(?:\s*(?:days?|dagen|dag|d))?$/i;
const DROPS = /^(?:drops|dalers|dalingen)$/i;

/** Reads `report [for <workload> | below <n>% | renewing within <n> days | drops]`; undefined when not a report. */
export function parseReportCommand(clean: string): ReportCommand | undefined {
  const match = REPORT.exec(clean);
  if (!match) return undefined;
  const rest = (match[1] ?? '').trim();
  if (rest === '') return { kind: 'report', filter: { kind: 'all' } };
  if (DROPS.test(rest)) return { kind: 'report', filter: { kind: 'drops' } };

  const below = BELOW.exec(rest);
  if (below) {
    const threshold = parseThresholdValue(below[1] ?? '');
    return threshold === undefined ? { kind: 'report-invalid', reason: 'threshold' } : { kind: 'report', filter: { kind: 'below', threshold } };
  }
  const renewing = RENEWING.exec(rest);
  if (renewing) {
    const days = Number(DAYS.exec((renewing[1] ?? '').trim())?.[1] ?? NaN);
    return Number.isInteger(days) && days >= 1 && days <= MAX_RENEWAL_DAYS
      ? { kind: 'report', filter: { kind: 'renewing', days } }
      : { kind: 'report-invalid', reason: 'days' };
  }
  const forWorkload = FOR.exec(rest);
  if (forWorkload) {
    const workload = stripQuotes(forWorkload[1]!.trim());
    if (workload === '' || workload.length > MAX_WORKLOAD_FILTER_LENGTH) return { kind: 'report-invalid', reason: 'workload' };
    return { kind: 'report', filter: { kind: 'workload', workload } };
  }
  return { kind: 'report-invalid', reason: 'words' };
}
