// Row-level rules (extracts.md rule 4): each bad row is quarantined with file, line, rule and a
// Russian reason; above the threshold (1 % of a file's rows) the whole extract is rejected and
// nothing already loaded changes.
import path from 'node:path';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import type { LoadResult } from '@/lib/load';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, type Row } from './build-extract';
import { load, loadBase, rejectedRows, snapshot } from './util';

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); delete process.env.REJECT_THRESHOLD_PCT; });
afterEach(async () => { await cleanupDataDir(dir); delete process.env.REJECT_THRESHOLD_PCT; });

const pay = (id: string, extra: Row = {}): Row => ({ payment_id: id, invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', posted_at: null, amount: '100.00', ...extra });

/** Payments delta with one bad row at data index 1 (line 3): rejected whole (1 of 3 > 1 %), row quarantined. */
async function expectBadRow(bad: Row, rule: string, reasonPart: string, table: 'payments' | 'clients' = 'payments') {
  await loadBase(dir);
  const before = await snapshot();
  const rows = table === 'payments' ? [pay('p10'), bad, pay('p12')]
    : [{ client_id: 'c10', name: 'Новый', status: 'active' }, bad, { client_id: 'c12', name: 'Ещё', status: 'active' }];
  const r = await load(dir, 'X2', { files: [{ table, mode: 'delta', rows }] });
  expect(r.outcome).toBe('rejected');
  expect(r.message).toContain(`${table}.csv:3: ${rule} — `);
  expect(r.message).toContain('[правило threshold]');
  expect(r.message).toContain(reasonPart);
  expect(await snapshot()).toEqual(before);
  const rej = await rejectedRows(r.loadId!);
  expect(rej).toHaveLength(1);
  expect(rej[0]).toMatchObject({ file: `${table}.csv`, line: 3, rule });
  expect(rej[0].reason).toContain(reasonPart);
  expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain(`${table}.csv:3: ${rule} — `);
  return r;
}

describe('bad rows', () => {
  it('wrong types', async () => {
    await expectBadRow(pay('p11', { amount: 'сто рублей' }), 'type', '«amount»: «сто рублей» — ожидается сумма');
  });
  it('wrong date', async () => {
    await expectBadRow(pay('p11', { paid_on: '2026-13-45' }), 'type', '«paid_on»');
  });
  it('wrong timestamp', async () => {
    await expectBadRow(pay('p11', { posted_at: 'вчера' }), 'type', '«posted_at»');
  });
  it('required value empty', async () => {
    await expectBadRow(pay('p11', { client_id: '' }), 'required', '«client_id»');
  });
  it('enum value', async () => {
    await expectBadRow({ client_id: 'c11', name: 'X', status: 'gone' }, 'enum', 'допустимо: active, suspended, churned', 'clients');
  });
  it('INN pattern', async () => {
    await expectBadRow({ client_id: 'c11', name: 'X', status: 'active', inn: '12345' }, 'pattern', 'ИНН', 'clients');
  });
  it('duplicate keys within a file: the later occurrence is quarantined', async () => {
    await expectBadRow(pay('p10', { amount: '5' }), 'duplicate', '«p10» повторяется');
  });
  it('dangling references', async () => {
    await expectBadRow(pay('p11', { invoice_id: 'i404' }), 'reference', '«invoice_id»: «i404» — нет такой записи в invoices');
  });
  it('negative amounts', async () => {
    await expectBadRow(pay('p11', { amount: '-5.00' }), 'range', 'отрицательная сумма');
  });
  it('absurd amounts', async () => {
    await expectBadRow(pay('p11', { amount: '100 000 000 000' }), 'absurd', 'неправдоподобная сумма');
  });
  it('dates out of range', async () => {
    await expectBadRow(pay('p11', { paid_on: '1999-12-31' }), 'date_range', 'вне диапазона');
  });
  it('timestamps out of range', async () => {
    await expectBadRow(pay('p11', { posted_at: '01.01.2101 10:00' }), 'date_range', '«posted_at»');
  });
  it('truncated last line', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const content = 'payment_id,invoice_id,client_id,paid_on,posted_at,amount\np10,i1,c1,2026-11-02,,100\np11,i1,c1,2026-11-02,,100\np12,i1,c1,2026-1';
    const r = await load(dir, 'X2', { files: [{ table: 'payments', mode: 'delta', content, manifestRows: 3 }] });
    expect(r.outcome).toBe('rejected');
    expect(r.message).toContain('payments.csv:4: format — не хватает полей');
    expect(await snapshot()).toEqual(before);
    expect(await rejectedRows(r.loadId!)).toMatchObject([{ file: 'payments.csv', line: 4, rule: 'format', raw: 'p12,i1,c1,2026-1' }]);
  });
});

describe('references', () => {
  it('resolve within the same extract, in apply order, and self-references within the same file', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [
      { table: 'payments', mode: 'delta', rows: [pay('p10', { invoice_id: 'i10', client_id: 'c11' })] },
      { table: 'invoices', mode: 'delta', rows: [{ invoice_id: 'i10', client_id: 'c11', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '10' }] },
      { table: 'clients', mode: 'delta', rows: [
        { client_id: 'c11', name: 'Точка сети', status: 'active', parent_client_id: 'c10' },
        { client_id: 'c10', name: 'Сеть', status: 'active' },
      ] },
    ] });
    expect(r.outcome).toBe('applied');
    expect(r.files.map((f) => f.table)).toEqual(['clients', 'invoices', 'payments']);
    expect(r.inserted).toBe(4);
  });

  it('a reference to a key this extract deletes does not resolve; one to a rejected row neither', async () => {
    process.env.REJECT_THRESHOLD_PCT = '100';
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [
      { table: 'clients', mode: 'delta', rows: [{ client_id: 'c2', deleted: 1 }, { client_id: 'c20', name: 'Плохой', status: 'nope' }] },
      { table: 'invoices', mode: 'delta', rows: [
        { invoice_id: 'i20', client_id: 'c2', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '10' },
        { invoice_id: 'i21', client_id: 'c20', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '10' },
        { invoice_id: 'i22', client_id: 'c1', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '10' },
        // c2's own invoice and payment go with it (extracts.md rule 5: no orphans).
        { invoice_id: 'i2', deleted: 1 },
      ] },
      { table: 'payments', mode: 'delta', rows: [{ ...base.payments[1], deleted: 1 }] },
    ] });
    expect(r.outcome).toBe('applied');
    const rej = await rejectedRows(r.loadId!);
    expect(rej.map((x) => [x.file, x.line, x.rule])).toEqual([['clients.csv', 3, 'enum'], ['invoices.csv', 2, 'reference'], ['invoices.csv', 3, 'reference']]);
    expect(await query(`SELECT invoice_id FROM invoices WHERE invoice_id LIKE 'i2_'`)).toEqual([{ invoice_id: 'i22' }]);
  });
});

describe('threshold', () => {
  const many = (bad: number) => Array.from({ length: 200 }, (_, i) => pay(`p${100 + i}`, i < bad ? { amount: '-1' } : {}));

  it('1 bad row in 200 (0.5 %) passes; the row is quarantined', async () => {
    await loadBase(dir);
    const r: LoadResult = await load(dir, 'X2', { files: [{ table: 'payments', mode: 'delta', rows: many(1) }] });
    expect(r.outcome).toBe('applied');
    expect(r.files[0]).toMatchObject({ rows: 200, inserted: 199, rejected: 1 });
    expect(r.rejected).toBe(1);
    expect(await rejectedRows(r.loadId!)).toMatchObject([{ line: 2, rule: 'range' }]);
    expect(await query(`SELECT count(*)::INTEGER AS n FROM payments`)).toEqual([{ n: 2 + 199 }]);
    expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain('payments.csv:2: range — ');
    expect(r.reportPath).toBe(path.join(dir, 'archive', 'X2', 'report.txt'));
  });

  it('5 bad rows in 200 (2.5 %) reject the whole extract; the rows are still recorded', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, 'X2', { files: [
      { table: 'teams', mode: 'delta', rows: [{ team_id: 't9', name: 'Новая' }] },
      { table: 'payments', mode: 'delta', rows: many(5) },
    ] });
    expect(r.outcome).toBe('rejected');
    expect(r.message).toContain('отклонено 5 из 200');
    expect(r.message).toContain('payments.csv:2: range');
    expect(await snapshot()).toEqual(before);
    expect((await rejectedRows(r.loadId!)).map((x) => x.line)).toEqual([2, 3, 4, 5, 6]);
    expect(await query(`SELECT outcome, rows_rejected::INTEGER AS n, rows_inserted::INTEGER AS i FROM load_log WHERE load_id = $id`, { id: r.loadId! })).toEqual([{ outcome: 'rejected', n: 5, i: 0 }]);
  });
});
