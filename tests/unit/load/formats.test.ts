// Encodings and dialects (extracts.md "A drop"): UTF-8 with/without BOM, Windows-1251 with `;`
// and decimal commas, DD.MM.YYYY dates, ISO timestamps with offsets, Parquet; and line numbers
// that stay right with quoted multi-line fields and blank lines.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec, query } from '@/lib/db';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { addFileToManifest, writeExtract } from './build-extract';
import { inboxOf, load, loadBase, rejectedRows } from './util';
import { loadExtract } from '@/lib/load';

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); process.env.REJECT_THRESHOLD_PCT = '100'; });
afterEach(async () => { await cleanupDataDir(dir); delete process.env.REJECT_THRESHOLD_PCT; });

describe('encodings and dialects', () => {
  it('Windows-1251 with `;`, decimal commas and DD.MM.YYYY dates loads with Cyrillic intact', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [
      { table: 'clients', mode: 'delta', delim: ';', encoding: 'cp1251', rows: [
        { client_id: 'c10', name: 'ООО «Щука и Ёж»; Москва', status: 'active', contract_start: '01.02.2025', tax_system: 'ЕСХН', address: 'г. Москва, ул. Льва Толстого' },
      ] },
      { table: 'invoices', mode: 'delta', delim: ';', encoding: 'cp1251', rows: [
        { invoice_id: 'i10', client_id: 'c10', period: '2026-11', issued_on: '01.11.2026', due_on: '10.11.2026', amount: '1 234 567,89' },
      ] },
    ] });
    expect(r.outcome).toBe('applied');
    expect(r.rejected).toBe(0);
    expect(await query(`SELECT name, tax_system, address, contract_start::VARCHAR AS d FROM clients WHERE client_id = 'c10'`)).toEqual([
      { name: 'ООО «Щука и Ёж»; Москва', tax_system: 'ЕСХН', address: 'г. Москва, ул. Льва Толстого', d: '2025-02-01' },
    ]);
    expect(await query(`SELECT amount::VARCHAR AS a, issued_on::VARCHAR AS d FROM invoices WHERE invoice_id = 'i10'`)).toEqual([{ a: '1234567.89', d: '2026-11-01' }]);
    // The original bytes are archived untouched.
    const archived = fs.readFileSync(path.join(dir, 'archive', 'X2', 'clients.csv'));
    expect(iconv.decode(archived, 'win1251')).toContain('Щука');
  });

  it('UTF-8 with BOM', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', encoding: 'utf8bom', rows: [{ team_id: 't9', name: 'Восток' }] }] });
    expect(r.outcome).toBe('applied');
    expect(await query(`SELECT name FROM teams WHERE team_id = 't9'`)).toEqual([{ name: 'Восток' }]);
  });

  it('ISO timestamps with +03:00 and with Z become Moscow local time; local ones stay', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [{ table: 'payments', mode: 'delta', rows: [
      { payment_id: 'p10', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', posted_at: '2026-11-02T12:30:00+03:00', amount: '1' },
      { payment_id: 'p11', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', posted_at: '2026-11-02T09:30:00Z', amount: '1' },
      { payment_id: 'p12', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', posted_at: '2026-11-02T23:30:00+00:00', amount: '1' },
      { payment_id: 'p13', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', posted_at: '02.11.2026 12:30', amount: '1' },
      { payment_id: 'p14', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', posted_at: '2026-11-02 12:30:15', amount: '1' },
    ] }] });
    expect(r.rejected).toBe(0);
    expect(await query(`SELECT payment_id, posted_at::VARCHAR AS t FROM payments WHERE payment_id LIKE 'p1_' ORDER BY 1`)).toEqual([
      { payment_id: 'p10', t: '2026-11-02 12:30:00' },
      { payment_id: 'p11', t: '2026-11-02 12:30:00' },
      { payment_id: 'p12', t: '2026-11-03 02:30:00' },
      { payment_id: 'p13', t: '2026-11-02 12:30:00' },
      { payment_id: 'p14', t: '2026-11-02 12:30:15' },
    ]);
  });

  it('Parquet files load (columns cast to text, same validation)', async () => {
    await loadBase(dir);
    const ex = writeExtract(inboxOf(dir), 'X2', { files: [] , manifest: JSON.stringify({ extract_id: 'X2', as_of: '2026-11-22', created_at: '2026-11-22T12:31:07+03:00', tables: {} }) });
    const file = path.join(ex, 'payments.parquet');
    await exec(`COPY (SELECT * FROM (VALUES
        ('p10', 'i1', 'c1', DATE '2026-11-03', TIMESTAMP '2026-11-03 10:00:00', 150.5::DECIMAL(18,2)),
        ('p11', 'i2', 'c2', DATE '2026-11-04', NULL, 99.99::DECIMAL(18,2)),
        ('p12', 'i404', 'c2', DATE '2026-11-04', NULL, 1::DECIMAL(18,2))
      ) t(payment_id, invoice_id, client_id, paid_on, posted_at, amount)) TO '${file}' (FORMAT parquet)`);
    addFileToManifest(ex, 'payments', 'payments.parquet', 3, 'delta');
    const r = await loadExtract(ex);
    expect(r.outcome).toBe('applied');
    expect(r.files[0]).toMatchObject({ inserted: 2, rejected: 1 });
    expect(await rejectedRows(r.loadId!)).toMatchObject([{ file: 'payments.parquet', line: 4, rule: 'reference' }]);
    expect(await query(`SELECT payment_id, posted_at::VARCHAR AS t, amount::VARCHAR AS a FROM payments WHERE payment_id LIKE 'p1_' ORDER BY 1`)).toEqual([
      { payment_id: 'p10', t: '2026-11-03 10:00:00', a: '150.50' }, { payment_id: 'p11', t: null, a: '99.99' },
    ]);
  });
});

describe('line numbers', () => {
  it('a multi-line quoted field keeps correct line numbers for a later bad row', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [{ table: 'clients', mode: 'delta', rows: [
      { client_id: 'c10', name: 'Первый', status: 'active', specifics: 'строка 1\nстрока 2\nстрока 3' }, // lines 2-4
      { client_id: 'c11', name: 'Второй', status: 'bad' }, // line 5
      { client_id: 'c12', name: 'Третий', status: 'active', specifics: 'а\r\nб' }, // lines 6-7
      { client_id: 'c13', name: 'Четвёртый', status: 'active', inn: '1' }, // line 8
    ] }] });
    expect(r.outcome).toBe('applied');
    expect((await rejectedRows(r.loadId!)).map((x) => [x.line, x.rule])).toEqual([[5, 'enum'], [8, 'pattern']]);
  });

  it('blank lines and unreadable records before a bad row are counted', async () => {
    await loadBase(dir);
    const content = [
      'team_id,name,head_name', // 1
      't10,"Команда', // 2
      'с переносом",', // 3
      '', // 4 (blank, skipped by the reader)
      't11,Лишнее,поле,тут', // 5 (too many columns)
      't12,,', // 6 (name required)
      '', // 7
      't13,Ок,', // 8
      't14,"Ок', // 9
      '', // 10 (blank inside quotes: part of the field)
      'ещё",', // 11
      't15,,x', // 12 (name required)
    ].join('\n') + '\n';
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', content, manifestRows: 6 }] });
    expect(r.outcome).toBe('applied');
    expect((await rejectedRows(r.loadId!)).map((x) => [x.line, x.rule])).toEqual([[5, 'format'], [6, 'required'], [12, 'required']]);
    expect(await query(`SELECT name FROM teams WHERE team_id IN ('t10', 't14') ORDER BY team_id`)).toEqual([{ name: 'Команда\nс переносом' }, { name: 'Ок\n\nещё' }]);
  });
});

