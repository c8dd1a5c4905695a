// The generator's promises: deterministic bytes, manifest last with true checksums and counts,
// ids in apply order, rows as known at each extract (nothing after as_of), references that
// resolve, valid ИНН, the accounting dialect (cp1251, `;`, decimal comma), and sane distributions.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, tableNames, type TableName } from '@/lib/load/contract';
import { generateCompany, isValidInn, type GenerateOptions } from '@/lib/generate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-test-'));
const base: GenerateOptions = { clients: 400, months: 6, seed: 3, daily: 2, asOf: '2026-11-20' };

/** Split one CSV line (no embedded newlines are generated) honouring quotes. */
function splitLine(line: string, d: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === d) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Table = { header: string[]; rows: Record<string, string>[] };
function readCsv(file: string, d = ',', enc: 'utf8' | 'cp1251' = 'utf8'): Table {
  const buf = fs.readFileSync(file);
  const text = enc === 'cp1251' ? iconv.decode(buf, 'win1251') : buf.toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitLine(lines[0], d);
  return { header, rows: lines.slice(1).map((l) => Object.fromEntries(splitLine(l, d).map((v, i) => [header[i], v]))) };
}

const extractIds = (dir: string) => fs.readdirSync(dir).filter((f) => fs.existsSync(path.join(dir, f, 'manifest.json'))).sort();

let outA: string;
let outB: string;
let outC: string;

beforeAll(async () => {
  outA = path.join(tmp, 'a');
  outB = path.join(tmp, 'b');
  outC = path.join(tmp, 'c');
  await generateCompany({ ...base, out: outA });
  await generateCompany({ ...base, out: outB });
  await generateCompany({ ...base, clients: 60, daily: 1, out: outC, encoding: 'cp1251', delimiter: ';' });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('generateCompany', () => {
  it('is deterministic: the same options give byte-identical files', () => {
    const ids = extractIds(outA);
    expect(extractIds(outB)).toEqual(ids);
    for (const id of ids) {
      for (const f of fs.readdirSync(path.join(outA, id))) {
        expect(fs.readFileSync(path.join(outB, id, f)).equals(fs.readFileSync(path.join(outA, id, f))), `${id}/${f}`).toBe(true);
      }
    }
  });

  it('lays out a full base extract then morning and 12:30 deltas, ids sorting in apply order', () => {
    const ids = extractIds(outA);
    expect(ids).toEqual(['2026-11-18T20-00', '2026-11-19T08-00', '2026-11-19T12-30', '2026-11-20T08-00', '2026-11-20T12-30']);
    const manifests = ids.map((id) => JSON.parse(fs.readFileSync(path.join(outA, id, 'manifest.json'), 'utf8')));
    expect(manifests.map((m) => m.as_of)).toEqual(['2026-11-18', '2026-11-19', '2026-11-19', '2026-11-20', '2026-11-20']);
    for (const [k, m] of manifests.entries()) {
      expect(m.extract_id).toBe(ids[k]);
      expect(m.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
      expect(Object.keys(m.tables).sort()).toEqual([...tableNames].sort());
      for (const t of tableNames) expect(m.tables[t].mode).toBe(k === 0 ? 'full' : 'delta');
    }
  });

  it('writes the manifest last, with each file\'s true sha256 and data row count', () => {
    for (const id of extractIds(outA)) {
      const dir = path.join(outA, id);
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      const mtime = fs.statSync(path.join(dir, 'manifest.json')).mtimeMs;
      for (const t of tableNames) {
        const file = path.join(dir, m.tables[t].file);
        const bytes = fs.readFileSync(file);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(m.tables[t].sha256);
        expect(readCsv(file).rows.length).toBe(m.tables[t].rows);
        expect(fs.statSync(file).mtimeMs).toBeLessThanOrEqual(mtime);
        const header = readCsv(file).header;
        const expected = contract[t].columns.map((c) => c.name);
        expect(header).toEqual(id.endsWith('T20-00') ? expected : [...expected, 'deleted']);
      }
    }
  });

  it('refuses to overwrite an existing extract folder', async () => {
    await expect(generateCompany({ ...base, out: outA })).rejects.toThrow(/уже существует/);
  });

  it('never writes a row dated after its extract\'s as_of (planned and due dates may be ahead)', () => {
    const future = new Set(['planned_on', 'due_on']);
    for (const id of extractIds(outA)) {
      const asOf = JSON.parse(fs.readFileSync(path.join(outA, id, 'manifest.json'), 'utf8')).as_of as string;
      for (const t of tableNames) {
        const cols = contract[t].columns.filter((c) => (c.kind === 'date' || c.kind === 'timestamp') && !future.has(c.name));
        for (const r of readCsv(path.join(outA, id, `${t}.csv`)).rows) {
          for (const c of cols) if (r[c.name]) expect(r[c.name].slice(0, 10) <= asOf, `${id} ${t}.${c.name}=${r[c.name]}`).toBe(true);
        }
      }
    }
  });

  it('resolves every reference within the data applied so far; deltas update and delete earlier rows', () => {
    const keys = new Map<TableName, Set<string>>(tableNames.map((t) => [t, new Set()]));
    let updates = 0;
    let deletes = 0;
    for (const id of extractIds(outA)) {
      const tables = new Map(tableNames.map((t) => [t, readCsv(path.join(outA, id, `${t}.csv`))]));
      for (const t of tableNames) {
        const key = contract[t].key;
        for (const r of tables.get(t)!.rows) {
          const set = keys.get(t)!;
          if (r.deleted === '1') {
            expect(set.has(r[key]), `deleted ${t} ${r[key]} was never published`).toBe(true);
            set.delete(r[key]);
            deletes++;
          } else {
            if (set.has(r[key])) updates++;
            else expect(r.deleted === undefined || r.deleted === '0').toBe(true);
            set.add(r[key]);
          }
        }
      }
      for (const t of tableNames) {
        for (const c of contract[t].columns.filter((x) => x.ref)) {
          for (const r of tables.get(t)!.rows) {
            if (r[c.name] && r.deleted !== '1') expect(keys.get(c.ref!)!.has(r[c.name]), `${id} ${t}.${c.name}=${r[c.name]}`).toBe(true);
          }
        }
      }
    }
    expect(updates).toBeGreaterThan(0);
    expect(deletes).toBeGreaterThanOrEqual(0);
  });

  it('keeps values inside the contract: enums, ИНН checksums, key uniqueness', () => {
    const first = path.join(outA, extractIds(outA)[0]);
    for (const t of tableNames) {
      const { rows } = readCsv(path.join(first, `${t}.csv`));
      const key = contract[t].key;
      expect(new Set(rows.map((r) => r[key])).size).toBe(rows.length);
      for (const c of contract[t].columns) {
        for (const r of rows) {
          if (c.required) expect(r[c.name], `${t}.${c.name}`).not.toBe('');
          if (c.values && r[c.name]) expect(c.values).toContain(r[c.name]);
        }
      }
    }
    const clients = readCsv(path.join(first, 'clients.csv')).rows;
    for (const c of clients) if (c.inn) expect(isValidInn(c.inn), c.inn).toBe(true);
    expect(clients.some((c) => c.inn.length === 12)).toBe(true);
    expect(clients.some((c) => c.inn.length === 10)).toBe(true);
  });

  it('has realistic distributions for the views', () => {
    const first = path.join(outA, extractIds(outA)[0]);
    const t = (name: TableName) => readCsv(path.join(first, `${name}.csv`)).rows;
    const clients = t('clients');
    const paid = new Map<string, number>();
    for (const p of t('payments')) paid.set(p.invoice_id, (paid.get(p.invoice_id) ?? 0) + Number(p.amount));
    const invoices = t('invoices');
    const old = invoices.filter((i) => i.period < '2026-09');
    expect(old.filter((i) => !paid.has(i.invoice_id)).length).toBeGreaterThan(0);
    expect(old.filter((i) => (paid.get(i.invoice_id) ?? 0) > Number(i.amount)).length).toBeGreaterThan(0);
    expect(t('acts').filter((a) => a.period < '2026-09' && !a.returned_on).length).toBeGreaterThan(0);
    expect(t('threats').length).toBeGreaterThan(0);
    expect(clients.filter((c) => c.status === 'churned').length).toBeGreaterThan(0);
    const grouped = clients.filter((c) => c.holding_id || c.parent_client_id || clients.some((o) => o.parent_client_id === c.client_id)).length;
    expect(grouped / clients.length).toBeGreaterThan(0.04);
    expect(grouped / clients.length).toBeLessThan(0.2);
    const ints = t('interactions');
    expect(ints.some((i) => i.planned_on && !i.occurred_at && i.planned_on > '2026-11-18')).toBe(true);
    expect(ints.some((i) => i.planned_on && !i.occurred_at && i.planned_on < '2026-11-01')).toBe(true);
    expect(new Set(ints.map((i) => i.contact_type)).size).toBeGreaterThanOrEqual(6);
    expect(t('usage').some((u) => u.kind === 'hotline_question' && u.topic)).toBe(true);
    expect(new Set(t('sales').map((s) => s.product)).size).toBeGreaterThanOrEqual(5);
    expect(t('agreements').some((a) => a.feedback)).toBe(true);
  });

  it('writes the accounting dialect: Windows-1251, `;`, decimal comma, DD.MM.YYYY', () => {
    const id = extractIds(outC)[0];
    const raw = fs.readFileSync(path.join(outC, id, 'clients.csv'));
    expect(raw.includes(Buffer.from('ООО', 'utf8'))).toBe(false); // not UTF-8
    const clients = readCsv(path.join(outC, id, 'clients.csv'), ';', 'cp1251');
    expect(clients.header).toContain('client_id');
    expect(clients.rows.some((r) => /[А-Яа-яЁё]/.test(r.name))).toBe(true);
    expect(clients.rows.every((r) => !r.contract_start || /^\d\d\.\d\d\.\d{4}$/.test(r.contract_start))).toBe(true);
    const inv = readCsv(path.join(outC, id, 'invoices.csv'), ';', 'cp1251');
    expect(inv.rows.every((r) => /^\d+,\d\d$/.test(r.amount))).toBe(true);
    const pay = readCsv(path.join(outC, id, 'payments.csv'), ';', 'cp1251');
    expect(pay.rows.filter((r) => r.posted_at).every((r) => /^\d\d\.\d\d\.\d{4} \d\d:\d\d$/.test(r.posted_at))).toBe(true);
  });
});

describe('isValidInn', () => {
  it('accepts real check digits and rejects a changed digit', () => {
    expect(isValidInn('7707083893')).toBe(true); // ПАО Сбербанк
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('12345')).toBe(false);
  });
});

describe('--billing', () => {
  const dayNo = (iso: string) => Number(iso.slice(8, 10));
  const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
  const invoicesOf = async (billing: 'start' | 'spread') => {
    const out = path.join(tmp, `billing-${billing}`);
    await generateCompany({ clients: 120, months: 6, seed: 9, asOf: '2026-11-20', billing, out });
    const [first] = extractIds(out);
    return readCsv(path.join(out, first, 'invoices.csv')).rows;
  };

  it('start: invoices on the first working days, due by the 20th of their month', async () => {
    const rows = await invoicesOf('start');
    expect(rows.length).toBeGreaterThan(300);
    // Issued on the 1st or 2nd working day (the latest: after the January holidays, or a client's start).
    const early = rows.filter((r) => dayNo(r.issued_on) <= 12).length;
    expect(early / rows.length).toBeGreaterThan(0.9);
    // Due on the 10th or 20th, or 5 days after a late issue: within a month of issuing.
    for (const r of rows) expect(days(r.issued_on, r.due_on), r.invoice_id).toBeLessThanOrEqual(31);
  });

  it('spread: invoices on any day of the month, due 15, 30 or 45 days later (the next working day: up to 10 days after the New Year)', async () => {
    const rows = await invoicesOf('spread');
    expect(rows.length).toBeGreaterThan(300);
    expect(new Set(rows.map((r) => dayNo(r.issued_on))).size).toBeGreaterThan(15);
    expect(rows.filter((r) => dayNo(r.issued_on) > 15).length / rows.length).toBeGreaterThan(0.3);
    for (const r of rows) {
      const terms = days(r.issued_on, r.due_on);
      expect([15, 30, 45].some((t) => terms >= t && terms <= t + 10), `${r.invoice_id}: ${r.issued_on} → ${r.due_on}`).toBe(true);
      expect(r.issued_on.slice(0, 7)).toBe(r.period);
    }
  });

  it('rejects an unknown shape', async () => {
    await expect(generateCompany({ clients: 2, months: 1, asOf: '2026-11-20', billing: 'middle' as never, out: path.join(tmp, 'billing-bad') })).rejects.toThrow(/--billing/);
  });
});
