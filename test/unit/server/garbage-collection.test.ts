import { HEAP_GROWING_PERCENT, tuneGarbageCollection } from '../../../src/server/garbage-collection';

describe('garbage collection tuning at start-up', () => {
  const tune = (execArgv: string[]) => {
    const set: string[] = [];
    const changed = tuneGarbageCollection(execArgv, (flags) => set.push(flags));
    return { changed, set };
  };

  it("bounds how far V8 lets the heap grow past what is live, when the process was started without a choice of its own", () => {
    expect(tune(['--disable-warning=DEP0111'])).toEqual({ changed: true, set: [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`] });
  });

  it("leaves an operator's own growing factor alone, in either spelling", () => {
    expect(tune(['--heap-growing-percent=40'])).toEqual({ changed: false, set: [] });
    expect(tune(['--max-semi-space-size=32', '--heap_growing_percent=40'])).toEqual({ changed: false, set: [] });
  });
});
