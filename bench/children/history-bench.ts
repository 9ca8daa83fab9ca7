/**
 * Child process: what recording usage history costs on the days Partner Center refreshes its data, for
 * customers whose history is already long. Histories of version 1 (one document each, as a bot before
 * history v2 left them) are seeded with `keptDates` data dates; then one more data date is recorded for
 * every customer (the first refresh after an upgrade: each history is read whole once and split), and
 * then `refreshes` more, as later refreshes are. Batches of 400 customers, a state shard's share at
 * 100,000 customers, in a SQLite file as in DATA_DIR. Only the recording is timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistoryKit, type GeneratedUsageRow, type HistoryKit } from '../lib/bot-modules';
import type { HistoryBenchConfig, HistoryBenchInfo } from '../lib/child-configs';
import { serveChild } from '../lib/child-side';

const BATCH = 400;
const DAY_MS = 86_400_000;
/** Partner Center refreshes these analytics every few days. */
const DAYS_BETWEEN_DATES = 3;
const LAST_SEEDED = Date.UTC(2026, 10, 30);

serveChild(async (raw) => {
  const config = raw as HistoryBenchConfig;
  const kit = loadHistoryKit(config.botDir);
  const folder = mkdtempSync(join(tmpdir(), 'csp-bench-history-'));
  const storage = kit.openSqliteStorage({ file: join(folder, 'bot.sqlite') });
  try {
    const info = await measure(kit, storage, config);
    return { info, stop: async () => undefined };
  } finally {
    storage.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

async function measure(kit: HistoryKit, storage: ReturnType<HistoryKit['openSqliteStorage']>, config: HistoryBenchConfig): Promise<HistoryBenchInfo> {
  const random = kit.mulberry32(config.seed);
  const ids = Array.from({ length: config.customers }, (_, i) => `c0a1b2c3-d4e5-4f60-8172-${String(i).padStart(12, '0')}`);
  const rows: GeneratedUsageRow[] = kit.generateUsageRows(random, 8, '2026-03-01T00:00:00+00:00');
  const dateOf = (offset: number) => new Date(LAST_SEEDED + offset * DAYS_BETWEEN_DATES * DAY_MS).toISOString().slice(0, 10);

  // Seeded as documents of version 1: the whole history in one, `keptDates` snapshots each.
  const products = [...new Set(rows.map((row) => row.productName))];
  const seededRows = rows.map((row) => [products.indexOf(row.productName), row.workloadName, row.licensesActive, row.licensesQualified]);
  const snapshots = Array.from({ length: config.keptDates }, (_, i) => ({ date: dateOf(i + 1 - config.keptDates), products, rows: seededRows }));
  for (let at = 0; at < ids.length; at += BATCH) {
    const changes: Record<string, object> = {};
    for (const id of ids.slice(at, at + BATCH)) changes[`usage-history/${id}`] = { version: 1, customerId: id, snapshots, eTag: '*' };
    await storage.write(changes);
  }

  const refreshCpuMicros: number[] = [];
  for (let refresh = 1; refresh <= 1 + config.refreshes; refresh++) {
    const processedDateTime = `${dateOf(refresh)}T00:00:00+00:00`;
    const now = new Date(`${dateOf(refresh)}T06:00:00Z`);
    const history = kit.usageHistoryStore(storage, { clock: () => now, logger: kit.createLogger({ level: 'silent' }) });
    const summaries = ids.map((customerId) =>
      kit.analyseUsage({ customerId, customerName: 'Bench', threshold: 30, records: rows.map((row) => ({ ...row, processedDateTime, customerId, customerName: 'Bench' })) }),
    );
    const before = process.cpuUsage();
    for (let at = 0; at < summaries.length; at += BATCH) await history.recordMany(summaries.slice(at, at + BATCH));
    const used = process.cpuUsage(before);
    refreshCpuMicros.push((used.user + used.system) / ids.length);
  }
  const check = await kit.usageHistoryStore(storage, { clock: () => new Date(`${dateOf(1 + config.refreshes)}T06:00:00Z`), logger: kit.createLogger({ level: 'silent' }) }).get(ids[0]!);
  const [afterUpgrade = 0, ...later] = refreshCpuMicros;
  return { afterUpgradeCpuMicros: afterUpgrade, refreshCpuMicros: later, snapshotsRead: (check as { snapshots: unknown[] }).snapshots.length };
}
