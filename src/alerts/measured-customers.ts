import type { MeasuredGroup, ScannedCustomer } from '../core/alerts/decide-alerts';
import type { AlertSubscription, ConversationAlerts } from '../core/alerts/subscriptions';
import type { CustomerId } from '../core/customers/customer-id';
import type { UsageRead } from './usage-reader';

/** One active subscription of a conversation and what reading it came to. */
export interface SubscriptionRead {
  subscription: AlertSubscription;
  read: UsageRead;
}

export interface ThresholdDefaults {
  /** The conversation's own setting (`threshold n`), if it chose one. */
  conversationThreshold: number | undefined;
  /** The bot's configured threshold. */
  defaultThreshold: number;
}

/**
 * The threshold of the all-customers subscription, which is also what a customer's own subscription
 * falls back to: its own, else the conversation's, else the bot's.
 */
export function allCustomersThreshold(alerts: ConversationAlerts, defaults: ThresholdDefaults): number {
  const allCustomers = alerts.subscriptions.find((subscription) => subscription.customerId === null);
  return allCustomers?.threshold ?? defaults.conversationThreshold ?? defaults.defaultThreshold;
}

function thresholdOf(subscription: AlertSubscription, alerts: ConversationAlerts, defaults: ThresholdDefaults): number {
  return subscription.threshold ?? allCustomersThreshold(alerts, defaults);
}

/**
 * Which customers this conversation hears about in this pass, grouped by the threshold each is
 * measured against. A customer with a subscription of its own is measured by that one (its
 * subscriber, its threshold), never also by the all-customers scan, so no finding is judged twice;
 * muted customers are left out of the all-customers subscription. Pure.
 */
export function measuredGroups(alerts: ConversationAlerts, reads: readonly SubscriptionRead[], defaults: ThresholdDefaults): MeasuredGroup[] {
  const ownSubscriptions = new Set(reads.map((entry) => entry.subscription.customerId).filter((id): id is CustomerId => id !== null));
  const muted = new Set(alerts.mutedCustomerIds);
  const groups = new Map<number, ScannedCustomer[]>();
  const add = (threshold: number, customers: readonly ScannedCustomer[]) => {
    if (customers.length > 0) groups.set(threshold, [...(groups.get(threshold) ?? []), ...customers]);
  };

  for (const { subscription, read } of reads) {
    if (read.kind !== 'read') continue;
    const threshold = thresholdOf(subscription, alerts, defaults);
    if (subscription.customerId !== null) {
      add(threshold, read.customers);
      continue;
    }
    add(
      threshold,
      read.customers.filter((customer) => !muted.has(customer.customerId) && !ownSubscriptions.has(customer.customerId)),
    );
  }
  return [...groups].map(([threshold, customers]) => ({ threshold, customers })).sort((a, b) => a.threshold - b.threshold);
}
