// The invoice probabilities the loader stored (mart_invoice_p) must be what the model computes now
// from the marts (lib/metrics/invoice-forecast.ts): shared by the tests that load and then check.
import { expect } from 'vitest';
import { query } from '@/lib/db';
import { modelCtes, sourceOf, type ModelPoint } from '@/lib/metrics/invoice-forecast';

/** The points are stored, and their open invoices, amounts collected and probabilities equal the live ones. */
export async function expectStoredEqualsLive(points: readonly ModelPoint[]): Promise<void> {
  expect(await sourceOf(points)).toBe('stored');
  const read = async (source: 'live' | 'stored') => {
    const params: Record<string, unknown> = {};
    return query<{ period: string; invoice_id: string; p: number; collected: number }>(
      `WITH ${modelCtes(points, 'TRUE', params, source)} SELECT period, invoice_id, p, collected FROM probs ORDER BY period, invoice_id`, params);
  };
  const [live, stored] = await Promise.all([read('live'), read('stored')]);
  expect(live.length).toBeGreaterThan(0);
  expect(stored.map((x) => [x.period, x.invoice_id])).toEqual(live.map((x) => [x.period, x.invoice_id]));
  stored.forEach((x, i) => {
    expect(x.p).toBeCloseTo(live[i].p, 12);
    expect(x.collected).toBeCloseTo(live[i].collected, 9);
  });
}
