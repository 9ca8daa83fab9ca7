/**
 * Child process: the ceiling. A bare botbuilder echo bot on restify, the way Microsoft's samples build
 * one, that answers every message with one fixed Adaptive Card (the same card our bot sends, so both
 * put the same bytes on the wire). Nothing of ours runs here.
 */
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';
import type { EchoBotConfig, ServerInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

serveChild(async (raw) => {
  const { card } = raw as EchoBotConfig;
  // No app id: no inbound token check and no outbound credentials, like the bot's local mode.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const attachment = CardFactory.adaptiveCard(card);
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
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
