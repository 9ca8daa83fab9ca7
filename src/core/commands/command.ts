/** What the user asked for, decided from their text alone. */
export type Command =
  | { kind: 'usage'; customerQuery: string }
  | { kind: 'usage-without-customer' }
  | { kind: 'help' }
  | { kind: 'sign-out' }
  /** `threshold` alone shows the conversation's threshold; with a value it sets it. */
  | { kind: 'threshold'; value?: number }
  | { kind: 'threshold-invalid' }
  | { kind: 'unknown' };
