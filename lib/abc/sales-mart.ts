// The sales marts behind ABC/XYZ and the growth × share view (spec/metrics.md "ABC / XYZ classes
// of clients", "Growth × share matrix"), rebuilt from `sales`, `clients` and `specialists` once per
// applied load (migration 9):
//   mart_sales_client  one row per client: a dense integer key `ck` in client_id order (so "ties by
//                      client id" is "ties by ck", and grouping and sorting run on an integer), the
//                      client's current specialist (the scope key), team, holding, segment, the
//                      day of its first sale ever (XYZ counts months from it), and `hk`, its point
//                      in the growth × share view by holding (minus the holding's first ck, or ck);
//   mart_sales_day     Σ revenue, Σ (revenue − cost) in kopecks and count(sales) per (day, client),
//                      sorted by day: the partial month of D is read from here ("as known on D");
//   mart_sales_month   the same per (month, client), sorted by month: the window's full months;
//   mart_abc_windows   per (metric, window, client) the window sum, the sum of squared monthly
//                      sums, the span in months, `before` (Σ of the positive values ranked above
//                      it, the whole company), the CV and the classes at the default bounds, for
//                      the default view: D = the newest applied extract's as-of, 12 months, and the
//                      window 12 months before; the current window's rows also carry the previous
//                      window's figures and the growth × share quadrant;
//   mart_sales_wide    one row per client, one column per stored month and metric: the running sum
//                      of the monthly sums up to that month (r_/g_/n_YYYYMM) and of their squares
//                      (rq_/gq_/nq_YYYYMM), so any other window's sum and Σ of squares is the
//                      difference of two columns (lib/abc/plan.ts), not a grouping of 200,000 × L
//                      month rows; and each month's sums up to D's day of the month (rd_/gd_/nd_),
//                      for the windows that end D shifted back by whole months;
//                      mart_sales_wide_months lists the months with the last sale day of each (a
//                      month of D is whole "as known on D" when no sale in it is later) and the day
//                      its partial sums run to (part_on).
// Money is kept in whole kopecks (BIGINT) so sums, squares and the 80 % / CV bounds compare exactly.
// At 200,000 clients × 24 months (10M sales) a request over the month mart still has to group 2M
// rows and sort 200,000 clients (0.3–0.5 s on 2 busy cores); over mart_abc_windows the default view
// reads one pre-ranked row per client (scripts/bench/ABC.md).
// The loader builds them inside each load's transaction through lib/derived/registry.ts, which
// decides per load what to redo (abcWindowsCurrent, wideSameDay); readers only query them.
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable } from '../db';
import { logger } from '../log';
import { abcExactSql, cvSql, DEFAULT_THRESHOLDS, hundredths, quadrantSql, xyzExactSql } from './classes';

const log = logger('abc-mart');

/** The default view the window mart holds (metrics.md: "12 calendar months ending with the month of D"). */
export const MART_MONTHS = 12;

/* sql */
const CLIENT_SQL = `
INSERT INTO mart_sales_client (ck, client_id, specialist_id, team_id, holding_id, segment, first_on, hk)
SELECT ck, client_id, specialist_id, team_id, holding_id, segment, first_on,
  -- The growth × share point a client belongs to by holding: minus the holding's first ck, or its own ck.
  CASE WHEN holding_id IS NULL THEN ck ELSE -min(ck) OVER (PARTITION BY holding_id) END AS hk
FROM (
  SELECT (row_number() OVER (ORDER BY c.client_id))::INTEGER AS ck, c.client_id, c.specialist_id, s.team_id, c.holding_id, c.segment, f.first_on
  FROM clients c
  LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
  LEFT JOIN (SELECT client_id, min(date) AS first_on FROM sales GROUP BY client_id) f ON f.client_id = c.client_id)
ORDER BY ck`;

/* sql */
const DAY_SQL = `
INSERT INTO mart_sales_day
SELECT s.date AS on_date, k.ck, sum(s.revenue * 100)::BIGINT AS revenue, sum((s.revenue - s.cost) * 100)::BIGINT AS gross_profit,
       count(*)::INTEGER AS sales
FROM sales s JOIN mart_sales_client k ON k.client_id = s.client_id
GROUP BY ALL
ORDER BY on_date, k.ck`;

/* sql */
const MONTH_SQL = `
INSERT INTO mart_sales_month
SELECT date_trunc('month', on_date)::DATE AS month, ck, sum(revenue)::BIGINT, sum(gross_profit)::BIGINT, sum(sales)::INTEGER
FROM mart_sales_day
GROUP BY ALL
ORDER BY month, ck`;

// The default windows: D = the newest applied extract's as-of (the one getLatestAsOf() gives),
// win 0 = the 12 months ending with the month of D as known on D, win 1 = the same 12 months
// before, as known on D − 12 months (DuckDB clamps 29 Feb − 12 months to 28 Feb, like shiftAsOf).
// One row per (metric, window, client), clients without sales included, with the classes at the
// default bounds ranked company-wide: the executive's default view is one filtered scan, no join,
// no sort. Recreated (not refilled) by each build, so its columns live here, not in migration 9.
/* sql */
const WINDOWS_SQL = `
CREATE OR REPLACE TABLE mart_abc_windows AS
WITH d AS (
  SELECT as_of FROM load_log WHERE outcome = 'applied' AND as_of IS NOT NULL ORDER BY extract_id DESC, load_id DESC LIMIT 1
),
wins AS (
  SELECT win, a AS as_of, (date_trunc('month', a) - INTERVAL ${MART_MONTHS - 1} MONTH)::DATE AS w_from,
         date_trunc('month', a)::DATE AS w_last, (date_trunc('month', a) - INTERVAL 1 MONTH)::DATE AS w_last_full
  FROM (SELECT 0 AS win, as_of AS a FROM d UNION ALL SELECT 1, (as_of - INTERVAL ${MART_MONTHS} MONTH)::DATE FROM d)
),
-- Monthly sums in the window: its full months, plus the month of D summed up to D.
monthly AS (
  SELECT w.win, m.ck, m.revenue, m.gross_profit, m.sales FROM wins w JOIN mart_sales_month m ON m.month BETWEEN w.w_from AND w.w_last_full
  UNION ALL
  SELECT w.win, s.ck, sum(s.revenue), sum(s.gross_profit), sum(s.sales) FROM wins w JOIN mart_sales_day s ON s.on_date BETWEEN w.w_last AND w.as_of
  GROUP BY w.win, s.ck
),
sums AS (
  SELECT win, ck,
    sum(revenue)::BIGINT AS r, sum(revenue::HUGEINT * revenue) AS r2,
    sum(gross_profit)::BIGINT AS g, sum(gross_profit::HUGEINT * gross_profit) AS g2,
    sum(sales)::BIGINT AS n, sum(sales::HUGEINT * sales) AS n2
  FROM monthly GROUP BY win, ck
),
per AS (
  SELECT win, 'revenue' AS metric, ck, r AS v, r2 AS s2 FROM sums
  UNION ALL SELECT win, 'gross_profit', ck, g, g2 FROM sums
  UNION ALL SELECT win, 'sales_count', ck, n, n2 FROM sums
),
every AS (
  SELECT m.metric, w.win, w.as_of, k.ck, p.ck IS NOT NULL AS has, coalesce(p.v, 0) AS v, coalesce(p.s2, 0) AS s2,
    -- XYZ span: from the later of the window start and the month of the first sale ever, to the month of D.
    CASE WHEN p.ck IS NOT NULL THEN datediff('month', greatest(w.w_from, date_trunc('month', k.first_on)::DATE), w.w_last) + 1 END AS n
  FROM (SELECT unnest(['revenue', 'gross_profit', 'sales_count']) AS metric) m CROSS JOIN wins w CROSS JOIN mart_sales_client k
  LEFT JOIN per p ON p.metric = m.metric AND p.win = w.win AND p.ck = k.ck
),
ranked AS (
  SELECT *,
    -- ABC: Σ of the positive values ranked above (value descending, ties by client id); sorted
    -- descending, every row above a positive one is positive.
    CASE WHEN v > 0 THEN coalesce(sum(v) OVER (PARTITION BY metric, win ORDER BY v DESC, ck
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END AS before,
    sum(CASE WHEN v > 0 THEN v ELSE 0 END) OVER (PARTITION BY metric, win) AS pos,
    sum(v) OVER (PARTITION BY metric, win) AS total
  FROM every
),
classed AS MATERIALIZED (
  SELECT *, ${cvSql('has', 'n', 'v', 's2')} AS cv,
    ${abcExactSql('v', 'before', 'pos', String(hundredths(DEFAULT_THRESHOLDS.a)), String(hundredths(DEFAULT_THRESHOLDS.b)))} AS abc,
    ${xyzExactSql('has', 'n', 'v', 's2', String(hundredths(DEFAULT_THRESHOLDS.x) ** 2), String(hundredths(DEFAULT_THRESHOLDS.y) ** 2))} AS xyz
  FROM ranked
),
cur AS (SELECT * FROM classed WHERE win = 0),
prv AS (SELECT * FROM classed WHERE win = 1)
-- Window 0 rows also carry window 1's figures and the growth × share quadrant (lib/abc/bcg-plan.ts).
-- (Every client has a row in both windows, so the join is one to one; plain equalities keep it a hash join.)
SELECT c.metric, c.win::TINYINT AS win, c.as_of, c.ck, c.has, c.v::BIGINT AS v, c.s2::HUGEINT AS s2, c.n::SMALLINT AS n,
  c.before::BIGINT AS before, c.pos::HUGEINT AS pos, c.cv, c.abc, c.xyz,
  p.v::BIGINT AS pv, p.has AS phas, p.cv AS pcv, p.abc AS pabc, p.xyz AS pxyz,
  ${quadrantSql({ has: 'c.has', phas: 'p.has', abc: 'c.abc', v: 'c.v', pv: 'p.v', V: 'c.total', PV: 'p.total' })} AS quadrant
FROM cur c LEFT JOIN prv p ON p.metric = c.metric AND p.ck = c.ck
UNION ALL
SELECT metric, win::TINYINT, as_of, ck, has, v::BIGINT, s2::HUGEINT, n::SMALLINT, before::BIGINT, pos::HUGEINT, cv, abc, xyz,
  NULL::BIGINT, NULL::BOOLEAN, NULL::DOUBLE, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR
FROM prv
ORDER BY metric, win, ck`;

/** The marts in build order (later ones read earlier ones). */
export const abcMartBuilds: ReadonlyArray<{ table: string; sql: string; recreate?: boolean }> = [
  { table: 'mart_sales_client', sql: CLIENT_SQL },
  { table: 'mart_sales_day', sql: DAY_SQL },
  { table: 'mart_sales_month', sql: MONTH_SQL },
  { table: 'mart_abc_windows', sql: WINDOWS_SQL, recreate: true },
];

/** The metrics' columns in mart_sales_month and their prefixes in mart_sales_wide. */
export const WIDE_PREFIX = { revenue: 'r', gross_profit: 'g', sales: 'n' } as const;

/** `YYYYMM` of a month's first day `YYYY-MM-01`: the suffix of its mart_sales_wide columns. */
export const wideKey = (month: string) => `${month.slice(0, 4)}${month.slice(5, 7)}`;

/**
 * mart_sales_wide and mart_sales_wide_months from mart_sales_month / mart_sales_day, on `con`
 * (its columns depend on the months stored, so it is recreated). One join per month on the dense
 * client key, each month's running sums built from the month before. Also per month, the sums of
 * its days up to D's day of the month (rd_/gd_/nd_YYYYMM, through part_on; D = the newest applied
 * extract's as-of): the previous windows of the views are D shifted back by whole months, and
 * this makes their partial month a column too instead of a grouping of the day mart (~30 ms at
 * 200,000 clients). So the build depends on D and runs again when D moves (~3 s).
 */
async function buildWide(con: DuckDBConnection, batchSize: number): Promise<void> {
  // D's day of the month, clamped to each month's length, as shiftAsOf clamps it.
  await con.run(`CREATE OR REPLACE TABLE mart_sales_wide_months AS
    WITH d AS (SELECT day(as_of) AS dd FROM load_log WHERE outcome = 'applied' AND as_of IS NOT NULL ORDER BY extract_id DESC, load_id DESC LIMIT 1)
    SELECT m.month, m.last_on, CASE WHEN d.dd IS NOT NULL THEN least(m.month + (d.dd - 1)::INTEGER, last_day(m.month)) END AS part_on
    FROM (SELECT date_trunc('month', on_date)::DATE AS month, max(on_date) AS last_on FROM mart_sales_day GROUP BY 1) m
    LEFT JOIN d ON TRUE
    ORDER BY 1`);
  const months = (await con.runAndReadAll(`SELECT strftime(month, '%Y-%m-%d') AS m, strftime(part_on, '%Y-%m-%d') AS p FROM mart_sales_wide_months ORDER BY month`))
    .getRowObjectsJson().map((r) => ({ month: String(r.m), partOn: r.p === null ? null : String(r.p) }));
  const cols: string[] = [];
  const joins: string[] = [];
  const params: Record<string, unknown> = {};
  months.forEach(({ month, partOn }, i) => {
    const key = wideKey(month);
    params[`m${i}`] = month;
    joins.push(`LEFT JOIN (SELECT ck, revenue, gross_profit, sales FROM mart_sales_month WHERE month = $m${i}::DATE AND ck BETWEEN $lo AND $hi) m${i} ON m${i}.ck = k.ck`);
    if (partOn) {
      params[`p${i}`] = partOn;
      joins.push(`LEFT JOIN (SELECT ck, sum(revenue) AS revenue, sum(gross_profit) AS gross_profit, sum(sales) AS sales FROM mart_sales_day
        WHERE on_date BETWEEN $m${i}::DATE AND $p${i}::DATE AND ck BETWEEN $lo AND $hi GROUP BY ck) d${i} ON d${i}.ck = k.ck`);
    }
    for (const [col, p] of Object.entries(WIDE_PREFIX)) {
      const x = `coalesce(m${i}.${col}, 0)::BIGINT`;
      const prev = i > 0 ? wideKey(months[i - 1].month) : null;
      // DuckDB lets a select list use the aliases before it: each month adds to the month before.
      cols.push(`${prev ? `${p}_${prev} + ` : ''}${x} AS ${p}_${key}`);
      cols.push(`${prev ? `${p}q_${prev} + ` : ''}${x}::HUGEINT * ${x} AS ${p}q_${key}`);
      if (partOn) cols.push(`coalesce(d${i}.${col}, 0)::BIGINT AS ${p}d_${key}`);
    }
  });
  // In batches of wideBatch() clients (dense keys, in order): one statement joins every month, and
  // for the whole company at once its hash tables and sort ran out of the loader's memory budget
  // (issue 21: at a million clients, 216 columns per client).
  const select = `SELECT k.ck, k.first_on, (year(k.first_on) * 12 + month(k.first_on) - 1)::INTEGER AS first_mi${cols.length ? `, ${cols.join(', ')}` : ''}
    FROM mart_sales_client k ${joins.join(' ')}
    WHERE k.ck BETWEEN $lo AND $hi
    ORDER BY k.ck`;
  const [n] = (await con.runAndReadAll('SELECT coalesce(max(ck), 0)::INTEGER AS n FROM mart_sales_client')).getRowObjectsJson();
  const last = Number(n?.n ?? 0);
  for (let lo = 1; lo === 1 || lo <= last; lo += batchSize) {
    const batch = { ...params, lo, hi: lo + batchSize - 1 };
    await con.run(lo === 1 ? `CREATE OR REPLACE TABLE mart_sales_wide AS ${select}` : `INSERT INTO mart_sales_wide ${select}`, bindable(batch) as never);
  }
}

/**
 * Clients per statement of the running sums' build: about 25 KB of DuckDB memory per client of a
 * batch (200,000 clients in one statement ran out of 1.2 GB, 50,000 did not), from this process's
 * budget (DUCKDB_MEMORY_MB, lib/serve/memory.ts); 200,000 without one. Fewer statements are faster
 * (200,000 clients: 8 s in one, 12 s in four).
 */
export function wideBatch(memoryMb = Number(process.env.DUCKDB_MEMORY_MB)): number {
  return Number.isFinite(memoryMb) && memoryMb > 0 ? Math.max(10_000, Math.floor(memoryMb * 40)) : 200_000;
}

/**
 * Rebuild the sales marts on `con` inside the caller's open transaction (the loader's: the
 * registry records `loadId` as the load they reflect), so readers see new sales and new marts at
 * the same instant; `only: 'windows'` redoes the default windows alone (D moved, no sale changed).
 */
export async function rebuildAbcMarts(con: DuckDBConnection, loadId: number | null, only?: 'windows'): Promise<number> {
  const started = Date.now();
  for (const b of only ? abcMartBuilds.filter((x) => x.table === 'mart_abc_windows') : abcMartBuilds) {
    if (!b.recreate) await con.run(`DELETE FROM ${b.table}`);
    await con.run(b.sql);
  }
  const ms = Date.now() - started;
  log.info(`sales ${only ? 'windows' : 'marts'} rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

/** Whether mart_abc_windows holds the windows of the newest applied extract's as-of (its D). */
export async function abcWindowsCurrent(con: DuckDBConnection): Promise<boolean> {
  const r = (await con.runAndReadAll(/* sql */ `SELECT
    (SELECT max(as_of) FROM mart_abc_windows WHERE win = 0) IS NOT DISTINCT FROM
    (SELECT as_of FROM load_log WHERE outcome = 'applied' AND as_of IS NOT NULL ORDER BY extract_id DESC, load_id DESC LIMIT 1) AS same`)).getRowObjectsJson();
  return r[0]?.same === true;
}

/**
 * Rebuild the running sums (mart_sales_wide + _months) on `con` inside the caller's open
 * transaction, after the sales marts they are made of; returns the build time in ms.
 */
export async function rebuildSalesWide(con: DuckDBConnection, loadId: number | null, batchSize = wideBatch()): Promise<number> {
  const started = Date.now();
  await buildWide(con, batchSize);
  const ms = Date.now() - started;
  log.info(`sales running sums rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

/**
 * Whether mart_sales_wide's partial months run to the newest applied extract's day of the month:
 * after a load that changed no sale, client or specialist (the midday payments extract) with D on
 * the same day of the month, the running sums hold as they are.
 */
export async function wideSameDay(con: DuckDBConnection): Promise<boolean> {
  const r = (await con.runAndReadAll(/* sql */ `SELECT
    (SELECT max(day(part_on)) FROM mart_sales_wide_months) IS NOT DISTINCT FROM
    (SELECT day(as_of) FROM load_log WHERE outcome = 'applied' AND as_of IS NOT NULL ORDER BY extract_id DESC, load_id DESC LIMIT 1) AS same`)).getRowObjectsJson();
  return r[0]?.same === true;
}
