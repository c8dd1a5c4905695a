// The payment mart (spec/metrics.md, "Payment %"): one row per dated change of an invoice's
// billed or collected amount, so that every payment figure "as known on D" is a plain filtered sum:
//   billed(S, D)    = Σ billed    over rows of S with on_date ≤ D   (an invoice counts from issued_on)
//   collected(S, D) = Σ collected over rows of S with on_date ≤ D   (= min(amount, Σ payments paid_on ≤ D))
// Payments are capped per invoice as they accumulate (overpayment never pushes an invoice above
// 100 %), and a payment made before its invoice was issued counts from issued_on, when the invoice
// itself starts to count. Rebuilt lazily after each applied load (one build per load, memoised).
import type { DuckDBConnection } from '@duckdb/node-api';
import { getDb } from '../db';
import { warehousePath } from '../env';
import { logger } from '../log';

const log = logger('payment-mart');

export const MART = 'mart_payment_events';

/* sql */
const BUILD_SQL = `
INSERT INTO mart_payment_events
WITH inv AS (
  -- Grouping by specialist uses the invoice's specialist (owner when issued), else the client's current one.
  SELECT i.invoice_id, i.client_id, c.specialist_id, coalesce(i.specialist_id, c.specialist_id) AS owner_id,
         i.period, i.issued_on, i.due_on, i.amount
  FROM invoices i JOIN clients c ON c.client_id = i.client_id
),
pay AS (
  SELECT invoice_id, paid_on, sum(amount) AS amount FROM payments GROUP BY invoice_id, paid_on
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

// Memo of the build for (warehouse file, newest load): tests open many warehouses in one process.
const g = globalThis as unknown as { __paymentMart?: { key: string; promise: Promise<void> } };

async function latestLoadId(con: DuckDBConnection): Promise<number | null> {
  const r = (await con.runAndReadAll(`SELECT max(load_id)::BIGINT AS id FROM load_log WHERE outcome = 'applied'`)).getRowObjectsJson();
  return r[0]?.id == null ? null : Number(r[0].id);
}

/** Rebuild the mart when an applied load is newer than the one it was built from. */
async function refresh(con: DuckDBConnection): Promise<void> {
  const started = Date.now();
  await con.run('BEGIN TRANSACTION');
  try {
    const loadId = await latestLoadId(con);
    const state = (await con.runAndReadAll(`SELECT load_id::BIGINT AS id FROM mart_state WHERE name = $n`, { n: MART })).getRowObjectsJson();
    const built = state.length ? (state[0].id == null ? null : Number(state[0].id)) : undefined;
    if (built === loadId && built !== undefined) {
      await con.run('COMMIT');
      return;
    }
    await con.run(`DELETE FROM mart_payment_events`);
    await con.run(BUILD_SQL);
    const ms = Date.now() - started;
    await con.run(`INSERT OR REPLACE INTO mart_state (name, load_id, build_ms) VALUES ($n, $id, $ms)`, { n: MART, id: loadId, ms });
    await con.run('COMMIT');
    log.info(`payment mart rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Make sure the payment mart reflects the newest applied load; call before reading it. One build
 * per load per process (concurrent callers share it); reads during a build see the previous mart.
 */
export async function ensurePaymentMart(): Promise<void> {
  const db = await getDb();
  const con = await db.connect();
  try {
    const key = `${warehousePath()}#${await latestLoadId(con)}`;
    const cur = g.__paymentMart;
    if (cur && cur.key === key) return await cur.promise;
    const promise = (async () => {
      const c = await db.connect();
      try { await refresh(c); } finally { c.closeSync(); }
    })();
    g.__paymentMart = { key, promise };
    promise.catch(() => { if (g.__paymentMart?.promise === promise) g.__paymentMart = undefined; });
    await promise;
  } finally {
    con.closeSync();
  }
}
