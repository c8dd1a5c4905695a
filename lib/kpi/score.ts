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
  // Read by name, not by looping controlKeys: a ranking scores 5,000 rows, and a lookup by a
  // varying key is many times slower (checked against controlKeys in score.test.ts).
  const v = [values.calls, values.entry, values.completeness, values.agreements, values.feedback, values.reaction];
  let sum = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === null || !Number.isFinite(x)) continue;
    sum += x;
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

/** The k-th smallest (0-based) of xs[0..n), by quickselect: reorders xs. */
function select(xs: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i]; xs[i] = xs[j]; xs[j] = t;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k];
  }
  return xs[k];
}

/**
 * The median of the first `n` values of `xs` (reordered in place); null when n = 0. By
 * quickselect: a sort of 5,000 values per metric cost ~5 ms of a ranking by specialist.
 */
function medianOf(xs: Float64Array, n: number): number | null {
  if (n === 0) return null;
  const hi = select(xs, n, n >> 1);
  if (n % 2) return hi;
  // The largest of the lower half: select left xs[0..n/2) ≤ hi.
  let lo = xs[0];
  for (let i = 1; i < n >> 1; i++) if (xs[i] > lo) lo = xs[i];
  return (lo + hi) / 2;
}

/**
 * Medians over all rows and over each group of rows (given as row indices), metric by metric.
 */
export function mediansByGroup(rows: ReadonlyArray<MetricValues>, groups: ReadonlyMap<string, readonly number[]>): { all: MetricValues; byGroup: Map<string, MetricValues> } {
  const columns = Object.fromEntries(rankedMetricKeys.map((k) => {
    const col = new Float64Array(rows.length);
    rows.forEach((r, i) => { const v = r[k]; col[i] = v === null || !Number.isFinite(v) ? Number.NaN : v; });
    return [k, col];
  })) as Record<RankedMetric, Float64Array>;
  return mediansOfColumns(columns, rows.map((_, i) => i), groups);
}

/**
 * mediansByGroup over metrics given by column (NaN: no value): the whole list over the rows
 * `all`, each group over its indices. The whole list by one typed-array sort per metric; a
 * group's few values (a team's specialists) by insertion into a shared buffer: 5,000 specialists
 * in 625 teams × 17 metrics in a few ms (a typed-array sort per group and metric cost ~15 ms).
 */
export function mediansOfColumns(columns: Record<RankedMetric, Float64Array>, all: readonly number[], groups: ReadonlyMap<string, readonly number[]>): { all: MetricValues; byGroup: Map<string, MetricValues> } {
  const out = {} as MetricValues;
  const byGroup = new Map<string, MetricValues>();
  const groupList = [...groups.entries()];
  const outs = groupList.map(([g]) => {
    const o = {} as MetricValues;
    byGroup.set(g, o);
    return o;
  });
  const buf = new Float64Array(Math.max(all.length, ...groupList.map(([, idx]) => idx.length), 1));
  for (const k of rankedMetricKeys) {
    const column = columns[k];
    let n = 0;
    for (let j = 0; j < all.length; j++) {
      const x = column[all[j]];
      if (x === x) buf[n++] = x; // not NaN
    }
    out[k] = medianOf(buf, n);
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
  return { all: out, byGroup };
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
