import type { AlertsCommand, AlertsInvalidReason } from './command';
import { parseThresholdValue, stripQuotes } from './command-text';
import { parseTuningCommand } from './tuning-commands';

// English and Dutch words alike, whatever the chat's locale (see parse-command.ts).
const ALERTS = /^(?:alerts?|meldingen|melding)(?:\s+(.*))?$/i;
const ON = /^(?:on|aan)$/i;
const OFF = /^(?:off|uit)$/i;
const RESUME = /^(?:resume|hervatten|hervat)$/i;
const FOR = /^(?:for|voor)$/i;
const BELOW = /^(?:below|onder)$/i;
// A quoted name may hold words the parser would otherwise read ("Below Zero BV" below 20%).
const QUOTED_THEN_REST = /^(["'“”‘’])(.+)["'“”‘’](?:\s+(.+))?$/;

/**
 * Reads `alerts`, `alerts on [for <customer>] [below <n>%]`, `alerts off [for <customer>]` and
 * `alerts resume` (or their Dutch words) from cleaned text; undefined when the text is not about alerts.
 */
export function parseAlertsCommand(clean: string): AlertsCommand | undefined {
  const match = ALERTS.exec(clean);
  if (!match) return undefined;
  const words = (match[1] ?? '').split(' ').filter((word) => word !== '');
  const [verb, ...rest] = words;
  if (verb === undefined) return { kind: 'alerts-list' };
  if (RESUME.test(verb)) return rest.length === 0 ? { kind: 'alerts-resume' } : invalid('words');
  if (OFF.test(verb)) return parseOff(rest);
  if (ON.test(verb)) return parseOn(rest);
  return parseTuningCommand(words.join(' ')) ?? invalid('words');
}

function parseOn(words: string[]): AlertsCommand {
  if (words.length === 0) return { kind: 'alerts-on' };
  if (FOR.test(words[0]!)) {
    const target = splitCustomerAndThreshold(words.slice(1));
    if (target.threshold === 'invalid') return invalid('threshold');
    if (!target.customerQuery) return invalid('missing-customer');
    return { kind: 'alerts-on', customerQuery: target.customerQuery, ...thresholdField(target.threshold) };
  }
  const threshold = thresholdClause(words);
  if (threshold === undefined || threshold.rest.length > 0) return invalid('words');
  if (threshold.value === 'invalid') return invalid('threshold');
  return { kind: 'alerts-on', threshold: threshold.value };
}

function parseOff(words: string[]): AlertsCommand {
  if (words.length === 0) return { kind: 'alerts-off' };
  if (!FOR.test(words[0]!)) return invalid('words');
  const customerQuery = stripQuotes(words.slice(1).join(' '));
  return customerQuery ? { kind: 'alerts-off', customerQuery } : invalid('missing-customer');
}

interface Target {
  customerQuery: string;
  threshold: number | 'invalid' | undefined;
}

/** `<customer> [below <n>%]`: the threshold clause is read from the end, so names keep any words. */
function splitCustomerAndThreshold(words: string[]): Target {
  const quoted = QUOTED_THEN_REST.exec(words.join(' '));
  if (quoted) {
    const tail = quoted[3] === undefined ? undefined : thresholdClause(quoted[3].split(' '));
    if (quoted[3] === undefined) return { customerQuery: quoted[2]!.trim(), threshold: undefined };
    if (tail && tail.rest.length === 0) return { customerQuery: quoted[2]!.trim(), threshold: tail.value };
  }
  const clause = thresholdClause(words);
  const nameWords = clause ? clause.rest : words;
  return { customerQuery: stripQuotes(nameWords.join(' ')), threshold: clause?.value };
}

/**
 * `… below 20`, `… below 20%`, `… below 20 %` at the end of the words, or `below` alone (a threshold
 * was meant but not given). The value is one word, so `below` inside a longer name is left alone.
 */
function thresholdClause(words: string[]): { rest: string[]; value: number | 'invalid' } | undefined {
  const n = words.length;
  const at = (index: number) => words[n + index] ?? '';
  if (n >= 3 && at(-1) === '%' && BELOW.test(at(-3))) return { rest: words.slice(0, -3), value: parseThresholdValue(at(-2)) ?? 'invalid' };
  if (n >= 2 && BELOW.test(at(-2))) return { rest: words.slice(0, -2), value: parseThresholdValue(at(-1)) ?? 'invalid' };
  if (n === 1 && BELOW.test(at(-1))) return { rest: [], value: 'invalid' };
  return undefined;
}

function thresholdField(threshold: number | undefined): { threshold?: number } {
  return threshold === undefined ? {} : { threshold };
}

function invalid(reason: AlertsInvalidReason): AlertsCommand {
  return { kind: 'alerts-invalid', reason };
}
