import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what was live after a full collection before it
 * collects again: here up to twice the live size (1 + 100 %). By default V8 grows it by up to four times
 * when the program allocates fast, which the alert pass and a busy chat both do: nearly all of that
 * growth is garbage promoted from short-lived pages and turns, and it is what the resident memory
 * showed. Measured with `npm run bench` (one to three runs each, V8's default / 100 % / 50 %):
 * - alert pass, 100,000 customers: peak RSS 248–262 / 232 / 190–195 MB, CPU per 10,000 customers
 *   2.15–2.21 / 2.09 / 2.58–2.71 s;
 * - chat, 16 conversations: peak RSS 418 / 284–288 / 252–264 MB (the echo bot's 211–230), CPU per
 *   message 2.6–3.0 / 2.8–3.0 / 3.0–3.1 times the echo bot's.
 * 50 % would hold chat within 1.2 times the echo bot's memory, at a quarter more CPU for a large pass;
 * 100 % costs no CPU that the machine's noise shows. The heap has no hard limit either way: this changes
 * when V8 collects, never whether the bot may allocate.
 */
export const HEAP_GROWING_PERCENT = 100;

const FLAG = '--heap-growing-percent';

/**
 * Sets the growing factor, unless whoever started the process chose one on the command line (Node does
 * not take this flag from NODE_OPTIONS). Called once, first thing, by the composition root; V8 reads the
 * flag at every full collection, so setting it at run time takes effect from the next one.
 */
export function tuneGarbageCollection(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): boolean {
  if (execArgv.some((arg) => arg.replace(/_/g, '-').startsWith(FLAG))) return false;
  setFlags(`${FLAG}=${HEAP_GROWING_PERCENT}`);
  return true;
}
