import { ALERT_STATE_VERSION, emptyAlertState, readAlertState, type AlertState, type FindingState } from '../../../../src/core/alerts/alert-state';
import { decideAlerts, type AlertDecision, type ScannedCustomer } from '../../../../src/core/alerts/decide-alerts';
import { alertedFinding } from '../../../helpers/alert-findings';
import { day, scannedCustomer, type WorkloadPercents } from './scanned-customer';

const THRESHOLD = 30;

/** One pass for one conversation, with the conversation's threshold of 30 % unless told otherwise. */
function pass(state: AlertState, scanned: ScannedCustomer[], now: Date, threshold = THRESHOLD): AlertDecision {
  return decideAlerts({ state, measured: [{ threshold, customers: scanned }], now });
}

/** Runs passes one after another over Contoso's percents, each a day later, feeding each the previous state. */
function passesOverContoso(...percentsPerPass: WorkloadPercents[]): AlertDecision[] {
  let state = emptyAlertState();
  return percentsPerPass.map((percents, index) => {
    const decision = pass(state, [scannedCustomer('Contoso', percents)], day(index));
    state = decision.state;
    return decision;
  });
}

const summaryOf = (decision: AlertDecision | undefined) =>
  decision?.alerts.map((alert) => ({
    workload: alert.workloadName,
    current: alert.currentPercent,
    previous: alert.previousAlertedPercent,
    movement: alert.movement,
  }));

describe('decideAlerts: first alert', () => {
  it('alerts every workload below the threshold as new, and none at or above it', () => {
    const [first] = passesOverContoso({ Teams: 12, SharePoint: 29.9, Exchange: 30, OneDrive: 80 });

    expect(summaryOf(first)).toEqual([
      { workload: 'Teams', current: 12, previous: null, movement: { kind: 'new' } },
      { workload: 'SharePoint', current: 29.9, previous: null, movement: { kind: 'new' } },
    ]);
    expect(first?.alerts[0]).toMatchObject({
      customerName: 'Contoso',
      productName: 'MICROSOFT 365 BUSINESS STANDARD',
      licensesActive: 12,
      licensesQualified: 100,
      threshold: THRESHOLD,
    });
  });

  it('remembers only the alerted findings, stamped with the pass time', () => {
    const [first] = passesOverContoso({ Teams: 12, Exchange: 80 });

    expect(first?.state).toEqual({
      version: 1,
      findings: [
        {
          customerId: 'id-contoso',
          productName: 'MICROSOFT 365 BUSINESS STANDARD',
          workloadName: 'Teams',
          status: 'low',
          lastAlertedPercent: 12,
          lastAlertedAt: day(0).toISOString(),
          lastSeenPercent: 12,
          lastSeenAt: day(0).toISOString(),
          statusSince: day(0).toISOString(),
        },
      ],
    });
  });

  it("judges with the conversation's own threshold, not the one the usage was analysed with", () => {
    const contoso = scannedCustomer('Contoso', { Teams: 40 });

    expect(pass(emptyAlertState(), [contoso], day(0), 30).alerts).toEqual([]);
    expect(pass(emptyAlertState(), [contoso], day(0), 50).alerts).toEqual([expect.objectContaining({ workloadName: 'Teams', threshold: 50 })]);
  });

  it('does not alert a workload without licenses as 0 %', () => {
    const [first] = passesOverContoso({ Teams: null });
    expect(first?.alerts).toEqual([]);
    expect(first?.state.findings).toEqual([]);
  });
});

describe('decideAlerts: alerting again', () => {
  it('stays silent while a low workload does not get worse, but notes what it saw', () => {
    const [, second] = passesOverContoso({ Teams: 12 }, { Teams: 11 });

    expect(second?.alerts).toEqual([]);
    expect(second?.state.findings[0]).toMatchObject({
      lastAlertedAt: day(0).toISOString(),
      lastSeenAt: day(1).toISOString(),
      lastSeenPercent: 11,
    });
  });

  it('leaves a finding measured at the same percent as it was for a week, so an unchanged pass changes no state', () => {
    const [first, second] = passesOverContoso({ Teams: 12 }, { Teams: 12 });
    expect(second?.state).toEqual(first?.state);

    const later = decideAlerts({ state: first?.state ?? emptyAlertState(), measured: [{ threshold: 30, customers: [scannedCustomer('Contoso', { Teams: 12 })] }], now: day(8) });
    expect(later.state.findings[0]).toMatchObject({ lastSeenAt: day(8).toISOString(), lastSeenPercent: 12 });
  });

  it('alerts again when it is 5 points or more worse than at the last alert, saying by how much', () => {
    const passes = passesOverContoso({ Teams: 29.9, Yammer: 20 }, { Teams: 25, Yammer: 13 }, { Teams: 24.9, Yammer: 13 });

    expect(summaryOf(passes[1])).toEqual([{ workload: 'Yammer', current: 13, previous: 20, movement: { kind: 'worse', points: 7 } }]);
    expect(summaryOf(passes[2])).toEqual([{ workload: 'Teams', current: 24.9, previous: 29.9, movement: { kind: 'worse', points: 5 } }]);
  });

  it('counts a drop of exactly 5 points between one-decimal percents as 5, whatever floating point makes of it', () => {
    const passes = passesOverContoso({ Teams: 8.2 }, { Teams: 3.2 });
    expect(summaryOf(passes[1])).toEqual([{ workload: 'Teams', current: 3.2, previous: 8.2, movement: { kind: 'worse', points: 5 } }]);
  });

  it('catches a slow slide once it adds up to 5 points since the last alert', () => {
    const passes = passesOverContoso({ Teams: 20 }, { Teams: 18 }, { Teams: 16 }, { Teams: 15 }, { Teams: 14 });

    expect(passes.map((decision) => decision.alerts.length)).toEqual([1, 0, 0, 1, 0]);
    expect(summaryOf(passes[3])).toEqual([{ workload: 'Teams', current: 15, previous: 20, movement: { kind: 'worse', points: 5 } }]);
    // Still the same stretch of low adoption: "low since" does not move with a repeated alert.
    expect(passes[3]?.state.findings[0]).toMatchObject({ statusSince: day(0).toISOString(), lastAlertedAt: day(3).toISOString(), lastAlertedPercent: 15 });
  });

  it('measures "worse" from the last alert, not from a better reading in between', () => {
    const passes = passesOverContoso({ Teams: 20 }, { Teams: 27 }, { Teams: 18 });
    expect(passes[2]?.alerts).toEqual([]);
  });

  it('does not alert a recovery, and alerts "low again" when it falls below the threshold after one', () => {
    const passes = passesOverContoso({ Teams: 10 }, { Teams: 30 }, { Teams: 28 }, { Teams: 27 });

    expect(passes[1]?.alerts).toEqual([]);
    expect(passes[1]?.state.findings[0]).toMatchObject({ status: 'recovered', statusSince: day(1).toISOString(), lastAlertedPercent: 10 });
    expect(summaryOf(passes[2])).toEqual([{ workload: 'Teams', current: 28, previous: 10, movement: { kind: 'low-again' } }]);
    expect(passes[2]?.state.findings[0]).toMatchObject({ status: 'low', statusSince: day(2).toISOString(), lastAlertedPercent: 28 });
    expect(passes[3]?.alerts).toEqual([]);
  });

  it('gives the same alerts again when a pass is decided again from the old state (delivery failed)', () => {
    const before = passesOverContoso({ Teams: 20 })[0]!.state;
    const snapshot = structuredClone(before);
    const scanned = [scannedCustomer('Contoso', { Teams: 10 })];

    const attempt = pass(before, scanned, day(1));
    const retry = pass(before, scanned, day(1));

    expect(retry).toEqual(attempt);
    expect(attempt.alerts).toHaveLength(1);
    expect(before).toEqual(snapshot);
  });
});

describe('decideAlerts: findings that are not measured', () => {
  const alertedTeams = () => passesOverContoso({ Teams: 10, Exchange: 80 })[0]!.state;

  it.each<[string, ScannedCustomer[]]>([
    ['the customer was not read in this pass', []],
    ['the customer has no usage data', [scannedCustomer('Contoso', {})]],
    ['the workload has no licenses any more', [scannedCustomer('Contoso', { Teams: null, Exchange: 80 })]],
    ['the workload is missing from the data', [scannedCustomer('Contoso', { Exchange: 80 })]],
  ])('keeps the finding exactly as it was when %s', (_case, scanned) => {
    const state = alertedTeams();
    const decision = pass(state, scanned, day(1));

    expect(decision.alerts).toEqual([]);
    expect(decision.state).toEqual(state);
  });

  it('does not call a finding that comes back "low again", nor alert it unless it got 5 points worse', () => {
    const passes = passesOverContoso({ Teams: 10 }, { Teams: null }, { Teams: 8 }, { Teams: null }, { Teams: 5 });

    expect(passes[2]?.alerts).toEqual([]);
    expect(summaryOf(passes[4])).toEqual([{ workload: 'Teams', current: 5, previous: 10, movement: { kind: 'worse', points: 5 } }]);
  });

  it('counts a finding that comes back healthy as recovered', () => {
    const passes = passesOverContoso({ Teams: 10 }, {}, { Teams: 45 }, { Teams: 20 });
    expect(passes[2]?.state.findings[0]?.status).toBe('recovered');
    expect(passes[3]?.alerts[0]?.movement).toEqual({ kind: 'low-again' });
  });

  it('forgets a finding not measured for longer than the retention, and then alerts it as new', () => {
    const alerted = pass(emptyAlertState(), [scannedCustomer('Contoso', { Teams: 10 })], day(0)).state;

    const stillKept = decideAlerts({ state: alerted, measured: [], now: day(30), forgetAfterDays: 30 });
    const forgotten = decideAlerts({ state: alerted, measured: [], now: day(31), forgetAfterDays: 30 });
    expect(stillKept.state.findings).toHaveLength(1);
    expect(forgotten.state.findings).toEqual([]);

    const back = pass(forgotten.state, [scannedCustomer('Contoso', { Teams: 10 })], day(32));
    expect(back.alerts[0]?.movement).toEqual({ kind: 'new' });
  });

  it('forgets a finding that has stayed healthy for longer than the retention', () => {
    const alerted = pass(emptyAlertState(), [scannedCustomer('Contoso', { Teams: 10 })], day(0)).state;
    const recovered = pass(alerted, [scannedCustomer('Contoso', { Teams: 50 })], day(1)).state;

    const healthy = scannedCustomer('Contoso', { Teams: 50 });
    expect(decideAlerts({ state: recovered, measured: [{ threshold: THRESHOLD, customers: [healthy] }], now: day(31), forgetAfterDays: 30 }).state.findings).toHaveLength(1);
    expect(decideAlerts({ state: recovered, measured: [{ threshold: THRESHOLD, customers: [healthy] }], now: day(32), forgetAfterDays: 30 }).state.findings).toEqual([]);
  });

  it('keeps a finding that stays low however long, so it is not alerted as new again', () => {
    const alerted = pass(emptyAlertState(), [scannedCustomer('Contoso', { Teams: 10 })], day(0)).state;
    const yearLater = decideAlerts({
      state: alerted,
      measured: [{ threshold: THRESHOLD, customers: [scannedCustomer('Contoso', { Teams: 10 })] }],
      now: day(365),
      forgetAfterDays: 30,
    });

    expect(yearLater.alerts).toEqual([]);
    expect(yearLater.state.findings).toHaveLength(1);
  });
});

describe('decideAlerts: several customers and names', () => {
  it('lists the alerts worst first, equal percents by customer name', () => {
    const decision = pass(
      emptyAlertState(),
      [scannedCustomer('Northwind', { Teams: 5 }), scannedCustomer('Contoso', { Teams: 5, Yammer: 20 }), scannedCustomer('Adatum', { Teams: 25 })],
      day(0),
    );
    expect(decision.alerts.map((alert) => [alert.customerName, alert.workloadName, alert.currentPercent])).toEqual([
      ['Contoso', 'Teams', 5],
      ['Northwind', 'Teams', 5],
      ['Contoso', 'Yammer', 20],
      ['Adatum', 'Teams', 25],
    ]);
  });

  it('keeps the same workload of different customers and products apart', () => {
    const decision = pass(
      emptyAlertState(),
      [scannedCustomer('Contoso', { Teams: 5 }), scannedCustomer('Contoso', { Teams: 5 }, 'OFFICE 365 E3'), scannedCustomer('Fabrikam', { Teams: 5 })],
      day(0),
    );
    expect(decision.alerts).toHaveLength(3);
    expect(decision.state.findings).toHaveLength(3);
  });

  it('alerts a customer passed twice in one pass once, with the lower reading', () => {
    const decision = pass(emptyAlertState(), [scannedCustomer('Contoso', { Teams: 20 }), scannedCustomer('Contoso', { Teams: 10 })], day(0));
    expect(summaryOf(decision)).toEqual([{ workload: 'Teams', current: 10, previous: null, movement: { kind: 'new' } }]);
  });

  it('recognises a finding whose names changed only in case or spacing', () => {
    const state = pass(emptyAlertState(), [scannedCustomer('Contoso', { Teams: 10 })], day(0)).state;
    const respelled = scannedCustomer('Contoso', { ' TEAMS ': 9 }, 'Microsoft 365 Business Standard ');

    const decision = pass(state, [respelled], day(1));
    expect(decision.alerts).toEqual([]);
    expect(decision.state.findings).toHaveLength(1);
  });

  it('produces a state that survives a JSON round trip through storage', () => {
    const passes = passesOverContoso({ Teams: 10, Yammer: 20 }, { Teams: 50, Yammer: 12 });
    const state = passes[1]!.state;

    const stored = JSON.parse(JSON.stringify({ ...state, eTag: '"1"' })) as unknown;
    expect(readAlertState(stored)).toEqual(state);
  });
});

describe('decideAlerts: customers with different thresholds', () => {
  const contoso = (percents: Record<string, number>) => scannedCustomer('Contoso', percents);
  const fabrikam = (percents: Record<string, number>) => scannedCustomer('Fabrikam', percents);
  const finding = (customerId: string, workloadName: string, percent: number, seenOn: Date): FindingState =>
    alertedFinding({ customerId, productName: 'MICROSOFT 365 BUSINESS STANDARD', workloadName, percent, at: seenOn.toISOString() });

  it('judges each customer by its own threshold, and lists every alert worst first', () => {
    const decision = decideAlerts({
      state: emptyAlertState(),
      measured: [
        { threshold: 20, customers: [contoso({ Teams: 40, Exchange: 10 })] },
        { threshold: 60, customers: [fabrikam({ Teams: 40, SharePoint: 70 })] },
      ],
      now: day(0),
    });

    expect(decision.alerts.map((alert) => `${alert.customerName} ${alert.workloadName} ${alert.currentPercent} < ${alert.threshold}`)).toEqual([
      'Contoso Exchange 10 < 20',
      'Fabrikam Teams 40 < 60',
    ]);
    expect(decision.state.findings.map((f) => `${f.customerId} ${f.workloadName}`)).toEqual(['id-contoso Exchange', 'id-fabrikam Teams']);
  });

  it('does not forget, and then re-alert as new, a long-unread finding that another group measures again', () => {
    // Fabrikam could not be read for 100 days; its Teams finding is old, but this pass measures it.
    const state: AlertState = { version: ALERT_STATE_VERSION, findings: [finding('id-fabrikam', 'Teams', 40, day(0))] };

    const decision = decideAlerts({
      state,
      measured: [
        { threshold: 20, customers: [contoso({ Teams: 90 })] },
        { threshold: 60, customers: [fabrikam({ Teams: 38 })] },
      ],
      now: day(100),
    });

    expect(decision.alerts).toEqual([]);
    expect(decision.state.findings).toEqual([{ ...finding('id-fabrikam', 'Teams', 40, day(0)), lastSeenPercent: 38, lastSeenAt: day(100).toISOString() }]);
  });

  it('keeps what no group measured until it is old enough to forget', () => {
    const recent = finding('id-northwind', 'Yammer', 2, day(80));
    const old = finding('id-lamna', 'Teams', 5, day(0));
    const state: AlertState = { version: ALERT_STATE_VERSION, findings: [old, recent] };

    const decision = decideAlerts({ state, measured: [{ threshold: 30, customers: [contoso({ Teams: 90 })] }], now: day(100) });

    expect(decision.state.findings).toEqual([recent]);
  });

  it('with nothing measured the state stays as it was', () => {
    const state: AlertState = { version: ALERT_STATE_VERSION, findings: [finding('id-contoso', 'Teams', 12, day(1))] };
    expect(decideAlerts({ state, measured: [], now: day(2) })).toEqual({ alerts: [], state });
  });
});
