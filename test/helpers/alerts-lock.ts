import type { HeldLock, PassLock } from '../../src/alerts/ports';

export interface InMemoryPassLock extends PassLock {
  /** Whether someone holds it now. */
  isHeld(): boolean;
  /** What a lease that could not be renewed comes to: the holder is told, and the lock is free. */
  loseIt(): void;
}

/** One lock shared by the "instances" of a test, as a blob lease is shared by real ones. */
export function inMemoryPassLock(): InMemoryPassLock {
  let holder: AbortController | undefined;
  return {
    async tryAcquire(): Promise<HeldLock | undefined> {
      if (holder) return undefined;
      const mine = new AbortController();
      holder = mine;
      return {
        lost: mine.signal,
        async release() {
          if (holder === mine) holder = undefined;
        },
      };
    },
    isHeld: () => holder !== undefined,
    loseIt() {
      holder?.abort();
      holder = undefined;
    },
  };
}
