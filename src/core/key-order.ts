/**
 * Pairs led by a string key, in the key's code-unit order (not the locale's): the order in which findings
 * are stored and compared, batches are written and digested, and JSON keys are made canonical.
 */
export function byKey<Pair extends readonly [string, ...unknown[]]>([a]: Pair, [b]: Pair): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
