import {
  deactivateAll,
  emptyConversationAlerts,
  isMuted,
  mute,
  pause,
  pausedSubscriptionsOf,
  readConversationAlerts,
  recordRun,
  resume,
  subscribe,
  subscriptionFor,
  unsubscribeAll,
  unsubscribeCustomer,
  type ConversationAlerts,
  type SubscribeRequest,
  type Subscriber,
} from '../../../../src/core/alerts/subscriptions';
import { ErrorCodes } from '../../../../src/core/errors';
import { asStored, refusalOf } from './stored-document';
import { customerId } from '../../../../src/core/customers/customer-id';

const CONVERSATION = '19:sales@thread.tacv2';
// Partner Center's spelling (upper case here) and a stored or typed one (lower case) name the same customer.
const CONTOSO_AS_PARTNER_CENTER_SPELLS_IT = 'C0A1B2C3-D4E5-4F60-8172-839405A6B763';
const CONTOSO = customerId(CONTOSO_AS_PARTNER_CENTER_SPELLS_IT);
const NORTHWIND = customerId('9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61');
const anna: Subscriber = { userId: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Account', tenantId: 't1', locale: 'en-US' };
const chris: Subscriber = { userId: '29:chris', aadObjectId: 'aad-chris', name: 'Chris Colleague', locale: 'nl-NL' };

function request(overrides: Partial<SubscribeRequest> = {}): SubscribeRequest {
  return { customerId: null, customerName: null, threshold: null, subscriber: anna, at: '2026-03-02T08:00:00.000Z', ...overrides };
}

const contoso = (overrides: Partial<SubscribeRequest> = {}) => request({ customerId: CONTOSO, customerName: 'Contoso Ltd', ...overrides });
const northwind = (overrides: Partial<SubscribeRequest> = {}) => request({ customerId: NORTHWIND, customerName: 'Northwind Traders', ...overrides });

function withSubscriptions(...requests: SubscribeRequest[]): ConversationAlerts {
  return requests.reduce(subscribe, emptyConversationAlerts(CONVERSATION));
}

describe('subscribing', () => {
  it('keeps one subscription per customer and one for all customers', () => {
    const alerts = withSubscriptions(request(), contoso(), northwind({ threshold: 20 }));
    expect(alerts.subscriptions.map((s) => [s.customerName, s.threshold, s.status])).toEqual([
      [null, null, 'active'],
      ['Contoso Ltd', null, 'active'],
      ['Northwind Traders', 20, 'active'],
    ]);
  });

  it('replaces the threshold and the subscriber when someone subscribes the same customer again', () => {
    const again = withSubscriptions(contoso(), contoso({ customerId: customerId(CONTOSO_AS_PARTNER_CENTER_SPELLS_IT.toLowerCase()), threshold: 15, subscriber: chris, at: '2026-03-05T09:00:00.000Z' }));
    expect(again.subscriptions).toHaveLength(1);
    expect(again.subscriptions[0]).toMatchObject({ threshold: 15, subscriber: chris, createdAt: '2026-03-05T09:00:00.000Z' });
  });

  it('turns a paused or stopped subscription back on, keeping its last run', () => {
    const lastRun = { at: '2026-03-02T08:00:00.000Z', outcome: 'paused' as const };
    const paused = recordRun(pause(withSubscriptions(contoso()), anna), lastRun);
    const resubscribed = subscribe(paused, contoso());
    expect(resubscribed.subscriptions[0]).toEqual(expect.objectContaining({ status: 'active', lastRun }));
    expect(resubscribed.subscriptions[0]).not.toHaveProperty('statusReason');

    const stopped = subscribe(deactivateAll(withSubscriptions(request())), request());
    expect(stopped.subscriptions[0]?.status).toBe('active');
  });

  it('un-mutes a customer that gets its own subscription', () => {
    const muted = mute(withSubscriptions(request()), CONTOSO);
    expect(isMuted(muted, CONTOSO)).toBe(true);
    expect(isMuted(subscribe(muted, contoso()), CONTOSO)).toBe(false);
  });

  it('leaves the document it was given unchanged', () => {
    const before = withSubscriptions(request());
    const copy = structuredClone(before);
    subscribe(before, contoso());
    unsubscribeCustomer(before, CONTOSO);
    pause(before, anna);
    expect(before).toEqual(copy);
  });
});

describe('unsubscribing and muting', () => {
  it('turns everything off, mutes included', () => {
    const off = unsubscribeAll(mute(withSubscriptions(request(), contoso()), NORTHWIND));
    expect(off).toEqual(emptyConversationAlerts(CONVERSATION));
  });

  it("removes one customer's own subscription, whatever the case of its id", () => {
    const alerts = unsubscribeCustomer(withSubscriptions(contoso(), northwind()), customerId(CONTOSO_AS_PARTNER_CENTER_SPELLS_IT.toLowerCase()));
    expect(alerts.subscriptions.map((s) => s.customerName)).toEqual(['Northwind Traders']);
    expect(alerts.mutedCustomerIds).toEqual([]);
  });

  it('mutes the customer instead while the conversation is subscribed to all customers', () => {
    const alerts = unsubscribeCustomer(withSubscriptions(request()), CONTOSO);
    expect(subscriptionFor(alerts, null)).toBeDefined();
    expect(alerts.mutedCustomerIds).toEqual([customerId(CONTOSO_AS_PARTNER_CENTER_SPELLS_IT.toLowerCase())]);
  });

  it('removes its own subscription and mutes it when both exist', () => {
    const alerts = unsubscribeCustomer(withSubscriptions(request(), contoso()), CONTOSO);
    expect(subscriptionFor(alerts, CONTOSO)).toBeUndefined();
    expect(isMuted(alerts, CONTOSO)).toBe(true);
  });

  it('mutes a customer once', () => {
    const alerts = mute(mute(withSubscriptions(request()), CONTOSO), customerId(CONTOSO_AS_PARTNER_CENTER_SPELLS_IT.toLowerCase()));
    expect(alerts.mutedCustomerIds).toEqual([customerId(CONTOSO_AS_PARTNER_CENTER_SPELLS_IT.toLowerCase())]);
  });
});

describe('pausing, resuming and stopping', () => {
  it("pauses only the subscriber's active subscriptions, with the reason", () => {
    const alerts = pause(withSubscriptions(request(), contoso({ subscriber: chris }), northwind()), anna);
    expect(alerts.subscriptions.map((s) => [s.customerName, s.status, s.statusReason])).toEqual([
      [null, 'paused', 'sign-in-needed'],
      ['Contoso Ltd', 'active', undefined],
      ['Northwind Traders', 'paused', 'sign-in-needed'],
    ]);
  });

  it('recognises the subscriber by Entra object id from another Teams client, else by user id', () => {
    const otherClient = { ...anna, userId: '29:anna-on-mobile' };
    expect(pausedSubscriptionsOf(pause(withSubscriptions(request()), otherClient), anna)).toHaveLength(1);
    const withoutAad = { userId: '29:guest', locale: 'en-US' };
    const guest = withSubscriptions(request({ subscriber: withoutAad }));
    expect(pausedSubscriptionsOf(pause(guest, { ...withoutAad, name: 'Guest' }), withoutAad)).toHaveLength(1);
    expect(pausedSubscriptionsOf(pause(guest, { userId: '29:someone-else', locale: 'en-US' }), withoutAad)).toHaveLength(0);
  });

  it("resumes the subscriber's paused subscriptions and nobody else's", () => {
    const paused = pause(pause(withSubscriptions(request(), contoso({ subscriber: chris })), anna), chris);
    const resumed = resume(paused, anna);
    expect(resumed.subscriptions.map((s) => s.status)).toEqual(['active', 'paused']);
    expect(resumed.subscriptions[0]).not.toHaveProperty('statusReason');
    expect(pausedSubscriptionsOf(resumed, chris)).toHaveLength(1);
  });

  it('does not resume subscriptions stopped because the bot was removed', () => {
    const stopped = deactivateAll(withSubscriptions(request(), contoso()));
    expect(stopped.subscriptions.map((s) => [s.status, s.statusReason])).toEqual([
      ['inactive', 'bot-removed'],
      ['inactive', 'bot-removed'],
    ]);
    expect(resume(stopped, anna)).toEqual(stopped);
    // Pausing does not wake a stopped subscription either.
    expect(pause(stopped, anna)).toEqual(stopped);
  });

  it('records the last run on all subscriptions, or on those chosen', () => {
    const alerts = withSubscriptions(request(), contoso({ subscriber: chris }));
    const everywhere = recordRun(alerts, { at: '2026-03-09T08:00:00.000Z', outcome: 'quiet' });
    expect(everywhere.subscriptions.map((s) => s.lastRun?.outcome)).toEqual(['quiet', 'quiet']);

    const annasOnly = recordRun(everywhere, { at: '2026-03-16T08:00:00.000Z', outcome: 'sent' }, (s) => s.subscriber.userId === anna.userId);
    expect(annasOnly.subscriptions.map((s) => s.lastRun)).toEqual([
      { at: '2026-03-16T08:00:00.000Z', outcome: 'sent' },
      { at: '2026-03-09T08:00:00.000Z', outcome: 'quiet' },
    ]);
  });
});

describe('readConversationAlerts', () => {
  function stored(): Record<string, unknown> {
    const alerts = recordRun(mute(withSubscriptions(request(), contoso({ threshold: 20 })), NORTHWIND), { at: '2026-03-09T08:00:00.000Z', outcome: 'sent' });
    return asStored(alerts, '"7"');
  }

  it('reads nothing stored as no subscriptions', () => {
    expect(readConversationAlerts(undefined, CONVERSATION)).toEqual(emptyConversationAlerts(CONVERSATION));
    expect(readConversationAlerts(null, CONVERSATION)).toEqual(emptyConversationAlerts(CONVERSATION));
  });

  it("reads back what was stored, without the storage adapter's eTag", () => {
    const { eTag: _eTag, ...expected } = stored();
    const read = readConversationAlerts(stored(), CONVERSATION);
    expect(read).toEqual(expected);
    expect(read).not.toHaveProperty('eTag');
  });

  it('refuses a document of another version instead of starting empty', () => {
    const error = refusalOf(() => readConversationAlerts({ ...stored(), version: 2 }, CONVERSATION));
    expect(error.code).toBe(ErrorCodes.Internal);
    expect(error.message).toMatch(/version 2/);
    expect(refusalOf(() => readConversationAlerts({ subscriptions: [] }, CONVERSATION)).message).toMatch(/version none/);
  });

  it('refuses a malformed document without repeating its content in the error', () => {
    const document = stored();
    const [first, second] = document.subscriptions as Array<Record<string, unknown>>;
    const error = refusalOf(() => readConversationAlerts({ ...document, subscriptions: [first, { ...second, threshold: 150 }] }, CONVERSATION));
    expect(error.code).toBe(ErrorCodes.Internal);
    expect(error.message).toMatch(/subscriptions\.1\.threshold/);
    expect(error.message).not.toMatch(/contoso|anna/i);
  });
});
