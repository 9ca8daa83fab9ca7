import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import * as restify from 'restify';
import type { Logger } from '../logging/logger';
import type { InboundTokenCheck } from '../teams/inbound-token';
import { mountAlertsEndpoint, type AlertsEndpointOptions, type RunTracker } from './alerts-endpoint';
import { describeInvalidActivity } from './inbound-activity';
import { mountLegalPages } from './legal-pages';

export interface ServerOptions {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  health: { mode: 'local' | 'cloud'; version: string };
  /** POST /api/alerts/run. */
  alerts: AlertsEndpointOptions;
  /** Cloud mode: the caller's token, checked before the body of /api/messages is read. */
  authenticate?: InboundTokenCheck;
}

export interface BotServer {
  server: restify.Server;
  /**
   * Refuses new alert runs, then resolves when every turn and alert run that had started has finished.
   * Stopping a running pass is its runner's job (AlertRunner.stop), which shutdown asks first.
   */
  drain(): Promise<void>;
}

// Teams activities are a few KB; anything much larger is not a Teams activity.
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The HTTP surface: /api/messages for Teams, /healthz for the platform's probes, /api/alerts/run for
 * schedulers, /privacy and /terms for the manifest's links.
 */
export function createServer(options: ServerOptions): BotServer {
  const { adapter, bot, logger, health } = options;
  const server = restify.createServer({ name: 'csp-usage-bot', handleUncaughtExceptions: false });
  const inFlight = new Set<Promise<unknown>>();
  let draining = false;

  const parseBody = restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true });
  const { authenticate } = options;
  // Authentication first: a stranger's request is refused (401) before its body is read or judged.
  const authenticateFirst: restify.RequestHandler = (req, res, next) => {
    if (!authenticate) return next();
    authenticate(req.headers.authorization).then(
      (valid) => {
        if (valid) return next();
        logger.warn({ method: req.method, path: req.path() }, 'refused a request without a valid Bot Framework token');
        res.send(401, { error: { code: 'Unauthorized', message: 'A valid Bot Framework token is required.' } });
        return next(false);
      },
      (error: unknown) => next(error as Error),
    );
  };

  server.post('/api/messages', authenticateFirst, ...parseBody, async (req: restify.Request, res: restify.Response) => {
    const problem = describeInvalidActivity(req.body);
    if (problem) {
      logger.warn({ reason: problem }, 'rejected malformed activity');
      res.send(400, { error: { code: 'BadRequest', message: problem } });
      return;
    }
    const turn = adapter.process(req, res, (context) => bot.run(context));
    inFlight.add(turn);
    try {
      await turn;
    } catch (error) {
      logger.error({ err: error }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: { code: 'InternalError', message: 'The activity could not be processed.' } });
    } finally {
      inFlight.delete(turn);
    }
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', mode: health.mode, version: health.version });
  });

  mountLegalPages(server);

  const runs: RunTracker = {
    start: (work) => {
      if (draining) return undefined;
      // Inside an async function, so even a run that throws before its first await is tracked.
      const running = (async () => work())();
      inFlight.add(running);
      const forget = () => inFlight.delete(running);
      running.then(forget, forget);
      return running;
    },
  };
  mountAlertsEndpoint(server, options.alerts, runs, logger.child({ component: 'alerts-endpoint' }));

  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, next: (e?: unknown) => void) => {
    // Parser errors (bad JSON, wrong content type, too large) are the client's; log them without bodies.
    logger.warn({ method: req.method, path: req.path(), status: err.statusCode ?? res.statusCode, reason: err.name }, 'request refused');
    next();
  });

  return {
    server,
    drain: async () => {
      draining = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
