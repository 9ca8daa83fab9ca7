import { createSendScheduler, type RateWindow } from '../../../src/teams/rate-limit';

/**
 * Virtual time: sleeping registers a timer, and `runAll` fires the timers in time order, moving the
 * clock to each one. Many callers can wait at once, as they do in a pass, without any real waiting.
 */
function virtualTimers() {
  let now = 0;
  const timers: Array<{ at: number; fire: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((fire) => timers.push({ at: now + ms, fire })),
    async runAll() {
      // Settle first: callers book their slots synchronously, then sleep.
      await new Promise((resolve) => setImmediate(resolve));
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        now = next.at;
        next.fire();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

function mostInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

const TEAMS_CONVERSATION: RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
];

describe('send scheduler', () => {
  it('spreads 70 sends to one conversation, arriving together, over every Teams window', async () => {
    const time = virtualTimers();
    const scheduler = createSendScheduler({ perConversation: TEAMS_CONVERSATION, perTenant: [{ limit: 1_000, windowMs: 1_000 }], ...time });
    const sentAt: number[] = [];

    const sends = Array.from({ length: 70 }, () => scheduler.acquire('a:chat', 'tenant').then(() => sentAt.push(time.now())));
    await time.runAll();
    await Promise.all(sends);

    expect(sentAt).toHaveLength(70);
    expect(mostInAnyWindow(sentAt, 1_000)).toBe(7);
    expect(mostInAnyWindow(sentAt, 2_000)).toBe(8);
    expect(mostInAnyWindow(sentAt, 30_000)).toBe(60);
    // Waiting, never dropping: the 61st send goes as soon as the 30-second window lets it.
    expect([...sentAt].sort((a, b) => a - b)[60]).toBe(30_000);
  });

  it('keeps a tenant under its limit across conversations', async () => {
    const time = virtualTimers();
    const scheduler = createSendScheduler({ perConversation: TEAMS_CONVERSATION, perTenant: [{ limit: 30, windowMs: 1_000 }], ...time });
    const sentAt: number[] = [];

    const sends = Array.from({ length: 100 }, (_, i) => scheduler.acquire(`a:chat-${i}`, 'tenant').then(() => sentAt.push(time.now())));
    await time.runAll();
    await Promise.all(sends);

    expect(mostInAnyWindow(sentAt, 1_000)).toBe(30);
    expect(Math.max(...sentAt)).toBe(3_000);
  });

  it('lets other conversations of the tenant go while one waits for its own window', async () => {
    const time = virtualTimers();
    const scheduler = createSendScheduler({ perConversation: [{ limit: 1, windowMs: 10_000 }], perTenant: [{ limit: 5, windowMs: 1_000 }], ...time });
    const sentAt = new Map<string, number>();

    const sends = [
      scheduler.acquire('a:busy', 'tenant').then(() => sentAt.set('busy-1', time.now())),
      scheduler.acquire('a:busy', 'tenant').then(() => sentAt.set('busy-2', time.now())),
      scheduler.acquire('a:quiet', 'tenant').then(() => sentAt.set('quiet', time.now())),
    ];
    await time.runAll();
    await Promise.all(sends);

    expect(Object.fromEntries(sentAt)).toEqual({ 'busy-1': 0, quiet: 0, 'busy-2': 10_000 });
  });

  it('does not wait at all while every window has room', async () => {
    const sleeps: number[] = [];
    const scheduler = createSendScheduler({
      perConversation: TEAMS_CONVERSATION,
      perTenant: [{ limit: 30, windowMs: 1_000 }],
      now: () => 0,
      sleep: async (ms) => void sleeps.push(ms),
    });

    for (let i = 0; i < 7; i++) await scheduler.acquire('a:chat', 'tenant');
    expect(sleeps).toEqual([]);
    await scheduler.acquire('a:chat', 'tenant');
    expect(sleeps).toEqual([1_000]);
  });
});
