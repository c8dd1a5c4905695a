// The growth × share quadrant of spec/metrics.md "Growth × share matrix (the BCG view)", as SQL
// over the classes of lib/abc/plan.ts: high share = ABC class A; high growth = growth ≥ the
// population's own growth over the same windows (growth = metric over the window / metric over
// the previous window of the same length − 1); no previous (nothing, or ≤ 0, before): `new`,
// drawn at the top edge, so counted as high growth.
// Growths compare exactly, in integers: v / pv − 1 ≥ V / PV − 1  ⇔  v·PV ≥ V·pv  (pv, PV > 0).
import type { AbcMetric, AbcThresholds } from './params';
import { addClassesPlan, type Plan } from './plan';
import type { SalesWindow } from './windows';

export const bcgQuadrants = ['star', 'cow', 'question', 'dog'] as const;
export type BcgQuadrant = (typeof bcgQuadrants)[number];

/**
 * Add the previous window's classes (`abc_kp`, totals `abc_tp`) to a plan that has the current
 * ones (`abc_kc`, `abc_tc`): the growth × share view and the transitions read both.
 */
export function addBcgPlan(plan: Plan, prev: SalesWindow, q: { metric: AbcMetric; thresholds: AbcThresholds }, martAsOf: string | null): void {
  addClassesPlan(plan, 'p', prev, q.metric, q.thresholds, martAsOf);
}

/** High growth for values `v` (current) and `pv` (previous) against the totals `V`, `PV` (SQL expressions, kopecks or counts). */
export function highGrowthSql(v: string, pv: string, V: string, PV: string): string {
  return `(${pv} <= 0 OR ${PV} <= 0 OR (${v})::HUGEINT * (${PV}) >= (${V}) * (${pv})::HUGEINT)`;
}

/**
 * The quadrant of a client from its current (`kc`) and previous (`kp`) class rows and the totals
 * `abc_tc tc` / `abc_tp tp` in the query; NULL when the client had no sales in either window.
 */
export function bcgQuadrantSql(kc: string, kp: string): string {
  const high = highGrowthSql(`${kc}.v`, `${kp}.v`, 'tc.total', 'tp.total');
  return `CASE WHEN NOT (${kc}.has OR ${kp}.has) THEN NULL
    WHEN ${kc}.abc = 'A' THEN CASE WHEN ${high} THEN 'star' ELSE 'cow' END
    ELSE CASE WHEN ${high} THEN 'question' ELSE 'dog' END END`;
}
