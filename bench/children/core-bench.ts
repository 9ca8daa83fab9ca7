/**
 * Child process: the CPU cost of the bot's pure core for one `usage for <customer>` command (parsing
 * the text, analysing the usage rows, rendering the card), with no I/O at all. Runs in its own process
 * so that nothing else (sockets, other benchmarks' garbage) is billed to it.
 */
import { loadCoreKit, type CoreKit, type CoreUsageRecord } from '../lib/bot-modules';
import type { CoreBenchConfig, CoreBenchInfo, CoreStage } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

const CUSTOMER_ID = 'c0a1b2c3-d4e5-4f60-8172-839405a6b763';
const CUSTOMER_NAME = 'Contoso Ltd 0042';
const COMMAND = `usage for ${CUSTOMER_NAME}`;
const THRESHOLD = 30;

serveChild(async (raw) => {
  const info = runCoreBenchmark(raw as CoreBenchConfig);
  return { info, stop: async () => undefined };
});

function runCoreBenchmark(config: CoreBenchConfig): CoreBenchInfo {
  const kit = loadCoreKit(config.botDir);
  const records = usageRecords(kit, config);
  const analyse = () => kit.analyseUsage({ customerId: CUSTOMER_ID, customerName: CUSTOMER_NAME, records, threshold: THRESHOLD });
  const summary = analyse();
  const stages: Record<CoreStage, () => unknown> = {
    parse: () => kit.parseCommand(COMMAND),
    analyse,
    render: () => kit.buildUsageCard(summary, kit.en),
    total: () => {
      const command = kit.parseCommand(COMMAND);
      if (command.kind !== 'usage') throw new Error(`"${COMMAND}" did not parse as a usage command`);
      return kit.buildUsageCard(analyse(), kit.en);
    },
  };

  // Until V8 has optimised the hot paths, the first calls measure the compiler, not the bot.
  cpuMicrosPer(config.iterations, stages.total);
  const rounds: Record<CoreStage, number[]> = { parse: [], analyse: [], render: [], total: [] };
  for (let round = 0; round < config.rounds; round++) {
    for (const stage of Object.keys(stages) as CoreStage[]) rounds[stage].push(cpuMicrosPer(config.iterations, stages[stage]));
  }
  const card = stages.render();
  return {
    rounds,
    cardBytes: Buffer.byteLength(JSON.stringify(card), 'utf8'),
    lowWorkloads: (summary as { low?: unknown[] }).low?.length ?? 0,
  };
}

/** A customer with `rows` workload rows, from the same seeded generator the simulator uses. */
function usageRecords(kit: CoreKit<unknown, unknown>, config: CoreBenchConfig): CoreUsageRecord[] {
  return kit.generateUsageRows(kit.mulberry32(config.seed), config.rows, '2026-03-01T00:00:00+00:00').map((row) => ({
    customerId: CUSTOMER_ID,
    customerName: CUSTOMER_NAME,
    productName: row.productName,
    workloadName: row.workloadName,
    licensesActive: row.licensesActive,
    licensesQualified: row.licensesQualified,
    processedDateTime: row.processedDateTime,
  }));
}

/** CPU time (user + system) per call of `work`, in microseconds. */
function cpuMicrosPer(iterations: number, work: () => unknown): number {
  let results = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) if (work() !== undefined) results++;
  const used = process.cpuUsage(before);
  // Every stage returns something; counting the results keeps the calls from being optimised away.
  if (results !== iterations) throw new Error('a core stage returned nothing');
  return (used.user + used.system) / iterations;
}
