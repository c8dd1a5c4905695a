// The pair of windows the growth × share view and the transitions read (spec/metrics.md "Growth ×
// share matrix (the BCG view)", "ABC / XYZ" → Transitions): the CTE `abc_pair` with, per client of
// the population, the current window's classes (v, has, cv, abc, xyz), the previous window's (pv,
// phas, pcv, pabc, pxyz) and the quadrant (lib/abc/classes.ts quadrantSql), plus `abc_kc` (current
// classes) and the totals `abc_tc` / `abc_tp` (pos, total).
// The executive's default view (12 months as known on the newest as-of, the window 12 months
// before, the default bounds) is one scan of mart_abc_windows, where the build stored all of it;
// two computed windows are one scan of the running sums (addWidePairPlan); anything else is two
// classifications (lib/abc/plan.ts) joined here.
import { quadrantSql, type AbcMetric, type AbcThresholds } from './classes';
import { addClassesPlan, addWidePairPlan, isDefault, isStoredPair, type Plan, type SalesMarts } from './plan';
import type { SalesWindow } from './windows';

export { bcgQuadrants, type BcgQuadrant } from './classes';

/**
 * Add `abc_kc`, `abc_tc`, `abc_tp` and `abc_pair` for the windows `cur` and `prev` to a population
 * plan. The previous window's classes (pcv, pabc, pxyz) are computed only with `prevClasses` (the
 * transitions); growth × share needs its sums alone, and ranking a window costs a sort of the
 * population (~40 ms at 200,000 clients).
 */
export function addPairPlan(plan: Plan, cur: SalesWindow, prev: SalesWindow, q: { metric: AbcMetric; thresholds: AbcThresholds }, marts: SalesMarts | null, opts: { prevClasses: boolean }): void {
  const stored = !plan.restricted && isDefault(q.thresholds) && isStoredPair(cur, prev, marts?.asOf ?? null);
  if (stored) {
    plan.ctes.push(
      `abc_kc AS (SELECT ck, v, has, cv, abc, xyz, pv, phas, pcv, pabc, pxyz, quadrant FROM mart_abc_windows WHERE metric = $abcMetric AND win = 0)`,
      `abc_tc AS (SELECT coalesce(sum(v) FILTER (WHERE v > 0), 0)::HUGEINT AS pos, coalesce(sum(v), 0)::HUGEINT AS total FROM abc_kc)`,
      `abc_tp AS (SELECT coalesce(sum(pv) FILTER (WHERE pv > 0), 0)::HUGEINT AS pos, coalesce(sum(pv), 0)::HUGEINT AS total FROM abc_kc)`,
      `abc_pair AS (SELECT * FROM abc_kc)`,
    );
    plan.params.abcMetric = q.metric;
    return;
  }
  if (addWidePairPlan(plan, cur, prev, q.metric, q.thresholds, marts, opts.prevClasses)) return;
  addClassesPlan(plan, 'c', cur, q.metric, q.thresholds, marts);
  addClassesPlan(plan, 'p', prev, q.metric, q.thresholds, marts, { classes: opts.prevClasses });
  plan.ctes.push(`abc_pair AS (
    SELECT kc.ck, kc.v, kc.has, kc.cv, kc.abc, kc.xyz, kp.v AS pv, kp.has AS phas,
      ${opts.prevClasses ? 'kp.cv AS pcv, kp.abc AS pabc, kp.xyz AS pxyz' : 'NULL::DOUBLE AS pcv, NULL::VARCHAR AS pabc, NULL::VARCHAR AS pxyz'},
      ${quadrantSql({ has: 'kc.has', phas: 'kp.has', abc: 'kc.abc', v: 'kc.v', pv: 'kp.v', V: 'tc.total', PV: 'tp.total' })} AS quadrant
    FROM abc_kc kc JOIN ${opts.prevClasses ? 'abc_kp' : 'abc_wp'} kp ON kp.ck = kc.ck CROSS JOIN abc_tc tc CROSS JOIN abc_tp tp)`);
}
