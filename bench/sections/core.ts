import type { CoreBenchConfig, CoreBenchInfo, CoreStage } from '../lib/child-configs';
import { startChild, type ChildRuntime } from '../lib/measured-child';
import { median } from '../lib/stats';

export interface CoreBenchOptions extends CoreBenchConfig {
  runtime: ChildRuntime;
}

export interface CoreBenchResult {
  rows: number;
  /** Median over the rounds of CPU microseconds per command, per stage. */
  microsPerCommand: Record<CoreStage, number>;
  rounds: Record<CoreStage, number[]>;
  cardBytes: number;
  lowWorkloads: number;
}

/** The CPU the bot's pure core spends on one command, measured in a process of its own. */
export async function runCoreBenchmark({ runtime, ...config }: CoreBenchOptions): Promise<CoreBenchResult> {
  const child = await startChild<CoreBenchInfo>(runtime, 'core-bench', config);
  await child.stop();
  const { rounds, cardBytes, lowWorkloads } = child.info;
  return {
    rows: config.rows,
    microsPerCommand: {
      parse: median(rounds.parse),
      analyse: median(rounds.analyse),
      render: median(rounds.render),
      total: median(rounds.total),
    },
    rounds,
    cardBytes,
    lowWorkloads,
  };
}
