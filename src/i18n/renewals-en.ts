import type { Term } from '../core/subscriptions/renewal';
import { formatsFor } from './formats';
import type { RenewalMessages } from './renewal-messages';

const { integer, formatPercent, formatDate } = formatsFor('en-US');

const terms: Record<Term, string> = {
  monthly: 'monthly',
  annual: 'annual',
  'three-year': 'three-year',
  other: 'other term',
  unknown: 'term not stated',
};

const unknown = '?';
const count = (value: number | null) => (value === null ? unknown : integer(value));
const inDays = (days: number) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${integer(days)} days`);
const date = (day: string) => formatDate(`${day}T00:00:00Z`);

export const renewalsEn: RenewalMessages = {
  funnelHeading: 'Bought, assigned, used',
  funnel: (bought, assigned, unassigned) => `Bought ${count(bought)} · assigned ${count(assigned)} · unassigned ${count(unassigned)}`,
  active: (items) => `Active: ${items.join(', ')}`,
  workloadActive: (workloadName, active, percent, overUsed) =>
    `${workloadName} ${integer(active)}${percent === null ? '' : ` (${formatPercent(percent)}${overUsed ? ', over-used' : ''})`}`,
  overUsed: 'over-used',
  renewal: (facts) => {
    const parts: string[] = [];
    if (facts.endDate !== null && facts.daysLeft !== null) parts.push(`Renews ${date(facts.endDate)}, ${inDays(facts.daysLeft)}`);
    else parts.push('No renewal date');
    parts.push(`${terms[facts.term]}, ${integer(facts.seats)} seats`);
    if (facts.autoRenew !== undefined) parts.push(facts.autoRenew ? 'auto-renew on' : 'auto-renew off');
    if (facts.trial) parts.push('**trial**');
    if (facts.suspended) parts.push('**suspended**');
    if (facts.term === 'monthly') parts.push("seats can be reduced at a month's end");
    else if ((facts.term === 'annual' || facts.term === 'three-year') && facts.endDate !== null) parts.push(`seats can be reduced only at renewal, until ${date(facts.endDate)}`);
    return parts.join(' · ');
  },
  unmatchedBought: (names) => `Bought, but not in the usage data: ${names}`,
  unmatchedUsage: (names) => `In the usage data, but no subscription or SKU with that name: ${names}`,
  missing: (part, reason) =>
    part === 'subscriptions'
      ? reason === 'no-access'
        ? 'Renewals are not shown: your Partner Center role cannot read subscriptions (Admin agent or Sales agent can).'
        : "Renewals are not shown: Partner Center didn't answer for subscriptions just now."
      : reason === 'no-access'
        ? "Assigned seats are not shown: your access cannot read the customer's licences (a GDAP role such as Directory Reader, Global Reader or License Administrator can)."
        : "Assigned seats are not shown: Partner Center didn't answer for the customer's licences just now.",

  title: (withinDays) => `Renewals in the next ${integer(withinDays)} days`,
  summary: (count, withinDays) =>
    `${integer(count)} subscription${count === 1 ? '' : 's'} end${count === 1 ? 's' : ''} within ${integer(withinDays)} days, riskiest first`,
  none: (withinDays) => `No annual or multi-year subscription of your customers ends within ${integer(withinDays)} days, and no monthly one carries idle seats or low adoption.`,
  invalidDays: () => 'Say how many days ahead to look, a whole number from 1 to 365: for example **renewals within 60 days**.',
  productLine: (productName, seats) => `${productName} · ${integer(seats)} seats`,
  dateLine: (endDate, daysLeft, term) => `${date(endDate)}, ${inDays(daysLeft)} · ${terms[term]}`,
  figuresLine: (share, lowest) =>
    `${share === null ? 'assigned: unknown' : `${formatPercent(Math.round(share * 1000) / 10)} assigned`} · ${
      lowest === null ? 'no usage data' : `lowest: ${lowest.workloadName} ${formatPercent(lowest.percent)}`
    }`,
  more: (hidden) => `…and ${integer(hidden)} more`,
  openUsage: 'Open usage',
  hint: 'Select a line to open that customer’s usage card.',
  partial: (customers) => `${integer(customers)} customer${customers === 1 ? '' : 's'} could not be read completely; what is shown may be incomplete.`,
  sharedTitle: (withinDays) => `Renewals in the next ${integer(withinDays)} days`,
  sharedExplanation: 'Everyone sees the renewals of the customers their own Partner Center access allows. Select the button to see yours.',
  showMine: 'Show my renewals',
  progressPage: (page, pages) => `Reading subscriptions, page ${integer(page)}${pages === undefined ? '' : ` of ${integer(pages)}`}…`,
  progressCustomers: (done, total) => `Reading subscriptions, customer ${integer(done)} of ${integer(total)}…`,
  progressDetails: (done, total) => `Reading seats and usage, customer ${integer(done)} of ${integer(total)}…`,

  warningTitle: (customerName) => `Renewal coming up: ${customerName}`,
  warningDigestTitle: (count) => `${integer(count)} renewals coming up with idle seats or low adoption`,
  warningReason: (unassigned, lowest, threshold) => {
    const parts: string[] = [];
    if (unassigned !== null && unassigned > 0) parts.push(`${integer(unassigned)} seats unassigned`);
    if (lowest !== null && lowest.percent < threshold) parts.push(`${lowest.workloadName} at ${formatPercent(lowest.percent)} (below ${integer(threshold)} %)`);
    return parts.join(' · ');
  },
};
