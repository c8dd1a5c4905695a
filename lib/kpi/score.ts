// The composite score and the team medians of the KPI ranking (spec/metrics.md "Manager KPIs": "A
// composite score may rank specialists, but its formula is shown next to it and every component
// is one tap away"). Pure functions: the page, the API and the tests share them.

/** The six controls, in the spec's order. */
export const controlKeys = ['calls', 'entry', 'completeness', 'agreements', 'feedback', 'reaction'] as const;
export type ControlKey = (typeof controlKeys)[number];

/**
 * Composite score, 0–100: the plain mean of the six controls' values (each a share in %), over
 * those that have a value in the period (a control with nothing to count is left out, not read as
 * 0 or 100). Equal weights: no control is worth more than another in the spec. Null when none has
 * a value.
 */
export function compositeScore(values: Record<ControlKey, number | null>): number | null {
  let sum = 0;
  let n = 0;
  for (const k of controlKeys) {
    const v = values[k];
    if (v === null || !Number.isFinite(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** Median of the numbers given (nulls skipped); null when there are none. The mean of the two middle ones for an even count. */
export function median(values: ReadonlyArray<number | null>): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** The figures the ranking compares with the median, and which way is better. */
export const rankedMetrics = {
  score: 'higher',
  calls: 'higher',
  callsOverdue: 'lower',
  entry: 'higher',
  completeness: 'higher',
  agreements: 'higher',
  agreementsOverdue: 'lower',
  feedback: 'higher',
  reaction: 'higher',
  reactionHours: 'lower',
  threatsOpen: 'lower',
  paymentPct: 'higher',
  actsPct: 'higher',
  revenue: 'higher',
  activeClients: 'neutral',
  churned: 'lower',
  contactsDone: 'higher',
} as const satisfies Record<string, 'higher' | 'lower' | 'neutral'>;
export type RankedMetric = keyof typeof rankedMetrics;
export const rankedMetricKeys = Object.keys(rankedMetrics) as RankedMetric[];

export type MetricValues = Record<RankedMetric, number | null>;

/**
 * Medians of each metric over rows (nulls skipped per metric). One shared buffer, insertion sort
 * for the few specialists of a team and a typed-array sort for long lists: 625 teams × 17 metrics
 * in a few ms (a sort per metric and team of plain arrays cost ~15 ms at 200,000 clients).
 */
export function mediansOf(rows: ReadonlyArray<MetricValues>): MetricValues {
  const out = {} as MetricValues;
  const buf = new Float64Array(rows.length);
  for (const k of rankedMetricKeys) {
    let n = 0;
    for (let j = 0; j < rows.length; j++) {
      const v = rows[j][k];
      if (v === null || !Number.isFinite(v)) continue;
      if (n < 32) {
        // Insertion into the sorted prefix.
        let i = n - 1;
        while (i >= 0 && buf[i] > v) { buf[i + 1] = buf[i]; i--; }
        buf[i + 1] = v;
      } else buf[n] = v;
      n++;
    }
    if (n === 0) { out[k] = null; continue; }
    const xs = n > 32 ? buf.subarray(0, n).sort() : buf;
    const mid = n >> 1;
    out[k] = n % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  }
  return out;
}

/**
 * True when `value` is worse than the median (issue 6: "values below it highlighted"): below it
 * where higher is better, above it where lower is better (overdue counts, hours, churn); never for
 * a neutral figure (portfolio size) or a missing value.
 */
export function worseThanMedian(metric: RankedMetric, value: number | null, med: number | null): boolean {
  if (value === null || med === null) return false;
  const dir = rankedMetrics[metric];
  if (dir === 'higher') return value < med - 1e-9;
  if (dir === 'lower') return value > med + 1e-9;
  return false;
}
