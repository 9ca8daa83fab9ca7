import { ALERT_STATE_VERSION } from '../core/alerts/alert-state';
import { tuneGroups, type AlertTuning } from '../core/alerts/alert-tuning';
import { decideAlerts } from '../core/alerts/decide-alerts';
import { AlertPlanBuilder, type AlertMessagePlan } from '../core/alerts/digest';
import { committedFindings, sameFindings, withNextVersion } from '../core/alerts/state-shards';
import type { ConversationAlerts } from '../core/alerts/subscriptions';
import type { AlertDeliveryStore, NextShards, StoredAlertDelivery } from './alert-delivery';
import type { CustomerSource } from './customer-spool';
import { measuredGroups, type ShardCustomers, type SubscriptionRead, type ThresholdDefaults } from './measured-customers';

export interface ShardDecisionInput {
  conversationId: string;
  alerts: ConversationAlerts;
  /** The conversation's header as read (no outbox left): which shard versions count. */
  record: StoredAlertDelivery;
  /** The subscriptions whose customers were read. */
  readable: readonly SubscriptionRead[];
  thresholds: ThresholdDefaults;
  now: Date;
  /** Snoozes, ignored products and customer thresholds set from the cards (alert-tuning.ts). */
  tuning?: AlertTuning;
  deliveries: AlertDeliveryStore;
  signal?: AbortSignal;
}

export interface ShardDecision {
  /** What to tell the conversation, built while the shards went by (worst first, bounded). */
  plan: AlertMessagePlan;
  /** The shard versions written, to commit once the messages are out. */
  next: NextShards;
}

/**
 * Decides one conversation's alerts shard by shard (src/core/alerts/state-shards.ts): a shard's
 * customers from every subscription read, its committed findings, decideAlerts, and a new version
 * of the shard written only when its findings changed. Memory holds one shard at a time and the
 * plan's bounded top findings. Every shard that has findings is visited even without customers, so
 * old findings are still forgotten. 'cancelled': stopped between two shards; nothing written counts.
 *
 * Other kinds of finding (renewals, say) stream the same way: read their rows into a CustomerSource
 * (customer-spool.ts) during the reads, decide them here per shard beside the usage findings, and add
 * what they find to the same plan builder, so memory stays one shard's worth for every kind.
 */
export async function decideShards(input: ShardDecisionInput): Promise<ShardDecision | 'cancelled'> {
  const { record, deliveries, conversationId } = input;
  const seq = record.delivery.seq + 1;
  const sources: { subscription: ShardCustomers['subscription']; customers: CustomerSource }[] = [];
  for (const { subscription, read } of input.readable) if (read.kind === 'read') sources.push({ subscription, customers: read.customers });

  const shards = new Set<number>(Object.keys(record.delivery.shards).map(Number));
  for (const source of sources) for (const shard of source.customers.shards) shards.add(shard);

  const builder = new AlertPlanBuilder();
  const written: number[] = [];
  for (const shard of [...shards].sort((a, b) => a - b)) {
    if (input.signal?.aborted) return 'cancelled';
    const inShard = await Promise.all(
      sources.map(async ({ subscription, customers }) => ({ subscription, customers: await customers.customersIn(shard) })),
    );
    const measured = tuneGroups(measuredGroups(input.alerts, inShard, input.thresholds), input.tuning, input.now);
    const committedSeq = record.delivery.shards[String(shard)];
    if (measured.length === 0 && committedSeq === undefined) continue;

    const stored = await deliveries.readShard(conversationId, shard);
    const before = committedFindings(stored.document, committedSeq);
    const decision = decideAlerts({ state: { version: ALERT_STATE_VERSION, findings: before }, measured, now: input.now });
    builder.add(decision.alerts);
    if (sameFindings(decision.state.findings, before)) continue;
    await deliveries.writeShard(conversationId, shard, stored, withNextVersion(stored.document, committedSeq, { seq, findings: decision.state.findings }));
    written.push(shard);
  }
  return { plan: builder.plan(), next: { seq, shards: written } };
}
