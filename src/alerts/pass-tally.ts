import type { AlertPassSummary } from './ports';

/** What one conversation came to in a pass. */
export type ConversationOutcome =
  /** None of its subscriptions is active: not looked at. */
  | 'no-active'
  /** At least one message was posted. */
  | 'sent'
  /** Nothing new to say. */
  | 'quiet'
  /** Partner Center or Teams failed; what was not delivered waits for the next pass. */
  | 'failed'
  /** Teams answered 403: its subscriptions were deactivated. */
  | 'deactivated'
  /** The pass was cancelled before this conversation was done. */
  | 'cancelled';

/** The running counts of a pass; the summary's numbers without its times. */
export type PassTally = Omit<AlertPassSummary, 'passId' | 'startedAt' | 'finishedAt' | 'cancelled'>;

export function emptyTally(): PassTally {
  return { conversationsChecked: 0, alertsSent: 0, messagesSent: 0, skipped: 0, failed: 0, paused: 0, deactivated: 0, partnerCenterRequests: 0 };
}

export function countConversation(tally: PassTally, outcome: ConversationOutcome): void {
  if (outcome === 'no-active') {
    tally.skipped += 1;
    return;
  }
  tally.conversationsChecked += 1;
  if (outcome === 'quiet') tally.skipped += 1;
  else if (outcome === 'failed') tally.failed += 1;
  else if (outcome === 'deactivated') tally.deactivated += 1;
}
