/**
 * Child process: the Partner Center simulator with a seeded, generated data set. It runs apart from
 * the bot so that the bot's CPU time and memory are the bot's alone.
 */
import { loadSimulatorKit } from '../lib/bot-modules';
import type { SimulatorHostConfig, SimulatorHostInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

/** The largest window of the alert pass's renewal warnings (RENEWAL_ALERT_DAYS' default, 60,14). */
const ALERT_RENEWAL_DAYS = 60;

serveChild(async (raw) => {
  const config = raw as SimulatorHostConfig;
  const kit = loadSimulatorKit(config.botDir);
  const dataset = kit.generateDataset({ customers: config.customers, workloadsPerCustomer: config.workloadsPerCustomer, seed: config.seed });
  const simulator = await kit.startPartnerCenterSimulator({
    dataset,
    latencyMs: config.latencyMs ?? 0,
    ...(config.partnerSubscriptionScan === false ? { partnerSubscriptionScan: false } : {}),
  });
  const endingWithin = (from: number, to: number) =>
    dataset.customers.reduce((n, customer) => n + (customer.subscriptions ?? []).filter((s) => s.endsInDays >= from && s.endsInDays <= to).length, 0);
  const info: SimulatorHostInfo = {
    url: simulator.url,
    customerNames: dataset.customers.map((customer) => customer.companyName),
    customerIds: dataset.customers.map((customer) => customer.id),
    renewalRows: endingWithin(0, ALERT_RENEWAL_DAYS),
  };
  return { info, stop: () => simulator.close(), served: () => simulator.requestCount() };
});
