import type { ChildStats, FromChild, ToChild } from './child-protocol';

/** What a child entry point starts: `info` goes back to the driver; `stop` releases everything. */
export interface StartedChild {
  info: unknown;
  stop(): Promise<void>;
  /** Requests answered so far, for a child that serves some (reported with its stats). */
  served?(): number;
}

/**
 * The child half of the protocol: waits for `start`, answers `stats` from the kernel's own
 * accounting, and exits on `stop` or when the driver goes away (so no process outlives a run).
 */
export function serveChild(start: (config: unknown) => Promise<StartedChild>): void {
  const send = (message: FromChild) => process.send?.(message);
  let started: StartedChild | undefined;

  process.on('message', (message: ToChild) => {
    switch (message.type) {
      case 'start':
        start(message.config).then(
          (child) => {
            started = child;
            send({ type: 'ready', info: child.info });
          },
          (error: unknown) => {
            send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
            process.exitCode = 1;
            process.disconnect();
          },
        );
        return;
      case 'stats':
        send({ type: 'stats', ...ownStats(), ...(started?.served ? { served: started.served() } : {}) });
        return;
      case 'stop':
        void (started?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
        return;
    }
  });
  process.on('disconnect', () => process.exit(process.exitCode ?? 0));
}

function ownStats(): ChildStats {
  const usage = process.resourceUsage();
  // maxRSS is in kilobytes; the CPU times in microseconds.
  return { cpuMicros: usage.userCPUTime + usage.systemCPUTime, maxRssBytes: usage.maxRSS * 1024 };
}
