import { z } from 'zod';
import { customerIdSchema } from '../customers/customer-id';
import { findingKey, type FindingState } from './alert-state';
import { readStoredDocument } from './stored-document';
import { byKey } from '../key-order';

/*
 * A conversation's alert findings are kept in shards: every customer belongs to one of SHARD_COUNT
 * shards by a hash of its id, and each shard is a document of its own. A pass reads and decides one
 * shard at a time, so memory holds one shard's customers and findings, never all of them, and it
 * writes only the shards whose findings changed: a pass over 100,000 unchanged customers writes nothing.
 *
 * A shard document has two versions (slots). The conversation's delivery document (the header)
 * names, per shard, the version that counts. A pass writes its new findings into the other slot and
 * the header switches to them only when the pass's messages are out, in one write together with the
 * end of the outbox: until then the old findings count, so a crash, a failed send or a cancelled pass
 * in between neither loses an alert nor repeats one.
 */

/** Fixed, since a customer's shard must not move: changing it means a new document version. */
export const SHARD_COUNT = 256;

export const SHARD_DOCUMENT_VERSION = 1;

/** The shard of a customer: FNV-1a over its id as compared everywhere (trimmed, lower case). */
export function shardOf(customerId: string): number {
  const text = customerId.trim().toLowerCase();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARD_COUNT;
}

/**
 * Findings grouped by their customer's shard, each shard's sorted by finding key as decideAlerts keeps
 * them (so an unchanged shard compares equal and is not written again).
 */
export function findingsByShard(findings: readonly FindingState[]): Map<number, FindingState[]> {
  const byShard = new Map<number, [string, FindingState][]>();
  for (const finding of findings) {
    const shard = shardOf(finding.customerId);
    const keyed = byShard.get(shard) ?? [];
    keyed.push([findingKey(finding), finding]);
    byShard.set(shard, keyed);
  }
  return new Map([...byShard].map(([shard, keyed]) => [shard, keyed.sort(byKey).map(([, finding]) => finding)]));
}

/** One version of a shard's findings, written by the pass whose header sequence number it carries. */
export interface ShardVersion {
  seq: number;
  findings: FindingState[];
  /**
   * Renewal warnings given about the shard's customers (decide-renewal-warnings.ts warningKey), kept
   * here and not in the header so they grow with the shard, and commit with its findings. Absent: none.
   */
  renewalWarnings?: string[];
  /**
   * Terms read from customers for renewals whose partner-wide row did not state one, as
   * `subscriptionId|termDuration`: a term does not change before the renewal, so it is read once.
   */
  renewalTerms?: string[];
}

export interface ShardDocument {
  version: typeof SHARD_DOCUMENT_VERSION;
  /** At most two: the version that counts and the one a later pass wrote (or is writing). */
  slots: ShardVersion[];
}

/** The findings that count for a shard whose committed version is `committedSeq` (none yet: undefined). */
export function committedFindings(document: ShardDocument | undefined, committedSeq: number | undefined): FindingState[] {
  return committedVersion(document, committedSeq).findings;
}

/** The version that counts, findings and renewal warnings; empty when there is none yet. */
export function committedVersion(
  document: ShardDocument | undefined,
  committedSeq: number | undefined,
): { findings: FindingState[]; renewalWarnings: string[]; renewalTerms: string[] } {
  const slot = document && committedSeq !== undefined ? document.slots.find((candidate) => candidate.seq === committedSeq) : undefined;
  return { findings: slot?.findings ?? [], renewalWarnings: slot?.renewalWarnings ?? [], renewalTerms: slot?.renewalTerms ?? [] };
}

/** Whether two sorted key lists are the same. */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/** The document with `next` written beside the committed version (any other version is overwritten). */
export function withNextVersion(document: ShardDocument | undefined, committedSeq: number | undefined, next: ShardVersion): ShardDocument {
  const committed = document?.slots.find((slot) => slot.seq === committedSeq && slot.seq !== next.seq);
  return { version: SHARD_DOCUMENT_VERSION, slots: committed ? [committed, next] : [next] };
}

/** Whether two findings lists (each sorted by finding key, as decideAlerts returns them) say the same. */
export function sameFindings(a: readonly FindingState[], b: readonly FindingState[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] as FindingState;
    const y = b[i] as FindingState;
    if (
      findingKey(x) !== findingKey(y) ||
      x.status !== y.status ||
      x.lastAlertedPercent !== y.lastAlertedPercent ||
      x.lastAlertedAt !== y.lastAlertedAt ||
      x.lastSeenPercent !== y.lastSeenPercent ||
      x.lastSeenAt !== y.lastSeenAt ||
      x.statusSince !== y.statusSince
    ) {
      return false;
    }
  }
  return true;
}

const percent = z.number().min(0).max(100);
// Written by this bot only; the full ISO check of every timestamp costs more than it protects here.
const timestamp = z.string().min(1);

const findingSchema = z.object({
  customerId: customerIdSchema,
  productName: z.string(),
  workloadName: z.string(),
  status: z.enum(['low', 'recovered']),
  lastAlertedPercent: percent,
  lastAlertedAt: timestamp,
  lastSeenPercent: percent,
  lastSeenAt: timestamp,
  statusSince: timestamp,
});

export const shardSchema = z.object({
  version: z.literal(SHARD_DOCUMENT_VERSION),
  slots: z
    .array(
      z.object({
        seq: z.number().int().nonnegative(),
        findings: z.array(findingSchema),
        renewalWarnings: z.array(z.string().max(200)).optional(),
        renewalTerms: z.array(z.string().max(300)).optional(),
      }),
    )
    .max(2),
});

/** A stored shard, validated; refused (not read as empty) when of another version or shape. */
export function readShardDocument(stored: unknown): ShardDocument {
  return readStoredDocument(stored, SHARD_DOCUMENT_VERSION, shardSchema, 'alert state shard');
}
