import { DeliveryConflictError, type AlertDeliveryStore } from '../../src/alerts/alert-delivery';
import { mute, type ConversationAlerts } from '../../src/core/alerts/subscriptions';
import { ALERT_STATE_VERSION, findingKey, type AlertState } from '../../src/core/alerts/alert-state';
import { shardOf } from '../../src/core/alerts/state-shards';
import { ErrorCodes } from '../../src/core/errors';
import type { PartnerCenter } from '../../src/partner-center/partner-center.port';
import { generateDataset, withUsagePercent, type SimulatorDataset } from '../../src/simulator/dataset';
import { createSampleDataset, SAMPLE_CUSTOMER_IDS } from '../../src/simulator/sample-data';
import { alertedFinding, committedState, writeNextState } from '../helpers/alert-findings';
import { contentOf } from '../helpers/alerts-cards';
import { ANNA, BOB, DEFAULT_THRESHOLD, DEV_TOKEN, DIRK, startAlertsWorld, type AlertsWorld } from '../helpers/alerts-world';
import { customerId } from '../../src/core/customers/customer-id';

/*
 * Alert passes end to end below Teams: the real Partner Center client against the simulator, real
 * SQLite storage, and a messenger that records what Teams would have received.
 */

const NORTHWIND = SAMPLE_CUSTOMER_IDS.severalLow;
const CONTOSO_LTD = SAMPLE_CUSTOMER_IDS.contosoLtd;
const TAILSPIN = SAMPLE_CUSTOMER_IDS.commercialOnly;
const LAMNA = SAMPLE_CUSTOMER_IDS.noRelationship;

/** Every (customer, product, workload) of the data set below `threshold`, worked out from the raw rows. */
function lowFindings(dataset: SimulatorDataset, threshold: number, include: (customerId: string) => boolean = () => true): string[] {
  const keys = new Set<string>();
  for (const customer of dataset.customers) {
    if (!include(customer.id)) continue;
    for (const row of customer.commercialUsage) {
      if (row.licensesQualified === 0) continue;
      const percent = Math.round((row.licensesActive / row.licensesQualified) * 1000) / 10;
      if (percent < threshold) keys.add(findingKey({ customerId: customerId(customer.tenantId), productName: row.productName, workloadName: row.workloadName }));
    }
  }
  return [...keys].sort();
}

function alertedFindings(state: AlertState): string[] {
  return state.findings.filter((finding) => finding.status === 'low').map(findingKey).sort();
}

/** The sample data with some of one customer's workloads at new active-license counts. */
function sampleWith(customerId: string, activeByWorkload: Record<string, number>): SimulatorDataset {
  const dataset = createSampleDataset();
  return {
    customers: dataset.customers.map((customer) => {
      if (customer.id !== customerId) return customer;
      const rows = customer.commercialUsage.map((row) => ({ ...row, licensesActive: activeByWorkload[row.workloadName] ?? row.licensesActive }));
      return { ...customer, commercialUsage: rows, seedUsage: withUsagePercent(rows) };
    }),
  };
}

function alertsOn(world: AlertsWorld, conversationId: string) {
  return world.messenger.postedTo(conversationId).map(contentOf);
}

async function stateOf(world: AlertsWorld, conversationId: string): Promise<AlertState> {
  const record = await world.deliveries.read(conversationId);
  expect(record.delivery.outbox).toBeUndefined();
  return committedState(world.deliveries, conversationId);
}

async function subscriptionsOf(world: AlertsWorld, conversationId: string): Promise<ConversationAlerts['subscriptions']> {
  return (await world.subscriptions.get(conversationId)).subscriptions;
}

describe('an alert pass over the sample customers', () => {
  let world: AlertsWorld;
  beforeEach(async () => {
    world = await startAlertsWorld();
  });
  afterEach(() => world.close());

  it('all customers: one digest with every low workload, then nothing new on the second pass', async () => {
    await world.subscribe('a:anna-personal');
    const expected = lowFindings(createSampleDataset(), DEFAULT_THRESHOLD);

    const first = await world.pass();

    expect(first).toMatchObject({ conversationsChecked: 1, messagesSent: 1, alertsSent: expected.length, skipped: 0, failed: 0 });
    const [digest, ...others] = alertsOn(world, 'a:anna-personal');
    expect(others).toEqual([]);
    expect(digest?.kind).toBe('digest');
    expect((digest?.alerts.length ?? 0) + (digest?.moreCount ?? 0)).toBe(expected.length);
    expect(digest?.alerts.every((alert) => alert.movement === 'new' && alert.threshold === DEFAULT_THRESHOLD)).toBe(true);
    expect(alertedFindings(await stateOf(world, 'a:anna-personal'))).toEqual(expected);

    const second = await world.pass();

    expect(second).toMatchObject({ conversationsChecked: 1, messagesSent: 0, alertsSent: 0, skipped: 1 });
    expect(world.messenger.posted).toHaveLength(1);
  });

  it('after an upgrade from the version that kept every finding in one document, says nothing twice', async () => {
    await world.subscribe('a:anna-personal');
    await world.pass();
    expect(world.messenger.posted).toHaveLength(1);
    // What that version had stored: one document with every finding, no shard documents.
    const state = await stateOf(world, 'a:anna-personal');
    const conversation = encodeURIComponent('a:anna-personal');
    await world.storage.delete(Array.from({ length: 256 }, (_, shard) => `alert-state/${conversation}/${shard}`));
    await world.storage.write({ [`alert-delivery/${conversation}`]: { version: 1, state, writeId: 'before-the-upgrade', eTag: '*' } });

    const after = await world.pass();

    expect(after).toMatchObject({ conversationsChecked: 1, messagesSent: 0, alertsSent: 0, failed: 0 });
    expect(world.messenger.posted).toHaveLength(1);
    expect(await stateOf(world, 'a:anna-personal')).toEqual(state);
  });

  it('a workload 5 points worse is alerted again, a smaller drop is not, a recovery and a new fall is "low again"', async () => {
    await world.subscribe('a:anna-personal', { customerId: NORTHWIND, customerName: 'Northwind Traders' });
    await world.pass();
    const [first] = alertsOn(world, 'a:anna-personal');
    expect(first?.kind).toBe('customer');
    expect(first?.alerts.map((alert) => `${alert.workloadName} ${alert.currentPercent}`).sort()).toEqual(
      ['Intune 12', 'OneDrive 22', 'SharePoint 16', 'Teams 24.4', 'Yammer 2'].sort(),
    );

    // SharePoint 16 → 11.2 (4.8 points), Teams 24.4 → 18 (6.4 points), OneDrive 22 → 40 (healthy).
    world.simulator.replaceDataset(sampleWith(NORTHWIND, { SharePoint: 28, Teams: 45, OneDrive: 100 }));
    world.clock.advanceDays(7);
    const second = await world.pass();

    expect(second).toMatchObject({ messagesSent: 1, alertsSent: 1 });
    const [, update] = alertsOn(world, 'a:anna-personal');
    expect(update?.alerts).toEqual([expect.objectContaining({ workloadName: 'Teams', currentPercent: 18, movement: 'worse' })]);

    // OneDrive falls below the threshold again, by less than 5 points under its last alert.
    world.simulator.replaceDataset(sampleWith(NORTHWIND, { SharePoint: 28, Teams: 45, OneDrive: 60 }));
    world.clock.advanceDays(7);
    await world.pass();
    const [, , lowAgain] = alertsOn(world, 'a:anna-personal');
    expect(lowAgain?.alerts).toEqual([expect.objectContaining({ workloadName: 'OneDrive', currentPercent: 24, movement: 'low-again' })]);
    expect(world.messenger.posted).toHaveLength(3);
  });

  it('a pass that changes nothing writes nothing; a change rewrites only the state shard of its customer', async () => {
    await world.subscribe('a:anna-personal');
    const writes: string[] = [];
    const counted: AlertDeliveryStore = {
      ...world.deliveries,
      async replace(current, next) {
        writes.push('header');
        return world.deliveries.replace(current, next);
      },
      async writeShard(conversationId, shard, current, next) {
        writes.push(`shard ${shard}`);
        return world.deliveries.writeShard(conversationId, shard, current, next);
      },
    };
    await world.pass({}, { deliveries: counted });
    const shards = Object.keys((await world.deliveries.read('a:anna-personal')).delivery.shards).length;
    expect(shards).toBeGreaterThan(1);

    // The next day's pass: nobody's usage moved.
    writes.length = 0;
    world.clock.advanceDays(1);
    expect(await world.pass({}, { deliveries: counted })).toMatchObject({ messagesSent: 0 });
    expect(writes).toEqual([]);

    // One customer's Teams falls from 24.4 % to 18 %: alerted again, and only its shard is written.
    world.simulator.replaceDataset(sampleWith(NORTHWIND, { Teams: 45 }));
    world.clock.advanceDays(1);
    expect(await world.pass({}, { deliveries: counted })).toMatchObject({ messagesSent: 1, alertsSent: 1 });
    expect(writes.filter((write) => write.startsWith('shard'))).toEqual([`shard ${shardOf(NORTHWIND)}`]);
  });

  it('a muted customer is left out of the all-customers subscription', async () => {
    await world.subscribe('a:anna-personal');
    await world.change('a:anna-personal', (alerts) => mute(alerts, customerId(NORTHWIND.toUpperCase())));

    await world.pass();

    const state = await stateOf(world, 'a:anna-personal');
    expect(alertedFindings(state)).toEqual(lowFindings(createSampleDataset(), DEFAULT_THRESHOLD, (id) => id !== NORTHWIND));
    expect(state.findings.some((finding) => finding.customerId === NORTHWIND)).toBe(false);
  });

  describe('Partner Center spells a customer id in upper case, the conversation stored it in lower case', () => {
    /** The sample data with Northwind's ids as Partner Center may spell them: GUIDs, in either case. */
    function northwindInUpperCase(): SimulatorDataset {
      const dataset = createSampleDataset();
      const upper = NORTHWIND.toUpperCase();
      return {
        customers: dataset.customers.map((customer) => (customer.id === NORTHWIND ? { ...customer, id: upper, tenantId: upper } : customer)),
      };
    }
    const northwindAlerts = (world: AlertsWorld, conversationId: string) =>
      alertsOn(world, conversationId)
        .flatMap((card) => card.alerts)
        .filter((alert) => alert.customerName === 'Northwind Traders');

    beforeEach(() => {
      expect(NORTHWIND).toBe(NORTHWIND.toLowerCase());
      world.simulator.replaceDataset(northwindInUpperCase());
    });

    it('a mute holds', async () => {
      await world.subscribe('a:anna-personal');
      await world.change('a:anna-personal', (alerts) => mute(alerts, customerId(NORTHWIND)));

      const pass = await world.pass();

      expect(pass).toMatchObject({ messagesSent: 1, failed: 0 });
      expect(northwindAlerts(world, 'a:anna-personal')).toEqual([]);
      const state = await stateOf(world, 'a:anna-personal');
      expect(alertedFindings(state)).toEqual(lowFindings(createSampleDataset(), DEFAULT_THRESHOLD, (id) => id !== NORTHWIND));
    });

    it('a customer with a subscription of its own and the all-customers one is alerted once, and not again', async () => {
      await world.subscribe('a:anna-personal');
      await world.subscribe('a:anna-personal', { customerId: NORTHWIND, customerName: 'Northwind Traders' });

      const first = await world.pass();

      // Every low finding delivered once: Northwind's are not counted by both subscriptions.
      expect(first).toMatchObject({ alertsSent: lowFindings(createSampleDataset(), DEFAULT_THRESHOLD).length, failed: 0 });
      const expected = lowFindings(createSampleDataset(), DEFAULT_THRESHOLD, (id) => id === NORTHWIND);
      expect(expected.length).toBeGreaterThan(1);
      const state = await stateOf(world, 'a:anna-personal');
      const northwindFindings = state.findings.filter((finding) => finding.customerId === customerId(NORTHWIND)).map(findingKey);
      expect(northwindFindings.sort()).toEqual(expected);

      world.clock.advanceDays(7);
      const second = await world.pass();
      expect(second).toMatchObject({ messagesSent: 0, alertsSent: 0, failed: 0 });
    });
  });

  it("each customer is measured against its own subscription's threshold, else the all-customers one, else the chat's, else the default", async () => {
    // All customers below 20 %, Contoso Ltd below 60 %; the chat's own 50 % is overruled by both.
    await world.subscribe('19:channel-all', { threshold: 20 });
    await world.subscribe('19:channel-all', { customerId: CONTOSO_LTD, customerName: 'Contoso Ltd', threshold: 60 });
    await world.settings.update('19:channel-all', { threshold: 50 });
    // No all-customers subscription: Northwind at its own 20 %, Contoso Ltd at the chat's 50 %.
    await world.subscribe('a:group-chat', { customerId: NORTHWIND, threshold: 20 });
    await world.subscribe('a:group-chat', { customerId: CONTOSO_LTD });
    await world.settings.update('a:group-chat', { threshold: 50 });
    // Nothing chosen anywhere: the bot's default.
    await world.subscribe('a:anna-personal', { customerId: CONTOSO_LTD });

    await world.pass();

    const sample = createSampleDataset();
    expect(alertedFindings(await stateOf(world, '19:channel-all'))).toEqual(
      [...lowFindings(sample, 20, (id) => id !== CONTOSO_LTD), ...lowFindings(sample, 60, (id) => id === CONTOSO_LTD)].sort(),
    );
    const groupChat = alertsOn(world, 'a:group-chat').flatMap((card) => card.alerts);
    expect(groupChat.map((alert) => `${alert.customerName}: ${alert.workloadName} < ${alert.threshold}`).sort()).toEqual(
      ['Contoso Ltd: Intune < 50', 'Northwind Traders: Intune < 20', 'Northwind Traders: SharePoint < 20', 'Northwind Traders: Yammer < 20'].sort(),
    );
    const personal = alertsOn(world, 'a:anna-personal').flatMap((card) => card.alerts);
    expect(personal.map((alert) => `${alert.workloadName} < ${alert.threshold}`)).toEqual([`Intune < ${DEFAULT_THRESHOLD}`]);
  });

  it('cards are in the language of the subscriber', async () => {
    await world.subscribe('a:dirk-personal', { customerId: TAILSPIN, subscriber: DIRK });
    await world.pass();
    expect(alertsOn(world, 'a:dirk-personal').map((card) => card.language)).toEqual(['nl']);
  });

  it('an expired sign-in pauses the subscriber in every conversation, with one card each, once', async () => {
    await world.subscribe('a:anna-personal');
    await world.subscribe('19:channel', { customerId: NORTHWIND });
    world.tokens.refuse(ANNA.userId);

    const first = await world.pass();

    expect(first).toMatchObject({ conversationsChecked: 2, paused: 2, messagesSent: 2, alertsSent: 0, failed: 0, partnerCenterRequests: 0 });
    expect(world.tokens.calls.get(ANNA.userId)).toBe(1);
    expect(alertsOn(world, 'a:anna-personal')).toEqual([expect.objectContaining({ kind: 'sign-in', pausedCustomerIds: [null] })]);
    expect(alertsOn(world, '19:channel')).toEqual([expect.objectContaining({ kind: 'sign-in', pausedCustomerIds: [NORTHWIND] })]);
    for (const conversationId of ['a:anna-personal', '19:channel']) {
      expect(await subscriptionsOf(world, conversationId)).toEqual([
        expect.objectContaining({ status: 'paused', statusReason: 'sign-in-needed', lastRun: { at: expect.any(String), outcome: 'paused' } }),
      ]);
    }

    const second = await world.pass();

    expect(second).toMatchObject({ conversationsChecked: 0, skipped: 2, paused: 0, messagesSent: 0 });
    expect(world.messenger.posted).toHaveLength(2);
  });

  it("another subscriber's alerts in the same conversation still arrive next to the sign-in card", async () => {
    await world.subscribe('19:channel');
    await world.subscribe('19:channel', { customerId: NORTHWIND, subscriber: BOB });
    world.tokens.refuse(ANNA.userId);

    const summary = await world.pass();

    expect(summary).toMatchObject({ paused: 1, messagesSent: 2, alertsSent: 5, failed: 0 });
    expect(alertsOn(world, '19:channel').map((card) => card.kind)).toEqual(['sign-in', 'customer']);
    const [all, northwind] = await subscriptionsOf(world, '19:channel');
    expect(all).toMatchObject({ status: 'paused', lastRun: { outcome: 'paused' } });
    expect(northwind).toMatchObject({ status: 'active', lastRun: { outcome: 'sent' } });
  });

  it('a token failure that signing in does not fix fails the conversation and pauses nothing', async () => {
    await world.subscribe('a:anna-personal');
    world.tokens.refuse(ANNA.userId, ErrorCodes.IdentityUnavailable);

    expect(await world.pass()).toMatchObject({ failed: 1, paused: 0, messagesSent: 0 });
    expect(await subscriptionsOf(world, 'a:anna-personal')).toEqual([expect.objectContaining({ status: 'active', lastRun: expect.objectContaining({ outcome: 'failed' }) })]);
  });

  it('Teams answering 403 deactivates the conversation and keeps what it was told', async () => {
    await world.subscribe('19:channel', { customerId: NORTHWIND });
    await world.subscribe('19:channel', { customerId: TAILSPIN, subscriber: BOB });
    await world.pass();
    const told = await stateOf(world, '19:channel');
    world.simulator.replaceDataset(sampleWith(NORTHWIND, { Teams: 20 }));
    world.messenger.behave('19:channel', 'gone');

    const summary = await world.pass();

    expect(summary).toMatchObject({ deactivated: 1, failed: 0, messagesSent: 0 });
    expect(await subscriptionsOf(world, '19:channel')).toEqual([
      expect.objectContaining({ status: 'inactive', statusReason: 'bot-removed' }),
      expect.objectContaining({ status: 'inactive', statusReason: 'bot-removed' }),
    ]);
    expect(await stateOf(world, '19:channel')).toEqual(told);

    const attempts = world.messenger.attempts.length;
    expect(await world.pass()).toMatchObject({ conversationsChecked: 0, skipped: 1 });
    expect(world.messenger.attempts).toHaveLength(attempts);
  });

  it('a send that fails keeps the outbox, and the next pass delivers it exactly once', async () => {
    await world.subscribe('a:anna-personal', { customerId: NORTHWIND });
    world.messenger.behave('a:anna-personal', 'throw');

    const failed = await world.pass();

    expect(failed).toMatchObject({ failed: 1, messagesSent: 0, alertsSent: 0 });
    const left = await world.deliveries.read('a:anna-personal');
    expect(left.delivery.outbox?.messages.map((message) => message.status)).toEqual(['pending']);
    expect((await committedState(world.deliveries, 'a:anna-personal')).findings).toEqual([]);
    expect((await subscriptionsOf(world, 'a:anna-personal'))[0]?.lastRun?.outcome).toBe('failed');

    world.messenger.behave('a:anna-personal', 'post');
    const retried = await world.pass();

    expect(retried).toMatchObject({ failed: 0, messagesSent: 1, alertsSent: 5 });
    expect(world.messenger.postedTo('a:anna-personal')).toEqual([world.messenger.attempts[0]?.card]);
    expect((await subscriptionsOf(world, 'a:anna-personal'))[0]?.lastRun?.outcome).toBe('sent');

    await world.pass();
    expect(world.messenger.posted).toHaveLength(1);
  });

  it('a message a crash left "sending" is not posted again; the ones after it are, and the state is committed', async () => {
    await world.subscribe('a:anna-personal', { customerId: SAMPLE_CUSTOMER_IDS.healthy });
    const nextState: AlertState = {
      version: ALERT_STATE_VERSION,
      findings: [alertedFinding({ customerId: NORTHWIND, productName: 'MICROSOFT 365 E3', workloadName: 'Yammer', percent: 2, at: '2026-03-09T08:00:00.000Z' })],
    };
    const card = (text: string) => ({ type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text }] });
    const empty = await world.deliveries.read('a:anna-personal');
    await world.deliveries.replace(empty, {
      ...empty.delivery,
      outbox: {
        passId: 'crashed-pass',
        createdAt: '2026-03-09T08:00:00.000Z',
        next: await writeNextState(world.deliveries, empty, nextState),
        messages: [
          { kind: 'alerts', card: card('first'), alertCount: 1, status: 'sent' },
          { kind: 'alerts', card: card('second'), alertCount: 2, status: 'sending' },
          { kind: 'alerts', card: card('third'), alertCount: 3, status: 'pending' },
        ],
      },
    });

    const summary = await world.pass();

    expect(world.messenger.posted.map((posted) => posted.card.body?.[0]?.text)).toEqual(['third']);
    expect(summary).toMatchObject({ messagesSent: 1, alertsSent: 3 });
    expect(await stateOf(world, 'a:anna-personal')).toEqual(nextState);
    const warning = world.logLines.map((line) => JSON.parse(line) as { level: number; msg: string; outboxPassId?: string }).find((line) => line.level === 40);
    expect(warning).toMatchObject({ outboxPassId: 'crashed-pass', msg: expect.stringMatching(/not posted again/) });
  });

  it('cancelled between conversations: the next pass completes them, nothing twice', async () => {
    const conversations = ['a:first', 'a:second', 'a:third'];
    for (const [index, conversationId] of conversations.entries()) {
      await world.subscribe(conversationId, { customerId: [NORTHWIND, CONTOSO_LTD, TAILSPIN][index] ?? null });
    }
    const controller = new AbortController();
    world.messenger.afterPost(() => controller.abort());

    const cancelled = await world.pass({ signal: controller.signal });

    expect(cancelled).toMatchObject({ cancelled: true, messagesSent: 1 });
    world.messenger.afterPost(() => undefined);
    const completed = await world.pass();

    expect(completed.cancelled).toBeUndefined();
    expect(completed.messagesSent).toBe(2);
    expect(conversations.map((conversationId) => world.messenger.postedTo(conversationId).length)).toEqual([1, 1, 1]);
    expect((await world.pass()).messagesSent).toBe(0);
  });

  it('cancelled between two messages of one conversation: the next pass posts only the rest', async () => {
    await world.subscribe('a:anna-personal', { customerId: NORTHWIND });
    await world.subscribe('a:anna-personal', { customerId: CONTOSO_LTD });
    const controller = new AbortController();
    world.messenger.afterPost(() => controller.abort());

    expect(await world.pass({ signal: controller.signal })).toMatchObject({ cancelled: true, messagesSent: 1 });
    const left = await world.deliveries.read('a:anna-personal');
    expect(left.delivery.outbox?.messages.map((message) => message.status)).toEqual(['sent', 'pending']);

    world.messenger.afterPost(() => undefined);
    expect(await world.pass()).toMatchObject({ messagesSent: 1 });
    expect(alertsOn(world, 'a:anna-personal').map((card) => card.alerts[0]?.customerName)).toEqual(['Northwind Traders', 'Contoso Ltd']);
    expect(await world.pass()).toMatchObject({ messagesSent: 0 });
  });

  it('a customer Partner Center refuses fails only its own subscription', async () => {
    await world.subscribe('a:anna-personal', { customerId: LAMNA });
    await world.subscribe('a:bob-personal', { customerId: LAMNA, subscriber: BOB });
    await world.subscribe('a:bob-personal', { customerId: NORTHWIND, subscriber: BOB });

    const summary = await world.pass();

    expect(summary).toMatchObject({ conversationsChecked: 2, failed: 1, messagesSent: 1 });
    expect(world.messenger.postedTo('a:anna-personal')).toEqual([]);
    expect((await subscriptionsOf(world, 'a:bob-personal')).map((subscription) => subscription.lastRun?.outcome)).toEqual(['failed', 'sent']);
  });

  it("one conversation's failure does not stop the others: a delivery another instance wrote meanwhile, a broken document", async () => {
    await world.subscribe('a:first', { customerId: NORTHWIND });
    await world.subscribe('a:second', { customerId: CONTOSO_LTD });
    await world.subscribe('a:third', { customerId: TAILSPIN });
    // Another instance (one whose lock was lost) delivers to 'a:first' at the same time.
    const deliveries: AlertDeliveryStore = {
      ...world.deliveries,
      read: (conversationId) => world.deliveries.read(conversationId),
      async replace(current, next) {
        if (current.conversationId === 'a:first') throw new DeliveryConflictError(current.conversationId);
        return world.deliveries.replace(current, next);
      },
    };
    // 'a:second' has a delivery document of a version this code does not know.
    await world.storage.write({ [`alert-delivery/${encodeURIComponent('a:second')}`]: { version: 99 } });

    const summary = await world.pass({}, { deliveries });

    expect(summary).toMatchObject({ conversationsChecked: 3, failed: 2, messagesSent: 1 });
    expect(world.messenger.posted.map((posted) => posted.conversationId)).toEqual(['a:third']);
    const lines = world.logLines.map((line) => JSON.parse(line) as { level: number; msg: string; conversationId?: string; code?: string });
    expect(lines.filter((line) => line.level === 40 && /Another instance wrote/.test(line.msg))).toEqual([expect.objectContaining({ conversationId: 'a:first' })]);
    expect(lines.filter((line) => line.level === 50)).toEqual([
      expect.objectContaining({ conversationId: 'a:second', code: ErrorCodes.Internal, msg: 'Alert pass failed for a conversation' }),
    ]);
  });

  it('a conversation whose reference is gone is counted as failed and left as it is', async () => {
    await world.subscribe('a:anna-personal', { customerId: NORTHWIND });
    world.addresses.delete('a:anna-personal');

    expect(await world.pass()).toMatchObject({ failed: 1, messagesSent: 0, partnerCenterRequests: 0 });
    expect((await subscriptionsOf(world, 'a:anna-personal'))[0]).toMatchObject({ status: 'active', lastRun: { outcome: 'failed' } });
  });

  it('logs one summary line per pass and never a token or what a card says', async () => {
    await world.subscribe('a:anna-personal');
    await world.pass();
    const lines = world.logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.filter((line) => line.level === 30 && /Alert pass (finished|cancelled)/.test(line.msg))).toHaveLength(1);
    const everything = world.logLines.join('\n');
    expect(everything).not.toContain(DEV_TOKEN);
    expect(everything).not.toContain('Northwind');
  });
});

describe('reading every customer of a large partner', () => {
  // 625 customers × 8 workloads = 5,000 commercial rows: four full pages and a partial one.
  const dataset = generateDataset({ customers: 625, workloadsPerCustomer: 8, seed: 20260316 });
  const rows = dataset.customers.reduce((sum, customer) => sum + customer.commercialUsage.length, 0);
  const pageSize = 1_200;
  let world: AlertsWorld;
  afterEach(() => world.close());

  it('one commercial scan per subscriber, ⌈rows / page size⌉ requests, however many conversations share it', async () => {
    world = await startAlertsWorld({ dataset, commercialPageSize: pageSize });
    await world.subscribe('a:anna-personal');
    await world.subscribe('19:channel');
    await world.subscribe('19:channel-two', { threshold: 10 });
    const before = world.simulator.requestCount();

    const summary = await world.pass();

    const requests = Math.ceil(rows / pageSize);
    expect(world.simulator.requestCount() - before).toBe(requests);
    expect(summary).toMatchObject({ partnerCenterRequests: requests, conversationsChecked: 3, messagesSent: 3 });
    expect(alertedFindings(await stateOf(world, 'a:anna-personal'))).toEqual(lowFindings(dataset, DEFAULT_THRESHOLD));
    expect(alertedFindings(await stateOf(world, '19:channel-two'))).toEqual(lowFindings(dataset, 10));
  });
});

describe('reading customers one by one', () => {
  const dataset = generateDataset({ customers: 120, workloadsPerCustomer: 4, seed: 7 });
  let world: AlertsWorld;
  afterEach(() => world.close());

  /** The real client, with the number of usage reads in flight at once measured. */
  function measuringConcurrency(partnerCenter: PartnerCenter) {
    const inFlight = { now: 0, max: 0 };
    const measured: PartnerCenter = {
      ...partnerCenter,
      async getCustomerLicenseUsage(customerId, ctx) {
        inFlight.now += 1;
        inFlight.max = Math.max(inFlight.max, inFlight.now);
        try {
          return await partnerCenter.getCustomerLicenseUsage(customerId, ctx);
        } finally {
          inFlight.now -= 1;
        }
      },
    };
    return { measured, inFlight };
  }

  it('usage API "customer": every customer listed (all pages) and read, at most 4 at a time, with the same findings', async () => {
    world = await startAlertsWorld({ dataset, usageApi: 'customer' });
    await world.subscribe('a:anna-personal');
    const { measured, inFlight } = measuringConcurrency(world.partnerCenter);
    const before = world.simulator.requestCount();

    const summary = await world.pass({}, { partnerCenter: measured });

    expect(inFlight.max).toBe(4);
    // One page of the customer list (up to 500) and one usage read per customer.
    expect(summary.partnerCenterRequests).toBe(1 + dataset.customers.length);
    expect(world.simulator.requestCount() - before).toBe(summary.partnerCenterRequests);
    expect(alertedFindings(await stateOf(world, 'a:anna-personal'))).toEqual(lowFindings(dataset, DEFAULT_THRESHOLD));
  });

  it('the customer list is followed across its pages', async () => {
    const many = generateDataset({ customers: 1_100, workloadsPerCustomer: 0, seed: 8 });
    world = await startAlertsWorld({ dataset: many });
    const customers = await world.partnerCenter.listCustomers({ accessToken: DEV_TOKEN, locale: 'en-US', correlationId: 'list-test' });
    expect(new Set(customers.map((customer) => customer.id))).toEqual(new Set(many.customers.map((customer) => customer.id)));
  });

  it('usage API "auto" falls back to one by one when the commercial endpoint is not there', async () => {
    world = await startAlertsWorld({ dataset, usageApi: 'auto', commercialUsagePath: '/v1/analytics/missing' });
    await world.subscribe('a:anna-personal');

    const summary = await world.pass();

    // The configured path and its documented twin (/partner/v1/...) each answer 404 once, then the list and one read per customer.
    expect(summary).toMatchObject({ failed: 0, messagesSent: 1, partnerCenterRequests: 2 + 1 + dataset.customers.length });
    expect(alertedFindings(await stateOf(world, 'a:anna-personal'))).toEqual(lowFindings(dataset, DEFAULT_THRESHOLD));
  });

  it('a customer Partner Center refuses is left out; the others are alerted', async () => {
    world = await startAlertsWorld({ usageApi: 'customer' });
    await world.subscribe('a:anna-personal');

    const summary = await world.pass({}, { concurrency: 2 });

    expect(summary).toMatchObject({ failed: 0, messagesSent: 1 });
    // The per-customer endpoint has no rows for Tailspin Toys (commercial only) and refuses Lamna.
    expect(alertedFindings(await stateOf(world, 'a:anna-personal'))).toEqual(
      lowFindings(createSampleDataset(), DEFAULT_THRESHOLD, (id) => id !== TAILSPIN && id !== LAMNA),
    );
  });
});
