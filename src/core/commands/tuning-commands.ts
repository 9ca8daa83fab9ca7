import { MAX_SNOOZE_DAYS, type TuningChange } from '../alerts/alert-tuning';
import type { AlertsCommand } from './command';
import { parseThresholdValue, stripQuotes } from './command-text';

/**
 * Alert tuning as typed commands: what the tuning buttons' fallbacks type on clients without
 * Universal Actions, and what anyone can type. English words, Dutch understood too.
 */
export const tuningCommands = {
  snooze: (customer: string, days: number): string => `alerts snooze ${days} days for ${customer}`,
  unsnooze: (customer: string): string => `alerts unsnooze for ${customer}`,
  ignore: (customer: string, productName: string): string => `alerts ignore ${productName} for ${customer}`,
  unignore: (customer: string, productName: string): string => `alerts unignore ${productName} for ${customer}`,
  /** The threshold box's value is appended by the client (the `argument` input). */
  threshold: (customer: string): string => `alerts threshold for ${customer}`,
  thresholdTo: (customer: string, threshold: number | undefined): string => `alerts threshold for ${customer} ${threshold ?? 'off'}`,
  /** Shows the tuning choices as a card (a digest line's Tune button on old clients). */
  menu: (customer: string, productName: string): string => `alerts tune ${productName} for ${customer}`,
} as const;

/** The typed command that makes `change` for the customer. */
export function tuningCommandFor(customer: string, change: TuningChange): string {
  switch (change.kind) {
    case 'snooze':
      return tuningCommands.snooze(customer, change.days);
    // A typed command cannot restore a date: it ends the snooze (the Execute Undo restores exactly).
    case 'snooze-until':
      return tuningCommands.unsnooze(customer);
    case 'ignore':
      return tuningCommands.ignore(customer, change.productName);
    case 'unignore':
      return tuningCommands.unignore(customer, change.productName);
    case 'threshold':
      return tuningCommands.thresholdTo(customer, change.threshold);
  }
}

const SNOOZE = /^(?:snooze|sluimer|sluimeren)\s+(\d{1,3})\s*(?:days?|dagen|dag|d)?\s+(?:for|voor)\s+(.+)$/i;
const UNSNOOZE = /^(?:unsnooze|wakker|ontsluimer)\s+(?:for|voor)\s+(.+)$/i;
// Greedy product: the customer is what follows the last "for" (product names can hold "for").
const IGNORE = /^(?:ignore|negeer|negeren)\s+(.+)\s+(?:for|voor)\s+(.+?)$/i;
const UNIGNORE = /^(?:unignore|herstel)\s+(.+)\s+(?:for|voor)\s+(.+?)$/i;
const MENU = /^(?:tune|aanpassen)(?:\s+(.+))?\s+(?:for|voor)\s+(.+?)$/i;
const THRESHOLD = /^(?:threshold|drempel)\s+(?:for|voor)\s+(.+?)(?:\s+(\S+?\s*%?|off|uit))?$/i;

/** Reads the words after `alerts`; undefined when they are no tuning command. */
export function parseTuningCommand(words: string): AlertsCommand | undefined {
  const snooze = SNOOZE.exec(words);
  if (snooze) {
    const days = Number(snooze[1]);
    if (!(days >= 1 && days <= MAX_SNOOZE_DAYS)) return { kind: 'alerts-invalid', reason: 'words' };
    return tune(snooze[2]!, { kind: 'snooze', days });
  }
  const unsnooze = UNSNOOZE.exec(words);
  if (unsnooze) return tune(unsnooze[1]!, { kind: 'snooze-until' });
  const ignore = IGNORE.exec(words);
  if (ignore) return tune(ignore[2]!, { kind: 'ignore', productName: stripQuotes(ignore[1]!.trim()) });
  const unignore = UNIGNORE.exec(words);
  if (unignore) return tune(unignore[2]!, { kind: 'unignore', productName: stripQuotes(unignore[1]!.trim()) });
  const threshold = THRESHOLD.exec(words);
  if (threshold) {
    const value = threshold[2]?.trim();
    if (value === undefined) return { kind: 'alerts-invalid', reason: 'threshold' };
    if (/^(?:off|uit)$/i.test(value)) return tune(threshold[1]!, { kind: 'threshold' });
    const parsed = parseThresholdValue(value);
    return parsed === undefined ? { kind: 'alerts-invalid', reason: 'threshold' } : tune(threshold[1]!, { kind: 'threshold', threshold: parsed });
  }
  const menu = MENU.exec(words);
  if (menu) {
    const customerQuery = stripQuotes(menu[2]!.trim());
    const productName = menu[1] ? stripQuotes(menu[1].trim()) : undefined;
    return { kind: 'alerts-tune-menu', customerQuery, ...(productName ? { productName } : {}) };
  }
  return undefined;
}

function tune(customer: string, change: TuningChange): AlertsCommand {
  const customerQuery = stripQuotes(customer.trim());
  return customerQuery ? { kind: 'alerts-tune', customerQuery, change } : { kind: 'alerts-invalid', reason: 'missing-customer' };
}
