import { customerId } from '../core/customers/customer-id';
import { buildFunnel } from '../core/subscriptions/funnel';
import { rankRenewals, type RenewalCandidate } from '../core/subscriptions/rank-renewals';
import { renewalFacts } from '../core/subscriptions/renewal';
import type { SubscribedSkuRecord, SubscriptionRecord } from '../core/subscriptions/subscription';
import { analyseUsage } from '../core/usage/analyse-usage';
import type { UsageRecord } from '../core/usage/usage-record';
import type { Messages } from '../i18n/messages';
import type { AdaptiveCard } from './adaptive-card';
import { buildRenewalsCard, buildSharedRenewalsCard } from './renewals-card';
import { buildUsageCard } from './usage-card';

/**
 * The subscription side's cards as a user typically sees them, for the previews and their validation
 * (scripts/lib/card-samples.ts): a usage card with its funnel, the renewals card, and its shared form.
 * Fixed data and a fixed today, so previews do not change from day to day.
 */
const TODAY = new Date('2026-12-02T09:00:00Z');
const NORTHWIND = customerId('9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61');

function row(productName: string, workloadName: string, licensesActive: number, licensesQualified: number): UsageRecord {
  return { customerId: NORTHWIND, customerName: 'Northwind Traders', productName, workloadName, licensesActive, licensesQualified, processedDateTime: '2026-11-28T00:00:00+00:00' };
}

function subscription(id: string, productName: string, seats: number, termDuration: string, commitmentEndDate: string, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return { id, customerId: NORTHWIND, customerName: 'Northwind Traders', productName, seats, status: 'active', autoRenew: true, termDuration, commitmentEndDate, isTrial: false, ...extra };
}

export function renewalSampleCards(messages: Messages): Array<{ kind: string; card: AdaptiveCard }> {
  const records = [
    row('MICROSOFT 365 E3', 'Exchange', 240, 250),
    row('MICROSOFT 365 E3', 'SharePoint', 40, 250),
    row('MICROSOFT 365 E3', 'Teams', 61, 250),
    row('MICROSOFT 365 E3', 'Yammer', 5, 250),
    row('OFFICE 365 E1', 'Exchange', 44, 40),
    row('OFFICE 365 E1', 'Teams', 30, 40),
  ];
  const subscriptions = [
    subscription('s-e3', 'Microsoft 365 E3 (NCE)', 300, 'P1Y', '2027-01-14'),
    subscription('s-e1', 'Office 365 E1', 40, 'P1M', '2026-12-31'),
    subscription('s-teams', 'Microsoft Teams Essentials', 10, 'P1M', '2026-12-20', { isTrial: true, autoRenew: false }),
  ];
  const skus: SubscribedSkuRecord[] = [
    { skuId: 'a', skuName: 'Microsoft 365 E3', activeUnits: 300, consumedUnits: 250 },
    { skuId: 'b', skuName: 'Office 365 E1', activeUnits: 40, consumedUnits: 40 },
  ];
  const summary = analyseUsage({ customerId: NORTHWIND, customerName: 'Northwind Traders', records, threshold: 30 });
  const funnel = buildFunnel({ workloads: [...summary.low, ...summary.healthy, ...summary.unlicensed], subscriptions, skus, now: TODAY });
  const usage = buildUsageCard(summary, messages, { funnel: { funnel, missing: [] } });

  const customers = ['Northwind Traders', 'Contoso Pharma', 'Fabrikam Inc', 'Tailspin Toys', 'Wingtip Toys', 'Litware Inc', 'Adventure Works', 'Relecloud', 'Proseware', 'Coho Winery', 'Fourth Coffee', 'Trey Research'];
  const candidates: RenewalCandidate[] = customers.map((customerName, index) => ({
    renewal: renewalFacts(
      subscription(`r-${index}`, index % 3 === 0 ? 'Microsoft 365 E3' : index % 3 === 1 ? 'Office 365 E3' : 'Microsoft 365 Business Premium', 20 + index * 15, index % 4 === 3 ? 'P3Y' : 'P1Y', `2027-0${1 + (index % 3)}-${String(10 + index).padStart(2, '0')}`, {
        customerId: customerId(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`),
        customerName,
      }),
      TODAY,
    ),
    product: {
      bought: 20 + index * 15,
      assigned: 20 + index * 15 - (index % 4) * 5,
      unassigned: (index % 4) * 5,
      workloads: summary.low.slice(0, 1).map((w) => ({ ...w, usagePercent: (index * 9) % 100 })),
    },
  }));
  const renewals = buildRenewalsCard({ ranked: rankRenewals(candidates, { withinDays: 90, threshold: 30 }), withinDays: 90, partialCustomers: 1 }, messages);
  return [
    { kind: 'usage-funnel', card: usage },
    { kind: 'renewals', card: renewals },
    { kind: 'renewals-shared', card: buildSharedRenewalsCard(90, messages, ['29:account-manager']) },
  ];
}
