import { ALERT_STATE_VERSION } from '../core/alerts/alert-state';
import { tuneGroups, type AlertTuning } from '../core/alerts/alert-tuning';
import { decideAlerts } from '../core/alerts/decide-alerts';
import { AlertPlanBuilder, type AlertMessagePlan } from '../core/alerts/digest';
import { decideRenewalWarnings, RenewalWarningCollector, warnedAlready, warningKey, type RenewalWarningList } from '../core/alerts/decide-renewal-warnings';
import { committedVersion, sameFindings, sameKeys, withNextVersion } from '../core/alerts/state-shards';
import { renewalFacts } from '../core/subscriptions/renewal';
import type { ConversationAlerts } from '../core/alerts/subscriptions';
import type { AlertDeliveryStore, NextShards, StoredAlertDelivery } from './alert-delivery';
import type { CustomerSource } from './customer-spool';
import { measuredGroups, type ShardCustomers, type SubscriptionRead, type ThresholdDefaults } from './measured-customers';
import type { ShardRenewals } from './renewal-warnings';

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
  /** Renewal warnings, decided per shard beside the findings; none without renewal windows. */
  renewals?: ShardRenewals;
  signal?: AbortSignal;
}

export interface ShardDecision {
  /** What to tell the conversation, built while the shards went by (worst first, bounded). */
  plan: AlertMessagePlan;
  /** The shard versions written, to commit once the messages are out. */
  next: NextShards;
  /** The pass's new renewal warnings (the soonest few and how many); undefined without renewal windows. */
  renewalWarnings?: RenewalWarningList;
}

/**
 * Decides one conversation's alerts shard by shard (src/core/alerts/state-shards.ts): a shard's
 * customers from every subscription read, its committed findings, decideAlerts, and a new version
 * of the shard written only when its findings changed. Memory holds one shard at a time and the
 * plan's bounded top findings. Every shard that has findings is visited even without customers, so
 * old findings are still forgotten. 'cancelled': stopped between two shards; nothing written counts.
 *
 * Renewal warnings are decided the same way (renewal-warnings.ts): the shard's renewals from the
 * subscriber's spooled scan, matched with the shard's measured customers; the keys of the warnings
 * given live in the shard's version beside its findings and commit with them, so they are exactly
 * once, and only the soonest few warnings are kept for the card.
 */
export async function decideShards(input: ShardDecisionInput): Promise<ShardDecision | 'cancelled'> {
  const { record, deliveries, conversationId } = input;
  const seq = record.delivery.seq + 1;
  const sources: { subscription: ShardCustomers['subscription']; customers: CustomerSource }[] = [];
  for (const { subscription, read } of input.readable) if (read.kind === 'read') sources.push({ subscription, customers: read.customers });

  const shards = new Set<number>(Object.keys(record.delivery.shards).map(Number));
  for (const source of sources) for (const shard of source.customers.shards) shards.add(shard);

  const builder = new AlertPlanBuilder();
  const warnings = input.renewals ? new RenewalWarningCollector() : undefined;
  const today = input.now.toISOString().slice(0, 10);
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
    const before = committedVersion(stored.document, committedSeq);
    const decision = decideAlerts({ state: { version: ALERT_STATE_VERSION, findings: before.findings }, measured, now: input.now });
    builder.add(decision.alerts);
    const warned = input.renewals
      ? await renewalsOfShard(input.renewals, shard, inShard, before, input.now, today)
      : { warnings: [], keys: before.renewalWarnings, terms: before.renewalTerms };
    warnings?.add(warned.warnings);
    if (sameFindings(decision.state.findings, before.findings) && sameKeys(warned.keys, before.renewalWarnings) && sameKeys(warned.terms, before.renewalTerms)) {
      continue;
    }
    const next = {
      seq,
      findings: decision.state.findings,
      ...(warned.keys.length > 0 ? { renewalWarnings: warned.keys } : {}),
      ...(warned.terms.length > 0 ? { renewalTerms: warned.terms } : {}),
    };
    await deliveries.writeShard(conversationId, shard, stored, withNextVersion(stored.document, committedSeq, next));
    written.push(shard);
  }
  return { plan: builder.plan(), next: { seq, shards: written }, ...(warnings ? { renewalWarnings: warnings.list() } : {}) };
}

/**
 * One shard's renewal warnings: the new ones, and the keys the shard keeps (its own, less those of
 * terms that ended, plus the new ones). The header's legacy keys count as given but stay there.
 */
async function renewalsOfShard(
  renewals: ShardRenewals,
  shard: number,
  inShard: readonly ShardCustomers[],
  committed: { renewalWarnings: readonly string[]; renewalTerms: readonly string[] },
  now: Date,
  today: string,
) {
  const committedKeys = committed.renewalWarnings;
  const given = new Set([...committedKeys, ...renewals.legacyWarned]);
  const couldStillWarn = (subscription: Parameters<typeof renewalFacts>[0]) => !warnedAlready(renewalFacts(subscription, now), renewals.windows, given);
  const knownTerms = new Map(committed.renewalTerms.map((entry) => entry.split('|') as [string, string]));
  const { candidates, terms } = await renewals.candidatesIn(shard, inShard, couldStillWarn, knownTerms);
  const decision = decideRenewalWarnings({ warned: [...given], candidates, windows: renewals.windows, thresholdOf: renewals.thresholdOf, today });
  const own = new Set([...committedKeys, ...decision.warnings.map((w) => warningKey(w.subscriptionId, w.windowDays, w.endDate))]);
  return {
    warnings: decision.warnings,
    keys: decision.warned.filter((key) => own.has(key)),
    // Terms of renewals still in the window; those of renewals gone from it are dropped.
    terms: [...terms].map(([id, term]) => `${id}|${term}`).sort(),
  };
}
