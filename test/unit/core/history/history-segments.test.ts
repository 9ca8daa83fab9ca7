import { addToHead, assembleHistory, emptyHead, HEAD_KEEPS, HEAD_SNAPSHOTS, headOfWholeHistory, type HistoryHead, type HistorySegment } from '../../../../src/core/history/history-segments';
import { MAX_SNAPSHOTS, type UsageSnapshot } from '../../../../src/core/history/usage-history';

const CUSTOMER = 'c0a1b2c3-d4e5-4f60-8172-839405a6b763';
const NOW = new Date('2026-12-01T00:00:00Z');

const snapshot = (date: string, active = 40): UsageSnapshot => ({ date, products: ['E3'], rows: [[0, 'Teams', active, 100]] });
/** Every third day from `from`, as Partner Center refreshes: `count` data dates. */
const dates = (count: number, from = '2026-06-01') => Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 3 * 86_400_000).toISOString().slice(0, 10));

/** Records the dates one after the other, as the store does, keeping what it would store. */
function record(all: readonly string[], start: HistoryHead = emptyHead(CUSTOMER), now = NOW) {
  let head = start;
  const segments = new Map<string, HistorySegment>();
  const largestWrite = { snapshots: 0 };
  for (const date of all) {
    const change = addToHead(head, snapshot(date), now);
    if (!change) continue;
    if (change.sealed) segments.set(change.sealed.ref.first, change.sealed);
    for (const ref of change.dropped) segments.delete(ref.first);
    largestWrite.snapshots = Math.max(largestWrite.snapshots, change.head.snapshots.length);
    head = change.head;
  }
  const history = assembleHistory(head, head.segments.map((ref) => segments.get(ref.first)?.snapshots ?? []), now);
  return { head, segments, history, largestWrite };
}

describe('usage history heads and sealed segments', () => {
  it('writes at most HEAD_SNAPSHOTS snapshots per data date, and reads back every date in order', () => {
    const all = dates(30);
    const { head, segments, history, largestWrite } = record(all);
    expect(history.snapshots.map((s) => s.date)).toEqual(all);
    expect(largestWrite.snapshots).toBeLessThanOrEqual(HEAD_SNAPSHOTS);
    expect(head.snapshots.length).toBeGreaterThanOrEqual(HEAD_KEEPS);
    // Sealed once, never rewritten: each segment holds the snapshots before the head's.
    expect(head.segments.map((ref) => ref.count).reduce((a, b) => a + b, 0) + head.snapshots.length).toBe(30);
    expect(segments.size).toBe(head.segments.length);
  });

  it('has nothing to write for a known date, or one older than what was sealed', () => {
    const { head } = record(dates(12));
    expect(addToHead(head, snapshot(head.snapshots[0]!.date, 99), NOW)).toBeUndefined();
    expect(addToHead(head, snapshot(head.segments[0]!.first), NOW)).toBeUndefined();
    expect(addToHead(head, snapshot('2025-01-01'), NOW)).toBeUndefined();
  });

  it('puts a late date that is newer than the sealed ones in its place', () => {
    const { head } = record(['2026-06-01', '2026-06-10']);
    const change = addToHead(head, snapshot('2026-06-05'), NOW)!;
    expect(change.head.snapshots.map((s) => s.date)).toEqual(['2026-06-01', '2026-06-05', '2026-06-10']);
  });

  it('drops whole segments once older than 13 months, and those beyond the newest MAX_SNAPSHOTS', () => {
    const old = record(dates(20, '2025-09-01'), emptyHead(CUSTOMER), new Date('2025-12-01T00:00:00Z'));
    // A year and a half later, every segment of 2025 has expired.
    const later = addToHead(old.head, snapshot('2027-05-01'), new Date('2027-05-01T00:00:00Z'))!;
    expect(later.head.segments).toEqual([]);
    expect(later.dropped).toEqual(old.head.segments);

    const many = record(dates(MAX_SNAPSHOTS + 40, '2026-01-01'), emptyHead(CUSTOMER), new Date('2027-01-01T00:00:00Z'));
    expect(many.history.snapshots).toHaveLength(MAX_SNAPSHOTS);
    expect(many.history.snapshots.at(-1)!.date).toBe(dates(MAX_SNAPSHOTS + 40, '2026-01-01').at(-1));
    // What is stored stays bounded: at most one segment's worth beyond what is read.
    const stored = many.head.snapshots.length + many.head.segments.reduce((sum, ref) => sum + ref.count, 0);
    expect(stored).toBeLessThan(MAX_SNAPSHOTS + HEAD_SNAPSHOTS);
  });

  it('turns a whole history of the first version into a head and one segment at its next date', () => {
    const whole = { version: 1 as const, customerId: CUSTOMER, snapshots: dates(59).map((date) => snapshot(date)) };
    const change = addToHead(headOfWholeHistory(whole), snapshot('2026-12-01'), NOW)!;
    // The head keeps the two newest, so it alone tells what moved between them.
    expect(change.head.snapshots.map((s) => s.date)).toEqual([dates(59).at(-1), '2026-12-01']);
    expect(change.sealed!.snapshots).toHaveLength(58);
    expect(assembleHistory(change.head, [change.sealed!.snapshots], NOW).snapshots.map((s) => s.date)).toEqual([...dates(59), '2026-12-01']);
  });
});
