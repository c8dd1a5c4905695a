// Extract-level rules of extracts.md: manifest-last, verified files, idempotent, in order, traceable.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { loadExtract, loadInbox } from '@/lib/load';
import { toLoadEvent } from '@/lib/live/events';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, writeExtract, type Row } from './build-extract';
import { BASE_ID, exists, inboxOf, load, loadBase, loadLog, snapshot } from './util';

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); });
afterEach(async () => { await cleanupDataDir(dir); });

const payments = (rows: Row[] = base.payments) => ({ table: 'payments' as const, mode: 'delta' as const, rows });

/** The extract was rejected/refused: message names file and rule, warehouse unchanged, folder in rejected/ with a report. */
async function expectStopped(id: string, r: Awaited<ReturnType<typeof loadExtract>>, before: unknown, outcome: string, file: string | null, rule: string) {
  expect(r.outcome).toBe(outcome);
  if (file) expect(r.message).toContain(file);
  expect(r.message).toContain(`[правило ${rule}]`);
  expect(await snapshot()).toEqual(before);
  expect(exists(path.join(inboxOf(dir), id))).toBe(false);
  expect(exists(path.join(dir, 'rejected', id))).toBe(true);
  expect(r.reportPath).toBe(path.join(dir, 'rejected', id, 'report.txt'));
  expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain(r.message);
  const log = await loadLog();
  expect(log[log.length - 1]).toMatchObject({ extract_id: id, outcome, message: r.message, report_path: r.reportPath });
}

describe('manifest', () => {
  it('a folder without manifest.json is incomplete: untouched, not logged', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const ex = writeExtract(inboxOf(dir), '2026-11-22T12-00', { files: [payments()], manifest: false });
    const results = await loadInbox();
    expect(results.map((r) => r.outcome)).toEqual(['incomplete']);
    expect(results[0].message).toContain('manifest.json');
    expect(fs.readdirSync(ex).sort()).toEqual(['payments.csv']);
    expect(await snapshot()).toEqual(before);
    expect((await loadLog()).length).toBe(1);
  });

  it('a manifest that is not JSON rejects the extract', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const id = '2026-11-22T12-00';
    const r = await load(dir, id, { files: [payments()], manifest: '{"extract_id": "2026-11-22T12-00", tables: ' });
    await expectStopped(id, r, before, 'rejected', 'manifest.json', 'manifest');
    expect(r.message).toContain('не JSON');
  });

  it('a manifest lacking fields names the field', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const id = '2026-11-22T12-00';
    const r = await load(dir, id, { files: [payments()], manifest: JSON.stringify({ extract_id: id, created_at: 'x', tables: {} }) });
    await expectStopped(id, r, before, 'rejected', 'manifest.json', 'manifest');
    expect(r.message).toContain('as_of');
  });
});

describe('files are verified', () => {
  it('a file listed but missing', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, 'X2', { files: [{ ...payments(), omit: true }] });
    await expectStopped('X2', r, before, 'rejected', 'payments.csv', 'file');
  });

  it('checksum mismatch', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, 'X2', { files: [{ ...payments(), manifestSha: 'a'.repeat(64) }] });
    await expectStopped('X2', r, before, 'rejected', 'payments.csv', 'checksum');
  });

  it('row-count mismatch', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, 'X2', { files: [{ ...payments(), manifestRows: 5 }] });
    await expectStopped('X2', r, before, 'rejected', 'payments.csv', 'rows');
    expect(r.message).toMatch(/2 строк.*указано 5/);
  });

  it('rows counts records, not lines (quoted multi-line fields)', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't9', name: 'Много\nстрок\nв имени' }] }] });
    expect(r.outcome).toBe('applied');
    expect(await query(`SELECT name FROM teams WHERE team_id = 't9'`)).toEqual([{ name: 'Много\nстрок\nв имени' }]);
  });

  it('an empty (0 byte) file', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, 'X2', { files: [{ table: 'payments', mode: 'delta', content: '' }] });
    await expectStopped('X2', r, before, 'rejected', 'payments.csv', 'empty');
  });

  it('header only with rows 0: a delta changes nothing, a full empties the table and says so', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const header = 'payment_id,invoice_id,client_id,paid_on,posted_at,amount\n';
    const r1 = await load(dir, 'X2', { files: [{ table: 'payments', mode: 'delta', content: header }] });
    expect(r1.outcome).toBe('applied');
    expect(await snapshot()).toEqual(before);
    const r2 = await load(dir, 'X3', { files: [{ table: 'payments', mode: 'full', content: header, allowShrink: true }] });
    expect(r2.outcome).toBe('applied');
    expect(r2.deleted).toBe(2);
    expect(r2.message).toContain('очищена');
    expect(await query('SELECT * FROM payments')).toEqual([]);
  });

  it('a missing required column names file and column', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const rows = base.payments.map(({ amount: _a, ...rest }) => rest);
    const r = await load(dir, 'X2', { files: [payments(rows)] });
    await expectStopped('X2', r, before, 'rejected', 'payments.csv:1', 'column');
    expect(r.message).toContain('«amount»');
  });

  it('unknown extra columns are accepted and reported; columns in any order', async () => {
    await loadBase(dir);
    const rows = [{ amount: '1.00', note: 'x', payment_id: 'p9', client_id: 'c1', invoice_id: 'i1', paid_on: '2026-11-01', extra2: '' }];
    const r = await load(dir, 'X2', { files: [payments(rows)] });
    expect(r.outcome).toBe('applied');
    expect(r.files[0].unknownColumns).toEqual(['note', 'extra2']);
    expect(r.message).toContain('note, extra2');
    expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain('неизвестные столбцы (пропущены): note, extra2');
    expect(await query(`SELECT amount::VARCHAR AS a FROM payments WHERE payment_id = 'p9'`)).toEqual([{ a: '1.00' }]);
  });
});

describe('idempotent and in order', () => {
  it('the same extract twice is unchanged; the same id with other content is refused', async () => {
    await loadBase(dir);
    const spec = { files: [payments([{ ...base.payments[0], payment_id: 'p9' }])] };
    const r1 = await load(dir, 'X2', spec);
    expect(r1.outcome).toBe('applied');
    const before = await snapshot();
    fs.rmSync(path.join(dir, 'archive', 'X2'), { recursive: true });
    const r2 = await load(dir, 'X2', spec);
    expect(r2.outcome).toBe('unchanged');
    expect(r2.message).toContain('уже применена, ничего не изменилось');
    expect(await snapshot()).toEqual(before);
    expect(exists(path.join(inboxOf(dir), 'X2'))).toBe(false);
    expect(exists(path.join(dir, 'archive', 'X2'))).toBe(true);
    const r3 = await load(dir, 'X2', { files: [payments([{ ...base.payments[0], payment_id: 'p10' }])] });
    await expectStopped('X2', r3, before, 'refused', null, 'idempotent');
    expect(r3.message).toContain('другим содержимым');
  });

  it('an older extract after a newer one is refused, and applied with force', async () => {
    await loadBase(dir);
    await load(dir, '2026-11-22T12-30', { files: [payments([{ ...base.payments[0], payment_id: 'p9' }])] });
    const before = await snapshot();
    const spec = { files: [payments([{ ...base.payments[0], payment_id: 'p8' }])] };
    const r = await load(dir, '2026-11-22T10-00', spec);
    await expectStopped('2026-11-22T10-00', r, before, 'refused', null, 'order');
    expect(r.message).toContain('2026-11-22T12-30');
    fs.rmSync(path.join(dir, 'rejected'), { recursive: true });
    const forced = await load(dir, '2026-11-22T10-00', spec, { force: true });
    expect(forced.outcome).toBe('applied');
    expect(await query(`SELECT payment_id FROM payments WHERE payment_id = 'p8'`)).toHaveLength(1);
  });

  it('the first extract of a table must be full', async () => {
    const before = await snapshot();
    const r = await load(dir, 'X1', { files: [{ table: 'teams', mode: 'delta', rows: base.teams }] });
    await expectStopped('X1', r, before, 'rejected', 'teams.csv', 'first_full');
  });
});

describe('apply', () => {
  it('full replaces, delta upserts by key and deleted=1 removes, counted precisely', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [
      { table: 'teams', mode: 'full', rows: [{ team_id: 't1', name: 'Север-2' }, { team_id: 't2', name: 'Юг' }, { team_id: 't3', name: 'Запад' }] },
      payments([
        { ...base.payments[0], amount: '12500,00', deleted: '' }, // update
        { payment_id: 'p2', deleted: 1 }, // delete, other fields may be empty
        { payment_id: 'p404', deleted: 'true' }, // delete of an unknown key: nothing
        { ...base.payments[0], payment_id: 'p3', deleted: 0 }, // insert
      ]),
    ] });
    expect(r.outcome).toBe('applied');
    expect(r.files.map((f) => [f.table, f.inserted, f.updated, f.deleted])).toEqual([['teams', 1, 2, 0], ['payments', 1, 1, 1]]);
    expect([r.inserted, r.updated, r.deleted, r.rejected]).toEqual([2, 3, 1, 0]);
    expect(await query(`SELECT payment_id, amount::VARCHAR AS amount, _extract_id FROM payments ORDER BY 1`)).toEqual([
      { payment_id: 'p1', amount: '12500.00', _extract_id: 'X2' }, { payment_id: 'p3', amount: '12000.00', _extract_id: 'X2' },
    ]);
    expect(await query(`SELECT team_id, name FROM teams ORDER BY 1`)).toEqual([
      { team_id: 't1', name: 'Север-2' }, { team_id: 't2', name: 'Юг' }, { team_id: 't3', name: 'Запад' },
    ]);
    const log = await loadLog();
    expect(log[1]).toMatchObject({ extract_id: 'X2', outcome: 'applied' });
    expect(exists(path.join(dir, 'archive', 'X2', 'payments.csv'))).toBe(true);
    expect(exists(path.join(dir, 'archive', BASE_ID, 'manifest.json'))).toBe(true);
  });

  it('rows sent again as they were are counted apart, and the live notice leaves them out (issue 19)', async () => {
    await loadBase(dir);
    // A full payments file re-sends every payment: p1 and p2 as they were (amount '4000' as
    // '4000.00' is the same DECIMAL), p3 new. A delta sends p1 again unchanged and t1 renamed.
    const r = await load(dir, 'X2', { files: [
      { table: 'teams', mode: 'delta', rows: [base.teams[0], { ...base.teams[1], name: 'Юг-2' }] },
      { table: 'payments', mode: 'full', rows: [base.payments[0], { ...base.payments[1], amount: '4000.00' }, { ...base.payments[0], payment_id: 'p3' }] },
    ] });
    expect(r.outcome).toBe('applied');
    expect(r.files.map((f) => [f.table, f.inserted, f.updated, f.unchanged])).toEqual([['teams', 0, 2, 1], ['payments', 1, 2, 2]]);
    expect(toLoadEvent(r).changed).toEqual({ teams: 1, payments: 1 });
    expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain('payments.csv (payments, full, utf-8): строк 3, добавлено 1, обновлено 2 (из них без изменений 2), удалено 0');
  });

  it('full counts deletes of keys no longer present', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [{ table: 'payments', rows: [base.payments[1]], allowShrink: true }] });
    expect(r.files[0]).toMatchObject({ inserted: 0, updated: 1, deleted: 1 });
  });
});
