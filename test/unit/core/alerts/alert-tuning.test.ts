import { activeTuning, applyTuning, emptyTuning, renewalTunedOut, tunedThreshold, tuneGroups } from '../../../../src/core/alerts/alert-tuning';
import { parseCommand } from '../../../../src/core/commands/parse-command';
import { customerId } from '../../../../src/core/customers/customer-id';
import type { WorkloadUsage } from '../../../../src/core/usage/usage-summary';

const NOW = new Date('2026-03-10T00:00:00Z');
const A = { id: 'c0a1b2c3-d4e5-4f60-8172-839405a6b763', name: 'Contoso' };
const w = (productName: string, workloadName: string, usagePercent: number): WorkloadUsage => ({ productName, workloadName, licensesActive: usagePercent, licensesQualified: 100, usagePercent, status: 'low' });
const scanned = (id: string, name: string, low: WorkloadUsage[]) => ({ customerId: customerId(id), customerName: name, low, healthy: [] });

describe('alert tuning', () => {
  const groups = [
    {
      threshold: 30,
      customers: [scanned(A.id, 'Contoso', [w('E3', 'Teams', 10), w('EMS', 'Intune', 5)]), scanned('f0a1b2c3-d4e5-4f60-8172-839405a6b763', 'Fabrikam', [w('E3', 'Teams', 3)])],
    },
  ];

  it('leaves a snoozed customer out until the snooze ends', () => {
    const { tuning, undo } = applyTuning(emptyTuning(), A, { kind: 'snooze', days: 7 }, NOW);
    expect(undo).toEqual({ kind: 'snooze-until' });
    expect(tuneGroups(groups, tuning, NOW)[0]!.customers.map((c) => c.customerName)).toEqual(['Fabrikam']);
    const later = new Date(NOW.getTime() + 8 * 86_400_000);
    expect(tuneGroups(groups, tuning, later)[0]!.customers.map((c) => c.customerName)).toEqual(['Contoso', 'Fabrikam']);
    expect(activeTuning(tuning, later)).toEqual([]);
  });

  it('drops an ignored product\'s workloads for that customer only, and Undo brings them back', () => {
    const ignored = applyTuning(emptyTuning(), A, { kind: 'ignore', productName: 'e3' }, NOW);
    const tuned = tuneGroups(groups, ignored.tuning, NOW)[0]!.customers;
    expect(tuned[0]!.low.map((x) => x.workloadName)).toEqual(['Intune']);
    expect(tuned[1]!.low.map((x) => x.workloadName)).toEqual(['Teams']);
    const undone = applyTuning(ignored.tuning, A, ignored.undo, NOW);
    expect(undone.tuning.customers).toEqual([]);
  });

  it('measures a customer with its own threshold in a group of its own', () => {
    const { tuning } = applyTuning(emptyTuning(), A, { kind: 'threshold', threshold: 8 }, NOW);
    expect(tuneGroups(groups, tuning, NOW).map((g) => [g.threshold, g.customers.map((c) => c.customerName)])).toEqual([
      [8, ['Contoso']],
      [30, ['Fabrikam']],
    ]);
  });

  it('undoes back to the previous value, not just to nothing', () => {
    const first = applyTuning(emptyTuning(), A, { kind: 'threshold', threshold: 20 }, NOW);
    const second = applyTuning(first.tuning, A, { kind: 'threshold', threshold: 10 }, NOW);
    expect(second.undo).toEqual({ kind: 'threshold', threshold: 20 });
    expect(applyTuning(second.tuning, A, second.undo, NOW).entry.threshold).toBe(20);
  });

  it.each([
    ['alerts snooze 30 days for Contoso Ltd', { kind: 'alerts-tune', customerQuery: 'Contoso Ltd', change: { kind: 'snooze', days: 30 } }],
    ['meldingen sluimer 7 dagen voor Contoso', { kind: 'alerts-tune', customerQuery: 'Contoso', change: { kind: 'snooze', days: 7 } }],
    ['alerts unsnooze for Contoso', { kind: 'alerts-tune', customerQuery: 'Contoso', change: { kind: 'snooze-until' } }],
    ['alerts ignore EXCHANGE ONLINE ARCHIVING FOR EXCHANGE ONLINE for Contoso', { kind: 'alerts-tune', customerQuery: 'Contoso', change: { kind: 'ignore', productName: 'EXCHANGE ONLINE ARCHIVING FOR EXCHANGE ONLINE' } }],
    ['alerts unignore E3 for Contoso', { kind: 'alerts-tune', customerQuery: 'Contoso', change: { kind: 'unignore', productName: 'E3' } }],
    ['alerts threshold for Contoso Ltd 20', { kind: 'alerts-tune', customerQuery: 'Contoso Ltd', change: { kind: 'threshold', threshold: 20 } }],
    ['meldingen drempel voor Contoso uit', { kind: 'alerts-tune', customerQuery: 'Contoso', change: { kind: 'threshold' } }],
    ['alerts threshold for Contoso', { kind: 'alerts-invalid', reason: 'threshold' }],
    ['alerts snooze 400 days for Contoso', { kind: 'alerts-invalid', reason: 'words' }],
    ['alerts tune E3 for Contoso', { kind: 'alerts-tune-menu', customerQuery: 'Contoso', productName: 'E3' }],
  ])('reads %s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  describe('for renewals', () => {
    const renewals = [
      { customerId: A.id, productName: 'Microsoft 365 E3' },
      { customerId: A.id, productName: 'EMS E5' },
      { customerId: 'f0a1b2c3-d4e5-4f60-8172-839405a6b763', productName: 'Microsoft 365 E3' },
    ];
    const kept = (tuning: Parameters<typeof renewalTunedOut>[0], now = NOW) => renewals.filter((renewal) => !renewalTunedOut(tuning, renewal, now));

    it("leaves a snoozed customer's renewals out until the snooze ends, and others' in", () => {
      const { tuning } = applyTuning(emptyTuning(), A, { kind: 'snooze', days: 7 }, NOW);
      expect(kept(tuning)).toEqual([renewals[2]]);
      expect(kept(tuning, new Date(NOW.getTime() + 8 * 86_400_000))).toEqual(renewals);
      expect(kept(undefined)).toEqual(renewals);
    });

    it("leaves out the renewal of a product the customer's alerts ignore, whatever its case", () => {
      const { tuning } = applyTuning(emptyTuning(), A, { kind: 'ignore', productName: ' microsoft 365 e3' }, NOW);
      expect(kept(tuning)).toEqual([renewals[1], renewals[2]]);
    });

    it("judges a customer by the threshold set from its card, others by the subscription's", () => {
      const { tuning } = applyTuning(emptyTuning(), A, { kind: 'threshold', threshold: 50 }, NOW);
      expect(tunedThreshold(tuning, A.id.toUpperCase(), 30)).toBe(50);
      expect(tunedThreshold(tuning, 'f0a1b2c3-d4e5-4f60-8172-839405a6b763', 30)).toBe(30);
      expect(tunedThreshold(undefined, A.id, 30)).toBe(30);
    });
  });
});
