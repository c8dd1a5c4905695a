// A payments-only load on the same D₀ (the midday delta) refreshes only the KPI summary's payment
// figures (lib/kpi/summary.ts refreshKpiSummaryPayments, chosen by lib/derived/registry.ts); the
// summary must then be exactly what a full build gives. Any other load, or one that moves D₀,
// builds it in full.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, withConnection } from '@/lib/db';
import { generateCompany } from '@/lib/generate';
import { loadInbox } from '@/lib/load';
import { buildKpiSummary, kpiSummaryBuilds } from '@/lib/kpi/summary';
import { contract } from '@/lib/load/contract';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { type Row } from '../load/build-extract';
import { load } from '../load/util';

const TABLES = ['mart_kpi_month', 'mart_kpi_now', 'mart_kpi_pay'];

/** The summary's rows now, and as a full build makes them (rolled back). */
async function nowAndRebuilt(): Promise<{ now: unknown[][]; rebuilt: unknown[][] }> {
  return withConnection(async (con) => {
    const read = async () => {
      const out: unknown[][] = [];
      for (const t of TABLES) out.push((await con.runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)).getRowsJson());
      return out;
    };
    const now = await read();
    await con.run('BEGIN TRANSACTION');
    try {
      await buildKpiSummary(con, null);
      return { now, rebuilt: await read() };
    } finally {
      await con.run('ROLLBACK');
    }
  });
}

const payRows = (sql: string) => query<Row>(`SELECT payment_id, invoice_id, client_id, paid_on::VARCHAR AS paid_on, amount::VARCHAR AS amount FROM payments ${sql}`);

describe('KPI summary after a payments-only load', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await generateCompany({ clients: 300, months: 6, seed: 33, daily: 1, asOf: '2026-11-20', out: path.join(dir, 'inbox') });
    const r = await loadInbox();
    if (r.some((x) => x.outcome !== 'applied')) throw new Error(r.map((x) => x.message).join('; '));
  }, 60_000);
  afterAll(() => cleanupDataDir(dir));

  let n = 0;
  const delta = async (asOf: string, files: Array<{ table: 'payments' | 'clients' | 'invoices'; rows: Row[] }>) => {
    n++;
    const r = await load(dir, `${asOf}T13-${String(n).padStart(2, '0')}`, { asOf, files: files.map((f) => ({ ...f, mode: 'delta' as const })) });
    expect(r.outcome, r.message).toBe('applied');
  };

  it('new payments (this month and an older one), one deleted and one moved: payment figures only, equal to a full build', async () => {
    const before = await nowAndRebuilt();
    expect(before.now).toEqual(before.rebuilt);
    const [open] = await query<Row>(`SELECT i.invoice_id, i.client_id, i.amount::VARCHAR AS amount FROM invoices i
      WHERE i.period = '2026-11' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.invoice_id) ORDER BY i.invoice_id LIMIT 1`);
    const [old] = await query<Row>(`SELECT i.invoice_id, i.client_id FROM invoices i WHERE i.period = '2026-09' ORDER BY i.invoice_id LIMIT 1`);
    const [gone, moved] = await payRows(`WHERE paid_on >= DATE '2026-10-01' ORDER BY payment_id LIMIT 2`);
    const [other] = await query<Row>(`SELECT invoice_id, client_id FROM invoices WHERE invoice_id <> $i AND period = '2026-11' ORDER BY invoice_id DESC LIMIT 1`, { i: moved.invoice_id });
    const builds = kpiSummaryBuilds().length;
    await delta('2026-11-20', [{ table: 'payments', rows: [
      { payment_id: 'PAY-T-1', invoice_id: open.invoice_id, client_id: open.client_id, paid_on: '2026-11-20', amount: open.amount, deleted: 0 },
      { payment_id: 'PAY-T-2', invoice_id: old.invoice_id, client_id: old.client_id, paid_on: '2026-11-20', amount: '1234.50', deleted: 0 },
      { ...gone, deleted: 1 },
      { ...moved, invoice_id: other.invoice_id, client_id: other.client_id, deleted: 0 },
    ] }]);
    expect(kpiSummaryBuilds().slice(builds)).toEqual(['payments']);
    const after = await nowAndRebuilt();
    expect(after.now).toEqual(after.rebuilt);
    expect(after.now[0]).not.toEqual(before.now[0]);
  });

  it('a load that also changes clients builds the summary in full', async () => {
    const cols = contract.clients.columns.map((x) => `"${x.name}"`).join(', ');
    const [c] = await query<Row>(`SELECT ${cols} FROM clients ORDER BY client_id LIMIT 1`);
    const row: Row = {};
    for (const [k, v] of Object.entries(c)) row[k] = v === null || v === undefined ? v : String(v);
    const [p] = await payRows(`ORDER BY payment_id DESC LIMIT 1`);
    const builds = kpiSummaryBuilds().length;
    await delta('2026-11-20', [
      { table: 'clients', rows: [{ ...row, name: `${row.name} (переименован)` }] },
      { table: 'payments', rows: [{ ...p, amount: (Number(p.amount) / 2).toFixed(2), deleted: 0 }] },
    ]);
    expect(kpiSummaryBuilds().slice(builds)).toEqual(['full']);
    const after = await nowAndRebuilt();
    expect(after.now).toEqual(after.rebuilt);
  });

  it('payments on a new as-of day (D₀ moves) build the summary in full', async () => {
    const [p] = await payRows(`ORDER BY payment_id LIMIT 1`);
    const builds = kpiSummaryBuilds().length;
    await delta('2026-11-21', [{ table: 'payments', rows: [{ ...p, amount: (Number(p.amount) + 1).toFixed(2), deleted: 0 }] }]);
    expect(kpiSummaryBuilds().slice(builds)).toEqual(['full']);
    const after = await nowAndRebuilt();
    expect(after.now).toEqual(after.rebuilt);
  });
});
