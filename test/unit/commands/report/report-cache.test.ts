import { reportCache, type ReportRead } from '../../../../src/commands/report/report-cache';

const readOf = (customers: number): ReportRead => ({
  customers: Array.from({ length: customers }, (_, i) => ({ customerId: `c${i}`, customerName: `Customer ${i}`, processedAt: null, workloads: [] })),
  drops: new Map(),
});

describe("the report's cache of partner-wide reads", () => {
  it('keeps reads up to a number of customers across people, the least recently used going first', () => {
    const cache = reportCache({ maxCustomers: 100 });
    cache.set('ana', readOf(60));
    cache.set('bo', readOf(30));
    expect(cache.get('ana')?.customers).toHaveLength(60);
    // Ana's read was used last: Bo's goes to make room.
    cache.set('cy', readOf(40));
    expect(cache.get('bo')).toBeUndefined();
    expect(cache.get('ana')?.customers).toHaveLength(60);
    expect(cache.get('cy')?.customers).toHaveLength(40);
  });

  it('does not keep a read larger than the bound, and keeps the others', () => {
    const cache = reportCache({ maxCustomers: 100 });
    cache.set('ana', readOf(10));
    cache.set('bo', readOf(150));
    expect(cache.get('bo')).toBeUndefined();
    expect(cache.get('ana')?.customers).toHaveLength(10);
  });
});
