import { mapWithConcurrency } from '../../../src/alerts/bounded-concurrency';

/** A task the test finishes by hand, to see how many run at once. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('mapWithConcurrency', () => {
  it('runs at most `limit` at a time and keeps the order of the items', async () => {
    const gates = Array.from({ length: 7 }, gate);
    let running = 0;
    let most = 0;
    const done = mapWithConcurrency(gates, 3, async (g, index) => {
      running += 1;
      most = Math.max(most, running);
      await g.opened;
      running -= 1;
      return index * 10;
    });
    // Finish them in reverse order of starting, a few at a time.
    for (const g of [...gates].reverse()) {
      g.open();
      await Promise.resolve();
    }
    expect(await done).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
  });

  it('starts nothing more once the signal aborts; what was never started has no result', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results = await mapWithConcurrency(
      [1, 2, 3, 4, 5],
      2,
      async (item) => {
        started.push(item);
        if (item === 2) controller.abort();
        return item;
      },
      controller.signal,
    );
    expect(started).toEqual([1, 2]);
    expect(results).toEqual([1, 2, undefined, undefined, undefined]);
  });

  it('refuses a limit below one', async () => {
    await expect(mapWithConcurrency([1], 0, async (item) => item)).rejects.toThrow(RangeError);
  });
});
