import { ErrorCodes, type ErrorCode } from '../core/errors';
import { enExport, enReport, enTrend, enTuning } from './en-report';
import { formatsFor } from './formats';
import type { CustomerQueryKind, Messages } from './messages';
import { renewalsEn } from './renewals-en';

const LOCALE = 'en-US';
const { integer, decimal, formatPercent, formatDate } = formatsFor(LOCALE);

const errorSentences: Record<ErrorCode, string> = {
  [ErrorCodes.PartnerCenterNoAccess]:
    "Your Partner Center account can't see this customer's usage analytics. Ask your Partner Center admin for a role with access to analytics (for example Admin agent or Sales agent).",
  [ErrorCodes.PartnerCenterMfaRequired]:
    'Partner Center needs a sign-in with multi-factor authentication (MFA), and yours was made without it: please sign in again with MFA.',
  [ErrorCodes.PartnerCenterNotFound]: "Partner Center doesn't know that customer.",
  [ErrorCodes.PartnerCenterBusy]: 'Partner Center is busy right now. Please try again in a minute.',
  [ErrorCodes.PartnerCenterUnavailable]: "Partner Center isn't answering right now. Please try again later.",
  [ErrorCodes.PartnerCenterUnexpectedResponse]:
    "Partner Center sent an answer I couldn't read. Please try again later; if it keeps happening, contact support.",
  [ErrorCodes.DeadlineExceeded]: 'Partner Center took too long to answer. Please try again in a minute.',
  [ErrorCodes.SignInRequired]: 'Please sign in first, so I can read Partner Center as you.',
  [ErrorCodes.ConsentRequired]:
    'Partner Center access needs your consent (or your admin\'s) before I can read usage for you. Sign in again and accept the request; if you cannot, ask your Microsoft 365 admin to grant consent for this app.',
  [ErrorCodes.InteractionRequired]:
    'Your organization needs you to sign in again (for example with multi-factor authentication) before I can read Partner Center for you.',
  [ErrorCodes.SignInExpired]: 'Your sign-in has expired. Please sign in again.',
  [ErrorCodes.IdentityUnavailable]: "I couldn't reach Microsoft sign-in just now. Please try again in a minute.",
  [ErrorCodes.Internal]: 'Something went wrong on my side. Please try again; if it keeps happening, contact support.',
};

const searchedBy: Record<CustomerQueryKind, string> = {
  id: 'customer id',
  domain: 'domain',
  name: 'company name',
};

const nextSteps: Record<string, string> = {
  exchange: 'check that mailboxes were migrated and users sign in to Outlook',
  sharepoint: 'look for sites and file shares that still live on premises',
  onedrive: 'check whether users sync their files to OneDrive',
  teams: 'offer a Teams adoption session for meetings and chat',
  'skype for business': 'plan the move of these users to Teams',
  yammer: 'see whether Viva Engage communities were set up',
  'office proplus': 'check that the Microsoft 365 apps are installed on devices',
  'microsoft 365 apps': 'check that the Microsoft 365 apps are installed on devices',
  intune: 'check how many devices are enrolled',
  'entra id': 'check that users sign in with their work accounts',
};

export const en: Messages = {
  locale: LOCALE,
  formatPercent,
  formatDate,

  error: (code, correlationId) =>
    correlationId ? `${errorSentences[code]} (Reference: ${correlationId})` : errorSentences[code],

  tenantNotAllowed: () =>
    "Sorry, this bot isn't available to your organization. If you think it should be, ask your Teams admin to contact the partner who runs it.",
  signIn: {
    cardTitle: 'Sign in',
    cardText: 'Sign in with your work account so I can read Partner Center with your own access rights.',
    signedOut: "You're signed out. I'll ask you to sign in the next time you need Partner Center.",
    nothingToSignOut: 'This bot runs in local mode with a development sign-in, so there is nothing to sign out of.',
    failed: "Sign-in didn't work. Your Teams admin may need to check the bot's app registration (the sign-in app id or URI doesn't match).",
    notCompleted: "That sign-in didn't complete. Please try again.",
  },
  unknownCommand: () => "Sorry, I didn't get that. Type **help** to see what I can do.",
  missingCustomer: () => 'Which customer? Type **usage for** followed by a company name, domain or customer id.',
  customerNotFound: (query, kind) =>
    `I found no customer whose ${searchedBy[kind]} ${kind === 'id' ? 'is' : 'starts with'} "${query}". Check the spelling, or try the domain or customer id.`,

  welcome: {
    title: 'Welcome to CSP Usage',
    intro: "Ask me how a customer really uses the Microsoft 365 licenses they bought. I'll show the workloads with low adoption first, so you can act before the renewal conversation.",
    privacy: 'I read Partner Center with your own access rights, so you only see what your Partner Center account may see.',
    customerLabel: 'Try it: which customer?',
    customerPlaceholder: 'Company name, domain or customer id',
    showUsage: 'Show usage',
    showHelp: 'What else can you do?',
    toConversation:
      "Hi, I'm CSP Usage. Mention me with **usage for** and a customer (for example **usage for Contoso**) to see how the licenses they bought are really used. Mention me with **help** for more.",
  },

  threshold: {
    current: (value, isDefault) =>
      `Workloads below **${integer(value)} %** count as low in this chat${isDefault ? " (the bot's default)" : ''}. Change it with **threshold** followed by a number from 1 to 99.`,
    set: (value) => `Done: in this chat, workloads below **${integer(value)} %** now count as low.`,
    invalid: () => 'The threshold must be a whole number from 1 to 99, for example **threshold 40**.',
  },

  help: {
    title: 'What I can do',
    intro: 'I show how your customers really use the Microsoft 365 licenses they bought, and which workloads lag behind.',
    commands: [
      // Braces, not angle brackets: Teams drops <customer> from card text as if it were an HTML tag.
      { example: 'usage for {customer}', description: 'License usage for a customer, by company name (or its start), domain or customer id.' },
      { example: 'threshold {n}', description: 'Set the percentage below which a workload counts as low in this chat (1–99); alone, shows it.' },
      { example: 'alerts on', description: 'Post a card here when a workload of any customer you can see drops below the threshold. Add below {n}% for a threshold of its own.' },
      { example: 'alerts on for {customer}', description: 'The same, for one customer.' },
      { example: 'alerts', description: 'The alerts in this chat: customer, threshold, who turned them on, last check.' },
      { example: 'alerts off', description: 'Stop the alerts here; alerts off for {customer} stops one.' },
      { example: 'report', description: 'Every customer you can see, most seats at risk first. Add for {workload}, below {n}%, renewing within {n} days, or drops (the biggest falls since the previous data date).' },
      { example: 'renewals', description: 'Subscriptions of your customers ending in the next 90 days, riskiest first: unassigned seats and low adoption. Add within {n} days (1–365) to look further or nearer.' },
      { example: 'sign out', description: 'Forget your sign-in; I will ask again next time.' },
      { example: 'forget', description: 'In our personal chat: delete everything I keep for it (settings, alerts, your recent customers).' },
      { example: 'help', description: 'This overview.' },
    ],
    tryIt: 'Try: usage for Contoso',
  },

  customerChoice: {
    title: (query, count) => `${integer(count)} customers match "${query}"`,
    hint: 'Which one do you mean?',
    more: (hidden) => `…and ${integer(hidden)} more. Type more of the name to narrow it down.`,
  },

  sharedUsage: {
    title: (customerName) => `License usage: ${customerName}`,
    explanation:
      'Everyone sees this customer through their own Partner Center access, so your own view opens here for you. If it does not, use the button.',
    showMine: 'Show my view',
  },

  forget: {
    done: 'Done: I deleted everything I kept for this chat: its settings, alerts and alert history, your waiting command and your recent customers.',
    notPersonal:
      'What I keep here belongs to everyone in this conversation, so I only forget it when I am removed from it. Remove me, or ask the admin who runs me; in our personal chat, forget deletes your own data.',
  },

  messageExtension: {
    typeToSearch: "Type a customer's company name, domain or customer id.",
    noMatch: (query) => `No customer's name, domain or id starts with "${query}". Check the spelling, or try the domain or customer id.`,
    slow: 'Partner Center is taking a while to answer. Please type again in a moment.',
    lowest: (workloadName, percent) => `Lowest: ${workloadName} ${formatPercent(percent)}`,
    noUsage: 'No usage data yet',
    signIn: 'Sign in to search your customers',
    unknownCommand: 'This search is not available any more. Ask your Teams admin to update the app.',
  },

  usageCard: {
    title: (customerName) => `License usage: ${customerName}`,
    dataDate: (date) => `Partner Center data of ${date}`,
    noDataDate: 'Partner Center did not say when this data was processed',
    readAt: (time) => `read at ${time}`,
    verdict: (low, measured, threshold) =>
      `${integer(low)} of ${integer(measured)} workloads below ${integer(threshold)} %`,
    allHealthy: (measured, threshold) =>
      `All ${integer(measured)} workloads are at or above ${integer(threshold)} %`,
    noData: 'No usage data yet. Partner Center has no usage rows for this customer; new subscriptions can take a few days to show up.',
    lowHeading: 'Low adoption',
    healthyHeading: (count) => `Healthy workloads (${integer(count)})`,
    unlicensedHeading: (count) => `Without qualified licenses (${integer(count)})`,
    activeOfQualified: (active, qualified) =>
      `${integer(active)} of ${integer(qualified)} licenses active`,
    noLicenses: 'no licenses',
    showHealthy: 'Show healthy workloads',
    hideHealthy: 'Hide healthy workloads',
    nextStepsHeading: 'What to look at next',
    chartTitle: 'Usage per workload (%)',
    refresh: 'Refresh',
    showAll: 'Show all workloads',
    showOnlyLow: 'Only low workloads',
    changeThreshold: 'Change threshold',
    thresholdLabel: 'Workloads below this percentage (1–99) count as low in this chat',
    applyThreshold: 'Apply',
    nextStep: (workloadName) =>
      nextSteps[workloadName.trim().toLowerCase()] ?? 'ask the customer how they use this workload today',
    more: (hidden) => `…and ${integer(hidden)} more`,
  },

  renewals: renewalsEn,

  alerts: {
    subscribed: (customerName, threshold, follows) =>
      `Alerts on: I'll post here when ${customerName ? `a workload of **${customerName}**` : 'a workload of any customer you can see'} drops below **${integer(threshold)} %**${follows ? " (this chat's threshold)" : ''}. Type **alerts** to see them, **alerts off** to stop.`,
    updated: (customerName, threshold, follows) =>
      `Alerts for ${customerName ? `**${customerName}**` : 'all your customers'} now fire below **${integer(threshold)} %**${follows ? " (this chat's threshold)" : ''}.`,
    sharedNotice: 'Everyone in this conversation will see the figures in these alerts.',
    unsubscribed: (customerName) =>
      customerName ? `Alerts for **${customerName}** are off in this chat.` : 'All alerts are off in this chat.',
    muted: (customerName) =>
      `Muted: no more alerts about **${customerName}** here. **alerts on for ${customerName}** turns them back on.`,
    nothingToUnsubscribe: 'There were no alerts to turn off here.',
    resumed: (count) => `Alerts resumed (${integer(count)}).`,
    nothingToResume: 'None of your alerts here are paused.',
    invalidThreshold: () => 'An alert threshold is a whole percentage from 1 to 99, for example **alerts on below 20%**.',
    missingCustomer: () => 'Which customer? For example **alerts on for Contoso**, or **alerts on** for all your customers.',
    invalid: () => 'Try **alerts on**, **alerts on for Contoso below 20%**, **alerts off** or **alerts**.',

    listTitle: 'Alerts in this conversation',
    listEmpty: 'No alerts here yet. Type **alerts on** to be told when adoption drops.',
    allCustomers: 'All customers',
    below: (threshold, follows) => `below ${integer(threshold)} %${follows ? " (this chat's threshold)" : ''}`,
    subscribedBy: (name, date) => `by ${name}, ${date}`,
    lastRun: (date, outcome) =>
      `last checked ${date}: ${{ sent: 'alerts sent', quiet: 'nothing new', failed: 'check failed', paused: 'paused' }[outcome]}`,
    neverRun: 'not checked yet',
    status: (status) => ({ active: 'active', paused: 'paused: sign-in needed', inactive: 'stopped: I can no longer post here' })[status],
    mutedCustomers: (count) => `${integer(count)} customer${count === 1 ? '' : 's'} muted`,
    listHint: 'alerts off for {customer} stops one; alerts off stops all.',

    subscribeAction: 'Alert me when adoption drops',
  },

  alertCard: {
    title: (customerName) => `Low adoption: ${customerName}`,
    summary: (count, threshold) =>
      `${integer(count)} workload${count === 1 ? '' : 's'} below ${integer(threshold)} %`,
    workloadLine: (workloadName, productName) => `${workloadName} (${productName})`,
    figures: (percent, active, qualified) =>
      `${decimal(percent)} % · ${integer(active)} of ${integer(qualified)} licenses active`,
    newFinding: 'new',
    worse: (points, previous) => `down ${decimal(points)} points since the last alert (${decimal(previous)} %)`,
    lowAgain: 'low again after recovering',
    openUsage: 'Open usage card',
    mute: (customerName) => `Mute ${customerName}`,
    digestTitle: (customerCount) => `Low adoption at ${integer(customerCount)} customers`,
    digestSummary: (alertCount, customerCount) =>
      `${integer(alertCount)} workloads at ${integer(customerCount)} customers dropped below their threshold. The lowest first:`,
    digestHint: 'Select a line to open that customer\'s usage card.',
    more: (hidden) => `…and ${integer(hidden)} more`,
    pausedTitle: 'Alerts paused',
    pausedText: (subscriberName, customers) =>
      `${subscriberName}, I can no longer read Partner Center as you for the alerts here (${customers}). Sign in again to resume them.`,
    pausedGreeting: 'Hello',
    resume: 'Sign in and resume',
  },

  report: enReport,
  trend: enTrend,
  export: enExport,
  tuning: enTuning,
  progress: {
    lookingUp: (customer) => `Looking up ${customer}…`,
    readingUsage: (customer) => `Reading the license usage of ${customer}…`,
    scanPage: (page, pages) => (pages ? `Reading Partner Center, page ${integer(page)} of ${integer(pages)}…` : `Reading Partner Center, page ${integer(page)}…`),
    refreshing: 'Refreshing…',
    stillWorking: 'I am still working on that question: the answer will follow here.',
    busy: 'I am answering a lot of questions at the moment. Please ask again in a minute.',
    interrupted: 'Sorry, your answer was interrupted because the bot is restarting. Please ask again in a minute.',
  },
};
