import { withUsagePercent, type SimulatedUsageRow, type SimulatorDataset } from './dataset';

/**
 * A data set whose figures move between Partner Center data dates, so that history and trends can be
 * tried in local mode and tested: step n is the base data set n data dates later. Deterministic: each
 * row drifts down, up or not at all (chosen from its names), by a fixed share of its qualified seats
 * per step, within 0 and all of them.
 */
export interface MovingDatasetOptions {
  /** Days between two data dates; Partner Center refreshes about monthly. Defaults to 30. */
  daysPerStep?: number;
  /** Share of qualified seats a moving row gains or loses per step. Defaults to 0.06 (6 points). */
  drift?: number;
}

const DAY_MS = 86_400_000;

export function datasetAt(base: SimulatorDataset, step: number, options: MovingDatasetOptions = {}): SimulatorDataset {
  if (!Number.isInteger(step) || step < 0) throw new RangeError('step must be a whole number from 0');
  if (step === 0) return base;
  const days = options.daysPerStep ?? 30;
  const drift = options.drift ?? 0.06;
  const moved = (row: SimulatedUsageRow): SimulatedUsageRow => {
    const direction = directionOf(row);
    const active = Math.round(row.licensesActive + direction * step * drift * row.licensesQualified);
    const date = Date.parse(row.processedDateTime);
    return {
      ...row,
      licensesActive: Math.min(row.licensesQualified, Math.max(0, active)),
      processedDateTime: Number.isNaN(date) ? row.processedDateTime : new Date(date + step * days * DAY_MS).toISOString().replace('.000Z', '+00:00'),
    };
  };
  return {
    customers: base.customers.map((customer) => {
      const commercialUsage = customer.commercialUsage.map(moved);
      const seed = customer.seedUsage.map(moved);
      return { ...customer, commercialUsage, seedUsage: withUsagePercent(seed) };
    }),
  };
}

/**
 * The step a clock is at: one data date every `stepMs` since `startedAt`. Local mode can so watch a
 * trend build up in minutes (SIMULATOR_DATA_STEP_MINUTES).
 */
export function stepAt(now: Date, startedAt: Date, stepMs: number): number {
  return Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / stepMs));
}

/** -1, 0 or 1 from the row's names: a third falls, a third rises, a third stays. */
function directionOf(row: SimulatedUsageRow): -1 | 0 | 1 {
  let hash = 0;
  for (const char of `${row.productName}\u0000${row.workloadName}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return ([-1, 0, 1] as const)[hash % 3]!;
}
