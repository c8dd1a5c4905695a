// The SQL of spec/metrics.md "ABC / XYZ classes of clients", as CTEs that the ABC/XYZ matrix,
// the transitions, the growth × share view and the client card/list all start from, so every view
// classifies a client the same way. Step by step (one CTE each, `<t>` = the window's tag):
//   abc_pop     the population: the clients the caller may see (lib/db/scope.ts). For an executive
//               or a head of all teams that is the whole company; for a head of some teams or a
//               specialist it is their clients, and the classes are theirs ("the cumulative share
//               of all clients" among the clients in view), so nothing about the others' sales
//               leaks into their shares.
//   abc_w<t>    per client of the population: has = sales in the window, v = the metric over the
//               window (kopecks or a count), s2 = Σ of the squared monthly sums, n = the XYZ span in
//               months (from the later of the window start and the month of the first sale ever,
//               to the month of D), cv; "as known on D": the month of D is summed up to D only.
//   abc_t<t>    pos = Σ of the positive values, total = Σ of all.
//   abc_k<t>    the classes by the rules of lib/abc/classes.ts (exact at the bounds), with ABC's
//               `before` = Σ of the positive values ranked above (value descending, ties by
//               client id).
// Loose ends the spec leaves open, settled here: the cumulative share is of the positive total
// (clients with a value ≤ 0 are C and do not dilute it); a mean ≤ 0 is Z with no CV.
// Speed: the default view (12 months as known on the newest as-of) reads mart_abc_windows, which
// holds every client's sums, span, CV, company-wide `before` and classes at the default bounds;
// any other window takes its sums as the difference of two running-sum columns of
// mart_sales_wide, plus the month of D when that month is not whole on D (from its partial columns
// when D is on the day of the month they run to, else from the day mart), and ranks the clients
// by value buckets, sorting only the one or two buckets a bound falls in (abcBoundsSql); with no
// running sums (nothing loaded) or `marts` null (tests), everything is summed from the month and
// day marts (lib/abc/sales-mart.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable, query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { addMonths, firstDay, periodOf } from '../metrics/period';
import { abcExactSql, cvSql, DEFAULT_THRESHOLDS, hundredths, quadrantSql, xyzExactSql, type AbcMetric, type AbcThresholds } from './classes';
import { MART_MONTHS, WIDE_PREFIX, wideKey } from './sales-mart';
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

/** Rows of a read on `con` (a builder inside the load's transaction), else through the door. */
async function rowsOn<T>(con: DuckDBConnection | undefined, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  if (!con) return query<T>(sql, params);
  return (await con.runAndReadAll(sql, bindable(params) as never)).getRowObjectsJson() as T[];
}

/** D of the default windows held in mart_abc_windows, or null (nothing loaded); on `con` when given. */
export async function getMartAsOf(con?: DuckDBConnection): Promise<string | null> {
  const r = await rowsOn<{ d: string | null }>(con, `SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM mart_abc_windows WHERE win = 0`);
  return r[0]?.d ?? null;
}

/** What the sales marts hold for a request. */
export interface SalesMarts {
  /** D of the default windows in mart_abc_windows (null: none). */
  asOf: string | null;
  /**
   * The months of mart_sales_wide's running sums (YYYY-MM-01, oldest first) with each one's last
   * sale day and the day its partial sums run to (null: none).
   */
  months: Array<{ month: string; lastOn: string; partOn: string | null }>;
}

/**
 * The sales marts as they stand: two small reads, on `con` when given (the holding points' build,
 * inside the load's transaction). Every load builds the running sums with the marts they are made
 * of (lib/derived/registry.ts), so their months are read as they are.
 */
export async function getSalesMarts(con?: DuckDBConnection): Promise<SalesMarts> {
  const monthsRead = () => rowsOn<{ month: string; lastOn: string; partOn: string | null }>(con, `SELECT strftime(month, '%Y-%m-%d') AS month,
    strftime(last_on, '%Y-%m-%d') AS "lastOn", strftime(part_on, '%Y-%m-%d') AS "partOn" FROM mart_sales_wide_months ORDER BY month`);
  // One statement at a time on a single connection; side by side through the door.
  if (con) return { asOf: await getMartAsOf(con), months: await monthsRead() };
  const [asOf, months] = await Promise.all([getMartAsOf(), monthsRead()]);
  return { asOf, months };
}

/**
 * The running-sum columns a window reads from mart_sales_wide: its sum is column `end` − column
 * `start` (a column is the running sum up to the latest stored month not after the one named;
 * null: none, 0), plus the month of D when that month is not whole as known on D: from its partial
 * columns `part` when they run exactly to D, else summed from the day mart (`day`). The month of D
 * is whole when no sale in it is dated after D, or it has no sales at all.
 */
export function wideWindow(months: SalesMarts['months'], w: SalesWindow): { start: string | null; end: string | null; part: string | null; day: boolean } {
  const at = (month: string): string | null => {
    let key: string | null = null;
    for (const m of months) if (m.month <= month) key = wideKey(m.month);
    return key;
  };
  const ofD = months.find((m) => m.month === w.lastMonth);
  const whole = !ofD || ofD.lastOn <= w.asOf;
  const part = !whole && ofD?.partOn === w.asOf ? wideKey(ofD.month) : null;
  return { start: at(firstDay(addMonths(periodOf(w.from), -1))), end: at(whole ? w.lastMonth : w.lastFull), part, day: !whole && !part };
}

/** The population CTE `abc_pop` for the scope. */
export function popPlan(scope: Scope): Plan {
  const sc = scopeClause(scope, 'k');
  return {
    ctes: [`abc_pop AS (SELECT k.ck, k.client_id, k.specialist_id, k.team_id, k.holding_id, k.segment, k.first_on FROM mart_sales_client k WHERE ${sc.sql})`],
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

export const isDefault = (th: AbcThresholds) => (['a', 'b', 'x', 'y'] as const).every((k) => th[k] === DEFAULT_THRESHOLDS[k]);

// The bounds compared in DOUBLE first (cheap); only a value within a hair of a bound (1e-9 of a
// percentage point of the share, 1e-7 of the CV, far above the rounding error) falls through to
// the exact integer test of lib/abc/classes.ts. At 200,000 clients the exact test on every row
// cost 0.2 s; this way it runs on the few rows that sit on a bound.
export const abcBandSql = (w: string, before: string, pos: string) => `CASE WHEN ${w}.v <= 0 THEN 'C'
    WHEN 100 * ${before}::DOUBLE < ($abcA - 1e-9) * ${pos}::DOUBLE THEN 'A'
    WHEN 100 * ${before}::DOUBLE > ($abcA + 1e-9) * ${pos}::DOUBLE AND 100 * ${before}::DOUBLE < ($abcB - 1e-9) * ${pos}::DOUBLE THEN 'B'
    WHEN 100 * ${before}::DOUBLE > ($abcB + 1e-9) * ${pos}::DOUBLE THEN 'C'
    ELSE ${abcExactSql(`${w}.v`, before, pos, '$abcAH', '$abcBH')} END`;
/** XYZ of row `w`'s window (columns has, n, v, cv, s2; with `p` = 'p', the previous window's phas, pn, pv, pcv, ps2). */
const xyzBandSql = (w: string, p = '') => `CASE WHEN NOT ${w}.${p}has THEN 'none' WHEN ${w}.${p}n < 3 THEN 'new' WHEN ${w}.${p}v <= 0 THEN 'Z'
    WHEN ${w}.${p}cv < $abcX - 1e-7 THEN 'X'
    WHEN ${w}.${p}cv > $abcX + 1e-7 AND ${w}.${p}cv < $abcY - 1e-7 THEN 'Y'
    WHEN ${w}.${p}cv > $abcY + 1e-7 THEN 'Z'
    ELSE ${xyzExactSql(`${w}.${p}has`, `${w}.${p}n`, `${w}.${p}v`, `${w}.${p}s2`, '$abcX2', '$abcY2')} END`;

/** year·12 + month − 1 of an ISO date. */
const monthNumber = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/**
 * One window's sums over a mart_sales_wide row `x` (lib/abc/sales-mart.ts): SQL for has, v, s2
 * and the XYZ span n (from x.first_on), the join that adds the month of D from the day mart when
 * it must (alias `d<p>`), and the bound values (named `$<p>…`). Identifiers come from the stored
 * months and WIDE_PREFIX only.
 */
function wideSums(marts: SalesMarts, w: SalesWindow, metric: AbcMetric, p: string, restricted: boolean) {
  const ww = wideWindow(marts.months, w);
  const col = METRIC_COLUMN[metric];
  const pre = WIDE_PREFIX[col as keyof typeof WIDE_PREFIX];
  const d = `d${p}`;
  const column = (prefix: string, key: string | null) => (key ? `x.${prefix}_${key}` : '0');
  const diff = (prefix: string) => `(${column(prefix, ww.end)} - ${column(prefix, ww.start)})`;
  // The month of D's own sum, when not whole: its partial column, or the day mart's.
  const partOf = (prefix: string, day: string) => (ww.part ? ` + x.${prefix}d_${ww.part}` : ww.day ? ` + coalesce(${day}, 0)` : '');
  const inPop = restricted ? ' AND ck IN (SELECT ck FROM abc_pop)' : '';
  const has = `(${diff(WIDE_PREFIX.sales)}${partOf(WIDE_PREFIX.sales, `${d}.c`)}) > 0`;
  return {
    has,
    v: `(${diff(pre)}${partOf(pre, `${d}.x`)})::BIGINT`,
    s2: `(${diff(`${pre}q`)}${ww.part ? ` + x.${pre}d_${ww.part}::HUGEINT * x.${pre}d_${ww.part}` : ww.day ? ` + coalesce(${d}.x::HUGEINT * ${d}.x, 0)` : ''})::HUGEINT`,
    // The XYZ span on month numbers (year·12 + month − 1; first_mi is the first sale's): integer
    // arithmetic, not date functions per client.
    n: (hasCol: string) => `CASE WHEN ${hasCol} THEN $${p}LastMi - greatest($${p}FromMi, x.first_mi) + 1 END`,
    join: ww.day
      ? `LEFT JOIN (SELECT ck, sum(${col}) AS x, sum(sales) AS c FROM mart_sales_day
          WHERE on_date BETWEEN $${p}Last::DATE AND $${p}AsOf::DATE${inPop} GROUP BY ck) ${d} ON ${d}.ck = x.ck`
      : '',
    params: {
      [`${p}FromMi`]: monthNumber(w.from), [`${p}LastMi`]: monthNumber(w.lastMonth),
      ...(ww.day ? { [`${p}Last`]: w.lastMonth, [`${p}AsOf`]: w.asOf } : {}),
    },
  };
}

/**
 * Add the CTEs `abc_w<tag>` (one row per client of the population: has, v, s2, n, cv), `abc_t<tag>`
 * (pos = Σ of the positive values, total = Σ of all) and, unless `classes` is false, `abc_k<tag>`
 * (ck, v, has, cv, abc, xyz) for one window to `plan`.
 */
export function addClassesPlan(plan: Plan, tag: string, w: SalesWindow, metric: AbcMetric, th: AbcThresholds, marts: SalesMarts | null, opts: { classes: boolean } = { classes: true }): void {
  const win = precomputedWin(w, marts?.asOf ?? null);
  const p = `abc${tag}`;
  const col = METRIC_COLUMN[metric];
  const spanSql = (has: string, firstOn: string) =>
    `CASE WHEN ${has} THEN datediff('month', greatest($${p}From::DATE, date_trunc('month', ${firstOn})::DATE), $${p}Last::DATE) + 1 END`;
  if (win !== null) {
    plan.ctes.push(`abc_w${tag} AS (SELECT ck, has, v, s2, n, cv, before, abc, xyz FROM mart_abc_windows
      WHERE metric = $abcMetric AND win = ${win}${plan.restricted ? ' AND ck IN (SELECT ck FROM abc_pop)' : ''})`);
    plan.params.abcMetric = metric;
  } else if (marts && marts.months.length) {
    // Two running-sum columns apart.
    const x = wideSums(marts, w, metric, p, plan.restricted);
    plan.ctes.push(`abc_w${tag} AS MATERIALIZED (
        SELECT q.*, ${cvSqlRef('q')} AS cv FROM (
          SELECT x.ck, ${x.has} AS has, ${x.v} AS v, ${x.s2} AS s2, ${x.n(x.has)} AS n
          FROM mart_sales_wide x ${x.join}
          ${plan.restricted ? 'WHERE x.ck IN (SELECT ck FROM abc_pop)' : ''}) q)`);
    Object.assign(plan.params, x.params);
  } else {
    const inPop = plan.restricted ? ' AND ck IN (SELECT ck FROM abc_pop)' : '';
    plan.ctes.push(
      `abc_m${tag} AS (
        SELECT ck, ${col} AS x FROM mart_sales_month WHERE month BETWEEN $${p}From::DATE AND $${p}LastFull::DATE${inPop}
        UNION ALL
        SELECT ck, sum(${col}) AS x FROM mart_sales_day WHERE on_date BETWEEN $${p}Last::DATE AND $${p}AsOf::DATE${inPop} GROUP BY ck)`,
      `abc_g${tag} AS (SELECT ck, sum(x)::BIGINT AS v, sum(x::HUGEINT * x) AS s2 FROM abc_m${tag} GROUP BY ck)`,
      `abc_w${tag} AS MATERIALIZED (
        SELECT q.*, ${cvSqlRef('q')} AS cv FROM (
          SELECT p.ck, g.ck IS NOT NULL AS has, coalesce(g.v, 0) AS v, coalesce(g.s2, 0) AS s2, ${spanSql('g.ck IS NOT NULL', 'p.first_on')} AS n
          FROM abc_pop p LEFT JOIN abc_g${tag} g ON g.ck = p.ck) q)`,
    );
    Object.assign(plan.params, { [`${p}From`]: w.from, [`${p}LastFull`]: w.lastFull, [`${p}Last`]: w.lastMonth, [`${p}AsOf`]: w.asOf });
  }
  plan.ctes.push(totalsSql(`abc_t${tag}`, `abc_w${tag}`));
  // Only the sums and totals (the growth × share view's previous window): no ranking, no CV bands.
  if (!opts.classes) return;
  // The stored `before` and classes rank the whole company: right only when the population is the
  // company; the stored XYZ depends on the client alone, so it holds for any population.
  const storedRank = win !== null && !plan.restricted;
  const defaults = isDefault(th);
  const xyz = win !== null && defaults ? 'w.xyz' : xyzBandSql('w');
  let abc: string;
  if (storedRank) abc = defaults ? 'w.abc' : abcBandSql('w', 'w.before', 't.pos');
  else {
    plan.ctes.push(`abc_r${tag} AS (${abcBoundsSql(`abc_w${tag}`, 'ck', `abc_t${tag}`)})`);
    abc = abcByBoundsSql('w', 'ck', 'r');
  }
  plan.ctes.push(
    // Computed classes are read several times (totals, pairs, lists): computed once; the previous
    // window's are read by the pair alone.
    `abc_k${tag} AS ${(abc === 'w.abc' && xyz === 'w.xyz') || tag === 'p' ? '' : 'MATERIALIZED '}(
      SELECT w.ck, w.v, w.has, w.cv, ${abc} AS abc, ${xyz} AS xyz
      FROM abc_w${tag} w CROSS JOIN abc_t${tag} t${storedRank ? '' : ` CROSS JOIN abc_r${tag} r`})`,
  );
  if (storedRank && abc !== 'w.abc') Object.assign(plan.params, abcBoundParams(th));
  if (!storedRank) Object.assign(plan.params, boundsParams(th));
  if (xyz !== 'w.xyz') Object.assign(plan.params, xyzParams(th));
}

/**
 * Both windows of a pair as one relation, when neither is stored: one scan of mart_sales_wide gives
 * every client's sums for the current window (has, v, s2, n, cv) and the previous one (phas, pv,
 * ps2, pn, pcv), each window ranked on its own (abcBoundsSql), and `abc_pair` is a
 * projection of that row: no join of two 200,000-row relations (~15-30 ms). Adds `abc_wc`,
 * `abc_wp`, `abc_tc`, `abc_tp`, `abc_pair` and `abc_kc`; false (nothing added) when the pair is
 * not for this path.
 */
export function addWidePairPlan(plan: Plan, cur: SalesWindow, prev: SalesWindow, metric: AbcMetric, th: AbcThresholds, marts: SalesMarts | null, prevClasses: boolean): boolean {
  if (!marts || !marts.months.length || precomputedWin(cur, marts.asOf) !== null || precomputedWin(prev, marts.asOf) !== null) return false;
  const c = wideSums(marts, cur, metric, 'abcc', plan.restricted);
  const q = wideSums(marts, prev, metric, 'abcp', plan.restricted);
  plan.ctes.push(
    `abc_wc AS MATERIALIZED (
      SELECT z.*, ${cvSqlRef('z')} AS cv, ${cvSql('z.phas', 'z.pn', 'z.pv', 'z.ps2')} AS pcv FROM (
        SELECT x.ck, ${c.has} AS has, ${c.v} AS v, ${c.s2} AS s2, ${c.n(c.has)} AS n,
          ${q.has} AS phas, ${q.v} AS pv, ${q.s2} AS ps2, ${q.n(q.has)} AS pn
        FROM mart_sales_wide x ${c.join} ${q.join}
        ${plan.restricted ? 'WHERE x.ck IN (SELECT ck FROM abc_pop)' : ''}) z)`,
    `abc_wp AS (SELECT ck, phas AS has, pv AS v FROM abc_wc)`,
    totalsSql('abc_tc', 'abc_wc'),
    totalsSql('abc_tp', 'abc_wp'),
    `abc_rc AS (${abcBoundsSql('abc_wc', 'ck', 'abc_tc')})`,
    ...(prevClasses ? [`abc_rp AS (${abcBoundsSql('abc_wp', 'ck', 'abc_tp')})`] : []),
    `abc_pair AS MATERIALIZED (
      SELECT k.*, ${quadrantSql({ has: 'k.has', phas: 'k.phas', abc: 'k.abc', v: 'k.v', pv: 'k.pv', V: 'tc.total', PV: 'tp.total' })} AS quadrant
      FROM (
        SELECT w.ck, w.v, w.has, w.cv, ${abcByBoundsSql('w', 'ck', 'rc')} AS abc, ${xyzBandSql('w')} AS xyz, w.pv, w.phas,
          ${prevClasses
            ? `w.pcv, ${abcByBoundsSql('w', 'ck', 'rp', 'pv')} AS pabc, ${xyzBandSql('w', 'p')} AS pxyz`
            : 'NULL::DOUBLE AS pcv, NULL::VARCHAR AS pabc, NULL::VARCHAR AS pxyz'}
        FROM abc_wc w CROSS JOIN abc_rc rc${prevClasses ? ' CROSS JOIN abc_rp rp' : ''}
      ) k CROSS JOIN abc_tc tc CROSS JOIN abc_tp tp)`,
    `abc_kc AS (SELECT ck, v, has, cv, abc, xyz FROM abc_pair)`,
  );
  Object.assign(plan.params, c.params, q.params, boundsParams(th), xyzParams(th));
  return true;
}

/**
 * The ABC bounds of a ranking (value `v` descending, ties by `key` ascending) of the rows of
 * `src`, with the positive total `pos` from the one-row `totals`: the last row of the A slice
 * (va, ka) and of the A + B slice (vb, kb), by the exact test of lib/abc/classes.ts. Needs $abcAH,
 * $abcBH. How, without sorting every row (a 200,000-row sort cost ~30 ms):
 *   - `before` only grows down the ranking (strictly: every value counted is positive), so the
 *     rows with before < a % of the positive total are a top slice, and their last is the one with
 *     the largest `before`; likewise for b %;
 *   - rows go into buckets by value, bk = ⌊4·log₂ v⌋, which never decreases as v grows: for
 *     integers below 2⁴⁶ two different values' log₂ differ by more than 2 ulp and log₂ is
 *     accurate to 1 ulp, so the order holds (above 2⁴⁶, one top bucket). So a bucket's rows are
 *     ranked after every row of the buckets above it, and `before` of its first row is the sum
 *     of those buckets (`above`);
 *   - the last row of a slice lies in the lowest bucket whose `above` is still under the bound;
 *     only that bucket's rows (for A and for B) are ranked exactly, ties by key.
 */
export function abcBoundsSql(src: string, key: string, totals: string): string {
  const under = (x: string, bound: string) => `10000 * ${x} < (${bound})::HUGEINT * t.pos`;
  return `WITH b AS (SELECT v, ${key} AS k, CASE WHEN v >= 70368744177664 THEN 1000 ELSE floor(4 * log2(v))::INTEGER END AS bk FROM ${src} WHERE v > 0),
    h AS (SELECT bk, coalesce(sum(sum(v)) OVER (ORDER BY bk DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::HUGEINT AS above FROM b GROUP BY bk),
    cut AS (SELECT max(h.above) FILTER (WHERE ${under('h.above', '$abcAH')}) AS aa, max(h.above) FILTER (WHERE ${under('h.above', '$abcBH')}) AS ab
      FROM h CROSS JOIN ${totals} t),
    amb AS (SELECT h.bk, h.above FROM h CROSS JOIN cut WHERE h.above = cut.aa OR h.above = cut.ab),
    r AS (SELECT b.v, b.k, amb.above + coalesce(sum(b.v) OVER (PARTITION BY b.bk ORDER BY b.v DESC, b.k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM b JOIN amb ON amb.bk = b.bk)
    SELECT arg_max(r.v, r.before) FILTER (WHERE ${under('r.before', '$abcAH')}) AS va, arg_max(r.k, r.before) FILTER (WHERE ${under('r.before', '$abcAH')}) AS ka,
      arg_max(r.v, r.before) FILTER (WHERE ${under('r.before', '$abcBH')}) AS vb, arg_max(r.k, r.before) FILTER (WHERE ${under('r.before', '$abcBH')}) AS kb
    FROM r CROSS JOIN ${totals} t`;
}

/** The ABC class of row `w` (value w.<value>, tie key w.<key>) against the bounds row `r` of abcBoundsSql. */
export function abcByBoundsSql(w: string, key: string, r: string, value = 'v'): string {
  const x = `${w}.${value}`;
  const upTo = (v: string, k: string) => `(${x} > ${r}.${v} OR (${x} = ${r}.${v} AND ${w}.${key} <= ${r}.${k}))`;
  return `CASE WHEN ${x} <= 0 THEN 'C' WHEN ${upTo('va', 'ka')} THEN 'A' WHEN ${upTo('vb', 'kb')} THEN 'B' ELSE 'C' END`;
}

/** `<name> AS (pos = Σ of the positive values, total = Σ of all)` over the rows of `src`. */
export const totalsSql = (name: string, src: string) =>
  `${name} AS (SELECT coalesce(sum(v) FILTER (WHERE v > 0), 0)::HUGEINT AS pos, coalesce(sum(v), 0)::HUGEINT AS total FROM ${src})`;

/** The parameters abcBoundsSql needs: the ABC bounds in hundredths of a percent. */
export const boundsParams = (th: AbcThresholds) => ({ abcAH: hundredths(th.a), abcBH: hundredths(th.b) });

/** The parameters xyzBandSql needs. */
const xyzParams = (th: AbcThresholds) => ({ abcX: th.x, abcY: th.y, abcX2: hundredths(th.x) ** 2, abcY2: hundredths(th.y) ** 2 });

/** Whether a pair of windows is the stored default one (mart_abc_windows' win 0 and win 1). */
export const isStoredPair = (cur: SalesWindow, prev: SalesWindow, martAsOf: string | null) =>
  precomputedWin(cur, martAsOf) === 0 && precomputedWin(prev, martAsOf) === 1;

/** The parameters abcBandSql (the ABC class of `w.v` with `before` and `pos` SQL expressions) needs. */
export const abcBoundParams = (th: AbcThresholds) => ({ abcA: th.a, abcB: th.b, ...boundsParams(th) });

const cvSqlRef = (q: string) => cvSql(`${q}.has`, `${q}.n`, `${q}.v`, `${q}.s2`);

/** `WITH …` of a plan. */
export const withSql = (plan: Plan) => `WITH ${plan.ctes.join(',\n')}`;
