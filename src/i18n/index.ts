import { en } from './en';
import type { Messages } from './messages';

export type { Messages, CustomerQueryKind } from './messages';

/** The messages for an activity's locale. English until more languages are added. */
export function messagesFor(_locale: string | undefined): Messages {
  return en;
}
