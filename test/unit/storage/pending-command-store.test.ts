import { MemoryStorage } from 'botbuilder';
import { pendingCommandStore } from '../../../src/storage/pending-command-store';

describe('commands remembered while a user signs in', () => {
  let now = 1_000_000;
  const store = () => pendingCommandStore(new MemoryStorage(), () => now);

  it('gives the command back once, after sign-in', async () => {
    const pending = store();
    await pending.remember('user-1', 'usage for Contoso');
    expect(await pending.take('user-1')).toBe('usage for Contoso');
    expect(await pending.take('user-1')).toBeUndefined();
  });

  it('keeps only the latest command of a user, and users apart', async () => {
    const pending = store();
    await pending.remember('user-1', 'usage for Contoso');
    await pending.remember('user-1', 'usage for Fabrikam');
    await pending.remember('user-2', 'usage for Northwind');
    expect(await pending.take('user-1')).toBe('usage for Fabrikam');
    expect(await pending.take('user-2')).toBe('usage for Northwind');
  });

  it('drops a command whose sign-in was abandoned long ago', async () => {
    const pending = store();
    await pending.remember('user-1', 'usage for Contoso');
    now += 11 * 60_000;
    expect(await pending.take('user-1')).toBeUndefined();
  });
});
