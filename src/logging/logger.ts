import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger } from 'pino';

// Belt and braces: code never passes tokens to the logger, and these paths are censored if it ever does.
const REDACTED_PATHS = [
  'token',
  'accessToken',
  'authorization',
  'password',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.Authorization',
  '*.password',
  'headers.authorization',
  'req.headers.authorization',
];

/** JSON lines for machines (log collectors, `jq`); pretty lines for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT=auto: pretty when a person watches (stdout is a terminal), JSON when a program reads. */
export function chooseLogFormat(setting: LogFormat | 'auto', stdoutIsTerminal: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

export interface LoggerOptions {
  level: string;
  /** Default json. */
  format?: LogFormat;
  /** Where lines go; tests pass a stream to read them. Defaults to stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: { service: 'csp-usage-bot' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.format === 'pretty') {
    // In this thread rather than as a pino transport (a worker thread): no second thread for a
    // person's terminal, and synchronous, so the last line before an exit is never lost.
    const pretty = pinoPretty({
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
      // One line per event: start-up fits on a screen, and its last line (what to do next) stands out.
      singleLine: true,
      sync: true,
      destination: options.destination ?? 1,
    });
    return pino(base, pretty);
  }
  if (options.destination) return pino(base, options.destination);
  // Asynchronous: a synchronous write to stdout cost the chat turn more than building the line (npm run
  // bench). pino flushes what is still buffered when the process exits.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}
