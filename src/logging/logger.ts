import pino, { type Logger } from 'pino';

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

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  /** Where JSON lines go; tests pass a stream to read them. Defaults to stdout, written asynchronously. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: { service: 'csp-usage-bot' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } } });
  }
  // Asynchronous: a synchronous write to stdout cost the chat turn more than building the line (npm run
  // bench). pino flushes what is still buffered when the process exits.
  return pino(base, pino.destination({ dest: 1, sync: false }));
}
