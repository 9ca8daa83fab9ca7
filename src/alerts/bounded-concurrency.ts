/**
 * Runs `work` over `items` with at most `limit` at a time and returns the results in the items'
 * order. Partner Center throttles per partner tenant, so an alert pass reading hundreds of customers
 * one by one must not ask for all of them at once.
 *
 * Once `signal` aborts, no further item is started (those already running finish); the items never
 * started have no result (undefined).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<Array<R | undefined>> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
  const results: Array<R | undefined> = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;

  async function worker(): Promise<void> {
    while (next < items.length && !signal?.aborted) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  }

  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
