/**
 * Child process: the ceiling. A bare botbuilder echo bot on restify, the way Microsoft's samples build
 * one, that answers every message with one fixed Adaptive Card (the same card our bot sends, so both
 * put the same bytes on the wire). Nothing of ours runs here.
 *
 * Given `reads`, it is the second ceiling: before answering `usage for <name>` it makes the Partner
 * Center calls our bot makes for a customer it has not seen, as cheaply as Node allows (kept-alive
 * `node:http`, `JSON.parse`, no checks). That is what any bot answering with live data pays.
 */
import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';
import type { EchoBotConfig, ServerInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

/**
 * What our bot reads per question once its customer directory is warm (src/partner-center/
 * partner-center-client.ts): the usage, and the funnel's subscriptions and subscribed SKUs, at once.
 */
const READS = ['analytics/licenses/usage', 'subscriptions', 'subscribedskus'] as const;

const QUESTION = /^usage for (.+)$/;

serveChild(async (raw) => {
  const { card, reads } = raw as EchoBotConfig;
  // No app id: no inbound token check and no outbound credentials, like the bot's local mode.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const attachment = CardFactory.adaptiveCard(card);
  const read = reads ? partnerCenterReader(reads) : undefined;
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    if (read) await read(context.activity.text ?? '');
    await context.sendActivity({ type: 'message', attachments: [attachment] });
    await next();
  });

  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const info: ServerInfo = { url: `http://127.0.0.1:${port}` };
  return {
    info,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
});

/** Reads, for the customer a question names, what our bot reads; a question it cannot place is an error. */
function partnerCenterReader(reads: NonNullable<EchoBotConfig['reads']>): (text: string) => Promise<void> {
  const agent = new Agent({ keepAlive: true });
  const ids = new Map(Object.entries(reads.customerIdsByName));
  return async (text) => {
    const name = QUESTION.exec(text.trim())?.[1];
    const id = name === undefined ? undefined : ids.get(name);
    if (id === undefined) throw new Error(`the reading echo bot knows no customer in "${text}"`);
    const base = `${reads.partnerCenterUrl}/v1/customers/${encodeURIComponent(id)}/`;
    await Promise.all(READS.map((path) => getJson(new URL(path, base), agent)));
  };
}

function getJson(url: URL, agent: Agent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { accept: 'application/json', authorization: 'Bearer bench' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`${url.pathname} answered ${response.statusCode}`));
        // Partner Center (and so the simulator) often starts a body with a byte-order mark.
        else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '')) as unknown);
      });
    }).on('error', reject);
  });
}
