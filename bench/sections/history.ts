import type { HistoryBenchConfig, HistoryBenchInfo } from '../lib/child-configs';
import { startChild, type ChildRuntime } from '../lib/measured-child';

export interface HistoryBenchOptions extends HistoryBenchConfig {
  runtime: ChildRuntime;
}

export interface HistoryBenchResult extends HistoryBenchInfo {
  customers: number;
  keptDates: number;
}

/** Usage history on the days Partner Center refreshes its data, for long histories, in a process of its own. */
export async function runHistoryBenchmark({ runtime, ...config }: HistoryBenchOptions): Promise<HistoryBenchResult> {
  const child = await startChild<HistoryBenchInfo>(runtime, 'history-bench', config);
  await child.stop();
  return { customers: config.customers, keptDates: config.keptDates, ...child.info };
}
