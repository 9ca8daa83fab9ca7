/**
 * Child process: one renewal read as `renewals within N days` and the alert pass do it, against the
 * simulator (its own child): the partner-wide subscription scan, or, where the simulator answers it
 * with 404, the customer-by-customer fallback. Only the read is timed; peak RSS is read by the driver.
 */
import { performance } from 'node:perf_hooks';
import { loadRenewalsKit } from '../lib/bot-modules';
import type { RenewalsBenchConfig, RenewalsBenchInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

serveChild(async (raw) => {
  const config = raw as RenewalsBenchConfig;
  const kit = loadRenewalsKit(config.botDir);
  const logger = kit.createLogger({ level: 'silent' });
  const partnerCenter = kit.createPartnerCenterClient({ baseUrl: config.simulatorUrl, applicationName: 'CSP Usage Bot bench', logger });
  let requests = 0;
  const ctx = { accessToken: 'bench-token', locale: 'en-US', correlationId: 'bench-renewals', onRequest: () => void (requests += 1) };

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const read = await kit.readRenewals({ partnerCenter, concurrency: config.concurrency, logger }, new Date(), config.days, ctx);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  const info: RenewalsBenchInfo = {
    wallMs,
    cpuMicros: cpu.user + cpu.system,
    partnerCenterRequests: requests,
    subscriptions: read.subscriptions.length,
    source: read.source,
  };
  return { info, stop: async () => undefined };
});
