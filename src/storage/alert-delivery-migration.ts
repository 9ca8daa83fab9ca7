import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import { z } from 'zod';
import { readAlertState, type FindingState } from '../core/alerts/alert-state';
import { findingsByShard, withNextVersion } from '../core/alerts/state-shards';
import type { Logger } from '../logging/logger';
import { storedETag, writeIfUnchanged } from './conditional-write';

/**
 * Version 1 of the conversation's alert document held every finding in itself (`state`), before the
 * findings moved into shard documents. Read as corrupt, it would have the conversation told once more
 * about every low workload it had been told about already.
 */
const versionOneSchema = z.object({
  version: z.literal(1),
  state: z.unknown(),
  outbox: z.unknown().optional(),
  writeId: z.string().min(1),
});

/**
 * What became of a migration: done; not a version 1 document that can be read (the usual read then
 * keeps it aside as corrupt); or another instance wrote one of its documents meanwhile.
 */
export type Migration = 'migrated' | 'unreadable' | 'conflict';

/**
 * Moves a version 1 document's findings into shard documents and replaces it with a version 2 header
 * that commits them, so the next pass goes on from what was already said. An outbox it left half sent is
 * not posted: the findings it was to commit are decided again by the next pass (logged).
 */
export async function migrateVersionOne(
  storage: Storage,
  key: string,
  item: StoreItem | undefined,
  shardKeyOf: (shard: number) => string,
  headerVersion: number,
  logger: Logger,
): Promise<Migration> {
  const parsed = versionOneSchema.safeParse(item === undefined || item === null ? undefined : { ...item, eTag: undefined });
  if (!parsed.success) return 'unreadable';
  let findings: FindingState[];
  try {
    findings = readAlertState(parsed.data.state).findings;
  } catch {
    return 'unreadable';
  }
  const seq = 1;
  const byShard = findingsByShard(findings);
  for (const [shard, shardFindings] of byShard) {
    const shardKey = shardKeyOf(shard);
    // A shard an earlier, interrupted migration wrote is not committed yet: it is overwritten.
    const existing = (await storage.read([shardKey]))[shardKey] as StoreItem | undefined;
    if (!(await writeIfUnchanged(storage, shardKey, withNextVersion(undefined, undefined, { seq, findings: shardFindings }), storedETag(existing)))) return 'conflict';
  }
  const header = { version: headerVersion, seq, shards: Object.fromEntries([...byShard.keys()].map((shard) => [String(shard), seq])), writeId: randomUUID() };
  if (!(await writeIfUnchanged(storage, key, header, storedETag(item)))) return 'conflict';
  const fields = { key, findings: findings.length, shards: byShard.size };
  if (parsed.data.outbox !== undefined) logger.warn(fields, 'alert document migrated from version 1; the messages of its unfinished pass were not posted and will be decided again');
  else logger.info(fields, 'alert document migrated from version 1');
  return 'migrated';
}
