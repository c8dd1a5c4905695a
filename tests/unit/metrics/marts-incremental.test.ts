// A delta refreshes only what it touched (lib/metrics/payment-mart.ts refreshMarts), and the marts
// must then be exactly what a full rebuild gives. A generated company with daily deltas, then
// hand-made deltas of each kind the marts depend on: a payment deleted, a payment moved to
// another invoice, an invoice's amount changed, a client given to another specialist, a
// specialist moved to another team, an act returned. After each, every mart equals a full rebuild.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, withConnection } from '@/lib/db';
import { generateCompany } from '@/lib/generate';
import { loadInbox } from '@/lib/load';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildDayMart, dayMartBuilds } from '@/lib/day/day-mart';
import { kpiMartBuilds, kpiMartRefreshes, rebuildKpiMarts } from '@/lib/kpi/mart';
import { forecastPoints, invoiceProbabilityBuilds } from '@/lib/metrics/invoice-forecast';
import { martBuilds, martRefreshes, rebuildMarts } from '@/lib/metrics/payment-mart';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { type Row } from '../load/build-extract';
import { load } from '../load/util';
import { expectStoredEqualsLive } from './stored-probabilities';

/** Every mart the payment builds write, read in a fixed order (a client's latenesses are a list in any order). */
const MARTS = martBuilds.map((b) => b.table);
const readSql = (t: string) => (t === 'mart_client_late'
  ? `SELECT client_id, list_sort(list_transform(list_zip(dues, lates), x -> x::VARCHAR)) AS pairs FROM ${t} ORDER BY ALL`
  : `SELECT * FROM ${t} ORDER BY ALL`);

/** Every mart's rows in a fixed order, as known now, and as a full rebuild would make them. */
async function martsNowAndRebuilt(): Promise<{ now: unknown[][]; rebuilt: unknown[][] }> {
  return withConnection(async (con) => {
    const read = async () => {
      const out: unknown[][] = [];
      for (const t of MARTS) out.push((await con.runAndReadAll(readSql(t))).getRowsJson());
      return out;
    };
    const now = await read();
    await con.run('BEGIN TRANSACTION');
    try {
      await rebuildMarts(con, null);
      return { now, rebuilt: await read() };
    } finally {
      await con.run('ROLLBACK');
    }
  });
}

/** The rows of `tables` now, and as `build` from scratch would make them. */
async function nowAndRebuilt(tables: readonly string[], build: (con: DuckDBConnection) => Promise<unknown>): Promise<{ now: unknown[][]; rebuilt: unknown[][] }> {
  return withConnection(async (con) => {
    const read = async () => {
      const out: unknown[][] = [];
      for (const t of tables) out.push((await con.runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)).getRowsJson());
      return out;
    };
    const now = await read();
    await con.run('BEGIN TRANSACTION');
    try {
      await build(con);
      return { now, rebuilt: await read() };
    } finally {
      await con.run('ROLLBACK');
    }
  });
}
/** The day's stored rows and facts (lib/day/day-mart.ts). */
const dayNowAndRebuilt = () => nowAndRebuilt(['mart_day', 'mart_day_facts', 'mart_day_head', 'mart_day_asof'], (con) => buildDayMart(con, null));
/** The KPI marts (lib/kpi/mart.ts). */
const kpiNowAndRebuilt = () => nowAndRebuilt(kpiMartBuilds.map((b) => b.table), (con) => rebuildKpiMarts(con, null));

describe('incremental mart refresh', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await generateCompany({ clients: 400, months: 8, seed: 21, daily: 2, asOf: '2026-11-20', out: path.join(dir, 'inbox') });
    const r = await loadInbox();
    if (r.some((x) => x.outcome !== 'applied')) throw new Error(r.map((x) => x.message).join('; '));
  }, 60_000);
  afterAll(() => cleanupDataDir(dir));

  it('the generated daily deltas were refreshed in part, and equal a full rebuild', async () => {
    // Base: full; the four deltas (08:00 and 12:30 of two days): only what they touched, and the
    // first one, whose files of the marts' tables are empty, not at all (lib/derived/registry.ts
    // keeps a derived table no load changed a source of).
    expect(martRefreshes().slice(-4)).toEqual(['full', 'touched', 'touched', 'touched']);
    const m = await martsNowAndRebuilt();
    expect(m.now[0].length).toBeGreaterThan(500);
    expect(m.now).toEqual(m.rebuilt);
    // The day's rows: built in full when D₀ moved (08:00), else only the touched clients' (12:30).
    expect(dayMartBuilds().slice(-4)).toEqual(['full', 'touched', 'full', 'touched']);
    const day = await dayNowAndRebuilt();
    expect(day.now[0].length).toBeGreaterThan(50);
    expect(day.now).toEqual(day.rebuilt);
    // The KPI marts: the deltas' rows only (none of them has a specialist's or team's row).
    expect(kpiMartRefreshes().slice(-4)).toEqual(['touched', 'touched', 'touched', 'touched']);
    const kpi = await kpiNowAndRebuilt();
    expect(kpi.now[1].length).toBeGreaterThan(500);
    expect(kpi.now).toEqual(kpi.rebuilt);
  });

  let n = 0;
  const delta = async (
    files: Array<{ table: 'teams' | 'payments' | 'invoices' | 'clients' | 'specialists' | 'acts' | 'interactions' | 'agreements' | 'threats'; rows: Row[] }>,
    mode: 'touched' | 'full' | 'kept' = 'touched', day: 'touched' | 'full' = 'touched', kpi: 'touched' | 'full' | 'kept' = 'kept',
  ) => {
    n++;
    const refreshes = martRefreshes().length;
    const kpiRefreshes = kpiMartRefreshes().length;
    const r = await load(dir, `2026-11-20T13-${String(n).padStart(2, '0')}`, { asOf: '2026-11-20', files: files.map((f) => ({ ...f, mode: 'delta' as const })) });
    expect(r.outcome, r.message).toBe('applied');
    if (mode === 'kept') expect(martRefreshes()).toHaveLength(refreshes);
    else expect(martRefreshes().at(-1)).toBe(mode);
    const m = await martsNowAndRebuilt();
    expect(m.now).toEqual(m.rebuilt);
    await expectStoredProbabilitiesCurrent();
    expect(dayMartBuilds().at(-1)).toBe(day);
    const d = await dayNowAndRebuilt();
    expect(d.now).toEqual(d.rebuilt);
    if (kpi === 'kept') expect(kpiMartRefreshes()).toHaveLength(kpiRefreshes);
    else expect(kpiMartRefreshes().at(-1)).toBe(kpi);
    const k = await kpiNowAndRebuilt();
    expect(k.now).toEqual(k.rebuilt);
  };

  it('a payment deleted, and one moved to another invoice', async () => {
    const [p, q] = await query<Row>(`SELECT payment_id, invoice_id, client_id, paid_on::VARCHAR AS paid_on, amount::VARCHAR AS amount FROM payments ORDER BY payment_id LIMIT 2`);
    // The other invoice is of another period: a payments-only delta refreshes the touched
    // invoices' periods only (refreshMarts' period filter), and both periods must be in it.
    const [other] = await query<Row>(`SELECT invoice_id, client_id FROM invoices
      WHERE period <> (SELECT period FROM invoices WHERE invoice_id = $i) ORDER BY invoice_id DESC LIMIT 1`, { i: q.invoice_id });
    expect(other).toBeDefined();
    await delta([{ table: 'payments', rows: [{ ...p, deleted: 1 }, { ...q, invoice_id: other.invoice_id, client_id: other.client_id, deleted: 0 }] }]);
    // Payments of earlier months changed: every point of the invoice probabilities was redone.
    expect(invoiceProbabilityBuilds().at(-1)).toBe('all');
  });

  it('a payment made today on this month\'s invoice redoes only the as-of\'s own point of the probabilities', async () => {
    const [i] = await query<Row>(`SELECT invoice_id, client_id, amount::VARCHAR AS amount FROM invoices
      WHERE period = '2026-11' AND invoice_id NOT IN (SELECT invoice_id FROM payments) ORDER BY invoice_id LIMIT 1`);
    expect(i).toBeDefined();
    await delta([{ table: 'payments', rows: [{ payment_id: 'PAY-TODAY-1', invoice_id: i.invoice_id, client_id: i.client_id, paid_on: '2026-11-20', amount: i.amount, deleted: 0 }] }]);
    expect(invoiceProbabilityBuilds().at(-1)).toBe('current');
  });

  it("an invoice's amount changed", async () => {
    const [i] = await query<Row>(`SELECT invoice_id, client_id, specialist_id, period, issued_on::VARCHAR AS issued_on, due_on::VARCHAR AS due_on, amount::VARCHAR AS amount
      FROM invoices WHERE invoice_id IN (SELECT invoice_id FROM payments) ORDER BY invoice_id LIMIT 1`);
    await delta([{ table: 'invoices', rows: [{ ...i, amount: (Number(i.amount) * 3).toFixed(2) }] }]);
  });

  it('a client given to another specialist, and a specialist moved to another team', async () => {
    const [c] = await query<Row>(`SELECT * EXCLUDE (extract_id) FROM clients WHERE client_id IN (SELECT client_id FROM invoices WHERE specialist_id IS NULL)
      OR client_id IN (SELECT client_id FROM acts) ORDER BY client_id LIMIT 1`).catch(() => query<Row>(`SELECT * FROM clients ORDER BY client_id LIMIT 1`));
    const [s] = await query<Row>(`SELECT specialist_id FROM specialists WHERE specialist_id IS DISTINCT FROM $s ORDER BY specialist_id LIMIT 1`, { s: c.specialist_id });
    await delta([{ table: 'clients', rows: [{ ...stringify(c), specialist_id: s.specialist_id }] }], 'touched', 'touched', 'touched');
    // The specialist with the fewest clients (a small share of the invoices), to a new team in the
    // same extract (a small company has only one).
    const [sp] = await query<Row>(`SELECT s.* FROM specialists s JOIN clients c USING (specialist_id) GROUP BY ALL ORDER BY count(*), 1 LIMIT 1`);
    await delta([
      { table: 'teams', rows: [{ team_id: 'T-NEW', name: 'Новый отдел' }] },
      { table: 'specialists', rows: [{ ...stringify(sp), team_id: 'T-NEW' }] },
    ], 'touched', 'touched', 'full');
  });

  it('a delta touching more than a quarter of the invoices rebuilds everything', async () => {
    const all = await query<Row>(`SELECT payment_id, invoice_id, client_id, paid_on::VARCHAR AS paid_on, amount::VARCHAR AS amount FROM payments`);
    // (The day's rows read the payment marts: rebuilt from scratch, so are they.)
    await delta([{ table: 'payments', rows: all.map((p) => ({ ...p, paid_on: p.paid_on })) }], 'full', 'full');
  });

  it("a contact done today, an overdue one moved to another client, an agreement done, a threat reacted to: the day's rows of those clients redone", async () => {
    const [done] = await query<Row>(`SELECT * FROM interactions WHERE planned_on = '2026-11-20' AND occurred_at IS NULL ORDER BY interaction_id LIMIT 1`);
    const [late] = await query<Row>(`SELECT * FROM interactions WHERE planned_on < '2026-11-20' AND occurred_at IS NULL ORDER BY interaction_id LIMIT 1`);
    const [other] = await query<Row>(`SELECT client_id FROM clients WHERE client_id <> $c ORDER BY client_id DESC LIMIT 1`, { c: late.client_id });
    const [ag] = await query<Row>(`SELECT * FROM agreements WHERE done_on IS NULL AND due_on <= '2026-11-20' ORDER BY agreement_id LIMIT 1`);
    const [th] = await query<Row>(`SELECT * FROM threats WHERE resolved_at IS NULL AND first_reaction_at IS NULL ORDER BY threat_id LIMIT 1`);
    expect([done, late, ag, th].every(Boolean)).toBe(true);
    await delta([
      { table: 'interactions', rows: [{ ...stringify(done), occurred_at: '2026-11-20 11:00:00' }, { ...stringify(late), client_id: other.client_id, contact_id: '' }] },
      { table: 'agreements', rows: [{ ...stringify(ag), done_on: '2026-11-20' }] },
      { table: 'threats', rows: [{ ...stringify(th), first_reaction_at: '2026-11-20 10:00:00' }] },
    ], 'kept', 'touched', 'touched');
  });

  it('an act returned', async () => {
    const [a] = await query<Row>(`SELECT * FROM acts WHERE returned_on IS NULL ORDER BY act_id LIMIT 1`);
    await delta([{ table: 'acts', rows: [{ ...stringify(a), returned_on: '2026-11-20' }] }], 'touched', 'touched', 'touched');
  });
});

/**
 * The invoice probabilities the loader stored for the newest as-of (a payments-only delta redoes
 * only its own point, lib/derived/registry.ts) equal those computed now from the marts.
 */
async function expectStoredProbabilitiesCurrent(): Promise<void> {
  await expectStoredEqualsLive(forecastPoints('2026-11', '2026-11-20'));
}

/** A row read back from the warehouse, written again: dates and numbers as text, extract_id dropped. */
function stringify(r: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'extract_id' || k === 'loaded_at') continue;
    out[k] = v === null || v === undefined ? v : String(v);
  }
  return out;
}
