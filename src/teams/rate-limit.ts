/** At most `limit` sends in any `windowMs` milliseconds. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Teams' limits for one bot in one conversation (teams-platform.md). */
export const CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/**
 * Teams allows an app about 50 requests a second per tenant (older documents say 30); staying at 30
 * leaves room for the chat replies the bot sends while a pass runs.
 */
export const TENANT_WINDOWS: readonly RateWindow[] = [{ limit: 30, windowMs: 1_000 }];

export interface SendSchedulerOptions {
  perConversation: readonly RateWindow[];
  perTenant: readonly RateWindow[];
  /** Milliseconds since the epoch. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Spaces sends out so that no window is ever exceeded. It makes callers wait; it never drops a send. */
export interface SendScheduler {
  /** Resolves when a send to the conversation (in the tenant) may go out, and counts that send. */
  acquire(conversationKey: string, tenantKey: string): Promise<void>;
}

/**
 * The times of the sends granted under one key (a conversation or a tenant), future ones included:
 * a grant is booked when it is handed out, so callers that arrive together are given distinct slots
 * instead of all waking up at the same moment and overshooting.
 */
class SendLog {
  private times: number[] = [];

  constructor(private readonly windows: readonly RateWindow[]) {}

  get empty(): boolean {
    return this.times.length === 0;
  }

  /** True when one more send at `at` keeps every window at or under its limit. */
  admits(at: number): boolean {
    const position = this.insertionPoint(at);
    const count = this.times.length + 1;
    // The booked sends with the new one slotted in, without copying the array for every candidate.
    const timeAt = (i: number) => (i < position ? this.times[i]! : i === position ? at : this.times[i - 1]!);
    return this.windows.every(({ limit, windowMs }) => {
      // Any `limit + 1` consecutive sends that include the new one must span at least the window.
      for (let first = Math.max(0, position - limit); first <= position && first + limit < count; first++) {
        if (timeAt(first + limit) - timeAt(first) < windowMs) return false;
      }
      return true;
    });
  }

  /** The moments at which one of the booked sends leaves a window: where a blocked send can go. */
  releaseTimes(): number[] {
    return this.times.flatMap((time) => this.windows.map(({ windowMs }) => time + windowMs));
  }

  book(at: number): void {
    this.times.splice(this.insertionPoint(at), 0, at);
  }

  /** Forgets sends too old to count in any window. */
  prune(now: number): void {
    const longest = Math.max(...this.windows.map((window) => window.windowMs));
    const firstKept = this.times.findIndex((time) => time > now - longest);
    this.times = firstKept === -1 ? [] : this.times.slice(firstKept);
  }

  /** Where a send at `at` goes in the sorted list: after every send booked at or before it. */
  private insertionPoint(at: number): number {
    const position = this.times.findIndex((time) => time > at);
    return position === -1 ? this.times.length : position;
  }
}

/**
 * Sliding-window scheduling per conversation and per tenant. A send goes at the earliest moment that
 * fits both its conversation's windows and its tenant's; a conversation held back by its own limits
 * does not hold up other conversations of the same tenant.
 */
export function createSendScheduler(options: SendSchedulerOptions): SendScheduler {
  const { perConversation, perTenant } = options;
  const conversations = new Map<string, SendLog>();
  const tenants = new Map<string, SendLog>();
  const longestWindow = Math.max(...[...perConversation, ...perTenant].map((window) => window.windowMs));
  let lastSweep = options.now();

  const logFor = (logs: Map<string, SendLog>, key: string, windows: readonly RateWindow[]) => {
    let log = logs.get(key);
    if (!log) logs.set(key, (log = new SendLog(windows)));
    return log;
  };

  // Without this, every conversation ever alerted would keep an (empty) entry for the process's life.
  const sweep = (now: number) => {
    if (now - lastSweep < longestWindow) return;
    lastSweep = now;
    for (const logs of [conversations, tenants]) {
      for (const [key, log] of logs) {
        log.prune(now);
        if (log.empty) logs.delete(key);
      }
    }
  };

  return {
    async acquire(conversationKey, tenantKey) {
      const now = options.now();
      sweep(now);
      const logs = [logFor(conversations, conversationKey, perConversation), logFor(tenants, tenantKey, perTenant)];
      for (const log of logs) log.prune(now);

      // The earliest fitting moment is now, or the moment some booked send leaves one of its windows.
      const candidates = [now, ...logs.flatMap((log) => log.releaseTimes()).filter((time) => time > now)].sort((a, b) => a - b);
      const at = candidates.find((time) => logs.every((log) => log.admits(time)));
      if (at === undefined) throw new Error('No send slot fits the rate windows; is a window limit below 1?');
      for (const log of logs) log.book(at);
      if (at > now) await options.sleep(at - now);
    },
  };
}
