import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings that follow what the process is doing: answering turns, or bulk work (an alert pass, the
 * report's partner-wide read) that allocates hundreds of MB in pages and runs code no turn runs. Each is
 * one process-wide flag, set at run time (V8 reads both where they are used, so a change counts from the
 * next collection or compilation), and none limits what the bot may do: they change when V8 collects and
 * how much it inlines, never whether the bot may allocate or run.
 */
interface Tuned {
  flag: string;
  /** While only turns run. */
  turns: number;
  /** While bulk work runs (see duringBulkWork). */
  bulk: number;
}

/**
 * How far V8 lets the old generation grow past what was live after a full collection before it
 * collects again, in percent of the live size. By default V8 grows it by up to four times when the
 * program allocates fast, which the alert pass and a busy chat both do: nearly all of that growth is
 * garbage promoted from short-lived pages and turns, and it is what the resident memory showed.
 *
 * Measured with `npm run bench` (V8's default / 100 % / 50 %, one to four runs each):
 * - chat, 16 conversations: peak RSS 418 / 284–297 / 252–257 MB (the echo bot's 211–230), CPU per
 *   message no different beyond the machine's noise;
 * - alert pass, 100,000 customers: peak RSS 248–262 / 232 / 190–195 MB, CPU per 10,000 customers
 *   2.15–2.21 / 2.09 / 2.58–2.71 s.
 * So 50 % while only turns run (1.2 times the echo bot's memory at most), 100 % while bulk work runs (a
 * quarter less CPU for a large pass, still far under its memory bound).
 */
export const HEAP_GROWING_PERCENT = 50;
export const BULK_HEAP_GROWING_PERCENT = 100;

/**
 * How much bytecode TurboFan, V8's optimising compiler, inlines into one function, in all. A pass runs
 * its pipeline for a second or two, so optimising that code is a large share of its cost: at V8's
 * default (920) the compiler threads took 431 ms of the 1.5 s of CPU a first pass over 10,000 customers
 * used (perf, every thread), some functions two or three times over once their first version met new
 * object shapes. With 100 they took 259 ms, and the pass 1.24–1.34 s against 1.39–1.59 s in runs taken
 * in turn; at 100,000 customers it was no slower. Turns keep V8's default (920 in Node 20's V8): chat
 * code runs for hours, where inlining pays, and a smaller budget for every compilation measured chat
 * at 0.28–0.30 of the echo bot against 0.31.
 */
export const INLINING_BUDGET = 920;
export const BULK_INLINING_BUDGET = 100;

const TUNED: readonly Tuned[] = [
  { flag: '--heap-growing-percent', turns: HEAP_GROWING_PERCENT, bulk: BULK_HEAP_GROWING_PERCENT },
  { flag: '--max-inlined-bytecode-size-cumulative', turns: INLINING_BUDGET, bulk: BULK_INLINING_BUDGET },
];

// The flags are one per process, so is what sets them: undefined until tuneV8 chose to.
let setFor: ((bulk: boolean) => void) | undefined;
let bulkRunning = 0;

/**
 * Sets the flags for turns, except those whoever started the process set on the command line (Node
 * does not take them from NODE_OPTIONS): the bot leaves those alone, bulk work included. Called first
 * thing by the composition root; false when the command line chose every one.
 */
export function tuneV8(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): boolean {
  const chosen = (flag: string) => execArgv.some((arg) => arg.replace(/_/g, '-').startsWith(flag));
  const ours = TUNED.filter((tuned) => !chosen(tuned.flag));
  if (ours.length === 0) {
    setFor = undefined;
    return false;
  }
  setFor = (bulk) => setFlags(ours.map((tuned) => `${tuned.flag}=${bulk ? tuned.bulk : tuned.turns}`).join(' '));
  setFor(bulkRunning > 0);
  return true;
}

/**
 * Runs bulk work with the bulk settings, and goes back to those for turns when the last such work ends,
 * however it ends. Without tuning, it only runs the work.
 */
export async function duringBulkWork<T>(work: () => Promise<T>): Promise<T> {
  if (bulkRunning++ === 0) setFor?.(true);
  try {
    return await work();
  } finally {
    if (--bulkRunning === 0) setFor?.(false);
  }
}
