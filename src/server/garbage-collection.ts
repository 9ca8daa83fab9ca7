import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what was live after a full collection before it
 * collects again, in percent of the live size. By default V8 grows it by up to four times when the
 * program allocates fast, which the alert pass and a busy chat both do: nearly all of that growth is
 * garbage promoted from short-lived pages and turns, and it is what the resident memory showed.
 *
 * Chat and the alert pass want different trades, so the factor follows what the process is doing.
 * Measured with `npm run bench` (V8's default / 100 % / 50 %, one to four runs each):
 * - chat, 16 conversations: peak RSS 418 / 284–297 / 252–257 MB (the echo bot's 211–230), CPU per
 *   message no different beyond the machine's noise;
 * - alert pass, 100,000 customers: peak RSS 248–262 / 232 / 190–195 MB, CPU per 10,000 customers
 *   2.15–2.21 / 2.09 / 2.58–2.71 s.
 * So 50 % while only turns run (1.2 times the echo bot's memory at most), 100 % while an alert pass
 * runs (a quarter less CPU for a large pass, still far under its memory bound). The heap has no hard
 * limit either way: this changes when V8 collects, never whether the bot may allocate.
 */
export const HEAP_GROWING_PERCENT = 50;
/** While bulk work runs (see duringBulkWork). */
export const BULK_HEAP_GROWING_PERCENT = 100;

const FLAG = '--heap-growing-percent';

// The flag is one per process, so is what sets it: undefined until tuneGarbageCollection chose to.
let setPercent: ((percent: number) => void) | undefined;
let bulkRunning = 0;

/**
 * Sets the growing factor, unless whoever started the process chose one on the command line (Node does
 * not take this flag from NODE_OPTIONS): then the bot leaves it alone, bulk work included. Called first
 * thing by the composition root; V8 reads the flag at every full collection, so a change takes effect
 * from the next one.
 */
export function tuneGarbageCollection(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): boolean {
  if (execArgv.some((arg) => arg.replace(/_/g, '-').startsWith(FLAG))) {
    setPercent = undefined;
    return false;
  }
  setPercent = (percent) => setFlags(`${FLAG}=${percent}`);
  setPercent(bulkRunning > 0 ? BULK_HEAP_GROWING_PERCENT : HEAP_GROWING_PERCENT);
  return true;
}

/**
 * Runs work that allocates hundreds of MB in pages (an alert pass) with the wider factor, and goes back
 * to the chat one when the last such work ends, however it ends. Without tuning, it only runs the work.
 */
export async function duringBulkWork<T>(work: () => Promise<T>): Promise<T> {
  if (bulkRunning++ === 0) setPercent?.(BULK_HEAP_GROWING_PERCENT);
  try {
    return await work();
  } finally {
    if (--bulkRunning === 0) setPercent?.(HEAP_GROWING_PERCENT);
  }
}
