import { customerId } from '../../src/core/customers/customer-id';
import pino from 'pino';
import { HEAD_SNAPSHOTS } from '../../src/core/history/history-segments';
import { biggestDrop } from '../../src/core/history/usage-history';
import { analyseUsage } from '../../src/core/usage/analyse-usage';
import { CORRUPT_PREFIX } from '../../src/storage/stored-documents';
import { usageHistoryStore } from '../../src/storage/usage-history-store';
import { tempSqlite } from '../helpers/temp-storage';

const CUSTOMER = customerId('c0a1b2c3-d4e5-4f60-8172-839405a6b763');
const logger = pino({ level: 'silent' });
const clock = () => new Date('2026-04-01T00:00:00Z');

function summary(date: string, active: number, id = CUSTOMER) {
  return analyseUsage({
    customerId: id,
    threshold: 30,
    records: [{ customerId: id, customerName: 'Contoso', productName: 'E3', workloadName: 'Teams', licensesActive: active, licensesQualified: 100, processedDateTime: `${date}T00:00:00Z` }],
  });
}

describe('usage history in SQLite', () => {
  const sqlite = tempSqlite('usage-history-');

  it('writes only when the data date is new for the customer, and survives a restart', async () => {
    const storage = sqlite.open();
    const store = usageHistoryStore(storage, { clock, logger });
    await store.record(summary('2026-02-01', 40));
    const key = `usage-history/${CUSTOMER}`;
    const first = (await storage.read([key]))[key]!.eTag;
    // Same data date, other figures (a re-read within the day): nothing written.
    await store.record(summary('2026-02-01', 10));
    expect((await storage.read([key]))[key]!.eTag).toBe(first);
    await store.record(summary('2026-03-01', 30));

    const reopened = usageHistoryStore(sqlite.open(), { clock, logger });
    expect((await reopened.get(CUSTOMER)).snapshots.map((s) => [s.date, s.rows[0]![2]])).toEqual([
      ['2026-02-01', 40],
      ['2026-03-01', 30],
    ]);
  });

  it('lets two instances with their own caches both land their data dates', async () => {
    const one = usageHistoryStore(sqlite.open(), { clock, logger });
    const two = usageHistoryStore(sqlite.open(), { clock, logger });
    await one.record(summary('2026-02-01', 40));
    await two.get(CUSTOMER);
    await one.record(summary('2026-03-01', 30));
    // Two's cached copy is stale: its write conflicts, re-reads and keeps one's snapshot.
    const merged = await two.record(summary('2026-03-15', 20));
    expect(merged.snapshots.map((s) => s.date)).toEqual(['2026-02-01', '2026-03-01', '2026-03-15']);
  });

  it('never fails the answer when storage holds a history it cannot read', async () => {
    const storage = sqlite.open();
    await storage.write({ [`usage-history/${CUSTOMER}`]: { version: 99 } });
    const history = await usageHistoryStore(storage, { clock, logger }).record(summary('2026-02-01', 40));
    expect(history.snapshots).toEqual([]);
  });

  it("records a scan page's customers in one go, also past a cache smaller than the page, and around another instance's write", async () => {
    const ids = ['a', 'b', 'c', 'd'].map((n) => customerId(`c0a1b2c3-d4e5-4f60-8172-83940500000${n}`));
    const storage = sqlite.open();
    const other = usageHistoryStore(sqlite.open(), { clock, logger });
    const store = usageHistoryStore(storage, { clock, logger, cacheEntries: 1 });
    await store.recordMany(ids.map((id) => summary('2026-02-01', 40, id)));
    // Another instance adds a date to one customer: the batch's next write conflicts on it, and still lands.
    await other.record(summary('2026-03-01', 35, ids[3]!));
    await store.recordMany(ids.map((id) => summary('2026-03-01', 30, id)));

    const keys = ids.map((id) => `usage-history/${id}`);
    const before = await storage.read(keys);
    // The same data dates again: nothing is written.
    await store.recordMany(ids.map((id) => summary('2026-03-01', 10, id)));
    const after = await storage.read(keys);
    expect(keys.map((key) => after[key]!.eTag)).toEqual(keys.map((key) => before[key]!.eTag));

    const reopened = usageHistoryStore(sqlite.open(), { clock, logger });
    for (const id of ids) {
      const history = await reopened.get(id);
      expect(history.snapshots.map((s) => s.date)).toEqual(['2026-02-01', '2026-03-01']);
    }
    expect((await reopened.get(ids[3]!)).snapshots[1]!.rows[0]![2]).toBe(35);
  });

  it('reads no history at all for a scan batch it recorded at the same data dates, in any order, and reads again once a date moves', async () => {
    const ids = ['a', 'b', 'c'].map((n) => customerId(`c0a1b2c3-d4e5-4f60-8172-83940500000${n}`));
    const storage = sqlite.open();
    let reads = 0;
    const counted = { ...storage, read: (keys: string[]) => ((reads += 1), storage.read(keys)) };
    const store = usageHistoryStore(counted, { clock, logger, cacheEntries: 1 });
    await store.recordMany(ids.map((id) => summary('2026-02-01', 40, id)));
    expect(reads).toBe(1);

    // The next day's scan over data Partner Center did not refresh lists the rows in another order.
    await store.recordMany([...ids].reverse().map((id) => summary('2026-02-01', 41, id)));
    expect(reads).toBe(1);

    // One customer's data date moved: the batch is read and that customer's new date lands.
    await store.recordMany(ids.map((id, index) => summary(index === 1 ? '2026-03-01' : '2026-02-01', 30, id)));
    expect(reads).toBe(2);
    const reopened = usageHistoryStore(sqlite.open(), { clock, logger });
    expect((await reopened.get(ids[1]!)).snapshots.map((s) => s.date)).toEqual(['2026-02-01', '2026-03-01']);
    expect((await reopened.get(ids[0]!)).snapshots.map((s) => s.date)).toEqual(['2026-02-01']);
  });

  /** Every third day from `from`, as Partner Center refreshes. */
  const dates = (count: number, from: string) => Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 3 * 86_400_000).toISOString().slice(0, 10));
  const storedHeadOf = async (storage: ReturnType<typeof sqlite.open>, id = CUSTOMER) =>
    (await storage.read([`usage-history/${id}`]))[`usage-history/${id}`] as { snapshots: unknown[]; segments: Array<{ first: string; last: string }> };

  it('writes a new data date into a small head, whatever the length of the history, and reads every date back', async () => {
    const storage = sqlite.open();
    const all = dates(25, '2026-01-01');
    const store = usageHistoryStore(storage, { clock: () => new Date('2026-04-01T00:00:00Z'), logger });
    for (const [index, date] of all.entries()) {
      // Chat answers and scans take turns, as they do in the bot.
      if (index % 2 === 0) await store.record(summary(date, 40 + index));
      else await store.recordMany([summary(date, 40 + index)]);
      expect((await storedHeadOf(storage)).snapshots.length).toBeLessThanOrEqual(HEAD_SNAPSHOTS);
    }
    const reopened = usageHistoryStore(sqlite.open(), { clock: () => new Date('2026-04-01T00:00:00Z'), logger });
    const history = await reopened.get(CUSTOMER);
    expect(history.snapshots.map((s) => [s.date, s.rows[0]![2]])).toEqual(all.map((date, index) => [date, 40 + index]));
  });

  it("takes an upgraded bot's whole-history document as it is, and splits it at the next data date", async () => {
    const storage = sqlite.open();
    const old = dates(59, '2026-01-01');
    const snapshots = old.map((date) => ({ date, products: ['E3'], rows: [[0, 'Teams', 40, 100]] }));
    await storage.write({ [`usage-history/${CUSTOMER}`]: { version: 1, customerId: CUSTOMER, snapshots, eTag: '*' } });
    const clock = () => new Date('2026-07-01T00:00:00Z');
    const store = usageHistoryStore(storage, { clock, logger });
    expect((await store.get(CUSTOMER)).snapshots.map((s) => s.date)).toEqual(old);

    await usageHistoryStore(storage, { clock, logger }).recordMany([summary('2026-07-01', 30)]);
    expect((await storedHeadOf(storage)).snapshots).toHaveLength(2);
    const reopened = usageHistoryStore(sqlite.open(), { clock, logger });
    expect((await reopened.get(CUSTOMER)).snapshots.map((s) => s.date)).toEqual([...old, '2026-07-01']);
  });

  it('reads a trend around a segment it cannot read, keeps that segment aside, and goes on recording', async () => {
    const storage = sqlite.open();
    const all = dates(25, '2026-01-01');
    const store = usageHistoryStore(storage, { clock, logger });
    for (const date of all) await store.record(summary(date, 40));
    const [first, ...rest] = (await storedHeadOf(storage)).segments;
    // Two segments at least: the one made unreadable, and one that still counts.
    expect(rest.length).toBeGreaterThan(0);
    const broken = `usage-history/${CUSTOMER}@${first!.first}_${first!.last}`;
    await storage.write({ [broken]: { version: 2, snapshots: 'not a list', eTag: '*' } });

    const reopened = usageHistoryStore(sqlite.open(), { clock, logger });
    const history = await reopened.get(CUSTOMER);
    // Only the unreadable segment's dates are missing; the other segments and the head still count.
    expect(history.snapshots.map((s) => s.date)).toEqual(all.filter((date) => date < first!.first || date > first!.last));
    expect((await storage.read([CORRUPT_PREFIX + broken]))[CORRUPT_PREFIX + broken]).toMatchObject({ document: { snapshots: 'not a list' } });
    // Kept aside once, then gone: the next read neither reports it nor copies it again.
    expect(await storage.read([broken])).toEqual({});
    const next = await reopened.record(summary('2026-04-01', 30));
    expect(next.snapshots.at(-1)?.date).toBe('2026-04-01');
  });

  it('replaces a head it cannot read at the next data date, and keeps the unreadable one aside', async () => {
    const storage = sqlite.open();
    const key = `usage-history/${CUSTOMER}`;
    await storage.write({ [key]: { version: 2, customerId: CUSTOMER, snapshots: [{ date: 'yesterday' }], eTag: '*' } });

    const chat = await usageHistoryStore(storage, { clock, logger }).record(summary('2026-02-01', 40));
    expect(chat.snapshots.map((s) => s.date)).toEqual(['2026-02-01']);
    await usageHistoryStore(storage, { clock, logger }).recordMany([summary('2026-03-01', 30)]);
    const reopened = usageHistoryStore(sqlite.open(), { clock, logger });
    expect((await reopened.get(CUSTOMER)).snapshots.map((s) => s.date)).toEqual(['2026-02-01', '2026-03-01']);
    expect((await storage.read([CORRUPT_PREFIX + key]))[CORRUPT_PREFIX + key]).toMatchObject({ document: { snapshots: [{ date: 'yesterday' }] } });
  });

  it('deletes segments once everything in them is older than 13 months', async () => {
    const storage = sqlite.open();
    const early = usageHistoryStore(storage, { clock: () => new Date('2025-03-01T00:00:00Z'), logger });
    for (const date of dates(20, '2025-01-01')) await early.record(summary(date, 40));
    const segmentKeys = (await storedHeadOf(storage)).segments.map((ref) => `usage-history/${CUSTOMER}@${ref.first}_${ref.last}`);
    expect(segmentKeys.length).toBeGreaterThan(0);
    expect(Object.keys(await storage.read(segmentKeys))).toHaveLength(segmentKeys.length);

    const late = usageHistoryStore(storage, { clock: () => new Date('2026-06-01T00:00:00Z'), logger });
    const history = await late.record(summary('2026-06-01', 30));
    expect(history.snapshots.map((s) => s.date)).toEqual(['2026-06-01']);
    expect(await storage.read(segmentKeys)).toEqual({});
    expect((await storedHeadOf(storage)).segments).toEqual([]);
  });

  it("answers a partner-wide read from each customer's head alone, with the two newest data dates to compare", async () => {
    const storage = sqlite.open();
    const clock = () => new Date('2026-04-01T00:00:00Z');
    // The ninth date seals the ones before: the head is as small as it gets.
    const all = dates(HEAD_SNAPSHOTS + 1, '2026-01-01');
    const writer = usageHistoryStore(storage, { clock, logger });
    for (const date of all) await writer.record(summary(date, date === all.at(-1) ? 20 : 50));
    expect((await storedHeadOf(storage)).segments.length).toBeGreaterThan(0);

    // The report reads the dates the alert pass recorded already: nothing to write, and still the drop.
    const readKeys: string[] = [];
    const counted = { ...storage, read: (keys: string[]) => (readKeys.push(...keys), storage.read(keys)) };
    const recent = await usageHistoryStore(counted, { clock, logger }).recordRecent(summary(all.at(-1)!, 20));
    expect(readKeys).toEqual([`usage-history/${CUSTOMER}`]);
    expect(biggestDrop(recent)).toMatchObject({ from: 50, to: 20, since: all.at(-2), date: all.at(-1) });
    const whole = await usageHistoryStore(sqlite.open(), { clock, logger }).get(CUSTOMER);
    expect(whole.snapshots.map((s) => s.date)).toEqual(all);
  });

  it("records a report's batch in one read and one write, and answers each customer's recent history", async () => {
    const storage = sqlite.open();
    const clock = () => new Date('2026-04-01T00:00:00Z');
    const [one, two] = ['a', 'b'].map((n) => customerId(`c0a1b2c3-d4e5-4f60-8172-83940500000${n}`)) as [ReturnType<typeof customerId>, ReturnType<typeof customerId>];
    const all = dates(HEAD_SNAPSHOTS + 1, '2026-01-01');
    const writer = usageHistoryStore(storage, { clock, logger });
    for (const date of all) await writer.recordMany([summary(date, date === all.at(-1) ? 20 : 50, one), summary(date, 50, two)]);

    const reads: string[][] = [];
    let writes = 0;
    const counted = { ...storage, read: (keys: string[]) => (reads.push(keys), storage.read(keys)), write: (changes: Parameters<typeof storage.write>[0]) => ((writes += 1), storage.write(changes)) };
    const next = new Date(Date.parse(all.at(-1)!) + 3 * 86_400_000).toISOString().slice(0, 10);
    // The report reads one customer at the date already recorded, the other at a new one.
    const recent = await usageHistoryStore(counted, { clock, logger }).recordManyRecent([summary(all.at(-1)!, 20, one), summary(next, 10, two)]);
    expect(reads).toEqual([[`usage-history/${one}`, `usage-history/${two}`]]);
    expect(writes).toBe(1);
    expect(biggestDrop(recent.get(one.toLowerCase())!)).toMatchObject({ from: 50, to: 20, date: all.at(-1) });
    expect(biggestDrop(recent.get(two.toLowerCase())!)).toMatchObject({ from: 50, to: 10, date: next });
    const whole = await usageHistoryStore(sqlite.open(), { clock, logger }).get(two);
    expect(whole.snapshots.map((s) => s.date)).toEqual([...all, next]);
  });
});
