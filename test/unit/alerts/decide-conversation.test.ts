import { decideConversation } from '../../../src/alerts/decide-conversation';
import { ALERT_STATE_VERSION, emptyAlertState, type AlertState, type FindingState } from '../../../src/core/alerts/alert-state';
import { day, scannedCustomer } from '../core/alerts/scanned-customer';

const contoso = (percents: Record<string, number>) => scannedCustomer('Contoso', percents);
const fabrikam = (percents: Record<string, number>) => scannedCustomer('Fabrikam', percents);

function finding(customerId: string, workloadName: string, percent: number, seenOn: Date): FindingState {
  const at = seenOn.toISOString();
  return {
    customerId,
    productName: 'MICROSOFT 365 BUSINESS STANDARD',
    workloadName,
    status: 'low',
    lastAlertedPercent: percent,
    lastAlertedAt: at,
    lastSeenPercent: percent,
    lastSeenAt: at,
    statusSince: at,
  };
}

describe('deciding a conversation whose customers have different thresholds', () => {
  it('judges each customer by its own threshold, and lists every alert worst first', () => {
    const decision = decideConversation(
      emptyAlertState(),
      [
        { threshold: 20, customers: [contoso({ Teams: 40, Exchange: 10 })] },
        { threshold: 60, customers: [fabrikam({ Teams: 40, SharePoint: 70 })] },
      ],
      day(0),
    );

    expect(decision.alerts.map((alert) => `${alert.customerName} ${alert.workloadName} ${alert.currentPercent} < ${alert.threshold}`)).toEqual([
      'Contoso Exchange 10 < 20',
      'Fabrikam Teams 40 < 60',
    ]);
    expect(decision.state.findings.map((f) => `${f.customerId} ${f.workloadName}`)).toEqual(['id-contoso Exchange', 'id-fabrikam Teams']);
  });

  it('does not forget, and then re-alert as new, a long-unread finding that another group measures again', () => {
    // Fabrikam could not be read for 100 days; its Teams finding is old, but this pass measures it.
    const state: AlertState = { version: ALERT_STATE_VERSION, findings: [finding('id-fabrikam', 'Teams', 40, day(0))] };

    const decision = decideConversation(
      state,
      [
        { threshold: 20, customers: [contoso({ Teams: 90 })] },
        { threshold: 60, customers: [fabrikam({ Teams: 38 })] },
      ],
      day(100),
    );

    expect(decision.alerts).toEqual([]);
    expect(decision.state.findings).toEqual([{ ...finding('id-fabrikam', 'Teams', 40, day(0)), lastSeenPercent: 38, lastSeenAt: day(100).toISOString() }]);
  });

  it('keeps what no group measured until it is old enough to forget', () => {
    const recent = finding('id-northwind', 'Yammer', 2, day(80));
    const old = finding('id-lamna', 'Teams', 5, day(0));
    const state: AlertState = { version: ALERT_STATE_VERSION, findings: [old, recent] };

    const decision = decideConversation(state, [{ threshold: 30, customers: [contoso({ Teams: 90 })] }], day(100));

    expect(decision.state.findings).toEqual([recent]);
  });

  it('with nothing measured the state stays as it was', () => {
    const state: AlertState = { version: ALERT_STATE_VERSION, findings: [finding('id-contoso', 'Teams', 12, day(1))] };
    expect(decideConversation(state, [], day(2))).toEqual({ alerts: [], state });
  });
});
