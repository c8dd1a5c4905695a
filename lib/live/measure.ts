// Query latency with and without a load running (issue 8, "reads never wait for a load"): one
// client asks for the payment figures a sales head's board needs, back to back, first for a
// while with no load (the baseline), then for as long as the load takes. Used by the unit test
// and by scripts/bench/load-while-querying.ts.
import type { Scope } from '../db/scope';
import type { LoadResult } from '../load/types';
import { getPaymentForecast } from '../metrics/payment-forecast';
import { getPaymentRates } from '../metrics/payment-rate';

export interface LatencyStats { n: number; p50: number; p95: number; max: number }
export interface LoadWhileQuerying {
  load: LoadResult;
  loadMs: number;
  without: LatencyStats;
  during: LatencyStats;
  failures: string[];
}

function stats(ms: number[]): LatencyStats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN);
  return { n: s.length, p50: at(50), p95: at(95), max: s.length ? s[s.length - 1] : NaN };
}

const exec: Scope = { login: 'measure', role: 'executive' };

/** One round of the head's board: the month by team, the specialists, the forecast. */
async function boardQueries(asOf: string): Promise<void> {
  const period = asOf.slice(0, 7);
  await getPaymentRates({ period, asOf, by: 'team', span: 'month', scope: exec });
  await getPaymentRates({ period, asOf, by: 'company', span: 'two-month', scope: exec });
  await getPaymentForecast({ period, asOf, by: 'team', scope: exec });
}

/** Query latencies for `baselineMs` without a load, then while `load()` runs. */
export async function measureWhileLoading(load: () => Promise<LoadResult>, opts: { asOf: string; baselineMs: number }): Promise<LoadWhileQuerying> {
  const failures: string[] = [];
  const timed = async (into: number[]) => {
    const t = performance.now();
    try {
      await boardQueries(opts.asOf);
      into.push(performance.now() - t);
    } catch (e) {
      failures.push((e as Error).message);
    }
  };
  const without: number[] = [];
  await timed([]); // warm-up
  const end = performance.now() + opts.baselineMs;
  while (performance.now() < end) await timed(without);

  const during: number[] = [];
  let done = false;
  const t0 = performance.now();
  const loading = load().finally(() => { done = true; });
  while (!done) await timed(during);
  const result = await loading;
  return { load: result, loadMs: performance.now() - t0, without: stats(without), during: stats(during), failures };
}
