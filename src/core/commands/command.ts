/** What the user asked for, decided from their text alone. */
export type Command =
  | { kind: 'usage'; customerQuery: string }
  | { kind: 'usage-without-customer' }
  | { kind: 'help' }
  | { kind: 'sign-out' }
  | { kind: 'unknown' };
