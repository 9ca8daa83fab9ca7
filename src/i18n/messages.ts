import type { SafeMarkdown, SafePlainText } from './outside-text';
import type { ErrorCode } from '../core/errors';
import type { ExportTexts, ReportTexts, TrendTexts, TuningTexts } from './report-messages';
import type { RenewalMessages } from './renewal-messages';

/** How the user told us which customer they meant, so "not found" can say what was searched. */
export type CustomerQueryKind = 'id' | 'domain' | 'name';

/**
 * Every sentence the bot can say, in one language. Whatever a sentence repeats from outside (what a user
 * typed, names from Partner Center or Teams) comes in as SafeMarkdown or SafePlainText: only the one
 * escaping function (src/cards/escape-markdown.ts) makes those, so a caller cannot forget to escape. Cards and replies take their text from here,
 * so adding a language is adding one file.
 */
export interface Messages {
  /** BCP 47 tag used for Intl number and date formatting. */
  readonly locale: string;

  formatPercent(value: number): string;
  /** A date (not a time) from an ISO 8601 timestamp, in the user's locale. */
  formatDate(iso: string): string;

  /** One sentence for a failure, ending with the correlation id when there is one. */
  error(code: ErrorCode, correlationId?: string): string;

  unknownCommand(): string;
  signIn: {
    cardTitle: string;
    cardText: string;
    signedOut: string;
    /** Local mode has a development token and nothing to sign out of. */
    nothingToSignOut: string;
    /** Teams reported that sign-in could not complete (signin/failure). */
    failed: string;
    /** A magic code that did not sign the user in. */
    notCompleted: string;
  };
  /** To someone whose organisation is not on the bot's tenant allow-list. */
  tenantNotAllowed(): string;
  missingCustomer(): string;
  customerNotFound(query: SafeMarkdown, kind: CustomerQueryKind): string;

  welcome: {
    title: string;
    intro: string;
    /** That the bot reads Partner Center with the user's own rights. */
    privacy: string;
    customerLabel: string;
    customerPlaceholder: string;
    showUsage: string;
    showHelp: string;
    /** The short greeting posted when the bot is added to a team or group chat. */
    toConversation: string;
  };

  threshold: {
    /** The conversation's threshold, and whether it is the bot's default. */
    current(value: number, isDefault: boolean): string;
    set(value: number): string;
    invalid(): string;
  };

  help: {
    title: string;
    intro: string;
    commands: ReadonlyArray<{ example: string; description: string }>;
    tryIt: string;
  };

  customerChoice: {
    title(query: SafeMarkdown, count: number): string;
    hint: string;
    more(hidden: number): string;
  };

  /** The card everyone in a channel or group chat sees; each person's own view replaces it. */
  sharedUsage: {
    title(customerName: SafeMarkdown): string;
    explanation: string;
    showMine: string;
  };

  /** `forget` / `vergeet`: a personal chat's stored data deleted at the user's request. */
  forget: {
    done: string;
    /** In a channel or group chat, where the data is everyone's. */
    notPersonal: string;
  };

  /** The "Customer usage" search of the message extension (compose box and command box). */
  messageExtension: {
    /** The extension opened and the person asked about no customer yet. */
    typeToSearch: string;
    /** Message results are plain text: the query comes cleaned, not markdown-escaped. */
    noMatch(query: SafePlainText): string;
    /** Partner Center did not answer within the few seconds a search may take. */
    slow: string;
    /** The result's third line: the customer's lowest workload, e.g. "Lowest: Teams 12 %". */
    lowest(workloadName: SafePlainText, percent: number): string;
    noUsage: string;
    /** The sign-in button when the search needs it. */
    signIn: string;
    /** A command id this bot does not offer (an old or changed manifest). */
    unknownCommand: string;
  };

  usageCard: {
    title(customerName: SafeMarkdown): string;
    dataDate(date: string): string;
    noDataDate: string;
    /** When the bot read the data from Partner Center (its time of day, with the zone). */
    readAt(time: string): string;
    /** "3 of 5 workloads below 30 %" */
    verdict(low: number, measured: number, threshold: number): string;
    allHealthy(measured: number, threshold: number): string;
    noData: string;
    lowHeading: string;
    healthyHeading(count: number): string;
    unlicensedHeading(count: number): string;
    activeOfQualified(active: number, qualified: number): string;
    noLicenses: string;
    showHealthy: string;
    hideHealthy: string;
    nextStepsHeading: string;
    /** Title of the chart of usage per workload. */
    chartTitle: string;
    refresh: string;
    showAll: string;
    showOnlyLow: string;
    changeThreshold: string;
    thresholdLabel: string;
    applyThreshold: string;
    /** A short suggestion of what to look at for a low workload. */
    nextStep(workloadName: string): string;
    more(hidden: number): string;
  };

  /** `alerts …` commands and their replies. */
  alerts: {
    /** Where the alerts of this conversation go, for replies: "this chat" / "this channel". */
    subscribed(customerName: SafeMarkdown | null, threshold: number, followsConversation: boolean): string;
    /** Same subscription again: only the threshold changed (or nothing). */
    updated(customerName: SafeMarkdown | null, threshold: number, followsConversation: boolean): string;
    /** In a channel or group chat: everyone here will see the customers' figures in alerts. */
    sharedNotice: string;
    unsubscribed(customerName: SafeMarkdown | null): string;
    /** `alerts off for X` while subscribed to all customers: X is left out from now on. */
    muted(customerName: SafeMarkdown): string;
    nothingToUnsubscribe: string;
    resumed(count: number): string;
    nothingToResume: string;
    /** Threshold outside 1–99, or not a number. */
    invalidThreshold(): string;
    /** `alerts on for` with no customer after it. */
    missingCustomer(): string;
    /** Words after `alerts` that mean nothing. */
    invalid(): string;

    /** The `alerts` list card. */
    listTitle: string;
    listEmpty: string;
    allCustomers: string;
    /** "below 30 %", and whether it follows the chat's threshold. */
    below(threshold: number, followsConversation: boolean): string;
    subscribedBy(name: SafeMarkdown, date: string): string;
    lastRun(date: string, outcome: 'sent' | 'quiet' | 'failed' | 'paused'): string;
    neverRun: string;
    status(status: 'active' | 'paused' | 'inactive'): string;
    mutedCustomers(count: number): string;
    listHint: string;

    /** "Alert me" on a usage card. */
    subscribeAction: string;
  };

  /** The subscription side: funnel, renewals, renewal warnings (src/i18n/renewals-*.ts). */
  renewals: RenewalMessages;

  /** Proactive alert cards. */
  alertCard: {
    title(customerName: SafeMarkdown): string;
    /** "2 workloads below 30 %" */
    summary(count: number, threshold: number): string;
    workloadLine(workloadName: SafeMarkdown, productName: SafeMarkdown): string;
    /** "12 % · 40 of 300 licenses active" */
    figures(percent: number, active: number, qualified: number): string;
    newFinding: string;
    worse(points: number, previousPercent: number): string;
    lowAgain: string;
    openUsage: string;
    mute(customerName: SafePlainText): string;
    /** Digest: many customers in one pass. */
    digestTitle(customerCount: number): string;
    digestSummary(alertCount: number, customerCount: number): string;
    digestHint: string;
    more(hidden: number): string;
    /** Alerts paused because the subscriber's sign-in no longer works. */
    pausedTitle: string;
    pausedText(subscriberName: SafeMarkdown, customers: SafeMarkdown): string;
    /** Takes the name's place at the start of pausedText when Teams gave no name for the subscriber. */
    pausedGreeting: string;
    resume: string;
  };

  /** The all-customer report, the usage trend, the CSV export and alert tuning (report-messages.ts). */
  report: ReportTexts;
  trend: TrendTexts;
  export: ExportTexts;
  tuning: TuningTexts;
  /** Slow work: what it is doing now, and what the bot says when it cannot do it now. */
  progress: {
    /** The customer as the user typed it. */
    lookingUp(customer: SafeMarkdown): string;
    /** The customer's name from Partner Center. */
    readingUsage(customer: SafeMarkdown): string;
    /** A paged Partner Center read; `pages` when Partner Center said how many there are. */
    scanPage(page: number, pages: number | undefined): string;
    /** Shown on a card while its action's answer is on its way. */
    refreshing: string;
    /** The same question again while the first answer is still coming. */
    stillWorking: string;
    /** Too many questions at once: this one is not taken. */
    busy: string;
    /** The bot stopped (a restart, a deployment) before the answer was ready. */
    interrupted: string;
  };
}
