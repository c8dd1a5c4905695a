// The sales marts behind ABC/XYZ and the growth × share view (spec/metrics.md "ABC / XYZ classes
// of clients", "Growth × share matrix"), rebuilt from `sales`, `clients` and `specialists` once per
// applied load (migration 9):
//   mart_sales_client  one row per client: a dense integer key `ck` in client_id order (so "ties by
//                      client id" is "ties by ck", and grouping and sorting run on an integer), the
//                      client's current specialist (the scope key), team, holding, segment, and the
//                      day of its first sale ever (XYZ counts months from it);
//   mart_sales_day     Σ revenue, Σ (revenue − cost) in kopecks and count(sales) per (day, client),
//                      sorted by day: the partial month of D is read from here ("as known on D");
//   mart_sales_month   the same per (month, client), sorted by month: the window's full months;
//   mart_abc_windows   per (metric, window, client with sales in it) the window sum, the sum of
//                      squared monthly sums, the span in months and `before` (Σ of the positive
//                      values ranked above it, the whole company) for the default view: D = the
//                      newest applied extract's as-of, 12 months, and the window 12 months before.
// Money is kept in whole kopecks (BIGINT) so sums, squares and the 80 % / CV bounds compare exactly.
// At 200,000 clients × 24 months (10M sales) a request over the month mart still has to group 2M
// rows and sort 200,000 clients (0.3–0.5 s on 2 busy cores); over mart_abc_windows the default view
// reads one pre-ranked row per client (scripts/bench/ABC.md).
import type { DuckDBConnection } from '@duckdb/node-api';
import { getDb } from '../db';
import { warehousePath } from '../env';
import { logger } from '../log';

const log = logger('abc-mart');

/** mart_state row of these marts; the suffix changes when a mart changes, forcing one rebuild. */
export const ABC_MART_STATE = 'abc-marts@1';
/** The default view the window mart holds (metrics.md: "12 calendar months ending with the month of D"). */
export const MART_MONTHS = 12;

/* sql */
const CLIENT_SQL = `
INSERT INTO mart_sales_client
SELECT (row_number() OVER (ORDER BY c.client_id))::INTEGER AS ck, c.client_id, c.specialist_id, s.team_id, c.holding_id, c.segment, f.first_on
FROM clients c
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
LEFT JOIN (SELECT client_id, min(date) AS first_on FROM sales GROUP BY client_id) f ON f.client_id = c.client_id
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
/* sql */
const WINDOWS_SQL = `
INSERT INTO mart_abc_windows
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
  SELECT s.win, w.as_of, 'revenue' AS metric, s.ck, s.r AS v, s.r2 AS s2, w.w_from, w.w_last FROM sums s JOIN wins w USING (win)
  UNION ALL SELECT s.win, w.as_of, 'gross_profit', s.ck, s.g, s.g2, w.w_from, w.w_last FROM sums s JOIN wins w USING (win)
  UNION ALL SELECT s.win, w.as_of, 'sales_count', s.ck, s.n, s.n2, w.w_from, w.w_last FROM sums s JOIN wins w USING (win)
)
SELECT p.metric, p.win::TINYINT, p.as_of, p.ck, p.v, p.s2,
  -- XYZ span: from the later of the window start and the month of the first sale ever, to the month of D.
  (datediff('month', greatest(p.w_from, date_trunc('month', k.first_on)::DATE), p.w_last) + 1)::SMALLINT AS n,
  -- ABC: Σ of the positive values ranked above (value descending, ties by client id).
  -- Sorted descending, every row above a positive one is positive.
  CASE WHEN p.v > 0 THEN coalesce(sum(p.v) OVER (PARTITION BY p.metric, p.win ORDER BY p.v DESC, p.ck
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) END::BIGINT AS before
FROM per p JOIN mart_sales_client k ON k.ck = p.ck
ORDER BY p.metric, p.win, p.ck`;

/** The marts in build order (later ones read earlier ones). */
export const abcMartBuilds: ReadonlyArray<{ table: string; sql: string }> = [
  { table: 'mart_sales_client', sql: CLIENT_SQL },
  { table: 'mart_sales_day', sql: DAY_SQL },
  { table: 'mart_sales_month', sql: MONTH_SQL },
  { table: 'mart_abc_windows', sql: WINDOWS_SQL },
];

/**
 * Rebuild the sales marts on `con` inside the caller's open transaction and record `loadId` as
 * the load they reflect. Meant for the loader, right after the payment marts (rebuildMarts), so
 * readers see new sales and new marts at the same instant.
 */
export async function rebuildAbcMarts(con: DuckDBConnection, loadId: number | null): Promise<number> {
  const started = Date.now();
  for (const b of abcMartBuilds) {
    await con.run(`DELETE FROM ${b.table}`);
    await con.run(b.sql);
  }
  const ms = Date.now() - started;
  await con.run(`INSERT OR REPLACE INTO mart_state (name, load_id, build_ms) VALUES ($n, $id, $ms)`, { n: ABC_MART_STATE, id: loadId, ms });
  log.info(`sales marts rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

async function latestLoadId(con: DuckDBConnection): Promise<number | null> {
  const r = (await con.runAndReadAll(`SELECT max(load_id)::BIGINT AS id FROM load_log WHERE outcome = 'applied'`)).getRowObjectsJson();
  return r[0]?.id == null ? null : Number(r[0].id);
}

/** Rebuild when an applied load is newer than the one the marts were built from. */
async function refresh(con: DuckDBConnection): Promise<void> {
  await con.run('BEGIN TRANSACTION');
  try {
    const loadId = await latestLoadId(con);
    const state = (await con.runAndReadAll(`SELECT load_id::BIGINT AS id FROM mart_state WHERE name = $n`, { n: ABC_MART_STATE })).getRowObjectsJson();
    const built = state.length ? (state[0].id == null ? null : Number(state[0].id)) : undefined;
    if (built === loadId && built !== undefined) {
      await con.run('COMMIT');
      return;
    }
    await rebuildAbcMarts(con, loadId);
    await con.run('COMMIT');
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

// Memo of the build for (warehouse file, newest load): tests open many warehouses in one process.
const g = globalThis as unknown as { __abcMart?: { key: string; promise: Promise<void> } };

/**
 * Make sure the sales marts reflect the newest applied load; call before reading them. One build
 * per load per process (concurrent callers share it); reads during a build see the previous marts.
 */
export async function ensureAbcMart(): Promise<void> {
  const db = await getDb();
  const con = await db.connect();
  try {
    const key = `${warehousePath()}#${await latestLoadId(con)}`;
    const cur = g.__abcMart;
    if (cur && cur.key === key) return await cur.promise;
    const promise = (async () => {
      const c = await db.connect();
      try { await refresh(c); } finally { c.closeSync(); }
    })();
    g.__abcMart = { key, promise };
    promise.catch(() => { if (g.__abcMart?.promise === promise) g.__abcMart = undefined; });
    await promise;
  } finally {
    con.closeSync();
  }
}
