// The SQL of spec/metrics.md "ABC / XYZ classes of clients", as CTEs that the ABC/XYZ matrix,
// the transitions, the growth × share view and the client card/list all start from, so every view
// classifies a client the same way. Step by step (one CTE each, `<t>` = the window's tag):
//   abc_pop     the population: the clients the caller may see (lib/db/scope.ts). For an executive
//               or a head of all teams that is the whole company; for a head of some teams or a
//               specialist it is their clients, and the classes are theirs ("the cumulative share
//               of all clients" among the clients in view), so nothing about the others' sales
//               leaks into their shares.
//   abc_w<t>    per client with sales in the window: v = the metric over the window (kopecks or a
//               count), s2 = Σ of the squared monthly sums, n = the XYZ span in months (from the
//               later of the window start and the month of the first sale ever, to the month of D);
//               "as known on D": the month of D is summed up to D only.
//   abc_b<t>    ABC `before` = Σ of the positive values ranked above (value descending, ties by
//               client id).
//   abc_k<t>    the classes. ABC: v ≤ 0 → C; before < a % of the positive total → A; < b % → B;
//               else C. XYZ: no sales in the window → none; n < 3 → new; otherwise CV = population
//               standard deviation / mean over the n monthly sums (zero months counted), X when
//               CV ≤ x %, Y when ≤ y %, Z above; a mean ≤ 0 (returns exceeding sales) has no CV
//               and is Z.
// Loose ends the spec leaves open, settled here: the cumulative share is of the positive total
// (clients with a value ≤ 0 are C and do not dilute it); a mean ≤ 0 is Z with no CV.
// Exactness: sums are in whole kopecks, and the bounds are compared in integers, not floats:
//   before / total < a %   ⇔  10⁴·before < (100·a)·total
//   CV ≤ x %               ⇔  10⁸·(n·s2 − v²) ≤ (100·x)²·v²     (CV = √(n·s2 − v²) / v)
// so a CV of exactly 10 % is X and a client at exactly 80 % before it is B, whatever the floats say.
// Speed: the default view (12 months as known on the newest as-of) reads mart_abc_windows, which
// holds v, s2, n and the company-wide `before`; anything else is summed from the month and day
// marts (lib/abc/sales-mart.ts).
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import type { AbcMetric, AbcThresholds } from './params';
import { MART_MONTHS } from './sales-mart';
import { shiftAsOf, type SalesWindow } from './windows';

/** The mart column of each metric (identifiers from this allow-list only). */
export const METRIC_COLUMN: Record<AbcMetric, string> = { revenue: 'revenue', gross_profit: 'gross_profit', sales_count: 'sales' };
/** Money metrics are summed in kopecks; values leave SQL in roubles. */
export const isMoney = (m: AbcMetric) => m !== 'sales_count';
/** SQL turning a kopeck/count BIGINT expression into the metric's unit (roubles or a count) as DOUBLE. */
export const unitSql = (m: AbcMetric, expr: string) => (isMoney(m) ? `(${expr})::DOUBLE / 100` : `(${expr})::DOUBLE`);

export interface Plan {
  /** CTE bodies, to be joined with commas after WITH. */
  ctes: string[];
  params: Record<string, unknown>;
  /** The scope narrows the population (a head of some teams, a specialist). */
  restricted: boolean;
}

/** D of the default windows held in mart_abc_windows, or null (nothing loaded). */
export async function getMartAsOf(): Promise<string | null> {
  const r = await query<{ d: string | null }>(`SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM mart_abc_windows WHERE win = 0`);
  return r[0]?.d ?? null;
}

/** The population CTE `abc_pop` for the scope. */
export function popPlan(scope: Scope): Plan {
  const sc = scopeClause(scope, 'k');
  return {
    ctes: [`abc_pop AS (SELECT k.ck, k.client_id, k.specialist_id, k.team_id, k.holding_id, k.segment FROM mart_sales_client k WHERE ${sc.sql})`],
    params: sc.params,
    restricted: sc.sql !== 'TRUE',
  };
}

/** Which mart_abc_windows window (0 or 1) holds `w`, or null when it has to be summed. */
export function precomputedWin(w: SalesWindow, martAsOf: string | null): 0 | 1 | null {
  if (martAsOf === null || w.months !== MART_MONTHS) return null;
  if (w.asOf === martAsOf) return 0;
  if (w.asOf === shiftAsOf(martAsOf, MART_MONTHS)) return 1;
  return null;
}

/**
 * Add the CTEs `abc_w<tag>` (sums), `abc_t<tag>` (totals) and `abc_k<tag>` (classes of every
 * client of the population: ck, v, abc, xyz, cv, has) for one window to `plan`.
 */
export function addClassesPlan(plan: Plan, tag: string, w: SalesWindow, metric: AbcMetric, th: AbcThresholds, martAsOf: string | null): void {
  const win = precomputedWin(w, martAsOf);
  const inPop = plan.restricted ? ' AND ck IN (SELECT ck FROM abc_pop)' : '';
  const p = `abc${tag}`;
  const col = METRIC_COLUMN[metric];
  if (win !== null) {
    plan.ctes.push(`abc_w${tag} AS (SELECT ck, v, s2, n, before FROM mart_abc_windows WHERE metric = $abcMetric AND win = ${win}${inPop})`);
    plan.params.abcMetric = metric;
  } else {
    plan.ctes.push(
      `abc_m${tag} AS (
        SELECT ck, ${col} AS x FROM mart_sales_month WHERE month BETWEEN $${p}From::DATE AND $${p}LastFull::DATE${inPop}
        UNION ALL
        SELECT ck, sum(${col}) AS x FROM mart_sales_day WHERE on_date BETWEEN $${p}Last::DATE AND $${p}AsOf::DATE${inPop} GROUP BY ck)`,
      `abc_w${tag} AS (
        SELECT g.ck, g.v, g.s2,
          datediff('month', greatest($${p}From::DATE, date_trunc('month', k.first_on)::DATE), $${p}Last::DATE) + 1 AS n,
          NULL::BIGINT AS before
        FROM (SELECT ck, sum(x)::BIGINT AS v, sum(x::HUGEINT * x) AS s2 FROM abc_m${tag} GROUP BY ck) g
        JOIN mart_sales_client k ON k.ck = g.ck)`,
    );
    Object.assign(plan.params, { [`${p}From`]: w.from, [`${p}LastFull`]: w.lastFull, [`${p}Last`]: w.lastMonth, [`${p}AsOf`]: w.asOf });
  }
  // The stored `before` ranks the whole company: right only when the population is the company.
  const stored = win !== null && !plan.restricted;
  if (!stored) {
    plan.ctes.push(`abc_b${tag} AS (
      SELECT ck, coalesce(sum(v) OVER (ORDER BY v DESC, ck ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM abc_w${tag} WHERE v > 0)`);
  }
  plan.ctes.push(
    `abc_t${tag} AS (SELECT coalesce(sum(v) FILTER (WHERE v > 0), 0)::HUGEINT AS pos, coalesce(sum(v), 0)::HUGEINT AS total FROM abc_w${tag})`,
    `abc_k${tag} AS (
      SELECT p.ck, coalesce(w.v, 0) AS v, w.ck IS NOT NULL AS has,
        CASE WHEN coalesce(w.v, 0) <= 0 THEN 'C'
             WHEN 10000 * ${stored ? 'w' : 'b'}.before::HUGEINT < $abcAH::HUGEINT * t.pos THEN 'A'
             WHEN 10000 * ${stored ? 'w' : 'b'}.before::HUGEINT < $abcBH::HUGEINT * t.pos THEN 'B'
             ELSE 'C' END AS abc,
        CASE WHEN w.ck IS NULL THEN 'none'
             WHEN w.n < 3 THEN 'new'
             WHEN w.v <= 0 THEN 'Z'
             WHEN 100000000 * (w.n * w.s2 - w.v::HUGEINT * w.v) <= $abcX2::HUGEINT * (w.v::HUGEINT * w.v) THEN 'X'
             WHEN 100000000 * (w.n * w.s2 - w.v::HUGEINT * w.v) <= $abcY2::HUGEINT * (w.v::HUGEINT * w.v) THEN 'Y'
             ELSE 'Z' END AS xyz,
        CASE WHEN w.ck IS NOT NULL AND w.n >= 3 AND w.v > 0 THEN 100 * sqrt((w.n * w.s2 - w.v::HUGEINT * w.v)::DOUBLE) / w.v END AS cv
      FROM abc_pop p CROSS JOIN abc_t${tag} t
      LEFT JOIN abc_w${tag} w ON w.ck = p.ck
      ${stored ? '' : `LEFT JOIN abc_b${tag} b ON b.ck = p.ck`})`,
  );
  const h = (pct: number) => Math.round(pct * 100);
  Object.assign(plan.params, { abcAH: h(th.a), abcBH: h(th.b), abcX2: h(th.x) ** 2, abcY2: h(th.y) ** 2 });
}

/** `WITH …` of a plan. */
export const withSql = (plan: Plan) => `WITH ${plan.ctes.join(',\n')}`;
