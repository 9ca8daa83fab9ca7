import { customerId } from '../../../src/core/customers/customer-id';
import type { UsageRecord } from '../../../src/core/usage/usage-record';
import type { UsageSummary } from '../../../src/core/usage/usage-summary';
import type { CustomerHistory } from '../../../src/core/history/usage-history';
import { recordingPartnerCenter } from '../../../src/history/recording-partner-center';
import type { PartnerCenter, PartnerCenterCallContext } from '../../../src/partner-center/partner-center.port';

function row(customer: string, workloadName: string): UsageRecord {
  return {
    customerId: customerId(customer),
    customerName: customer,
    productName: 'Microsoft 365 E3',
    workloadName,
    licensesActive: 10,
    licensesQualified: 100,
    usagePercent: 10,
    processedDateTime: '2026-03-01T00:00:00Z',
  } as UsageRecord;
}

describe('usage history recorded from a partner-wide scan', () => {
  it('records each customer once its rows are complete, also when they go on past the end of a page, holding one page at a time', async () => {
    const pages = [
      [row('a', 'Teams'), row('a', 'Exchange'), row('b', 'Teams')],
      [row('b', 'Exchange'), row('c', 'Teams')],
    ];
    const recorded: Array<{ customer: string; workloads: number; afterPage: number }> = [];
    let pagesHanded = 0;
    const partnerCenter = {
      async *scanCommercialLicenseUsage() {
        for (const page of pages) {
          pagesHanded += 1;
          yield page;
        }
      },
    } as unknown as PartnerCenter;
    const note = (summary: UsageSummary) => recorded.push({ customer: summary.customerId, workloads: summary.low.length + summary.healthy.length, afterPage: pagesHanded });
    const history = {
      get: async () => ({}) as CustomerHistory,
      record: async (summary: UsageSummary) => {
        note(summary);
        return {} as CustomerHistory;
      },
      recordMany: async (summaries: readonly UsageSummary[]) => {
        summaries.forEach(note);
      },
      recordedAlready: () => false,
    };
    const seen: number[] = [];
    for await (const page of recordingPartnerCenter(partnerCenter, history).scanCommercialLicenseUsage({} as PartnerCenterCallContext)) seen.push(page.length);

    expect(seen).toEqual([3, 2]);
    expect(recorded).toEqual([
      // a is done with the first page; b's rows go on, so b waits for the second.
      { customer: 'a', workloads: 2, afterPage: 1 },
      { customer: 'b', workloads: 2, afterPage: 2 },
      { customer: 'c', workloads: 1, afterPage: 2 },
    ]);
  });
});
