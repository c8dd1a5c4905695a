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
 * Medians over all rows and over each group of rows (given as row indices), metric by metric: one
 * Float64Array per metric; a group's values gathered by insertion into a shared buffer (groups are
 * a team's few specialists), the whole list by one typed-array sort. 5,000 specialists in 625
 * teams × 17 metrics in a few ms (a typed-array sort per group and metric cost ~15 ms).
 */
export function mediansByGroup(rows: ReadonlyArray<MetricValues>, groups: ReadonlyMap<string, readonly number[]>): { all: MetricValues; byGroup: Map<string, MetricValues> } {
  const all = {} as MetricValues;
  const byGroup = new Map<string, MetricValues>();
  const groupList = [...groups.entries()];
  const outs = groupList.map(([g]) => {
    const o = {} as MetricValues;
    byGroup.set(g, o);
    return o;
  });
  const column = new Float64Array(rows.length);
  const buf = new Float64Array(rows.length);
  for (const k of rankedMetricKeys) {
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i][k];
      const x = v === null || !Number.isFinite(v) ? Number.NaN : v;
      column[i] = x;
      if (x === x) buf[n++] = x; // not NaN
    }
    if (n === 0) all[k] = null;
    else {
      const xs = buf.subarray(0, n).sort();
      all[k] = n % 2 ? xs[n >> 1] : (xs[(n >> 1) - 1] + xs[n >> 1]) / 2;
    }
    for (let gi = 0; gi < groupList.length; gi++) {
      const idx = groupList[gi][1];
      let m = 0;
      for (let j = 0; j < idx.length; j++) {
        const x = column[idx[j]];
        if (x !== x) continue;
        let p = m - 1;
        while (p >= 0 && buf[p] > x) { buf[p + 1] = buf[p]; p--; }
        buf[p + 1] = x;
        m++;
      }
      outs[gi][k] = m === 0 ? null : m % 2 ? buf[m >> 1] : (buf[(m >> 1) - 1] + buf[m >> 1]) / 2;
    }
  }
  return { all, byGroup };
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
