import { contentOf } from '../helpers/alerts-cards';
import { startAlertsWorld, type AlertsWorld } from '../helpers/alerts-world';
import { textsOf } from '../helpers/cards';
import { SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { committedVersion, shardOf, withNextVersion } from '../../src/core/alerts/state-shards';
import { generateDataset } from '../../src/simulator/dataset';
import { committedRenewalWarnings } from '../helpers/alert-findings';
import { applyTuning, emptyTuning } from '../../src/core/alerts/alert-tuning';

/** The pass's clock starts on 16 March 2026 (alerts-world); the simulator dates renewals from that day. */
const SIMULATOR_TODAY = new Date('2026-03-16T08:00:00Z');
const RENEWAL_DAYS = [60, 14];

describe('renewal warnings in the alert pass', () => {
  let world: AlertsWorld;
  beforeEach(async () => {
    world = await startAlertsWorld({ simulatorNow: () => SIMULATOR_TODAY });
  });
  afterEach(() => world.close());

  const renewalCards = (conversationId: string) =>
    world.messenger.postedTo(conversationId).filter((card) => !card.fake && textsOf(card).some((text) => text.startsWith('Renewal coming up')));

  it('warns once about an annual subscription with unassigned seats, not again on the next pass, again in the next window', async () => {
    await world.subscribe('a:northwind', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, customerName: 'Northwind Traders' });
    const first = await world.pass({}, { renewalDays: RENEWAL_DAYS });

    const [warning, ...others] = renewalCards('a:northwind');
    expect(others).toEqual([]);
    expect(textsOf(warning)).toEqual(
      expect.arrayContaining([
        'Renewal coming up: Northwind Traders',
        'Microsoft 365 E3 \\(NCE\\) · 300 seats',
        'Apr 28, 2026, in 43 days · annual',
        '50 seats unassigned · Yammer at 2 % (below 30 %)',
      ]),
    );
    // The monthly Teams Essentials subscription (idle seats, 20 days) raises nothing on its own.
    expect(JSON.stringify(warning)).not.toContain('Teams Essentials');

    // The next pass, like a restart: the warning is in the stored state, so nothing is posted again.
    const posted = world.messenger.postedTo('a:northwind').length;
    const second = await world.pass({}, { renewalDays: RENEWAL_DAYS });
    expect(world.messenger.postedTo('a:northwind')).toHaveLength(posted);
    // A renewal already warned about in its window is not read for again: its seats cost no request.
    expect(second.partnerCenterRequests).toBeLessThan(first.partnerCenterRequests);
    // The warning is kept in the customer's state shard, beside its findings, not in the header.
    const header = (await world.deliveries.read('a:northwind')).delivery;
    expect(header.renewalWarnings).toBeUndefined();
    const shard = shardOf(SAMPLE_CUSTOMER_IDS.severalLow);
    const stored = await world.deliveries.readShard('a:northwind', shard);
    expect(committedVersion(stored.document, header.shards[String(shard)]).renewalWarnings).toEqual([expect.stringMatching(/\|60\|2026-04-28$/)]);

    // 30 days on, the renewal is 13 days away: the 14-day window warns once more.
    world.clock.advanceDays(30);
    await world.pass({}, { renewalDays: RENEWAL_DAYS });
    const again = renewalCards('a:northwind');
    expect(again).toHaveLength(2);
    expect(textsOf(again[1])).toContain('Apr 28, 2026, in 13 days · annual');
  });

  it("says nothing about a snoozed customer's renewal, nor a product its alerts ignore, and warns once the snooze is over", async () => {
    await world.subscribe('a:northwind', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, customerName: 'Northwind Traders' });
    const northwind = { id: SAMPLE_CUSTOMER_IDS.severalLow, name: 'Northwind Traders' };
    let tuning = applyTuning(emptyTuning(), northwind, { kind: 'snooze', days: 7 }, world.clock()).tuning;
    const tuned = { renewalDays: RENEWAL_DAYS, tuning: { get: async () => tuning } };

    await world.pass({}, tuned);
    expect(renewalCards('a:northwind')).toEqual([]);

    // Snoozed no more, but the renewing product ignored: still nothing.
    world.clock.advanceDays(8);
    tuning = applyTuning(emptyTuning(), northwind, { kind: 'ignore', productName: 'Microsoft 365 E3 (NCE)' }, world.clock()).tuning;
    await world.pass({}, tuned);
    expect(renewalCards('a:northwind')).toEqual([]);

    // Neither: the renewal, 35 days away, is still in the 60-day window and is warned about now.
    tuning = emptyTuning();
    await world.pass({}, tuned);
    const [warning, ...others] = renewalCards('a:northwind');
    expect(others).toEqual([]);
    expect(textsOf(warning)).toContain('Apr 28, 2026, in 35 days · annual');
  });

  it("judges a renewal by the threshold set from the customer's card, before the subscription's", async () => {
    await world.subscribe('a:northwind', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, customerName: 'Northwind Traders' });
    const northwind = { id: SAMPLE_CUSTOMER_IDS.severalLow, name: 'Northwind Traders' };
    // Yammer at 2 % is low against the subscription's 30 %, not against the card's 1 %.
    const tuning = applyTuning(emptyTuning(), northwind, { kind: 'threshold', threshold: 1 }, world.clock()).tuning;
    await world.pass({}, { renewalDays: RENEWAL_DAYS, tuning: { get: async () => tuning } });
    // The idle seats still warn; the adoption is not called low.
    const [warning, ...others] = renewalCards('a:northwind');
    expect(others).toEqual([]);
    expect(textsOf(warning)).toContain('50 seats unassigned');
    expect(textsOf(warning).some((text) => text.includes('Yammer'))).toBe(false);
  });

  it('never warns about a monthly auto-renewal, whatever its adoption', async () => {
    await world.subscribe('a:tailspin', { customerId: SAMPLE_CUSTOMER_IDS.commercialOnly, customerName: 'Tailspin Toys' });
    await world.subscribe('a:tailspin', { customerId: SAMPLE_CUSTOMER_IDS.healthy, customerName: 'Fabrikam Inc' });
    await world.pass({}, { renewalDays: RENEWAL_DAYS });
    expect(renewalCards('a:tailspin')).toEqual([]);
  });

  it('puts the renewal warnings inside the digest when many customers have something to say', async () => {
    await world.subscribe('a:everyone');
    const summary = await world.pass({}, { renewalDays: RENEWAL_DAYS });
    const posted = world.messenger.postedTo('a:everyone');
    expect(posted).toHaveLength(1);
    expect(contentOf(posted[0]!).kind).toBe('digest');
    const texts = textsOf(posted[0]);
    expect(texts).toEqual(expect.arrayContaining(['Northwind Traders', 'Contoso Pharma', 'DT DEMO CSP CUSTOMER 005']));
    expect(texts.join('\n')).not.toMatch(/Tailspin|Lamna/);
    // Requests per page for the scan; seats only for customers renewing an annual or longer term in the window.
    expect(summary.partnerCenterRequests).toBeLessThan(20);
  });

  it('posts nothing about renewals without RENEWAL_ALERT_DAYS', async () => {
    await world.subscribe('a:northwind', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, customerName: 'Northwind Traders' });
    await world.pass({}, { renewalDays: [] });
    expect(renewalCards('a:northwind')).toEqual([]);
  });

  it('still honours the warnings an earlier version kept in the header, and warns about nothing twice', async () => {
    await world.subscribe('a:northwind', { customerId: SAMPLE_CUSTOMER_IDS.severalLow, customerName: 'Northwind Traders' });
    await world.pass({}, { renewalDays: RENEWAL_DAYS });
    expect(renewalCards('a:northwind')).toHaveLength(1);
    // Rewrite the state as the earlier version kept it: the key in the header, none in the shard.
    const record = await world.deliveries.read('a:northwind');
    const shard = shardOf(SAMPLE_CUSTOMER_IDS.severalLow);
    const stored = await world.deliveries.readShard('a:northwind', shard);
    const committed = committedVersion(stored.document, record.delivery.shards[String(shard)]);
    const seq = record.delivery.seq + 1;
    await world.deliveries.writeShard('a:northwind', shard, stored, withNextVersion(stored.document, record.delivery.shards[String(shard)], { seq, findings: committed.findings }));
    await world.deliveries.replace(record, { seq, shards: { ...record.delivery.shards, [String(shard)]: seq }, renewalWarnings: committed.renewalWarnings });

    world.clock.advanceDays(1);
    await world.pass({}, { renewalDays: RENEWAL_DAYS });
    expect(renewalCards('a:northwind')).toHaveLength(1);
  });

  it('judges every customer from partner-wide pages only, and lists the soonest renewals with the count of all', async () => {
    const many = await startAlertsWorld({ simulatorNow: () => SIMULATOR_TODAY, dataset: generateDataset({ customers: 400, workloadsPerCustomer: 8, seed: 11 }) });
    try {
      await many.subscribe('a:everyone');
      const summary = await many.pass({}, { renewalDays: RENEWAL_DAYS });
      // One page of usage rows and one of renewals: no request per customer, however many renew.
      expect(summary.partnerCenterRequests).toBe(2);
      const warned = await committedRenewalWarnings(many.deliveries, 'a:everyone');
      expect(warned.length).toBeGreaterThan(10);
      const texts = many.messenger.postedTo('a:everyone').flatMap((card) => textsOf(card));
      expect(texts).toContain(`${warned.length} renewals coming up with idle seats or low adoption`);
      expect(texts.filter((text) => /^Apr|^May|^Mar/.test(text) && /· (annual|3 years)/.test(text)).length).toBeLessThanOrEqual(10);

      // The next pass warns about none of them again: the keys are in the shards, committed with the findings.
      const posted = many.messenger.postedTo('a:everyone').length;
      await many.pass({}, { renewalDays: RENEWAL_DAYS });
      expect(await committedRenewalWarnings(many.deliveries, 'a:everyone')).toEqual(warned);
      const later = many.messenger.postedTo('a:everyone').slice(posted).flatMap((card) => textsOf(card));
      expect(later.some((text) => text.includes('renewals coming up'))).toBe(false);
    } finally {
      await many.close();
    }
  });

  it('reads the term of a renewal that would warn from the customer when the partner-wide rows do not state it', async () => {
    const dataset = generateDataset({ customers: 400, workloadsPerCustomer: 8, seed: 11 });
    const stated = await startAlertsWorld({ simulatorNow: () => SIMULATOR_TODAY, dataset });
    const documented = await startAlertsWorld({ simulatorNow: () => SIMULATOR_TODAY, dataset, partnerSubscriptionScan: 'documented' });
    try {
      for (const w of [stated, documented]) await w.subscribe('a:everyone');
      await stated.pass({}, { renewalDays: RENEWAL_DAYS });
      const summary = await documented.pass({}, { renewalDays: RENEWAL_DAYS });
      // The same warnings, at the cost of a request per customer whose renewal could warn on its adoption,
      // not one per customer.
      const warned = await committedRenewalWarnings(documented.deliveries, 'a:everyone');
      expect(warned.length).toBeGreaterThan(0);
      expect(warned).toEqual(await committedRenewalWarnings(stated.deliveries, 'a:everyone'));
      expect(summary.partnerCenterRequests).toBeGreaterThan(2);
      expect(summary.partnerCenterRequests).toBeLessThan(2 + dataset.customers.length / 2);

      // A term does not change before the renewal: the next pass knows them all, and reads pages only.
      const next = await documented.pass({}, { renewalDays: RENEWAL_DAYS });
      expect(next.partnerCenterRequests).toBe(2);
      expect(await committedRenewalWarnings(documented.deliveries, 'a:everyone')).toEqual(warned);
    } finally {
      await Promise.all([stated.close(), documented.close()]);
    }
  });
});
