import { emptyAlertState } from '../../../../src/core/alerts/alert-state';
import { decideAlerts, type LowAdoptionAlert } from '../../../../src/core/alerts/decide-alerts';
import fc from 'fast-check';
import { AlertPlanBuilder, buildAlertDigest, planAlertMessages } from '../../../../src/core/alerts/digest';
import { day, scannedCustomer, type WorkloadPercents } from './scanned-customer';

/** The alerts a first pass gives a conversation with a 30 % threshold for these customers. */
function firstPassAlerts(customers: Record<string, WorkloadPercents>): LowAdoptionAlert[] {
  const scanned = Object.entries(customers).map(([name, percents]) => scannedCustomer(name, percents));
  return decideAlerts({ state: emptyAlertState(), measured: [{ threshold: 30, customers: scanned }], now: day(0) }).alerts;
}

const listed = (alerts: readonly LowAdoptionAlert[]) => alerts.map((alert) => `${alert.customerName} ${alert.workloadName} ${alert.currentPercent}`);

describe('buildAlertDigest', () => {
  const alerts = firstPassAlerts({
    Northwind: { Teams: 3, Yammer: 15 },
    Contoso: { Teams: 3 },
    Adatum: { SharePoint: 22 },
    Fabrikam: { Teams: 0, Exchange: 80 },
    Litware: { OneDrive: 29 },
  });

  it('lists the worst findings first, equal percents by customer name, and counts the rest', () => {
    const digest = buildAlertDigest([...alerts].reverse(), 3);

    expect(listed(digest.entries)).toEqual(['Fabrikam Teams 0', 'Contoso Teams 3', 'Northwind Teams 3']);
    expect(digest.moreCount).toBe(3);
    expect(digest.alertCount).toBe(6);
    expect(digest.customerCount).toBe(5);
  });

  it('has no "and more" when every finding fits', () => {
    const digest = buildAlertDigest(alerts, 10);
    expect(digest.entries).toHaveLength(6);
    expect(digest.moreCount).toBe(0);
  });

  it('sorts customer names the way people read them', () => {
    const digest = buildAlertDigest(firstPassAlerts({ 'customer 10': { Teams: 5 }, 'Customer 9': { Teams: 5 }, 'Customer 1': { Teams: 5 } }), 10);
    expect(digest.entries.map((entry) => entry.customerName)).toEqual(['Customer 1', 'Customer 9', 'customer 10']);
  });

  it('refuses a cap of less than one entry', () => {
    expect(() => buildAlertDigest(alerts, 0)).toThrow(RangeError);
  });
});

describe('planAlertMessages', () => {
  it('sends nothing when the pass found nothing', () => {
    expect(planAlertMessages([])).toEqual({ kind: 'none' });
  });

  it('gives each customer its own card when only a few have alerts, the worst customer first', () => {
    const plan = planAlertMessages(firstPassAlerts({ Contoso: { Teams: 20, Yammer: 25 }, Northwind: { Teams: 4 } }), { digestFromCustomers: 3 });

    if (plan.kind !== 'per-customer') throw new Error(`expected a card per customer, got ${plan.kind}`);
    expect(plan.customers.map((customer) => [customer.customerName, listed(customer.alerts)])).toEqual([
      ['Northwind', ['Northwind Teams 4']],
      ['Contoso', ['Contoso Teams 20', 'Contoso Yammer 25']],
    ]);
  });

  it('sends one capped digest once many customers have alerts', () => {
    const plan = planAlertMessages(firstPassAlerts({ Contoso: { Teams: 20, Yammer: 25 }, Northwind: { Teams: 4 }, Adatum: { Teams: 9 } }), {
      digestFromCustomers: 3,
      maxDigestEntries: 2,
    });

    if (plan.kind !== 'digest') throw new Error(`expected a digest, got ${plan.kind}`);
    expect(listed(plan.digest.entries)).toEqual(['Northwind Teams 4', 'Adatum Teams 9']);
    expect(plan.digest.moreCount).toBe(2);
    expect(plan.digest.customerCount).toBe(3);
  });
});

describe('AlertPlanBuilder: the plan of a pass built a customer at a time', () => {
  const workloads = ['Teams', 'Exchange', 'SharePoint', 'Yammer'];
  const customersArbitrary = fc.dictionary(
    fc.constantFrom('Adatum', 'Contoso', 'Fabrikam', 'Litware', 'Northwind', 'Tailspin', 'Wingtip', 'Proseware'),
    fc.dictionary(fc.constantFrom(...workloads), fc.integer({ min: 0, max: 29 }), { minKeys: 1 }),
  );

  it('gives the same cards as planning every alert at once, whatever order customers come in', () => {
    fc.assert(
      fc.property(customersArbitrary, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 }), (customers, digestFromCustomers, maxDigestEntries) => {
        const alerts = firstPassAlerts(customers);
        const builder = new AlertPlanBuilder({ digestFromCustomers, maxDigestEntries });
        // Customers arrive in name order, not worst first, as they do from storage shards.
        for (const name of Object.keys(customers).sort().reverse()) builder.add(alerts.filter((alert) => alert.customerName === name));
        expect(builder.plan()).toEqual(planAlertMessages(alerts, { digestFromCustomers, maxDigestEntries }));
      }),
    );
  });
});
