/**
 * The messages between the benchmark driver and each process it measures, over Node's IPC channel.
 * Every measured process runs in its own child so that its CPU time and peak RSS are its own.
 */

/** Driver → child. `start` comes first and carries the child's own configuration. */
export type ToChild = { type: 'start'; config: unknown } | { type: 'stats' } | { type: 'stop' };

/** What a child has used so far: CPU since it started, and its peak resident set. */
export interface ChildStats {
  cpuMicros: number;
  maxRssBytes: number;
  /** Requests a server child answered so far, when it counts them (the Partner Center simulator). */
  served?: number;
}

/** Child → driver. */
export type FromChild =
  | { type: 'ready'; info: unknown }
  | ({ type: 'stats' } & ChildStats)
  | { type: 'failed'; message: string };
