import { MemoryStorage } from 'botbuilder';
import pino from 'pino';
import { alertSlotStore } from '../../../src/storage/alert-slot-store';

const silent = pino({ level: 'silent' });

const monday = new Date('2026-03-16T08:00:00.000Z');
const nextMonday = new Date('2026-03-23T08:00:00.000Z');

describe('the last scheduled alert slot, shared by every instance', () => {
  it('has no slot before the first pass, and the recorded one after', async () => {
    const slots = alertSlotStore(new MemoryStorage(), silent);
    expect(await slots.read()).toEqual({});

    await slots.record(monday, await slots.read());
    expect((await slots.read()).lastSlot).toEqual(monday);
  });

  it('refuses to record over a slot someone else recorded since it was read', async () => {
    const storage = new MemoryStorage();
    const one = alertSlotStore(storage, silent);
    const two = alertSlotStore(storage, silent);
    const seenByOne = await one.read();
    const seenByTwo = await two.read();

    // Both read nothing: the first to record wins, the other is refused.
    await one.record(monday, seenByOne);
    await expect(two.record(monday, seenByTwo)).rejects.toThrow(/recorded a scheduled alert slot/);

    const seenAgain = await two.read();
    await one.record(nextMonday, await one.read());
    await expect(two.record(nextMonday, seenAgain)).rejects.toThrow(/recorded a scheduled alert slot/);
    expect((await two.read()).lastSlot).toEqual(nextMonday);
  });

  it('reads a malformed record as "never ran" (alert state keeps a rerun from posting twice), and records over it', async () => {
    const storage = new MemoryStorage();
    await storage.write({ 'alert-schedule/last-slot': { version: 1, slot: 'last Monday' } });
    const slots = alertSlotStore(storage, silent);
    const seen = await slots.read();
    expect(seen.lastSlot).toBeUndefined();
    await slots.record(monday, seen);
    expect((await slots.read()).lastSlot).toEqual(monday);
  });
});
