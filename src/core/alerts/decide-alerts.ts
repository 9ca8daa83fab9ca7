import type { CustomerId } from '../customers/customer-id';
import type { UsageSummary, WorkloadUsage } from '../usage/usage-summary';
import { ALERT_STATE_VERSION, findingKey, type AlertState, type FindingState } from './alert-state';
import type { UsageRecord } from '../usage/usage-record';
import { byKey } from '../key-order';

/** A low workload is alerted again only once it has lost at least this many points since the last alert. */
const WORSE_BY_POINTS = 5;

/** Findings neither measured nor low for this long are forgotten, so the stored state stays small. */
const DEFAULT_FORGET_AFTER_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A finding measured at the same percent keeps its stored `lastSeenAt` until it is this old. It only
 * serves forgetting (90 days), and refreshing it every pass would rewrite every finding every day:
 * a pass over customers whose usage did not move writes nothing.
 */
const SEEN_REFRESH_DAYS = 7;

/** How a finding moved since the conversation last heard about it. */
export type AlertMovement =
  | { kind: 'new' }
  /** `points`: percentage points lost since the last alert, one decimal, at least WORSE_BY_POINTS. */
  | { kind: 'worse'; points: number }
  /** It was at or above the threshold in a pass after the last alert, and is below it again. */
  | { kind: 'low-again' };

/** One thing to tell a conversation: this customer's workload is below the threshold. */
export interface LowAdoptionAlert
  extends Pick<UsageRecord, 'customerId' | 'customerName' | 'productName' | 'workloadName' | 'licensesActive' | 'licensesQualified'> {
  /** 0–100, one decimal. */
  currentPercent: number;
  /** The percent of the previous alert about this finding; null for a new finding. */
  previousAlertedPercent: number | null;
  movement: AlertMovement;
  /** The conversation's threshold the finding is below, for the card to say so. */
  threshold: number;
}

/**
 * One customer as read in this pass. A usage summary fits as it is; its own `status` is not used,
 * because one analysed customer is checked against each subscribed conversation's own threshold.
 */
export type ScannedCustomer = Pick<UsageSummary, 'customerId' | 'customerName' | 'low' | 'healthy'>;

/** Customers of a pass that are judged against one threshold. */
export interface MeasuredGroup {
  /** In percent; a workload strictly below it is low. */
  threshold: number;
  customers: readonly ScannedCustomer[];
}

export interface DecideAlertsInput {
  /** What the previous pass returned for this conversation (emptyAlertState() the first time). */
  state: AlertState;
  /**
   * The customers this pass managed to read, by the threshold each is judged against: one
   * conversation's customers can have different ones (a customer's own subscription can set its own).
   * A customer left out (its read failed), or read without usage data, measures nothing and keeps its
   * findings as they were.
   */
  measured: readonly MeasuredGroup[];
  /** The pass's time, from the caller's clock. */
  now: Date;
  /** Defaults to DEFAULT_FORGET_AFTER_DAYS. */
  forgetAfterDays?: number;
}

export interface AlertDecision {
  /** Worst first: lowest percent first, then by customer, product and workload. */
  alerts: LowAdoptionAlert[];
  /**
   * The state to store once the alerts were delivered. If delivery fails, keep the old state: the
   * same pass decided again from it gives the same alerts, so nothing is lost and nothing is doubled.
   */
  state: AlertState;
}

/** A workload with a percent (checked where it is measured); held as measured, not copied. */
type MeasuredWorkload = WorkloadUsage & { usagePercent: number };

interface Measurement {
  customerId: CustomerId;
  customerName: string;
  workload: MeasuredWorkload;
  /** The threshold of the customer's group. */
  threshold: number;
}

/**
 * Decides, for one conversation and one pass, which low-adoption findings to alert and what to
 * remember. Pure: the same input gives the same decision.
 *
 * A finding that is not measured in a pass (the customer was not read, had no data, or the workload
 * has no licenses any more) is left exactly as it was: absence is not evidence of better adoption.
 * An account manager told "Teams at 10 %" would be puzzled to hear "low again" about the same
 * customer after licenses were merely moved around; if the workload comes back, it is compared
 * with the last alert as if it had never been away.
 */
export function decideAlerts(input: DecideAlertsInput): AlertDecision {
  const nowIso = input.now.toISOString();
  const measured = measurementsByKey(input.measured);
  const previous = new Map(input.state.findings.map((finding) => [findingKey(finding), finding]));

  const alerts: LowAdoptionAlert[] = [];
  // Each finding with its key, so the state is sorted without building keys again per comparison.
  const keyed: [string, FindingState][] = [];

  for (const [key, measurement] of measured) {
    const percent = measurement.workload.usagePercent;
    const isLow = percent < measurement.threshold;
    const before = previous.get(key);
    previous.delete(key);

    if (!before) {
      if (!isLow) continue; // Healthy and never alerted: nothing worth remembering.
      alerts.push(alertOf(measurement, null, { kind: 'new' }));
      keyed.push([key, newFinding(measurement, nowIso)]);
      continue;
    }

    const seen: FindingState =
      before.lastSeenPercent === percent && Date.parse(before.lastSeenAt) > input.now.getTime() - SEEN_REFRESH_DAYS * DAY_MS
        ? before
        : { ...before, lastSeenPercent: percent, lastSeenAt: nowIso };
    if (!isLow) {
      keyed.push([key, before.status === 'recovered' ? seen : { ...seen, status: 'recovered', statusSince: nowIso }]);
      continue;
    }

    const movement = movementOf(before, percent);
    if (!movement) {
      keyed.push([key, seen]);
      continue;
    }
    alerts.push(alertOf(measurement, before.lastAlertedPercent, movement));
    keyed.push([
      key,
      {
        ...seen,
        status: 'low',
        lastAlertedPercent: percent,
        lastAlertedAt: nowIso,
        statusSince: before.status === 'low' ? before.statusSince : nowIso,
      },
    ]);
  }

  // What this pass did not measure is kept untouched, until it is old enough to forget.
  for (const entry of previous) keyed.push(entry);
  const forgetBefore = input.now.getTime() - (input.forgetAfterDays ?? DEFAULT_FORGET_AFTER_DAYS) * DAY_MS;

  return {
    alerts: alerts.sort(worstAlertFirst),
    state: {
      version: ALERT_STATE_VERSION,
      findings: keyed
        .filter(([, finding]) => !isForgotten(finding, forgetBefore))
        .sort(byKey)
        .map(([, finding]) => finding),
    },
  };
}

/** Null when the conversation already knows enough about this low workload. */
function movementOf(before: FindingState, percent: number): AlertMovement | null {
  if (before.status === 'recovered') return { kind: 'low-again' };
  // Percents carry one decimal; rounding the difference keeps 29.9 → 24.9 at exactly 5 points.
  const points = roundToTenth(before.lastAlertedPercent - percent);
  return points >= WORSE_BY_POINTS ? { kind: 'worse', points } : null;
}

/**
 * A finding is forgotten when nothing has been measured for it for a long time (the customer left,
 * or the workload lost its licenses for good), or when it has been healthy for a long time. Either
 * way, a later low reading is then news again and is alerted as new.
 */
function isForgotten(finding: FindingState, forgetBefore: number): boolean {
  if (Date.parse(finding.lastSeenAt) < forgetBefore) return true;
  return finding.status === 'recovered' && Date.parse(finding.statusSince) < forgetBefore;
}

/**
 * Every measured workload of the pass, one per finding key. Should a customer be passed twice,
 * the lower reading wins, so a low workload is never hidden by a duplicate.
 */
function measurementsByKey(groups: readonly MeasuredGroup[]): Map<string, Measurement> {
  const byKey = new Map<string, Measurement>();
  const measure = (customer: MeasuredGroup['customers'][number], workload: WorkloadUsage, threshold: number) => {
    const usagePercent = workload.usagePercent;
    // No qualified licenses: nothing to measure, which is not the same as 0 %.
    if (usagePercent === null || !Number.isFinite(usagePercent)) return;
    const key = findingKey({ customerId: customer.customerId, productName: workload.productName, workloadName: workload.workloadName });
    const kept = byKey.get(key);
    if (kept && kept.workload.usagePercent <= usagePercent) return;
    byKey.set(key, { customerId: customer.customerId, customerName: customer.customerName, workload: workload as MeasuredWorkload, threshold });
  };
  for (const { threshold, customers } of groups) {
    for (const customer of customers) {
      for (const workload of customer.low) measure(customer, workload, threshold);
      for (const workload of customer.healthy) measure(customer, workload, threshold);
    }
  }
  return byKey;
}

function newFinding(measurement: Measurement, nowIso: string): FindingState {
  const percent = measurement.workload.usagePercent;
  return {
    customerId: measurement.customerId,
    productName: measurement.workload.productName.trim(),
    workloadName: measurement.workload.workloadName.trim(),
    status: 'low',
    lastAlertedPercent: percent,
    lastAlertedAt: nowIso,
    lastSeenPercent: percent,
    lastSeenAt: nowIso,
    statusSince: nowIso,
  };
}

function alertOf(measurement: Measurement, previousAlertedPercent: number | null, movement: AlertMovement): LowAdoptionAlert {
  const { workload, threshold } = measurement;
  return {
    customerId: measurement.customerId,
    customerName: measurement.customerName,
    productName: workload.productName.trim(),
    workloadName: workload.workloadName.trim(),
    licensesActive: workload.licensesActive,
    licensesQualified: workload.licensesQualified,
    currentPercent: workload.usagePercent,
    previousAlertedPercent,
    movement,
    threshold,
  };
}

const customerNameOrder = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Lowest percent first; equal percents by customer name, then product and workload, so the order is stable. */
export function worstAlertFirst(a: LowAdoptionAlert, b: LowAdoptionAlert): number {
  return (
    a.currentPercent - b.currentPercent ||
    customerNameOrder.compare(a.customerName, b.customerName) ||
    customerNameOrder.compare(a.productName, b.productName) ||
    customerNameOrder.compare(a.workloadName, b.workloadName) ||
    a.customerId.localeCompare(b.customerId)
  );
}


function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
