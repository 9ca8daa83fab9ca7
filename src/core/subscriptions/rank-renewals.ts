import { lowestUsage as lowestOf, type ProductFunnel } from './funnel';
import { isCommitmentTerm, type RenewalFacts } from './renewal';

/** One subscription up for renewal, with what its product's funnel says about it. */
export interface RenewalCandidate {
  renewal: RenewalFacts;
  /** The matched product's funnel; undefined when nothing of the customer's usage or SKUs names it. */
  product?: Pick<ProductFunnel, 'bought' | 'assigned' | 'unassigned' | 'workloads'>;
}

export interface RankedRenewal extends RenewalCandidate {
  /** Assigned ÷ bought of the product, 0–1; null when either is unknown. */
  assignedShare: number | null;
  unassignedSeats: number | null;
  /** The product's lowest measured workload: its name and percent (which may exceed 100). */
  lowestUsage: { workloadName: string; percent: number } | null;
  /** Higher is riskier. */
  risk: number;
}

export interface RankOptions {
  /** Subscriptions ending later than this many days from today are left out. */
  withinDays: number;
  /** Percent below which a workload counts as low adoption. */
  threshold: number;
}

/**
 * The renewals worth an account manager's attention, riskiest first. Unassigned seats and low adoption
 * of the product's workloads weigh most, since those are the seats that can be cut at renewal; the
 * nearer date only breaks ties between similar risks. A fully assigned, well-used subscription comes
 * last. A rolling monthly subscription is in the list only when it carries unassigned seats or low
 * adoption: renewing every month, its renewal alone says nothing. Pure.
 */
export function rankRenewals(candidates: readonly RenewalCandidate[], options: RankOptions): RankedRenewal[] {
  const ranked: RankedRenewal[] = [];
  for (const candidate of candidates) {
    const { renewal } = candidate;
    if (renewal.ended || renewal.daysLeft === null || renewal.daysLeft < 0 || renewal.daysLeft > options.withinDays) continue;
    const scored = score(candidate, options);
    const risky = (scored.unassignedSeats ?? 0) > 0 || (scored.lowestUsage !== null && scored.lowestUsage.percent < options.threshold);
    if (!isCommitmentTerm(renewal.term) && !risky) continue;
    ranked.push(scored);
  }
  return ranked.sort(
    (a, b) =>
      b.risk - a.risk ||
      (a.renewal.daysLeft ?? 0) - (b.renewal.daysLeft ?? 0) ||
      (a.renewal.customerName ?? '').localeCompare(b.renewal.customerName ?? '') ||
      a.renewal.subscriptionId.localeCompare(b.renewal.subscriptionId),
  );
}

function score(candidate: RenewalCandidate, options: RankOptions): RankedRenewal {
  const { product, renewal } = candidate;
  const bought = product?.bought ?? null;
  const assigned = product?.assigned ?? null;
  const assignedShare = bought !== null && assigned !== null && bought > 0 ? Math.min(1, assigned / bought) : null;
  const unassignedSeats = product?.unassigned ?? null;
  const lowestUsage = lowestOf(product);

  // Each part 0–1. Unknown figures count as half a risk: not known to be fine, not known to be bad.
  const unassignedRisk = assignedShare === null ? 0.5 : 1 - assignedShare;
  const adoption = lowestUsage === null ? 0.5 : Math.max(0, Math.min(1, lowestUsage.percent / 100));
  const lowAdoptionRisk = lowestUsage === null ? 0.5 : lowestUsage.percent < options.threshold ? 1 - adoption / Math.max(options.threshold / 100, 0.01) + 0.5 : 1 - adoption;
  const urgency = options.withinDays > 0 ? 1 - (renewal.daysLeft ?? options.withinDays) / options.withinDays : 1;
  const risk = 3 * unassignedRisk + 3 * Math.min(1.5, lowAdoptionRisk) + 0.5 * urgency;
  return { ...candidate, assignedShare, unassignedSeats, lowestUsage, risk };
}
