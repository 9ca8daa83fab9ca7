import { allCustomersThreshold, measuredGroups, type SubscriptionRead } from '../../../src/alerts/measured-customers';
import { CodedError, ErrorCodes } from '../../../src/core/errors';
import { emptyConversationAlerts, type AlertSubscription, type ConversationAlerts } from '../../../src/core/alerts/subscriptions';
import { scannedCustomer } from '../core/alerts/scanned-customer';
import { customerId } from '../../../src/core/customers/customer-id';

const contoso = scannedCustomer('Contoso', { Teams: 10 });
const fabrikam = scannedCustomer('Fabrikam', { Teams: 10 });
const northwind = scannedCustomer('Northwind', { Teams: 10 });

function subscription(rawId: string | null, threshold: number | null, status: AlertSubscription['status'] = 'active'): AlertSubscription {
  return {
    customerId: rawId === null ? null : customerId(rawId),
    customerName: rawId,
    threshold,
    subscriber: { userId: '29:anna', locale: 'en-US' },
    createdAt: '2026-03-01T08:00:00.000Z',
    status,
  };
}

function conversation(subscriptions: AlertSubscription[], mutedCustomerIds: string[] = []): ConversationAlerts {
  return { ...emptyConversationAlerts('a:chat'), subscriptions, mutedCustomerIds: mutedCustomerIds.map(customerId) };
}

const read = (entry: AlertSubscription, customers = [contoso, fabrikam, northwind]): SubscriptionRead => ({
  subscription: entry,
  read: { kind: 'read', customers, failedCustomers: 0 },
});

const defaults = { conversationThreshold: 40, defaultThreshold: 30 };
const summary = (groups: ReturnType<typeof measuredGroups>) => groups.map((group) => `${group.threshold}: ${group.customers.map((c) => c.customerName).join(', ')}`);

describe('which customers a conversation hears about, and below which threshold', () => {
  it('leaves muted customers out of the all-customers subscription, whatever the letter case', () => {
    const all = subscription(null, 25);
    const alerts = conversation([all], [fabrikam.customerId]);
    expect(summary(measuredGroups(alerts, [read(all, [contoso, { ...fabrikam, customerId: customerId(fabrikam.customerId.toUpperCase()) }])], defaults))).toEqual([
      '25: Contoso',
    ]);
  });

  it("measures a customer with a subscription of its own by that one only, at that subscription's threshold", () => {
    const all = subscription(null, 25);
    const own = subscription(contoso.customerId.toUpperCase(), 60);
    const alerts = conversation([all, own]);
    expect(summary(measuredGroups(alerts, [read(all), read(own, [contoso])], defaults))).toEqual(['25: Fabrikam, Northwind', '60: Contoso']);
  });

  it("falls back from the customer's own threshold to the all-customers one, the chat's, then the bot's", () => {
    const own = subscription(contoso.customerId, null);
    expect(summary(measuredGroups(conversation([subscription(null, 25, 'paused'), own]), [read(own, [contoso])], defaults))).toEqual(['25: Contoso']);
    expect(summary(measuredGroups(conversation([own]), [read(own, [contoso])], defaults))).toEqual(['40: Contoso']);
    expect(summary(measuredGroups(conversation([own]), [read(own, [contoso])], { conversationThreshold: undefined, defaultThreshold: 30 }))).toEqual([
      '30: Contoso',
    ]);
    expect(allCustomersThreshold(conversation([subscription(null, null)]), defaults)).toBe(40);
  });

  it('a subscription whose read failed measures nothing, and its customer is not measured by the scan instead', () => {
    const all = subscription(null, null);
    const own = subscription(contoso.customerId, 60);
    const failed: SubscriptionRead = { subscription: own, read: { kind: 'failed', error: new CodedError(ErrorCodes.PartnerCenterNoAccess, 'refused') } };
    expect(summary(measuredGroups(conversation([all, own]), [read(all), failed], defaults))).toEqual(['40: Fabrikam, Northwind']);
  });
});
