// The payment mart (spec/metrics.md, "Payment %"): one row per dated change of an invoice's
// billed or collected amount, so that every payment figure "as known on D" is a plain filtered sum:
//   billed(S, D)    = Σ billed    over rows of S with on_date ≤ D   (an invoice counts from issued_on)
//   collected(S, D) = Σ collected over rows of S with on_date ≤ D   (= min(amount, Σ payments paid_on ≤ D))
// Payments are capped per invoice as they accumulate (overpayment never pushes an invoice above
// 100 %), and a payment made before its invoice was issued counts from issued_on, when the invoice
// itself starts to count. The other marts (daily cumulative sums, open debt, acts; migration v4)
// are derived from it and from acts for the reads at 200,000 clients (scripts/bench/PAYMENTS.md).
// The loader builds them inside each extract's transaction, through the derived tables registry
// (lib/derived/registry.ts: rebuildMarts, or refreshMarts for a delta); readers only query them.
import type { DuckDBConnection } from '@duckdb/node-api';
import { logger } from '../log';
import { lateSql } from './invoice-forecast';

const log = logger('payment-mart');

export const MART = 'mart_payment_events';
/** How the last builds in this process went (diagnostics and tests). */
const refreshes: Array<'full' | 'touched' | 'none'> = [];
export const martRefreshes = (): ReadonlyArray<'full' | 'touched' | 'none'> => refreshes;

/**
 * Which rows a build covers: every one, or only those a delta touched (the invoices in
 * _mart_inv, the (period, owner, team, specialist) groups in _mart_keys, the acts in _mart_act;
 * temporary tables of the load's connection, see refreshMarts).
 */
type Part = 'all' | 'touched';

/* sql */
const eventsSql = (part: Part) => `
INSERT INTO mart_payment_events
WITH inv AS (
  -- Grouping by specialist uses the invoice's specialist (owner when issued), else the client's current one.
  SELECT i.invoice_id, i.client_id, c.specialist_id, coalesce(i.specialist_id, c.specialist_id) AS owner_id,
         i.period, i.issued_on, i.due_on, i.amount
  FROM invoices i JOIN clients c ON c.client_id = i.client_id
  ${part === 'touched' ? 'WHERE i.invoice_id IN (SELECT invoice_id FROM _mart_inv)' : ''}
),
pay AS (
  SELECT invoice_id, paid_on, sum(amount) AS amount FROM payments
  ${part === 'touched' ? 'WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)' : ''}
  GROUP BY invoice_id, paid_on
),
capped AS (
  -- Collected on the invoice up to each payment day, never above its amount.
  SELECT pay.invoice_id, pay.paid_on, inv.issued_on, inv.amount AS invoice_amount,
         least(sum(pay.amount) OVER (PARTITION BY pay.invoice_id ORDER BY pay.paid_on), inv.amount) AS upto
  FROM pay JOIN inv ON inv.invoice_id = pay.invoice_id
),
steps AS (
  SELECT invoice_id, greatest(paid_on, issued_on) AS on_date, invoice_amount, upto,
         upto - coalesce(lag(upto) OVER (PARTITION BY invoice_id ORDER BY paid_on), 0) AS collected
  FROM capped
),
full_on AS (
  SELECT invoice_id, min(on_date) AS full_on FROM steps WHERE upto >= invoice_amount GROUP BY invoice_id
),
inv2 AS (
  SELECT inv.*, s.team_id,
         -- An invoice of 0 ₽ is fully collected the day it is issued.
         CASE WHEN inv.amount <= 0 THEN inv.issued_on ELSE f.full_on END AS full_on
  FROM inv LEFT JOIN specialists s ON s.specialist_id = inv.owner_id LEFT JOIN full_on f ON f.invoice_id = inv.invoice_id
)
SELECT period, on_date, invoice_id, client_id, specialist_id, owner_id, team_id, due_on, full_on, billed, collected FROM (
  SELECT period, issued_on AS on_date, invoice_id, client_id, specialist_id, owner_id, team_id, due_on, full_on,
         amount AS billed, 0::DECIMAL(18,2) AS collected
  FROM inv2
  UNION ALL
  SELECT inv2.period, steps.on_date, inv2.invoice_id, inv2.client_id, inv2.specialist_id, inv2.owner_id, inv2.team_id, inv2.due_on, inv2.full_on,
         0::DECIMAL(18,2), steps.collected
  FROM steps JOIN inv2 ON inv2.invoice_id = steps.invoice_id
  WHERE steps.collected > 0
)
-- Sorted by period: every query filters on a period range, and DuckDB's zone maps then skip the rest.
ORDER BY period, on_date`;

/* sql */
const daycumSql = (part: Part) => `
INSERT INTO mart_payment_daycum
WITH agg AS (
  -- Each row on its day of the period: 1 for on_date on or before the 1st (an invoice issued
  -- early), 32 for after the period's last day up to its quarter's last day (counted only in
  -- _qend); later rows are not known "as of" any day of the quarter.
  SELECT period, owner_id, team_id, specialist_id,
         CASE WHEN on_date <= last_day(first_on) THEN greatest(1, on_date - first_on + 1) ELSE 32 END::TINYINT AS day,
         sum(billed) AS billed, sum(collected) AS collected
  FROM (SELECT e.*, (e.period || '-01')::DATE AS first_on FROM mart_payment_events e
        ${part === 'touched' ? `SEMI JOIN _mart_keys k ON ${keyMatch('e', 'k')} WHERE e.period IN (SELECT period FROM _mart_keys)` : ''})
  WHERE on_date <= last_day(date_trunc('quarter', first_on) + INTERVAL 2 MONTH)
  GROUP BY ALL
),
-- Each (period, owner, team, specialist) once, numbered: windows and joins then run on an integer.
keys AS (SELECT (row_number() OVER ())::INTEGER AS kid, * FROM (SELECT DISTINCT period, owner_id, team_id, specialist_id FROM agg)),
inc AS (
  SELECT k.kid, a.day, a.billed, a.collected FROM agg a JOIN keys k ON k.period = a.period
    AND k.owner_id IS NOT DISTINCT FROM a.owner_id AND k.team_id IS NOT DISTINCT FROM a.team_id
    AND k.specialist_id IS NOT DISTINCT FROM a.specialist_id
),
tot AS (
  SELECT kid, sum(billed) FILTER (WHERE day <= 31) AS billed_end, sum(collected) FILTER (WHERE day <= 31) AS collected_end,
         sum(billed) AS billed_qend, sum(collected) AS collected_qend
  FROM inc GROUP BY kid
),
steps AS (
  -- The running sums at each day something happened (plus day 1 for every key, so every day is
  -- covered), each valid until the next such day.
  SELECT kid, day, sum(billed) OVER w AS billed, sum(collected) OVER w AS collected, lead(day, 1, 32) OVER w AS next_day
  FROM (SELECT kid, day, sum(billed) AS billed, sum(collected) AS collected
        FROM (SELECT kid, day, billed, collected FROM inc WHERE day <= 31 UNION ALL SELECT kid, 1, 0, 0 FROM keys)
        GROUP BY kid, day)
  WINDOW w AS (PARTITION BY kid ORDER BY day)
),
days AS (SELECT kid, unnest(range(day, next_day))::TINYINT AS day, billed, collected FROM steps)
SELECT d.day, k.period, k.owner_id, k.team_id, k.specialist_id, d.billed, d.collected,
       coalesce(t.billed_end, 0), coalesce(t.collected_end, 0), t.billed_qend, t.collected_qend
FROM days d JOIN keys k ON k.kid = d.kid JOIN tot t ON t.kid = d.kid
-- Sorted by (day, period): the forecast reads one day of 13 periods, and zone maps skip the rest.
ORDER BY d.day, k.period`;

/* sql */
const debtSql = (part: Part, inPeriods = '') => `
INSERT INTO mart_debt_events (open_until, period, on_date, client_id, specialist_id, owner_id, team_id, due_on, billed, collected, invoice_id)
SELECT coalesce(full_on, DATE '9999-12-31') AS open_until, period, on_date, client_id, specialist_id, owner_id, team_id,
       due_on, billed, collected, invoice_id
FROM mart_payment_events
-- A row on or after its invoice's full day is never part of an open debt.
WHERE (full_on IS NULL OR on_date < full_on)
  ${part === 'touched' ? `AND invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}` : ''}
ORDER BY open_until, period`;

/* sql */
const actsSql = (part: Part) => `
INSERT INTO mart_act_events
SELECT coalesce(a.returned_on, DATE '9999-12-31') AS open_until, a.issued_on, a.period, a.act_id, a.client_id,
       c.specialist_id, coalesce(a.specialist_id, c.specialist_id) AS owner_id, s.team_id
FROM acts a
JOIN clients c ON c.client_id = a.client_id
LEFT JOIN specialists s ON s.specialist_id = coalesce(a.specialist_id, c.specialist_id)
-- Returned the day it was issued (or before): never "not returned" on any day.
WHERE (a.returned_on IS NULL OR a.returned_on > a.issued_on)
  ${part === 'touched' ? 'AND a.act_id IN (SELECT act_id FROM _mart_act)' : ''}
ORDER BY open_until, a.issued_on`;

/* sql */
const invoiceSql = (part: Part, inPeriods = '') => `
INSERT INTO mart_invoice
WITH ev AS (
  SELECT * FROM mart_payment_events
  ${part === 'touched' ? `WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}` : ''}
)
-- Each invoice's one billed row (collected rows always carry collected > 0), with what its
-- payments had collected by its period's last day.
SELECT b.period, b.invoice_id, b.client_id, c.segment, b.specialist_id, b.owner_id, b.team_id, b.on_date, b.due_on, b.full_on,
       b.billed, coalesce(p.collected_end, 0), (${lateSql('b')})::SMALLINT
FROM ev b
JOIN clients c ON c.client_id = b.client_id
LEFT JOIN (SELECT invoice_id, sum(collected) AS collected_end FROM ev
           WHERE collected > 0 AND on_date <= last_day((period || '-01')::DATE) GROUP BY invoice_id) p ON p.invoice_id = b.invoice_id
WHERE b.collected = 0
ORDER BY b.period, b.due_on`;

/* sql */
const lateHistSql = `
INSERT INTO mart_late_hist
SELECT due_on, segment, late, count(*)::INTEGER FROM mart_invoice WHERE amount > 0 GROUP BY ALL ORDER BY due_on`;

/* sql */
const clientLateSql = (part: Part) => `
INSERT INTO mart_client_late
SELECT client_id, list(due_on), list(late)
FROM mart_invoice WHERE amount > 0
  ${part === 'touched' ? 'AND client_id IN (SELECT client_id FROM _mart_late_cli)' : ''}
GROUP BY client_id`;

/** Null-safe equality of two relations' (period, owner, team, specialist) group keys. */
function keyMatch(a: string, b: string): string {
  return `${a}.period = ${b}.period AND ${a}.owner_id IS NOT DISTINCT FROM ${b}.owner_id
    AND ${a}.team_id IS NOT DISTINCT FROM ${b}.team_id AND ${a}.specialist_id IS NOT DISTINCT FROM ${b}.specialist_id`;
}

/** The marts, in build order (later ones read earlier ones). */
export const martBuilds: ReadonlyArray<{ table: string; sql: string }> = [
  { table: 'mart_payment_events', sql: eventsSql('all') },
  { table: 'mart_payment_daycum', sql: daycumSql('all') },
  { table: 'mart_debt_events', sql: debtSql('all') },
  { table: 'mart_act_events', sql: actsSql('all') },
  { table: 'mart_invoice', sql: invoiceSql('all') },
  { table: 'mart_late_hist', sql: lateHistSql },
  { table: 'mart_client_late', sql: clientLateSql('all') },
];

/**
 * Rebuild every mart from the extract tables on `con`, inside the caller's open transaction (the
 * registry records `loadId` as the load they reflect). The loader runs this before it commits an
 * extract, so readers see the new data and the new marts at the same instant.
 */
export async function rebuildMarts(con: DuckDBConnection, loadId: number | null): Promise<number> {
  const started = Date.now();
  for (const b of martBuilds) {
    await con.run(`DELETE FROM ${b.table}`);
    await con.run(b.sql);
  }
  const ms = Date.now() - started;
  refreshes.push('full');
  log.info(`marts rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

/** What a load changed that the marts depend on, noted table by table before each is applied. */
export interface MartChanges {
  /** A full file of a table the marts read (or a first load): rebuild everything. */
  full: boolean;
  /** Tables noted so far (delta files); none → the marts need nothing. */
  tables: Set<string>;
}

/** Tables the marts are built from (as the registry declares them), and what a delta of each touches. */
const MART_SOURCES = new Set(['invoices', 'payments', 'clients', 'specialists', 'acts']);

/** Start noting a load's changes: temporary tables of touched ids on the load's connection. */
export async function startMartChanges(con: DuckDBConnection): Promise<MartChanges> {
  for (const t of ['_mart_inv (invoice_id VARCHAR)', '_mart_cli (client_id VARCHAR)', '_mart_spec (specialist_id VARCHAR)', '_mart_act (act_id VARCHAR)', '_mart_paid (paid_on DATE)']) {
    await con.run(`CREATE OR REPLACE TEMP TABLE ${t}`);
  }
  return { full: false, tables: new Set() };
}

/**
 * Note what one file is about to change, before it is applied (a deleted payment's invoice is
 * only known before): `val` is the validated relation with the key in `key` and typed columns
 * by `col(name)`, `_e IS NULL` on good rows and `_del` on deletions.
 */
export async function noteMartChanges(
  con: DuckDBConnection, changes: MartChanges,
  file: { table: string; mode: 'full' | 'delta'; val: string; key: string; col: (name: string) => string },
): Promise<void> {
  if (!MART_SOURCES.has(file.table)) return;
  if (file.mode === 'full') {
    changes.full = true;
    return;
  }
  changes.tables.add(file.table);
  const good = `FROM ${file.val} WHERE _e IS NULL`;
  switch (file.table) {
    case 'invoices':
      await con.run(`INSERT INTO _mart_inv SELECT ${file.key} ${good}`);
      break;
    case 'payments':
      // The invoice a payment was on (before) and the one it is on now.
      await con.run(`INSERT INTO _mart_inv SELECT invoice_id FROM payments WHERE payment_id IN (SELECT ${file.key} ${good})`);
      await con.run(`INSERT INTO _mart_inv SELECT ${file.col('invoice_id')} ${good} AND NOT _del`);
      // The days those payments were (and are) made on: lib/metrics/invoice-forecast.ts.
      await con.run(`INSERT INTO _mart_paid SELECT paid_on FROM payments WHERE payment_id IN (SELECT ${file.key} ${good})`);
      await con.run(`INSERT INTO _mart_paid SELECT ${file.col('paid_on')} ${good} AND NOT _del`);
      break;
    case 'clients':
      await con.run(`INSERT INTO _mart_cli SELECT ${file.key} ${good}`);
      break;
    case 'specialists':
      await con.run(`INSERT INTO _mart_spec SELECT ${file.key} ${good}`);
      break;
    case 'acts':
      await con.run(`INSERT INTO _mart_act SELECT ${file.key} ${good}`);
      break;
  }
}

/**
 * Bring the marts up to date inside the load's transaction, after its files are applied, when they
 * were current for the load before it (the registry checks that, and rebuilds otherwise): a full
 * rebuild when a mart source came as a full file or a delta touched more than a quarter of the
 * invoices; else only the touched invoices, their (period, owner, team, specialist) groups and the
 * touched acts are rebuilt. At 200,000 clients a full rebuild takes ~20 s; a day's delta a
 * fraction of that.
 */
export async function refreshMarts(con: DuckDBConnection, changes: MartChanges, loadId: number | null): Promise<'full' | 'touched' | 'none'> {
  if (changes.full) {
    await rebuildMarts(con, loadId);
    return 'full';
  }
  const started = Date.now();
  if (changes.tables.size > 0) {
    // Invoices touched directly, of touched clients (scope key and owner fallback), of touched
    // specialists (their team); acts likewise. (Without client or specialist rows in the delta,
    // nothing to add: two scans of 4 million rows saved.)
    if (changes.tables.has('clients') || changes.tables.has('specialists')) await con.run(`INSERT INTO _mart_inv
      SELECT i.invoice_id FROM invoices i JOIN clients c ON c.client_id = i.client_id
      WHERE i.client_id IN (SELECT client_id FROM _mart_cli)
         OR coalesce(i.specialist_id, c.specialist_id) IN (SELECT specialist_id FROM _mart_spec)`);
    if (changes.tables.has('clients') || changes.tables.has('specialists')) await con.run(`INSERT INTO _mart_act
      SELECT a.act_id FROM acts a JOIN clients c ON c.client_id = a.client_id
      WHERE a.client_id IN (SELECT client_id FROM _mart_cli)
         OR coalesce(a.specialist_id, c.specialist_id) IN (SELECT specialist_id FROM _mart_spec)`);
    // (Duplicates in these id tables are harmless: they are only used through IN and joins.)
    const n = (await con.runAndReadAll(`SELECT (SELECT count(DISTINCT invoice_id) FROM _mart_inv)::BIGINT AS touched, (SELECT count(*) FROM invoices)::BIGINT AS total`)).getRowObjectsJson()[0];
    if (Number(n.touched) * 4 > Number(n.total)) {
      await rebuildMarts(con, loadId);
      return 'full';
    }
    // A delta of payments only (the midday one) leaves every invoice in its period, so the touched
    // invoices' rows are in those periods alone: the period filter lets DuckDB skip the row groups
    // of every other period (the marts are sorted by period) instead of scanning all 8 million
    // events five times (200,000 clients: 3.0 → 1.x s). Any other delta may move an invoice.
    const inPeriods = changes.tables.size === 1 && changes.tables.has('payments') ? ' AND period IN (SELECT period FROM _mart_periods)' : '';
    await con.run(`CREATE OR REPLACE TEMP TABLE _mart_periods AS
      SELECT DISTINCT period FROM invoices WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)`);
    // The groups the touched invoices were in, and will be in.
    await con.run(`CREATE OR REPLACE TEMP TABLE _mart_keys_raw AS
      SELECT period, owner_id, team_id, specialist_id FROM mart_payment_events WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(`DELETE FROM mart_payment_events WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(eventsSql('touched'));
    await con.run(`INSERT INTO _mart_keys_raw
      SELECT period, owner_id, team_id, specialist_id FROM mart_payment_events WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(`CREATE OR REPLACE TEMP TABLE _mart_keys AS SELECT DISTINCT * FROM _mart_keys_raw`);
    await con.run(`DELETE FROM mart_payment_daycum d USING _mart_keys k WHERE ${keyMatch('d', 'k')}`);
    await con.run(daycumSql('touched'));
    await con.run(`DELETE FROM mart_debt_events WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(debtSql('touched', inPeriods));
    // The clients of the touched invoices, before and after (an invoice may move to another client).
    await con.run(`CREATE OR REPLACE TEMP TABLE _mart_late_cli AS
      SELECT client_id FROM mart_invoice WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(`DELETE FROM mart_invoice WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(invoiceSql('touched', inPeriods));
    await con.run(`INSERT INTO _mart_late_cli SELECT client_id FROM mart_invoice WHERE invoice_id IN (SELECT invoice_id FROM _mart_inv)${inPeriods}`);
    await con.run(`DELETE FROM mart_client_late WHERE client_id IN (SELECT client_id FROM _mart_late_cli)`);
    await con.run(clientLateSql('touched'));
    await con.run('DELETE FROM mart_late_hist');
    await con.run(lateHistSql);
    await con.run(`DELETE FROM mart_act_events WHERE act_id IN (SELECT act_id FROM _mart_act)`);
    await con.run(actsSql('touched'));
  }
  const ms = Date.now() - started;
  log.info(`marts refreshed for load ${loadId ?? '—'} (${changes.tables.size ? [...changes.tables].join(', ') : 'nothing they read'}) in ${ms} ms`);
  refreshes.push(changes.tables.size ? 'touched' : 'none');
  return changes.tables.size ? 'touched' : 'none';
}
