import { spawnSync } from 'node:child_process';
import {
  BULK_HEAP_GROWING_PERCENT,
  BULK_INLINING_BUDGET,
  duringBulkWork,
  HEAP_GROWING_PERCENT,
  INLINING_BUDGET,
  tuneV8,
} from '../../../src/server/v8-tuning';

describe('V8 tuning', () => {
  const growing = (percent: number) => `--heap-growing-percent=${percent}`;
  const inlining = (budget: number) => `--max-inlined-bytecode-size-cumulative=${budget}`;
  const forTurns = `${growing(HEAP_GROWING_PERCENT)} ${inlining(INLINING_BUDGET)}`;
  const forBulk = `${growing(BULK_HEAP_GROWING_PERCENT)} ${inlining(BULK_INLINING_BUDGET)}`;
  let set: string[];
  const tune = (execArgv: string[]) => tuneV8(execArgv, (flags) => set.push(flags));

  beforeEach(() => {
    set = [];
  });
  // Leaves the module untuned for whichever test runs next in this worker.
  afterEach(() => tune(['--heap-growing-percent=0', '--max-inlined-bytecode-size-cumulative=0']));

  it('bounds how far the heap grows past what is live and keeps V8 inlining as usual, when the process was started without choices of its own', () => {
    expect(tune(['--disable-warning=DEP0111'])).toBe(true);
    expect(set).toEqual([forTurns]);
  });

  it("leaves an operator's own flags alone, in either spelling, bulk work included", async () => {
    expect(tune(['--heap-growing-percent=40', '--max_inlined_bytecode_size_cumulative=500'])).toBe(false);
    await expect(duringBulkWork(async () => 'done')).resolves.toBe('done');
    expect(set).toEqual([]);
  });

  it('tunes only the flags the command line left to it', async () => {
    expect(tune(['--max-semi-space-size=32', '--heap_growing_percent=40'])).toBe(true);
    await duringBulkWork(async () => undefined);
    expect(set).toEqual([inlining(INLINING_BUDGET), inlining(BULK_INLINING_BUDGET), inlining(INLINING_BUDGET)]);
  });

  it('lets the heap grow further and inlines less while an alert pass runs, and goes back once the last one has ended', async () => {
    tune([]);
    let endFirst!: () => void;
    const first = duringBulkWork(() => new Promise<void>((resolve) => (endFirst = resolve)));
    const second = duringBulkWork(async () => {
      throw new Error('Partner Center went away');
    });
    await expect(second).rejects.toThrow('Partner Center went away');
    // The failed pass ended; the first still runs: still the bulk settings.
    expect(set).toEqual([forTurns, forBulk]);
    endFirst();
    await first;
    expect(set).toEqual([forTurns, forBulk, forTurns]);
  });

  it('tuned while a pass already runs, it starts with the bulk settings', async () => {
    let end!: () => void;
    const running = duringBulkWork(() => new Promise<void>((resolve) => (end = resolve)));
    tune([]);
    expect(set).toEqual([forBulk]);
    end();
    await running;
    expect(set).toEqual([forBulk, forTurns]);
  });

  it('sets only flags this V8 knows', async () => {
    tune([]);
    await duringBulkWork(async () => undefined);
    // V8 writes "unrecognized flag" to the process's stderr itself and goes on: a flag a Node upgrade
    // dropped would silently tune nothing. A child process shows what V8 says of each setting.
    for (const flags of new Set(set)) {
      const child = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString(process.argv[1])", '--', flags], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect({ flags, status: child.status, stderr: child.stderr }).toEqual({ flags, status: 0, stderr: '' });
    }
  });
});
