// Arrow encoding of the client list, round trip: what the browser decodes (apache-arrow's reader,
// then lib/arrow/rows) must equal the JSON answer row for row, for filtered, sorted and paged
// lists; and the hand-built vectors must hold nulls, Cyrillic, 4-byte characters, empty results,
// batches cut anywhere and a dictionary written once.
import { RecordBatchReader, tableFromIPC, Type, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, query } from '@/lib/db';
import type { Scope } from '@/lib/db/scope';
import { encodeArrowStream } from '@/lib/arrow/ipc';
import { arrowRows, isoFromDays } from '@/lib/arrow/rows';
import { clientListKeys, getClients, getClientsArrow, type ClientListQuery, type ClientListRow } from '@/lib/clients/get-clients';
import { clientRowsFromArrow } from '@/lib/arrow/client-rows';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { seedCompany } from '../scope/seed';

const EXEC: Scope = { login: 'e', role: 'executive' };

async function bothWays(scope: Scope, q: Partial<ClientListQuery>): Promise<{ json: { rows: ClientListRow[]; total: number }; table: Table; rows: ClientListRow[] }> {
  const opts = { limit: 1000, offset: 0, ...q };
  const [json, arrow] = await Promise.all([getClients(scope, opts), getClientsArrow(scope, opts)]);
  const table = tableFromIPC(arrow.bytes);
  expect(arrow.total).toBe(json.total);
  expect(arrow.rows).toBe(json.rows.length);
  const rows = arrowRows<ClientListRow>(table);
  // The page's own builder (fixed-shape objects) gives the same rows as the generic one.
  expect(clientRowsFromArrow(table)).toEqual(rows);
  return { json, table, rows };
}

/** Occurrences of `needle` (as UTF-8) in `bytes`. */
function occurrences(bytes: Uint8Array, needle: string): number {
  const n = Buffer.from(needle, 'utf8');
  let count = 0;
  for (let i = Buffer.from(bytes).indexOf(n); i >= 0; i = Buffer.from(bytes).indexOf(n, i + 1)) count++;
  return count;
}

describe('client list as Arrow', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await seedCompany();
    await exec(`UPDATE clients SET contract_start = CASE client_id WHEN 'C1' THEN DATE '2021-03-01' WHEN 'C4' THEN DATE '1969-12-31' END`);
  });
  afterAll(() => cleanupDataDir(dir));

  it.each<[string, Scope, Partial<ClientListQuery>]>([
    ['everything', EXEC, {}],
    ['a filter', EXEC, { team: 'T1', status: 'active' }],
    ['sorted desc by date', EXEC, { sort: 'contractStart', dir: 'desc' }],
    ['a page', EXEC, { sort: 'inn', limit: 2, offset: 3 }],
    ['a specialist', { login: 's', role: 'specialist', specialistId: 'S3' }, {}],
    ['nothing', EXEC, { segment: 'нет такого' }],
  ])('%s: decoded rows equal the JSON rows, in order', async (_name, scope, q) => {
    const { json, table, rows } = await bothWays(scope, q);
    expect(rows).toEqual(json.rows);
    expect(table.schema.fields.map((f) => f.name)).toEqual(clientListKeys);
    expect(table.schema.metadata.get('total')).toBe(String(json.total));
  });

  it('columns have their Arrow types: text, dictionaries for repeated values, a DateDay', async () => {
    const { table } = await bothWays(EXEC, {});
    const type = (name: string) => table.schema.fields.find((f) => f.name === name)!.type;
    expect(type('name').typeId).toBe(Type.Utf8);
    expect(type('inn').typeId).toBe(Type.Utf8);
    for (const k of ['segment', 'taxSystem', 'region', 'specialistName', 'teamName', 'status']) expect(type(k).typeId, k).toBe(Type.Dictionary);
    expect(String(type('contractStartOn'))).toBe('Date32<DAY>');
    expect(table.getChild('contractStartOn')!.get(0)).not.toBeUndefined();
  });

  it('dates before and after 1970 decode to the same ISO day', async () => {
    const { rows } = await bothWays(EXEC, {});
    expect(rows.find((r) => r.id === 'C4')!.contractStartOn).toBe('1969-12-31');
    expect(rows.find((r) => r.id === 'C1')!.contractStartOn).toBe('2021-03-01');
    expect(isoFromDays(0)).toBe('1970-01-01');
    expect(isoFromDays(-1)).toBe('1969-12-31');
  });

  it('a 140,000-row page of 150,000 (two row groups, read in parallel) keeps the sort order and every value (vs a plain row query)', async () => {
    // Names with Cyrillic, a 4-byte character and empty values; segments and specialists repeat.
    await exec(`INSERT INTO clients (client_id, name, inn, contract_no, contract_start, segment, tax_system, region, specialist_id, status, _extract_id)
      SELECT 'X' || lpad(i::VARCHAR, 6, '0'), CASE WHEN i % 97 = 0 THEN 'ИП 𝔸 ' || (i % 500) ELSE 'ООО «Тест ' || ((i * 7919) % 1000) || '»' END,
        CASE WHEN i % 5 = 0 THEN NULL ELSE (7700000000 + i)::VARCHAR END, CASE WHEN i % 7 = 0 THEN '' ELSE 'Д-' || i END,
        CASE WHEN i % 3 = 0 THEN NULL ELSE DATE '2000-01-01' + (i % 9000)::INTEGER END,
        CASE WHEN i % 11 = 0 THEN NULL ELSE 'сегмент ' || (i % 13) END, ['ОСНО', 'УСН', NULL][i % 3 + 1], 'регион ' || (i % 85),
        ['S1', 'S2', 'S3', NULL][i % 4 + 1], ['active', 'suspended', 'churned'][i % 3 + 1], 'x'
      FROM range(150000) t(i)`);
    const plain = await query<Record<string, unknown>>(`SELECT c.client_id AS id, c.name, c.inn, c.contract_no AS contractNo, c.contract_start::VARCHAR AS contractStartOn,
        c.segment, c.tax_system AS taxSystem, c.region, c.specialist_id AS specialistId, s.full_name AS specialistName, s.team_id AS teamId, t.name AS teamName, c.status
      FROM clients c LEFT JOIN specialists s USING (specialist_id) LEFT JOIN teams t ON t.team_id = s.team_id
      ORDER BY c.name DESC NULLS LAST, c.client_id LIMIT 140000 OFFSET 1000`);
    const { json, rows } = await bothWays(EXEC, { sort: 'name', dir: 'desc', limit: 140_000, offset: 1_000 });
    expect(json.total).toBe(150_006);
    expect(json.rows).toEqual(plain);
    expect(rows).toEqual(plain);
  });

  describe('encoder', () => {
    const specs = [{ name: 't', kind: 'utf8' }, { name: 'd', kind: 'dict' }, { name: 'day', kind: 'dateDay' }, { name: 'i', kind: 'int32' }, { name: 'f', kind: 'float64' }] as const;
    const t = ['ООО «Ёлка»', null, '', 'ИП Щукин 😀 и 𝔸', 'a;b"c', null, 'Юг'];
    const d = ['Юристы', 'Юристы', null, 'Бухгалтерия', 'Юристы', null, 'Госсектор'];
    const day = [0, -1, null, 20_000, 19_723, null, -25_000];
    const i = [1, -2, null, 2_147_483_647, 0, null, 7];
    const f = [1.5, null, -0.25, 1e12, 0, null, 3];

    it.each([1, 2, 3, 7, 100])('round trip with batches of %i rows', (batchRows) => {
      const bytes = encodeArrowStream(specs, { t, d, day, i, f }, { batchRows });
      const table = tableFromIPC(bytes);
      expect(table.batches.length).toBe(Math.ceil(t.length / batchRows));
      expect(arrowRows(table)).toEqual(t.map((_, k) => ({ t: t[k], d: d[k], day: day[k] === null ? null : isoFromDays(day[k]!), i: i[k], f: f[k] })));
      // The library's own getters agree with the hand-built buffers.
      expect([...table.getChild('t')!]).toEqual(t);
      expect([...table.getChild('d')!]).toEqual(d);
    });

    it('writes each dictionary value once, however many batches', () => {
      const bytes = encodeArrowStream(specs, { t, d, day, i, f }, { batchRows: 1 });
      expect(occurrences(bytes, 'Бухгалтерия')).toBe(1);
      expect(occurrences(bytes, 'Юристы')).toBe(1);
    });

    it.each([[3, 'Int8'], [128, 'Int16'], [40_000, 'Int32']])('%i distinct values → %s indices, decoded back', (distinct, width) => {
      const values = Array.from({ length: distinct + 5 }, (_, k) => (k === 2 ? null : `сегмент ${k % distinct}`));
      const table = tableFromIPC(encodeArrowStream([{ name: 'd', kind: 'dict' }], { d: values }, { batchRows: 1000 }));
      expect(String(table.schema.fields[0].type)).toBe(`Dictionary<${width}, Utf8>`);
      expect(arrowRows(table).map((r) => r.d)).toEqual(values);
    });

    it('an empty result still carries the schema and its metadata', () => {
      const bytes = encodeArrowStream(specs, { t: [], d: [], day: [], i: [], f: [] }, { metadata: { total: '0' } });
      const table = tableFromIPC(bytes);
      expect(table.numRows).toBe(0);
      expect(table.schema.fields.map((x) => x.name)).toEqual(['t', 'd', 'day', 'i', 'f']);
      expect(table.schema.metadata.get('total')).toBe('0');
      expect(arrowRows(table)).toEqual([]);
    });

    it('refuses columns of different lengths', () => {
      expect(() => encodeArrowStream(specs, { t, d: d.slice(1), day, i, f })).toThrow(/column d/);
    });

    it('a reader fed the bytes in odd-sized pieces gets every batch as it arrives', async () => {
      const bytes = encodeArrowStream(specs, { t, d, day, i, f }, { batchRows: 2 });
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let at = 0; at < bytes.length; at += 13) c.enqueue(bytes.slice(at, at + 13));
          c.close();
        },
      });
      const reader = await RecordBatchReader.from(stream);
      const got: unknown[] = [];
      let batches = 0;
      for await (const batch of reader) {
        batches++;
        got.push(...arrowRows(batch));
      }
      expect(batches).toBe(4);
      expect(got).toEqual(arrowRows(tableFromIPC(bytes)));
    });
  });
});
