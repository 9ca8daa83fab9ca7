import { en } from './en';
import type { Messages } from './messages';
import { nl } from './nl';

export type { Messages, CustomerQueryKind } from './messages';

// Dutch for `nl` and any region or script of it (nl-NL, nl-BE, nl-Latn-NL). Only well-formed BCP 47
// counts: the chat turn replaces a malformed locale with en-US, and every reply must agree with it.
const DUTCH = /^nl(?:-[a-z0-9]{1,8}){0,4}$/i;

/** The messages for an activity's locale: Dutch for Dutch locales, English for everything else. */
export function messagesFor(locale: string | undefined): Messages {
  return locale !== undefined && DUTCH.test(locale) ? nl : en;
}
