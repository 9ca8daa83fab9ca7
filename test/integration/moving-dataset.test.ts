import { SAMPLE_CUSTOMER_IDS, createSampleDataset } from '../../src/simulator/sample-data';
import { startPartnerCenterSimulator } from '../../src/simulator/partner-center-simulator';

describe('the simulator\'s moving data set (clock-driven data dates)', () => {
  it('serves a new data date with moved figures each time the clock passes a step', async () => {
    let now = new Date('2026-06-01T00:00:00Z');
    const simulator = await startPartnerCenterSimulator({ dataset: createSampleDataset(), movingData: { stepMs: 60_000, clock: () => now } });
    try {
      const read = async () => {
        const response = await fetch(`${simulator.url}/v1/customers/${SAMPLE_CUSTOMER_IDS.severalLow}/analytics/licenses/usage`, { headers: { Authorization: 'Bearer t' } });
        const body = JSON.parse((await response.text()).replace(/^\uFEFF/, '')) as { items: Array<{ workloadName: string; licensesActive: number; processedDateTime: string; usagePercent: number }> };
        return body.items;
      };
      const before = await read();
      expect(new Set(before.map((row) => row.processedDateTime))).toEqual(new Set(['2026-03-02T00:00:00+00:00']));

      now = new Date(now.getTime() + 2 * 60_000 + 1);
      const after = await read();
      expect(new Set(after.map((row) => row.processedDateTime))).toEqual(new Set(['2026-05-01T00:00:00+00:00']));
      // Some rows fall, some rise, some stay; none leaves 0 … qualified; the seed endpoint's percentage follows.
      const deltas = after.map((row, i) => row.licensesActive - before[i]!.licensesActive);
      expect(deltas.some((d) => d < 0)).toBe(true);
      expect(deltas.some((d) => d > 0)).toBe(true);
      expect(deltas.some((d) => d === 0)).toBe(true);
      for (const row of after) expect(row.usagePercent).toBe(Math.round((row.licensesActive / 250) * 1000) / 10);
    } finally {
      await simulator.close();
    }
  });
});
