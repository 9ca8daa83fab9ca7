import type { Term } from '../core/subscriptions/renewal';
import type { SafeMarkdown } from './outside-text';

/** A part of the subscription side that could not be read, and why. */
export type MissingPart = 'subscriptions' | 'skus';
export type MissingReason = 'no-access' | 'unavailable';

/** Sentences of the subscription side: the usage card's funnel, `renewals`, and renewal warnings. */
export interface RenewalMessages {
  /** Heading of the usage card's funnel section. */
  funnelHeading: string;
  /** "Bought 300 · assigned 250 · unassigned 50"; null figures are unknown. */
  funnel(bought: number | null, assigned: number | null, unassigned: number | null): string;
  /** "Active: Teams 61 (24 %), Exchange 240 (96 %)" */
  active(items: readonly string[]): string;
  workloadActive(workloadName: SafeMarkdown, active: number, percent: number | null, overUsed: boolean): string;
  /** The mark on a workload with more active users than licences. */
  overUsed: string;
  /** One subscription's renewal: date, days left, term, auto-renew, trial, suspended, until when seats can be cut. */
  renewal(facts: {
    endDate: string | null;
    daysLeft: number | null;
    term: Term;
    autoRenew?: boolean;
    trial: boolean;
    suspended: boolean;
    seats: number;
  }): string;
  unmatchedBought(names: SafeMarkdown): string;
  unmatchedUsage(names: SafeMarkdown): string;
  missing(part: MissingPart, reason: MissingReason): string;

  /** `renewals` card. */
  title(withinDays: number): string;
  summary(count: number, withinDays: number): string;
  none(withinDays: number): string;
  invalidDays(): string;
  /** "Microsoft 365 E3 · 300 seats" */
  productLine(productName: SafeMarkdown, seats: number): string;
  /** "14 Jan 2027, in 43 days · annual" */
  dateLine(endDate: string, daysLeft: number, term: Term): string;
  /** "83 % assigned · lowest: Teams 24 %" */
  figuresLine(assignedShare: number | null, lowest: { workloadName: SafeMarkdown; percent: number } | null): string;
  more(hidden: number): string;
  openUsage: string;
  hint: string;
  /** Customers whose subscriptions or usage could not be read, left out or shown with less. */
  partial(customers: number): string;
  /** In a channel or group chat: no figures for everyone. */
  sharedTitle(withinDays: number): string;
  sharedExplanation: string;
  showMine: string;
  /** What the long scan is doing now. */
  progressPage(page: number, pages: number | undefined): string;
  progressCustomers(done: number, total: number): string;
  progressDetails(done: number, total: number): string;

  /** Proactive renewal warnings. */
  warningTitle(customerName: SafeMarkdown): string;
  warningDigestTitle(count: number): string;
  warningReason(unassigned: number | null, lowest: { workloadName: SafeMarkdown; percent: number } | null, threshold: number): string;
}
