import { BlobLeaseClient } from '@azure/storage-blob';
import pino from 'pino';
import type { Clock, HeldLock, PassLock } from '../../src/alerts/ports';
import { connectBlobContainer } from '../../src/storage/blob-container';
import { blobLeaseLock, lockBlobName } from '../../src/storage/blob-lease-lock';
import { storageLeaseLock } from '../../src/storage/storage-lease-lock';
import { azuriteConnectionString, startAzurite, type RunningAzurite } from '../helpers/azurite';
import { startTcpProxy } from '../helpers/tcp-proxy';
import { tempSqlite } from '../helpers/temp-storage';

const logger = pino({ level: 'silent' });
const LEASE_SECONDS = 15;

/** Resolves once the lock is lost; at once when it already is. */
function lost(held: HeldLock): Promise<unknown> {
  if (held.lost.aborted) return Promise.resolve(held.lost.reason);
  return new Promise((resolve) => held.lost.addEventListener('abort', () => resolve(held.lost.reason), { once: true }));
}

describe('blob lease lock: instances sharing one Azure Blob Storage container', () => {
  const CONTAINER = 'pass-locks';
  let azurite: RunningAzurite;
  let held: HeldLock[];

  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.close();
  });
  beforeEach(() => {
    held = [];
  });
  afterEach(async () => {
    await Promise.all(held.map((lock) => lock.release()));
  });

  /** A bot instance: its own clients and connections to the container, reaching it through `port`. */
  async function instance(port = azurite.port): Promise<(name: string) => PassLock> {
    const container = await connectBlobContainer(azuriteConnectionString(port), CONTAINER);
    return (name) => blobLeaseLock({ container, name, leaseSeconds: LEASE_SECONDS, logger });
  }

  async function take(lock: PassLock): Promise<HeldLock | undefined> {
    const lease = await lock.tryAcquire();
    if (lease) held.push(lease);
    return lease;
  }

  /** Tries every quarter second until the lock is taken; the lease's own expiry sets the pace. */
  async function takeWhenFree(lock: PassLock, withinMs: number): Promise<HeldLock> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const lease = await take(lock);
      if (lease) return lease;
      if (Date.now() > deadline) throw new Error(`the lock was not free within ${withinMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('lets one pass hold the lock at a time, here or on another instance, until it is released', async () => {
    const botA = await instance();
    const botB = await instance();

    const first = await take(botA('alert-pass'));
    expect(first).toBeDefined();
    expect(await take(botB('alert-pass'))).toBeUndefined();
    expect(await take(botA('alert-pass'))).toBeUndefined();
    // Another lock name is another lock.
    expect(await take(botB('other-pass'))).toBeDefined();

    await first?.release();
    const second = await take(botB('alert-pass'));
    expect(second).toBeDefined();
    expect(first?.lost.aborted).toBe(false);
    expect(second?.lost.aborted).toBe(false);
  });

  it('keeps a renewed lease past its duration, while a dead instance\'s lease expires and another takes over', async () => {
    const survivor = await instance();
    // The instance that dies reaches Azure Storage through a proxy; closing it cuts the instance off
    // mid-pass: it neither renews nor releases its lease.
    const network = await startTcpProxy(azurite.port);
    const doomed = await instance(network.port);
    const other = await instance();

    const kept = await take(survivor('kept-pass'));
    const abandoned = await take(doomed('abandoned-pass'));
    expect(kept).toBeDefined();
    expect(abandoned).toBeDefined();
    const diedAt = Date.now();
    await network.close();

    const takenOver = await takeWhenFree(other('abandoned-pass'), 25_000);
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual((LEASE_SECONDS - 1) * 1000);
    expect(takenOver.lost.aborted).toBe(false);
    // The dead instance, had it lived on, would have been told to stop: its lease ran out unrenewed.
    expect(String(await lost(abandoned as HeldLock))).toMatch(/lost/);

    // Longer than a lease since the survivor took its lock, and still nobody else gets it.
    expect(await take(other('kept-pass'))).toBeUndefined();
    expect(kept?.lost.aborted).toBe(false);
  }, 35_000);

  it('tells the holder to stop when its lease is taken from it', async () => {
    const bot = await instance();
    const lease = await take(bot('broken-pass'));
    expect(lease).toBeDefined();

    // An operator breaks the lease in the portal; another instance takes the lock at once.
    const container = await connectBlobContainer(azurite.connectionString, CONTAINER);
    await new BlobLeaseClient(container.getBlockBlobClient(lockBlobName('broken-pass'))).breakLease(0);
    const other = await take((await instance())('broken-pass'));
    expect(other).toBeDefined();

    // Told at its next renewal, a third of the lease later.
    expect(String(await lost(lease as HeldLock))).toMatch(/another holder/);
    expect(other?.lost.aborted).toBe(false);
  }, 15_000);
});

describe('storage lease lock: processes sharing one SQLite file', () => {
  let held: HeldLock[];

  beforeEach(() => {
    // Jest's clock moves Date, performance.now() and the renewal timers together; promises stay real.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    held = [];
  });
  afterEach(async () => {
    await Promise.all(held.map((lock) => lock.release()));
    jest.useRealTimers();
  });
  // Declared after the hooks above, so its own clean-up (closing the file) runs after the releases.
  const sqlite = tempSqlite('pass-locks-');

  /** A bot process: its own connection to the shared file, and its own idea of the time. */
  function botProcess(clock?: Clock) {
    const storage = sqlite.open();
    return {
      storage,
      lock: (name: string) => storageLeaseLock({ storage, name, leaseSeconds: LEASE_SECONDS, logger, ...(clock ? { clock } : {}) }),
    };
  }

  async function take(lock: PassLock): Promise<HeldLock | undefined> {
    const lease = await lock.tryAcquire();
    if (lease) held.push(lease);
    return lease;
  }

  it('lets one pass hold the lock at a time, here or in another process, until it is released', async () => {
    const botA = botProcess();
    const botB = botProcess();

    const first = await take(botA.lock('alert-pass'));
    expect(first).toBeDefined();
    expect(await take(botB.lock('alert-pass'))).toBeUndefined();
    expect(await take(botA.lock('alert-pass'))).toBeUndefined();
    expect(await take(botB.lock('other-pass'))).toBeDefined();

    await first?.release();
    expect(await take(botB.lock('alert-pass'))).toBeDefined();
    expect(first?.lost.aborted).toBe(false);
  });

  it('keeps a renewed lease for as long as the pass runs', async () => {
    const botA = botProcess();
    const botB = botProcess();
    const lease = await take(botA.lock('alert-pass'));

    await jest.advanceTimersByTimeAsync(4 * LEASE_SECONDS * 1000);
    expect(await take(botB.lock('alert-pass'))).toBeUndefined();
    expect(lease?.lost.aborted).toBe(false);

    await lease?.release();
    expect(await take(botB.lock('alert-pass'))).toBeDefined();
  });

  it('hands a dead process\'s lease to another once it has expired', async () => {
    const doomed = botProcess();
    const survivor = botProcess();
    const lease = await take(doomed.lock('alert-pass'));
    expect(lease).toBeDefined();
    // The process dies: its connection is gone, it renews nothing and releases nothing.
    doomed.storage.close();

    await jest.advanceTimersByTimeAsync((LEASE_SECONDS - 1) * 1000);
    expect(await take(survivor.lock('alert-pass'))).toBeUndefined();

    await jest.advanceTimersByTimeAsync(2_000);
    expect(await take(survivor.lock('alert-pass'))).toBeDefined();
    expect(String(await lost(lease as HeldLock))).toMatch(/renewed in time/);
  });

  it('tells a holder that was taken over (e.g. while its process was suspended) at its next renewal', async () => {
    const suspended = botProcess();
    // Another process already lives past the suspended one's lease.
    const later = botProcess(() => new Date(Date.now() + (LEASE_SECONDS + 1) * 1000));
    const first = await take(suspended.lock('alert-pass'));
    const second = await take(later.lock('alert-pass'));
    expect(second).toBeDefined();

    await jest.advanceTimersByTimeAsync((LEASE_SECONDS * 1000) / 3);
    expect(String(await lost(first as HeldLock))).toMatch(/another holder/);
    expect(second?.lost.aborted).toBe(false);
    expect(await take(botProcess().lock('alert-pass'))).toBeUndefined();
  });
});
