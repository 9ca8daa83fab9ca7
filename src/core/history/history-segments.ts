import { z } from 'zod';
import { byDate, HISTORY_VERSION, keptSnapshots, MAX_SNAPSHOTS, oldestKeptDate, usageSnapshotSchema, type CustomerHistory, type UsageSnapshot } from './usage-history';

/**
 * How a customer's history is stored since version 2: a small head that takes each new snapshot, and
 * sealed segments that are written once and never rewritten. In one document (version 1), every new
 * data date rewrote all the snapshots before it: with 59 kept, recording one more cost some 0.9 ms of CPU
 * per customer, 90 s for an alert pass over 100,000 customers each time Partner Center refreshed its
 * data. Now a write carries at most HEAD_SNAPSHOTS snapshots, and one in every few also seals the older
 * ones: cost grows with what is new, not with how much is remembered.
 * Pure: the store decides where heads and segments live (src/storage/usage-history-store.ts).
 */

export const HEAD_VERSION = 2;
/** Snapshots a head holds; one more, and all but the newest HEAD_KEEPS are sealed into a segment. */
export const HEAD_SNAPSHOTS = 8;
/**
 * What sealing leaves in the head: the two newest, so that the head alone tells what moved between the
 * two latest data dates (the report's drops read heads only: one document per customer).
 */
export const HEAD_KEEPS = 2;

/** A sealed segment as the head lists it: enough to drop it, once expired, without reading it. */
export interface SegmentRef {
  first: string;
  last: string;
  count: number;
}

/** Snapshots written together: a head's newest ones, or a sealed segment's. Oldest first. */
export interface HistorySegment {
  version: typeof HEAD_VERSION;
  customerId: string;
  snapshots: UsageSnapshot[];
}

/** The head's snapshots are all newer than every sealed one. */
export interface HistoryHead extends HistorySegment {
  /** Sealed segments, oldest first. */
  segments: SegmentRef[];
}

const segmentRefSchema = z.object({ first: z.string(), last: z.string(), count: z.number().int().nonnegative() });

export const historySegmentSchema = z.object({
  version: z.literal(HEAD_VERSION),
  customerId: z.string(),
  snapshots: z.array(usageSnapshotSchema),
});

export const historyHeadSchema = historySegmentSchema.extend({ segments: z.array(segmentRefSchema) });

export function emptyHead(customerId: string): HistoryHead {
  return { version: HEAD_VERSION, customerId, snapshots: [], segments: [] };
}

/**
 * A version 1 document read as a head: all its snapshots in the head, nothing sealed. The next
 * snapshot seals them, so old documents turn into heads and segments as they are written, not all at once.
 */
export function headOfWholeHistory(history: CustomerHistory): HistoryHead {
  return { version: HEAD_VERSION, customerId: history.customerId, snapshots: history.snapshots, segments: [] };
}

/** What adding a snapshot comes to: the new head, the segment to write with it, the segments to drop. */
export interface HeadChange {
  head: HistoryHead;
  /** Written before (or with) the head, under the key its ref names (segmentId). */
  sealed?: HistorySegment & { ref: SegmentRef };
  /** Expired, or beyond the newest MAX_SNAPSHOTS (oldest first): no longer listed, to be deleted once the head is written. */
  dropped: SegmentRef[];
}

/**
 * The head with `snapshot` added, or undefined when there is nothing to write: its data date is known,
 * older than 13 months before `now`, or older than what was sealed (Partner Center's data dates only move
 * forward; a date it skipped is not inserted among sealed ones).
 */
export function addToHead(head: HistoryHead, snapshot: UsageSnapshot, now: Date): HeadChange | undefined {
  const oldest = oldestKeptDate(now);
  const newestSealed = head.segments.at(-1)?.last;
  if (snapshot.date < oldest || (newestSealed !== undefined && snapshot.date <= newestSealed)) return undefined;
  if (head.snapshots.some((known) => known.date === snapshot.date)) return undefined;
  let snapshots = [...head.snapshots, snapshot].filter((kept) => kept.date >= oldest).sort(byDate);
  let segments = head.segments;
  let sealed: HeadChange['sealed'];
  if (snapshots.length > HEAD_SNAPSHOTS) {
    const toSeal = snapshots.slice(0, -HEAD_KEEPS);
    const ref: SegmentRef = { first: toSeal[0]!.date, last: toSeal.at(-1)!.date, count: toSeal.length };
    sealed = { version: HEAD_VERSION, customerId: head.customerId, snapshots: toSeal, ref };
    segments = [...segments, ref];
    snapshots = snapshots.slice(-HEAD_KEEPS);
  }
  // Whole segments go once they hold nothing that is kept: all older than 13 months, or all beyond the
  // newest MAX_SNAPSHOTS (a segment partly beyond it stays; reading cuts it).
  const kept: SegmentRef[] = [];
  const dropped: SegmentRef[] = [];
  let newer = snapshots.length;
  for (const segment of [...segments].reverse()) {
    if (segment.last >= oldest && newer < MAX_SNAPSHOTS) kept.unshift(segment);
    else dropped.unshift(segment);
    newer += segment.count;
  }
  return { head: { version: HEAD_VERSION, customerId: head.customerId, snapshots, segments: kept }, ...(sealed ? { sealed } : {}), dropped };
}

/** Where a segment is stored, relative to its head: its first and last dates name it. */
export function segmentId(ref: SegmentRef): string {
  return `${ref.first}_${ref.last}`;
}

/** The whole history, as the cards read it: the segments' snapshots and the head's, cut as a write would cut them. */
export function assembleHistory(head: HistoryHead, segments: readonly (readonly UsageSnapshot[])[], now: Date): CustomerHistory {
  return { version: HISTORY_VERSION, customerId: head.customerId, snapshots: keptSnapshots([...segments.flat(), ...head.snapshots], now) };
}

