import { spreadsheetSafe } from '../../../../src/core/export/csv-rows';
import { csvFile } from '../../../../src/commands/export/csv-file';
import { customerId } from '../../../../src/core/customers/customer-id';
import { nl } from '../../../../src/i18n/nl';
import { parseCsv } from '../../../helpers/csv';

describe('spreadsheet-safe CSV cells', () => {
  it.each(['=1+1', '+31 20', '-Contoso', '@SUM(A1)', '\tTab', '\rCR'])('neutralises %j', (text) => {
    expect(spreadsheetSafe(text)).toBe(`'${text}`);
  });
  it('leaves ordinary text, numbers (negative ones too) and empty cells alone', () => {
    expect(spreadsheetSafe('Contoso = good')).toBe('Contoso = good');
    expect(spreadsheetSafe(-6)).toBe(-6);
    expect(spreadsheetSafe(null)).toBeNull();
  });
  it('writes a Dutch header, quotes what needs quoting and keeps negative changes as numbers', () => {
    const bytes = csvFile(
      [{ customerName: 'Contoso, "BV"', customerId: customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763'), productName: 'E3', workloadName: 'Teams', licensesActive: 5, licensesQualified: 10, usagePercent: 50, status: 'healthy', threshold: 30, dataDate: '2026-03-02', changePoints: -6, since: '2026-02-02', seatsAtRisk: null }],
      nl,
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]![0]).toBe('Klant');
    expect(rows[1]).toEqual(['Contoso, "BV"', 'c0a1b2c3-d4e5-4f60-8172-839405a6b763', 'E3', 'Teams', '5', '10', '50', 'gezond', '30', '2026-03-02', '-6', '2026-02-02', '']);
  });
});
