import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe, type CsvRow } from '../../core/export/csv-rows';
import type { Messages } from '../../i18n';

/**
 * The CSV bytes of an export: a header in the user's language, then one line per row, every text cell
 * neutralised so a spreadsheet never runs a customer's name as a formula. UTF-8 with a byte order mark,
 * which Excel needs to read non-ASCII names correctly.
 */
export function csvFile(rows: readonly CsvRow[], messages: Messages): Buffer {
  const text = messages.export;
  const records = rows.map((row) =>
    [
      row.customerName,
      row.customerId,
      row.productName,
      row.workloadName,
      row.licensesActive,
      row.licensesQualified,
      row.usagePercent,
      text.status(row.status),
      row.threshold,
      row.dataDate,
      row.changePoints,
      row.since,
      row.seatsAtRisk,
    ].map(spreadsheetSafe),
  );
  const body = stringify([[...text.columns].map(spreadsheetSafe), ...records], { cast: { number: (value) => String(value) } });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}
