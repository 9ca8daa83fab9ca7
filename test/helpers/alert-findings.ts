import type { AlertDeliveryStore, NextShards, StoredAlertDelivery } from '../../src/alerts/alert-delivery';
import { ALERT_STATE_VERSION, findingKey, type AlertState, type FindingState } from '../../src/core/alerts/alert-state';
import { committedFindings, committedVersion, shardOf, withNextVersion } from '../../src/core/alerts/state-shards';
import { customerId } from '../../src/core/customers/customer-id';

export interface AlertedFinding {
  /** As Partner Center or a test spells it: normalised like every id that enters the bot. */
  customerId: string;
  productName: string;
  workloadName: string;
  percent: number;
  /** ISO 8601. */
  at: string;
}

/** A finding a conversation was told about at `percent`, at `at`, and that no pass has changed since. */
export function alertedFinding({ customerId: rawId, productName, workloadName, percent, at }: AlertedFinding): FindingState {
  return {
    customerId: customerId(rawId),
    productName,
    workloadName,
    status: 'low',
    lastAlertedPercent: percent,
    lastAlertedAt: at,
    lastSeenPercent: percent,
    lastSeenAt: at,
    statusSince: at,
  };
}

/** Every finding that counts for a conversation, read shard by shard as a pass would (sorted by finding key). */
export async function committedState(deliveries: AlertDeliveryStore, conversationId: string): Promise<AlertState> {
  const { delivery } = await deliveries.read(conversationId);
  const findings: FindingState[] = [];
  for (const [shard, seq] of Object.entries(delivery.shards)) {
    findings.push(...committedFindings((await deliveries.readShard(conversationId, Number(shard))).document, seq));
  }
  const key = (finding: FindingState) => findingKey(finding);
  return { version: ALERT_STATE_VERSION, findings: findings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
}

/** Every renewal warning key that counts for a conversation, from all its shards (sorted). */
export async function committedRenewalWarnings(deliveries: AlertDeliveryStore, conversationId: string): Promise<string[]> {
  const { delivery } = await deliveries.read(conversationId);
  const keys: string[] = [];
  for (const [shard, seq] of Object.entries(delivery.shards)) {
    keys.push(...committedVersion((await deliveries.readShard(conversationId, Number(shard))).document, seq).renewalWarnings);
  }
  return keys.sort();
}

/** Writes `state` as the next shard versions of a conversation, as a pass does before its outbox; to be committed by it. */
export async function writeNextState(deliveries: AlertDeliveryStore, record: StoredAlertDelivery, state: AlertState): Promise<NextShards> {
  const seq = record.delivery.seq + 1;
  const byShard = new Map<number, FindingState[]>();
  for (const finding of state.findings) byShard.set(shardOf(finding.customerId), [...(byShard.get(shardOf(finding.customerId)) ?? []), finding]);
  for (const [shard, findings] of byShard) {
    const stored = await deliveries.readShard(record.conversationId, shard);
    await deliveries.writeShard(record.conversationId, shard, stored, withNextVersion(stored.document, record.delivery.shards[String(shard)], { seq, findings }));
  }
  return { seq, shards: [...byShard.keys()] };
}
