import { createHash, timingSafeEqual } from 'node:crypto';
import type * as restify from 'restify';
import type { AlertRunBusy, AlertRunDone } from '../alerts/alert-runner';
import type { Logger } from '../logging/logger';

export type AlertRunResult = AlertRunDone | AlertRunBusy;

export interface AlertsEndpointOptions {
  /** ALERTS_API_KEY. Undefined disables the endpoint: it answers 503 to everyone. Never logged. */
  apiKey: string | undefined;
  /** Runs one pass to its end (AlertRunner.runNow); a pass stopped by shutdown ends early, `cancelled`. */
  run(): Promise<AlertRunResult>;
}

/** What the server lends the endpoint so that shutdown waits for a running pass. */
export interface RunTracker {
  /** Undefined once the server is shutting down: no new pass may start. */
  start<T>(work: () => Promise<T>): Promise<T> | undefined;
}

const ALERTS_RUN_PATH = '/api/alerts/run';

/**
 * Whether the Authorization header carries the API key. Both sides are hashed first, so the
 * constant-time comparison always sees two buffers of one length, and neither the key's length nor
 * its first wrong character shows in the response time.
 */
export function bearerKeyMatches(authorization: string | undefined, apiKey: string): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  return timingSafeEqual(sha256(presented), sha256(apiKey));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * POST /api/alerts/run: for schedulers outside the bot (Logic Apps, cron jobs, a pipeline). It answers
 * when the pass is done, with its summary; 409 while a pass runs anywhere.
 */
export function mountAlertsEndpoint(server: restify.Server, options: AlertsEndpointOptions, runs: RunTracker, logger: Logger): void {
  const refuse = (res: restify.Response, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    res.send(status, { error: { code, message } }, headers);
  };

  server.post(ALERTS_RUN_PATH, async (req, res) => {
    if (options.apiKey === undefined) {
      refuse(res, 503, 'AlertsRunDisabled', 'No API key is configured for this endpoint (ALERTS_API_KEY).');
      return;
    }
    if (!bearerKeyMatches(req.header('authorization'), options.apiKey)) {
      logger.warn({ path: ALERTS_RUN_PATH }, 'alert run refused: missing or wrong API key');
      refuse(res, 401, 'Unauthorized', 'A valid API key is required.', { 'WWW-Authenticate': 'Bearer' });
      return;
    }

    const running = runs.start(() => options.run());
    if (!running) {
      refuse(res, 503, 'ShuttingDown', 'The bot is shutting down; try again shortly.');
      return;
    }
    try {
      const result = await running;
      if (result.kind === 'busy') refuse(res, 409, 'PassRunning', 'An alert pass is already running.');
      else res.send(200, result.summary);
    } catch (error) {
      logger.error({ err: error }, 'alert run failed');
      refuse(res, 500, 'AlertPassFailed', 'The alert pass failed; see the bot logs.');
    }
  });
}
