import type { TuningChange } from '../alerts/alert-tuning';
import type { ReportFilter } from '../report/report-filter';

/** What the user asked for, decided from their text alone. */
export type Command =
  | { kind: 'usage'; customerQuery: string }
  | { kind: 'usage-without-customer' }
  | { kind: 'help' }
  | { kind: 'sign-out' }
  /** Deletes what the bot keeps for this personal chat. */
  | { kind: 'forget' }
  /** `threshold` alone shows the conversation's threshold; with a value it sets it. */
  | { kind: 'threshold'; value?: number }
  | { kind: 'threshold-invalid' }
  | AlertsCommand
  | ReportCommand
  /** `renewals [within n days]`: subscriptions ending within n days, riskiest first. */
  | { kind: 'renewals'; withinDays: number }
  | { kind: 'renewals-invalid' }
  | { kind: 'unknown' };

/** `alerts …` (Dutch: `meldingen …`): low-adoption alerts for the conversation. */
export type AlertsCommand =
  /** No customer: every customer the subscriber can see. No threshold: the conversation's. */
  | { kind: 'alerts-on'; customerQuery?: string; threshold?: number }
  /** No customer: every subscription of the conversation. */
  | { kind: 'alerts-off'; customerQuery?: string }
  | { kind: 'alerts-list' }
  /** Resumes the asker's subscriptions that were paused because their sign-in stopped working. */
  | { kind: 'alerts-resume' }
  /** A snooze, an ignored product or a customer's threshold, typed or from an alert card's fallback. */
  | { kind: 'alerts-tune'; customerQuery: string; change: TuningChange }
  /** The tuning choices for a customer as a card; `productName`: the product its Ignore button names. */
  | { kind: 'alerts-tune-menu'; customerQuery: string; productName?: string }
  | { kind: 'alerts-invalid'; reason: AlertsInvalidReason };

/** threshold: not a whole number from 1 to 99; missing-customer: `for` with nothing after it; words: anything else. */
export type AlertsInvalidReason = 'threshold' | 'missing-customer' | 'words';

/** `report …` (Dutch: `overzicht …`): every customer the user can see, worst first. */
export type ReportCommand =
  | { kind: 'report'; filter: ReportFilter }
  /** threshold: not 1–99; days: not 1–365; workload: empty or too long; words: anything else. */
  | { kind: 'report-invalid'; reason: 'threshold' | 'days' | 'workload' | 'words' };
