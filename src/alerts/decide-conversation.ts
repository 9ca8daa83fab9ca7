import { ALERT_STATE_VERSION, findingKey, type AlertState, type FindingState } from '../core/alerts/alert-state';
import { decideAlerts, worstAlertFirst, type AlertDecision, type LowAdoptionAlert } from '../core/alerts/decide-alerts';
import type { MeasuredGroup } from './measured-customers';

/**
 * Decides a conversation's alerts when its customers are measured against different thresholds (a
 * customer's own subscription can set its own). decideAlerts takes one threshold, so it runs once per
 * group, each time on the findings of that group's customers only; what no group measured goes
 * through one last call that measures nothing, which only forgets what is old enough. Pure.
 *
 * Handing each call only its own customers' findings matters: a call keeps the findings it does not
 * measure, but it also forgets the old ones among them, and a finding about to be measured again by
 * a later group must not be forgotten (and then alerted as new) by an earlier one.
 */
export function decideConversation(state: AlertState, groups: readonly MeasuredGroup[], now: Date): AlertDecision {
  let remaining = state.findings;
  const findings: FindingState[] = [];
  const alerts: LowAdoptionAlert[] = [];

  for (const group of groups) {
    const customers = new Set(group.customers.map((customer) => customer.customerId.trim().toLowerCase()));
    const isMeasured = (finding: FindingState) => customers.has(finding.customerId.trim().toLowerCase());
    const decision = decideAlerts({
      state: { version: ALERT_STATE_VERSION, findings: remaining.filter(isMeasured) },
      threshold: group.threshold,
      scanned: group.customers,
      now,
    });
    remaining = remaining.filter((finding) => !isMeasured(finding));
    findings.push(...decision.state.findings);
    alerts.push(...decision.alerts);
  }

  // The threshold is irrelevant to a call that measures nothing.
  const unmeasured = decideAlerts({ state: { version: ALERT_STATE_VERSION, findings: remaining }, threshold: 1, scanned: [], now });
  findings.push(...unmeasured.state.findings);

  return {
    alerts: alerts.sort(worstAlertFirst),
    state: { version: ALERT_STATE_VERSION, findings: findings.sort(byFindingKey) },
  };
}

function byFindingKey(a: FindingState, b: FindingState): number {
  const keyA = findingKey(a);
  const keyB = findingKey(b);
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
