import type { ChatTurn } from '../chat-turn';

/** Starts a one-shot timer and returns what cancels it; tests pass one they fire themselves. */
export type StartTimer = (ms: number, fire: () => void) => () => void;

export interface TypingIndicatorOptions {
  /** How long an answer may take before the user sees "…is typing". */
  delayMs: number;
  startTimer: StartTimer;
}

/**
 * Most answers come well within a second: for those the indicator would be gone before anyone saw it,
 * and it cost a call to Teams per message (a connector call is the largest single cost of a turn in
 * `npm run bench -- --profile`). Slower answers (a large customer, a throttled Partner Center) still
 * show it while the user waits.
 */
export const DEFAULT_TYPING_INDICATOR: TypingIndicatorOptions = {
  delayMs: 1_000,
  startTimer: (ms, fire) => {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
};

/** Runs `work`, showing the typing indicator only if it has not finished after the delay. */
export async function withTypingIndicator<T>(
  turn: Pick<ChatTurn, 'sendTyping' | 'log'>,
  options: TypingIndicatorOptions,
  work: () => Promise<T>,
): Promise<T> {
  let typing: Promise<void> | undefined;
  const cancel = options.startTimer(options.delayMs, () => {
    // The indicator is a courtesy: failing to show it must not fail the answer.
    typing = turn.sendTyping().catch((error: unknown) => turn.log.warn({ err: error }, 'could not show the typing indicator'));
  });
  try {
    return await work();
  } finally {
    cancel();
    // An indicator on its way must arrive before the answer, or Teams would show it after the answer.
    await typing;
  }
}
