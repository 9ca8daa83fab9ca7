import { BULK_HEAP_GROWING_PERCENT, duringBulkWork, HEAP_GROWING_PERCENT, tuneGarbageCollection } from '../../../src/server/garbage-collection';

describe('garbage collection tuning', () => {
  const flag = (percent: number) => `--heap-growing-percent=${percent}`;
  let set: string[];
  const tune = (execArgv: string[]) => tuneGarbageCollection(execArgv, (flags) => set.push(flags));

  beforeEach(() => {
    set = [];
  });
  // Leaves the module untuned for whichever test runs next in this worker.
  afterEach(() => tune(['--heap-growing-percent=0']));

  it("bounds how far V8 lets the heap grow past what is live, when the process was started without a choice of its own", () => {
    expect(tune(['--disable-warning=DEP0111'])).toBe(true);
    expect(set).toEqual([flag(HEAP_GROWING_PERCENT)]);
  });

  it("leaves an operator's own growing factor alone, in either spelling, bulk work included", async () => {
    expect(tune(['--heap-growing-percent=40'])).toBe(false);
    expect(tune(['--max-semi-space-size=32', '--heap_growing_percent=40'])).toBe(false);
    await expect(duringBulkWork(async () => 'done')).resolves.toBe('done');
    expect(set).toEqual([]);
  });

  it('lets the heap grow further while an alert pass runs, and goes back once the last one has ended', async () => {
    tune([]);
    let endFirst!: () => void;
    const first = duringBulkWork(() => new Promise<void>((resolve) => (endFirst = resolve)));
    const second = duringBulkWork(async () => {
      throw new Error('Partner Center went away');
    });
    await expect(second).rejects.toThrow('Partner Center went away');
    // The failed pass ended; the first still runs: still the bulk setting.
    expect(set).toEqual([flag(HEAP_GROWING_PERCENT), flag(BULK_HEAP_GROWING_PERCENT)]);
    endFirst();
    await first;
    expect(set).toEqual([flag(HEAP_GROWING_PERCENT), flag(BULK_HEAP_GROWING_PERCENT), flag(HEAP_GROWING_PERCENT)]);
  });

  it('tuned while a pass already runs, it starts with the bulk setting', async () => {
    let end!: () => void;
    const running = duringBulkWork(() => new Promise<void>((resolve) => (end = resolve)));
    tune([]);
    expect(set).toEqual([flag(BULK_HEAP_GROWING_PERCENT)]);
    end();
    await running;
    expect(set).toEqual([flag(BULK_HEAP_GROWING_PERCENT), flag(HEAP_GROWING_PERCENT)]);
  });
});
