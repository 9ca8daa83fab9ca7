import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createContinuationTokens } from './continuation-tokens';
import type { SimulatorDataset } from './dataset';
import { buildIndex } from './dataset-index';
import { pcError, type Reply } from './replies';
import { respond } from './routes';
import { createSampleDataset } from './sample-data';
import { datasetAt, stepAt, type MovingDatasetOptions } from './moving-dataset';

/**
 * An in-process HTTP server that answers like Partner Center for the endpoints the bot uses, so
 * local mode and benchmarks exercise the real HTTP client: auth header, BOM, error bodies, paging.
 */

export interface PartnerCenterSimulatorOptions {
  /** Defaults to the local-mode sample customers. */
  dataset?: SimulatorDataset;
  /** Defaults to 127.0.0.1: the simulator accepts any token, so it must not face a network. */
  host?: string;
  /** Defaults to 0: a free port chosen by the OS. */
  port?: number;
  logger?: Logger;
  /**
   * Milliseconds every answer waits before it is sent, as a real Partner Center round trip takes
   * (0.3–2 s): lets benchmarks and tests see what a round trip saved is worth. Defaults to 0.
   */
  latencyMs?: number;
  /**
   * Figures that move with the clock: one new data date every `stepMs` (moving-dataset.ts), so local
   * mode shows a trend building up. Off unless set.
   */
  movingData?: { stepMs: number; clock?: () => Date } & MovingDatasetOptions;
  /** The simulator's today, from which subscription dates are counted; defaults to the wall clock. */
  now?: () => Date;
  /**
   * false: /partner/v1/analytics/subscriptions answers 404, as for a partner without it, so the bot
   * falls back to reading customers one by one (benchmarks compare the two). 'documented': it answers
   * with the documented row fields only, without the term (termDuration) this simulator adds otherwise.
   */
  partnerSubscriptionScan?: boolean | 'documented';
}

export interface RunningSimulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321. */
  url: string;
  /** Every request received so far, including rejected ones: what Partner Center would have counted. */
  requestCount(): number;
  /**
   * Serves `dataset` from the next request on, as Partner Center does when its monthly data refresh
   * lands: tests of what changes between two reads (alerts) need the same server to answer differently.
   */
  replaceDataset(dataset: SimulatorDataset): void;
  /** Stops listening and drops keep-alive connections. */
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Reply): void {
  const body = reply.bom ? `\uFEFF${reply.body}` : reply.body;
  // Separate calls, never writeHead(...).end(...): restify, loaded in the same process by the bot,
  // replaces ServerResponse.prototype.writeHead with a version that returns nothing.
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body, 'utf8'),
    ...reply.headers,
  });
  res.end(body, 'utf8');
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

export async function startPartnerCenterSimulator(options: PartnerCenterSimulatorOptions = {}): Promise<RunningSimulator> {
  const logger = options.logger ?? pino({ level: 'silent' });
  let base = options.dataset ?? createSampleDataset();
  let index = buildIndex(base);
  const moving = options.movingData;
  const clock = moving?.clock ?? (() => new Date());
  const startedAt = clock();
  let step = 0;
  // On each request: a step the clock has passed brings the next data date.
  const followClock = () => {
    if (!moving) return;
    const now = stepAt(clock(), startedAt, moving.stepMs);
    if (now === step) return;
    step = now;
    index = buildIndex(datasetAt(base, step, moving));
  };
  const tokens = createContinuationTokens(randomBytes(32));
  let requests = 0;
  let url = '';
  const latencyMs = Math.max(0, options.latencyMs ?? 0);

  const server = createServer((req, res) => {
    requests += 1;
    req.resume(); // no endpoint reads a body; drain it so keep-alive connections stay usable
    for (const name of ['ms-correlationid', 'ms-requestid']) {
      const value = req.headers[name];
      if (typeof value === 'string') res.setHeader(name === 'ms-correlationid' ? 'MS-CorrelationId' : 'MS-RequestId', value);
    }
    // Links point back at the address the client used, as a real service's would.
    const origin = req.headers.host ? `http://${req.headers.host}` : url;
    let reply: Reply;
    try {
      followClock();
      reply = respond(req, index, tokens, origin, (options.now ?? (() => new Date()))(), options.partnerSubscriptionScan ?? true);
    } catch (error) {
      logger.error({ err: error }, 'partner center simulator failed to answer');
      reply = pcError(500, 500, 'Internal error in the Partner Center simulator.', true);
    }
    if (latencyMs > 0) setTimeout(() => send(res, reply), latencyMs);
    else send(res, reply);
    logger.debug({ method: req.method, path: req.url?.split('?')[0], status: reply.status }, 'simulated partner center call');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = formatUrl(server.address() as AddressInfo);
  logger.info({ url, customers: index.byId.size, commercialRows: index.allRowsJson.length }, 'partner center simulator listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    requestCount: () => requests,
    replaceDataset: (dataset) => {
      base = dataset;
      index = buildIndex(moving ? datasetAt(dataset, step, moving) : dataset);
    },
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
