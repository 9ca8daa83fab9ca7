import type { AlertPassBenchInfo, RenewalsBenchInfo, SimulatorHostInfo } from '../lib/child-configs';
import { startChild, type ChildRuntime } from '../lib/measured-child';

export interface AlertPassBenchOptions {
  runtime: ChildRuntime;
  botDir: string;
  seed: number;
  customers: number;
  workloadsPerCustomer: number;
  /** Partner Center calls at once for the naive, customer-by-customer pass. */
  concurrency: number;
  /** Also run the naive pass (slow: one call per customer); the growth table runs it at its first size only. */
  naive: boolean;
  progress(line: string): void;
}

export interface AlertPassRun extends AlertPassBenchInfo {
  peakRssBytes: number;
}

export interface AlertPassBenchResult {
  customers: number;
  rows: number;
  /**
   * What the pass's paged scans need at Partner Center's largest page: ⌈usage rows / 10 000⌉ plus
   * ⌈renewal rows / 10 000⌉ (subscriptions ending within 60 days).
   */
  pagesNeeded: number;
  renewalRows: number;
  scan: AlertPassRun;
  perCustomer?: AlertPassRun;
  /** `renewals within RENEWAL_DAYS days` over the same customers: the partner-wide scan, and the fallback (at the first size only). */
  renewals?: { days: number; scan: RenewalsRun; perCustomer: RenewalsRun };
}

export interface RenewalsRun extends RenewalsBenchInfo {
  peakRssBytes: number;
}

/** The renewals window measured: that of `renewals`' default. */
const RENEWAL_DAYS = 90;

const LARGEST_PAGE = 10_000;

/**
 * One "all customers" subscription, one pass, two ways: the commercial endpoint's paged scan (what the
 * bot does) and one usage call per customer (what a naive pass does). Each pass runs in a fresh
 * process against the same seeded simulator, so CPU and peak memory are the pass's own.
 */
export async function runAlertPassBenchmark(options: AlertPassBenchOptions): Promise<AlertPassBenchResult> {
  const simulator = await startChild<SimulatorHostInfo>(options.runtime, 'simulator-host', {
    botDir: options.botDir,
    customers: options.customers,
    workloadsPerCustomer: options.workloadsPerCustomer,
    seed: options.seed,
  });
  try {
    const pass = async (strategy: 'scan' | 'per-customer'): Promise<AlertPassRun> => {
      options.progress(`alert pass: ${strategy}, ${options.customers} customers × ${options.workloadsPerCustomer} workloads`);
      const runtime = process.env.BENCH_ALERT_FLAGS ? { ...options.runtime, execArgv: [...options.runtime.execArgv, ...process.env.BENCH_ALERT_FLAGS.split(' ')] } : options.runtime;
      const child = await startChild<AlertPassBenchInfo>(runtime, 'alert-pass-bench', {
        botDir: options.botDir,
        simulatorUrl: simulator.info.url,
        strategy,
        concurrency: options.concurrency,
      });
      const stats = await child.stats();
      await child.stop();
      return { ...child.info, peakRssBytes: stats.maxRssBytes };
    };
    const rows = options.customers * options.workloadsPerCustomer;
    return {
      customers: options.customers,
      rows,
      pagesNeeded: Math.ceil(rows / LARGEST_PAGE) + Math.ceil(simulator.info.renewalRows / LARGEST_PAGE),
      renewalRows: simulator.info.renewalRows,
      scan: await pass('scan'),
      ...(options.naive
        ? {
            perCustomer: await pass('per-customer'),
            renewals: {
              days: RENEWAL_DAYS,
              scan: await renewals(options, simulator.info.url, 'scan'),
              perCustomer: await renewalsWithoutScan(options),
            },
          }
        : {}),
    };
  } finally {
    await simulator.stop();
  }
}

async function renewals(options: AlertPassBenchOptions, simulatorUrl: string, strategy: 'scan' | 'per-customer'): Promise<RenewalsRun> {
  options.progress(`renewals: ${strategy}, ${options.customers} customers, ${RENEWAL_DAYS} days`);
  const child = await startChild<RenewalsBenchInfo>(options.runtime, 'renewals-bench', {
    botDir: options.botDir,
    simulatorUrl,
    days: RENEWAL_DAYS,
    concurrency: options.concurrency,
  });
  const stats = await child.stats();
  await child.stop();
  return { ...child.info, peakRssBytes: stats.maxRssBytes };
}

/** The same customers behind a simulator whose partner-wide scan answers 404: the bot reads them one by one. */
async function renewalsWithoutScan(options: AlertPassBenchOptions): Promise<RenewalsRun> {
  const simulator = await startChild<SimulatorHostInfo>(options.runtime, 'simulator-host', {
    botDir: options.botDir,
    customers: options.customers,
    workloadsPerCustomer: options.workloadsPerCustomer,
    seed: options.seed,
    partnerSubscriptionScan: false,
  });
  try {
    return await renewals(options, simulator.info.url, 'per-customer');
  } finally {
    await simulator.stop();
  }
}
