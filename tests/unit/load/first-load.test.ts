// A first load (every table full into an empty warehouse) goes straight into the warehouse and
// falls back to the staged path on any problem (lib/load/load-extract.ts applyDirect). Each case
// here forces one fallback on a FIRST load and checks the staged path's exact result: the rule,
// the line, the rows kept, and that nothing of the rolled-back attempt is left.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { base, baseFiles, toCsv, type Cell, type FileSpec, type Row } from './build-extract';
import type { TableName } from '@/lib/load/contract';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { BASE_ID, load, rejectedRows, snapshot } from './util';

let dir: string;
beforeEach(async () => { dir = await freshDataDir(); process.env.REJECT_THRESHOLD_PCT = '50'; });
afterEach(async () => { delete process.env.REJECT_THRESHOLD_PCT; await cleanupDataDir(dir); });

/** The base extract with payments replaced by `rows` (or by raw `content`). */
function withPayments(p: { rows?: Row[]; content?: string; manifestRows?: number }): FileSpec[] {
  return baseFiles().map((f) => (f.table === 'payments' ? { table: 'payments', ...p } : f));
}

const payCount = async () => (await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM payments'))[0].n;

describe('first load', () => {
  it('a clean first load applies every table with exact counts', async () => {
    const r = await load(dir, BASE_ID, { files: baseFiles() });
    expect(r.outcome).toBe('applied');
    expect(r.files.map((f) => [f.table, f.inserted, f.rejected])).toEqual([
      ['teams', 2, 0], ['specialists', 2, 0], ['clients', 3, 0], ['invoices', 3, 0], ['payments', 2, 0],
    ]);
    expect(r.inserted).toBe(12);
    expect(await payCount()).toBe(2);
  });

  it.each<[string, Row, string]>([
    ['a duplicate key', { ...base.payments[0] }, 'duplicate'],
    ['a dangling reference', { ...base.payments[0], payment_id: 'p9', invoice_id: 'i404' }, 'reference'],
    ['a wrong type', { ...base.payments[0], payment_id: 'p9', amount: 'сто' }, 'type'],
  ])('%s falls back to the staged path: quarantined at its line, the rest applied once', async (_name, bad, rule) => {
    const r = await load(dir, BASE_ID, { files: withPayments({ rows: [...base.payments, bad] }) });
    expect(r.outcome).toBe('applied');
    const rej = await rejectedRows(r.loadId!);
    expect(rej.map((x) => [x.file, x.line, x.rule])).toEqual([['payments.csv', 4, rule]]);
    expect(await payCount()).toBe(2); // the attempt's rows were rolled back, not kept twice
    expect((await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM clients'))[0].n).toBe(3);
  });

  // The canonical base goes straight in (applyDirect). Each spelling below, alone in an otherwise
  // canonical extract, makes the canonical parse refuse, so the staged path loads it instead; both
  // must store the same thing.
  const pad = (v: Cell) => ` ${v}  `;
  it.each<[string, TableName, (r: Row) => Row]>([
    ['padded text', 'teams', (r) => ({ ...r, name: pad(r.name) })],
    ['padded reference', 'payments', (r) => ({ ...r, client_id: pad(r.client_id) })],
    ['money with a space and a comma', 'payments', (r) => ({ ...r, amount: r.payment_id === 'p1' ? '12 000,00' : r.amount })],
    ['a timestamp with an offset', 'payments', (r) => ({ ...r, posted_at: r.posted_at ? '2026-10-05T09:00:00Z' : null })],
    ['a DD.MM.YYYY date', 'payments', (r) => ({ ...r, paid_on: (r.paid_on as string).split('-').reverse().join('.') })],
    ['a padded period', 'invoices', (r) => ({ ...r, period: pad(r.period) })],
    ['a padded flag', 'specialists', (r) => ({ ...r, active: pad(r.active) })],
  ])('%s gives the same warehouse as the canonical spelling', async (_name, table, spell) => {
    await load(dir, BASE_ID, { files: baseFiles() });
    const direct = await snapshot();
    await cleanupDataDir(dir);
    dir = await freshDataDir();
    const files = baseFiles().map((f) => (f.table === table ? { ...f, rows: f.rows!.map(spell) } : f));
    const r = await load(dir, BASE_ID, { files });
    expect(r.outcome).toBe('applied');
    expect(r.rejected).toBe(0);
    expect(await snapshot()).toEqual(direct);
  });

  it('a dangling reference of a table to itself (parent client) falls back and is quarantined', async () => {
    const clients = [...base.clients, { client_id: 'c4', name: 'Филиал', status: 'active', specialist_id: 's1', parent_client_id: 'c404' }];
    const files = baseFiles().map((f) => (f.table === 'clients' ? { ...f, rows: clients as Row[] } : f));
    const r = await load(dir, BASE_ID, { files });
    expect(r.outcome).toBe('applied');
    expect((await rejectedRows(r.loadId!)).map((x) => [x.file, x.line, x.rule])).toEqual([['clients.csv', 5, 'reference']]);
    expect((await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM clients'))[0].n).toBe(3);
  });

  it('a truncated last line falls back and is quarantined as a format error at its line', async () => {
    const text = toCsv(base.payments as Row[]) + 'p9,i1,c1,2026-10-0';
    const r = await load(dir, BASE_ID, { files: withPayments({ content: text, manifestRows: 3 }) });
    expect(r.outcome).toBe('applied');
    const rej = await rejectedRows(r.loadId!);
    expect(rej.map((x) => [x.line, x.rule])).toEqual([[4, 'format']]);
    expect(await payCount()).toBe(2);
  });

  it('a row-count mismatch rejects the first load and leaves the warehouse empty', async () => {
    const before = await snapshot();
    const r = await load(dir, BASE_ID, { files: withPayments({ rows: base.payments as Row[], manifestRows: 5 }) });
    expect(r.outcome).toBe('rejected');
    expect(r.message).toMatch(/payments\.csv.*\[правило rows\]/);
    expect(await snapshot()).toEqual(before);
  });

  it('above the threshold the first load is rejected whole, with the bad rows recorded', async () => {
    process.env.REJECT_THRESHOLD_PCT = '1';
    const before = await snapshot();
    const r = await load(dir, BASE_ID, { files: withPayments({ rows: [...base.payments, { ...base.payments[0] }] }) });
    expect(r.outcome).toBe('rejected');
    expect(r.message).toMatch(/\[правило threshold\]/);
    expect(await snapshot()).toEqual(before);
    expect((await rejectedRows(r.loadId!)).map((x) => [x.line, x.rule])).toEqual([[4, 'duplicate']]);
  });
});
