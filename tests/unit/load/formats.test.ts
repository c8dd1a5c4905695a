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
import { getLoad, loadExtract } from '@/lib/load';
import { guessEncoding, utf8Stats } from '@/lib/load/files';

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


// extracts.md rule 6: UTF-8 when the bytes are UTF-8, invalid sequences quarantining their lines;
// Windows-1251 only when the file is not UTF-8 at all; the manifest's "encoding" overrides.
describe('encoding (extracts.md rule 6)', () => {
  const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('a UTF-8 file with one stray 0xFF byte is read as UTF-8 and only that line is quarantined (rule encoding)', async () => {
    await loadBase(dir);
    const content = bytes(
      'client_id,name,status,address\n', // 1
      'c10,ООО «Щука»,active,г. Москва\n', // 2
      'c11,ИП Ёлкин,active,"Казань,\nул. Баумана"\n', // 3-4
      'c12,ООО «Ёрш', [0xff], '»,active,Тверь\n', // 5: the stray byte
      'c13,АО «Сом»,active,Псков\n', // 6
      'c14,ЗАО «Карп»,closed,Омск\n', // 7: a bad status, so the line count after the skipped line is checked
    );
    const r = await load(dir, 'X2', { files: [{ table: 'clients', mode: 'delta', content, manifestRows: 5 }] });
    expect(r.outcome).toBe('applied');
    expect(r.files[0]).toMatchObject({ encoding: 'utf-8', inserted: 3, rejected: 2 });
    expect((await rejectedRows(r.loadId!)).map((x) => [x.file, x.line, x.rule])).toEqual([['clients.csv', 5, 'encoding'], ['clients.csv', 7, 'enum']]);
    expect((await rejectedRows(r.loadId!))[0].reason).toMatch(/недопустимые в UTF-8/);
    // No mojibake: the other lines keep their Cyrillic.
    expect(await query(`SELECT client_id, name, address FROM clients WHERE client_id IN ('c10', 'c11', 'c12', 'c13', 'c14') ORDER BY 1`)).toEqual([
      { client_id: 'c10', name: 'ООО «Щука»', address: 'г. Москва' },
      { client_id: 'c11', name: 'ИП Ёлкин', address: 'Казань,\nул. Баумана' },
      { client_id: 'c13', name: 'АО «Сом»', address: 'Псков' },
    ]);
    // The readable report and the journal (the load's page, /api/v1/loads/<id>) say how it was read.
    expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain('clients.csv (clients, delta, utf-8)');
    expect((await getLoad(r.loadId!))?.files.map((f) => f.encoding)).toEqual(['utf-8']);
  });

  it('a stray byte inside a multi-line quoted field quarantines that record; later lines keep their numbers', async () => {
    await loadBase(dir);
    const content = bytes(
      'team_id,name,head_name\n', // 1
      't10,"Много\nстрок\nтут",\n', // 2-4
      't11,"Тоже\nмного', [0xff], '\nстрок",\n', // 5-7: one unreadable record over three lines
      't12,,\n', // 8: name missing
      't13,"Ещё\nстрока",Ок\n', // 9-10
      't14,Лишнее,поле,"два\nстроки"\n', // 11-12: too many fields
      't15,,\n', // 13: name missing
    );
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', content, manifestRows: 6 }] });
    expect(r.outcome).toBe('applied');
    expect((await rejectedRows(r.loadId!)).map((x) => [x.line, x.rule])).toEqual([[5, 'encoding'], [8, 'required'], [11, 'format'], [13, 'required']]);
  });

  it('quarantined encoding lines count towards the 1 % threshold', async () => {
    delete process.env.REJECT_THRESHOLD_PCT;
    await loadBase(dir);
    const rows = Array.from({ length: 60 }, (_, i) => `t${100 + i},Отдел ${i},Иванова\n`);
    // Line 32 holds 0xC0, which never starts a valid UTF-8 sequence.
    const content = bytes('team_id,name,head_name\n', ...rows.slice(0, 30), 't130,Отдел', [0xc0, 0x20], 'тридцать,\n', ...rows.slice(31));
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', content, manifestRows: 60 }] });
    // 1 of 60 lines is 1.7 %: over the default 1 %, so the extract is rejected and says why.
    expect(r.outcome).toBe('rejected');
    expect(r.message).toMatch(/\[правило threshold\]/);
    expect(r.message).toContain('teams.csv:32: encoding');
  });

  it('a Windows-1251 file with little Cyrillic (one word in 1000 ASCII lines) is still read as Windows-1251', async () => {
    await loadBase(dir);
    const rows = Array.from({ length: 1000 }, (_, i) => ({ team_id: `t${1000 + i}`, name: `Team ${i}`, head_name: i === 500 ? 'Москва' : 'Smith' }));
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', encoding: 'cp1251', rows }] });
    expect(r.outcome).toBe('applied');
    expect(r.files[0]).toMatchObject({ encoding: 'windows-1251', inserted: 1000, rejected: 0 });
    expect(await query(`SELECT head_name FROM teams WHERE team_id = 't1500'`)).toEqual([{ head_name: 'Москва' }]);
  });

  it('Windows-1251 in capitals with « » and no-break spaces (some byte pairs happen to be valid UTF-8) is Windows-1251', async () => {
    await loadBase(dir);
    // «В» + «»» is 0xC2 0xBB, a valid UTF-8 pair: the statistics, not the first bad byte, decide.
    const rows = [
      { invoice_id: 'i10', client_id: 'c1', period: '2026-11', issued_on: '01.11.2026', due_on: '10.11.2026', amount: '1\u00a0234,50' },
    ];
    const names = [{ client_id: 'c20', name: 'ООО «ЛЕВ»', status: 'active' }, { client_id: 'c21', name: 'ИП ИВАНОВ В.В.', status: 'active' }];
    const r = await load(dir, 'X2', { files: [
      { table: 'clients', mode: 'delta', delim: ';', encoding: 'cp1251', rows: names },
      { table: 'invoices', mode: 'delta', delim: ';', encoding: 'cp1251', rows },
    ] });
    expect(r.outcome).toBe('applied');
    expect(r.files.map((f) => f.encoding)).toEqual(['windows-1251', 'windows-1251']);
    expect(await query(`SELECT name FROM clients WHERE client_id IN ('c20', 'c21') ORDER BY 1`)).toEqual([{ name: 'ИП ИВАНОВ В.В.' }, { name: 'ООО «ЛЕВ»' }]);
    expect(await query(`SELECT amount::VARCHAR AS a FROM invoices WHERE invoice_id = 'i10'`)).toEqual([{ a: '1234.50' }]);
  });

  it('ASCII plus one stray byte (no valid multi-byte sequence) is taken as Windows-1251; "encoding": "utf-8" quarantines the line instead', async () => {
    await loadBase(dir);
    const content = bytes('team_id,name,head_name\nt20,Team', [0xff], ',\nt21,Other,\n');
    const guessed = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', content, manifestRows: 2 }] });
    expect(guessed.outcome).toBe('applied');
    expect(guessed.files[0].encoding).toBe('windows-1251');
    expect(await query(`SELECT name FROM teams WHERE team_id = 't20'`)).toEqual([{ name: 'Teamя' }]);

    const declared = await load(dir, 'X3', { files: [{ table: 'teams', mode: 'delta', content: Buffer.concat([content, Buffer.from('t22,Third,\n')]), manifestRows: 3, manifestEncoding: 'utf-8' }] });
    expect(declared.outcome).toBe('applied');
    expect(declared.files[0]).toMatchObject({ encoding: 'utf-8', inserted: 1, updated: 1, rejected: 1 });
    expect((await rejectedRows(declared.loadId!)).map((x) => [x.line, x.rule])).toEqual([[2, 'encoding']]);
    expect(await query(`SELECT team_id, name FROM teams WHERE team_id IN ('t20', 't22') ORDER BY 1`)).toEqual([{ team_id: 't20', name: 'Teamя' }, { team_id: 't22', name: 'Third' }]);
  });

  it('"encoding": "windows-1251" decodes the file as Windows-1251 whatever it looks like', async () => {
    await loadBase(dir);
    const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't30', name: 'Восток' }], manifestEncoding: 'Windows-1251' }] });
    expect(r.outcome).toBe('applied');
    expect(r.files[0].encoding).toBe('windows-1251');
    // Each UTF-8 byte of «Восток» read as one Windows-1251 character: what the manifest asked for.
    expect(await query(`SELECT name FROM teams WHERE team_id = 't30'`)).toEqual([{ name: iconv.decode(Buffer.from('Восток', 'utf8'), 'win1251') }]);
  });

  it('an unknown "encoding" is a manifest error; a header line that is not UTF-8 rejects the file (rule encoding)', async () => {
    await loadBase(dir);
    const bad = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't30', name: 'Восток' }], manifestEncoding: 'koi8-r' }] });
    expect(bad.outcome).toBe('rejected');
    expect(bad.message).toMatch(/tables\.teams\.encoding: utf-8 или windows-1251 \[правило manifest\]/);

    const content = bytes('team_id,na', [0xff], 'me,head_name\nt31,Север,Иванова\nt32,Юг,Петрова\n');
    const header = await load(dir, 'X3', { files: [{ table: 'teams', mode: 'delta', content, manifestRows: 2 }] });
    expect(header.outcome).toBe('rejected');
    expect(header.message).toMatch(/^teams\.csv:1: .*UTF-8.* \[правило encoding\]$/);
  });
});

describe('utf8Stats and guessEncoding', () => {
  const statsOf = async (buf: Buffer) => {
    const f = path.join(dir, 'probe.csv');
    fs.writeFileSync(f, buf);
    return utf8Stats(f);
  };

  it('counts across the 1 MB read chunks: a character cut by the boundary is one valid sequence', async () => {
    const pad = Buffer.alloc((1 << 20) - 1, 0x61); // 'a' up to one byte before the boundary
    const s = await statsOf(Buffer.concat([pad, Buffer.from('Ж\nЯ', 'utf8')]));
    expect(s).toEqual({ validMulti: 2, invalid: 0, headerBad: false, bom: false });
  });

  it('counts ill-formed sequences as a decoder replaces them', async () => {
    // Line 1: a lone continuation byte; line 2: a surrogate (ED A0 80: 3 errors) and an overlong
    // (C0 80: 2 errors); line 3: clean Cyrillic (2 valid); the file ends inside a character.
    const s = await statsOf(Buffer.from([0x80, 0x0a, 0xed, 0xa0, 0x80, 0xc0, 0x80, 0x0a, 0xd0, 0x96, 0xd0, 0xaf, 0x0a, 0xd0]));
    expect(s).toEqual({ validMulti: 2, invalid: 7, headerBad: true, bom: false });
  });

  it('with untilDecided, stops once the rest of the file cannot change the guess', async () => {
    // 2 MB of Windows-1251 Cyrillic, and 6 MB of UTF-8 Cyrillic with a stray byte in its first line
    // (the check runs after each 1 MB read).
    const cp = Buffer.concat(Array(40_000).fill(iconv.encode('c1;ООО «Ромашка»;Москва, ул. Льва Толстого\n', 'win1251')));
    const u8 = Buffer.concat([Buffer.from([0x61, 0xff, 0x0a]), ...Array(150_000).fill(Buffer.from('c1;ООО «Ромашка»;Москва\n', 'utf8'))]);
    for (const [buf, guess] of [[cp, 'windows-1251'], [u8, 'utf-8']] as const) {
      const full = await statsOf(buf);
      const f = path.join(dir, 'probe.csv');
      const early = await utf8Stats(f, true);
      expect([guessEncoding(full), guessEncoding(early)]).toEqual([guess, guess]);
      expect(early.validMulti + early.invalid).toBeLessThan(full.validMulti + full.invalid);
    }
  });

  it('guesses UTF-8 with a BOM or with more valid multi-byte sequences than invalid ones, else Windows-1251', () => {
    const base = { headerBad: false, bom: false };
    expect(guessEncoding({ ...base, validMulti: 2, invalid: 1 })).toBe('utf-8');
    expect(guessEncoding({ ...base, validMulti: 1, invalid: 1 })).toBe('windows-1251');
    expect(guessEncoding({ ...base, validMulti: 0, invalid: 1 })).toBe('windows-1251');
    expect(guessEncoding({ ...base, validMulti: 0, invalid: 1, bom: true })).toBe('utf-8');
  });
});
