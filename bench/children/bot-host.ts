/**
 * Child process: the real bot, wired by startApp exactly as `npm start` does, in local mode against the
 * Partner Center simulator the driver started elsewhere (so the simulator's work is not counted here).
 * It logs at info level to stdout, as in production.
 */
import { loadAppKit } from '../lib/bot-modules';
import type { BotHostConfig, ServerInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

serveChild(async (raw) => {
  const config = raw as BotHostConfig;
  const kit = loadAppKit(config.botDir);
  // As the entry point does before anything else.
  kit.tuneV8();
  const appConfig = kit.loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PARTNER_CENTER_BASE_URL: config.partnerCenterUrl,
    DATA_DIR: config.dataDir,
    LOG_LEVEL: config.logLevel,
  });
  const app = await kit.startApp(appConfig, kit.createLogger({ level: config.logLevel }), { version: 'bench' });
  const info: ServerInfo = { url: app.url };
  return { info, stop: () => app.close() };
});
