import type { Command } from './command';
import { parseThresholdValue, stripQuotes } from './command-text';
import { parseAlertsCommand } from './parse-alerts-command';
import { parseReportCommand } from './parse-report-command';
import { parseRenewalsCommand } from './parse-renewals-command';

// Teams sends non-breaking spaces and zero-width characters around mentions and pasted names.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const WHITESPACE = /[\s\u00A0]+/g;
// Command words are understood in English and Dutch whatever the chat's locale: people switch
// languages freely, and a button or a colleague's tip may use either.
const USAGE = [/^usage(?:\s+(?:for|of))?(?:\s+(.*))?$/i, /^gebruik(?:\s+(?:voor|van))?(?:\s+(.*))?$/i];
const HELP = /^(?:help|hulp|\?|what can you do)$/i;
const SIGN_OUT = /^(?:sign ?out|log ?out|afmelden|uitloggen)$/i;
const FORGET = /^(?:forget(?: me)?|vergeet(?: mij| me)?)$/i;
const THRESHOLD = /^(?:threshold|drempel)(?:\s+(.*))?$/i;

/** Cleans text the way every command needs it: trimmed, single spaces, no invisible characters. */
function normaliseText(text: string): string {
  return text.replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim();
}

/**
 * Turns a chat message (with the bot's @mention already removed) into a command.
 * Command words are case-insensitive; the customer text keeps its case for display.
 */
export function parseCommand(text: string): Command {
  const clean = normaliseText(text).replace(/[?!]+$/, '').trim();
  if (HELP.test(clean) || clean === '') return { kind: 'help' };
  if (SIGN_OUT.test(clean)) return { kind: 'sign-out' };
  if (FORGET.test(clean)) return { kind: 'forget' };

  const alerts = parseAlertsCommand(clean);
  if (alerts) return alerts;

  const report = parseReportCommand(clean);
  if (report) return report;
  const renewals = parseRenewalsCommand(clean);
  if (renewals) return renewals;

  const threshold = THRESHOLD.exec(clean);
  if (threshold) return parseThreshold(threshold[1]?.trim());

  const usage = USAGE.map((pattern) => pattern.exec(clean)).find((match) => match !== null);
  if (usage) {
    const customerQuery = stripQuotes((usage[1] ?? '').trim());
    return customerQuery ? { kind: 'usage', customerQuery } : { kind: 'usage-without-customer' };
  }
  return { kind: 'unknown' };
}

function parseThreshold(argument: string | undefined): Command {
  if (!argument) return { kind: 'threshold' };
  const value = parseThresholdValue(argument);
  return value === undefined ? { kind: 'threshold-invalid' } : { kind: 'threshold', value };
}
