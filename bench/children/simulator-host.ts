/**
 * Child process: the Partner Center simulator with a seeded, generated data set. It runs apart from
 * the bot so that the bot's CPU time and memory are the bot's alone.
 */
import { loadSimulatorKit } from '../lib/bot-modules';
import type { SimulatorHostConfig, SimulatorHostInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

serveChild(async (raw) => {
  const config = raw as SimulatorHostConfig;
  const kit = loadSimulatorKit(config.botDir);
  const dataset = kit.generateDataset({ customers: config.customers, workloadsPerCustomer: config.workloadsPerCustomer, seed: config.seed });
  const simulator = await kit.startPartnerCenterSimulator({
    dataset,
    ...(config.partnerSubscriptionScan === false ? { partnerSubscriptionScan: false } : {}),
  });
  const info: SimulatorHostInfo = { url: simulator.url, customerNames: dataset.customers.map((customer) => customer.companyName) };
  return { info, stop: () => simulator.close() };
});
