// The client list a caller may see (Клиенты, GET /api/v1/clients): scoped through
// scopedClientsCte (lib/db/scope.ts), filtered by team, specialist, segment, tax system, status and
// a name / INN / contract text, sorted by an allow-listed column, cut by limit/offset. The list may
// be 100,000+ rows, sent as JSON rows or as an Arrow stream, so a page is read by column (readPage).
import { z } from 'zod';
import { bindable, query, withConnection } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';
import { dictParts, encodeArrowStream, type ArrowColumnSpec, type DictParts, type Utf8Parts } from '../arrow/ipc';
import { isoFromDays, utf8Strings } from '../arrow/rows';
import { clientClassesCte } from '../abc/abc-xyz';
import { getLatestAsOf } from '../loads';
import { clientCardRowSchema } from './get-client';
import { abcClasses, bcgQuadrants, clientSortKeys, clientStatuses, taxSystems, xyzClasses, type ClientSortKey } from './list-query';

export { CLIENTS_MAX_LIMIT, clientSortKeys, clientStatuses, taxSystems, type ClientSortKey } from './list-query';

// The identifier that varies comes from this allow-list, never from the URL.
const SORT_SQL: Record<ClientSortKey, string> = {
  name: 'c.name', inn: 'c.inn', contract: 'c.contract_no', contractStart: 'c.contract_start', segment: 'c.segment',
  taxSystem: 'c.tax_system', region: 'c.region', specialist: 's.full_name', team: 't.name', status: 'c.status',
};

// The list shows a subset of the card's fields: derived, so names and types cannot drift apart.
export const clientListRowSchema = clientCardRowSchema.pick({
  id: true, name: true, inn: true, contractNo: true, contractStartOn: true, segment: true, taxSystem: true, region: true,
  specialistId: true, specialistName: true, teamId: true, teamName: true, status: true,
});
export type ClientListRow = z.infer<typeof clientListRowSchema>;
export type ClientListKey = keyof ClientListRow;

/**
 * The columns of a list row, in answer order, with their Arrow storage: free text as Utf8, the
 * few distinct values of a column (segments, regions, specialists, teams, statuses) as a
 * dictionary, the contract start as a date (days since 1970-01-01).
 */
export const clientListArrowColumns = [
  { name: 'id', kind: 'utf8' }, { name: 'name', kind: 'utf8' }, { name: 'inn', kind: 'utf8' }, { name: 'contractNo', kind: 'utf8' },
  { name: 'contractStartOn', kind: 'dateDay' }, { name: 'segment', kind: 'dict' }, { name: 'taxSystem', kind: 'dict' },
  { name: 'region', kind: 'dict' }, { name: 'specialistId', kind: 'dict' }, { name: 'specialistName', kind: 'dict' },
  { name: 'teamId', kind: 'dict' }, { name: 'teamName', kind: 'dict' }, { name: 'status', kind: 'dict' },
] as const satisfies ReadonlyArray<ArrowColumnSpec & { name: ClientListKey }>;
export const clientListKeys: ClientListKey[] = clientListArrowColumns.map((c) => c.name);

const idSchema = z.string().trim().min(1).max(100);
/** The filters, as URL parameters (API: a bad value is a 400; the page drops it). */
export const clientListFilterSchema = z.object({
  /** Part of the name (case-insensitive), or an exact INN / contract number. */
  q: z.string().trim().max(100).optional(),
  team: idSchema.optional(),
  specialist: idSchema.optional(),
  segment: idSchema.optional(),
  taxSystem: z.enum(taxSystems).optional(),
  status: z.enum(clientStatuses).optional(),
  /** Class and quadrant in the default ABC/XYZ view as known on the newest as-of (lib/abc/abc-xyz.ts). */
  abc: z.enum(abcClasses).optional(),
  xyz: z.enum(xyzClasses).optional(),
  quadrant: z.enum(bcgQuadrants).optional(),
});
export type ClientListFilter = z.infer<typeof clientListFilterSchema>;

export interface ClientListQuery extends ClientListFilter {
  limit: number;
  offset: number;
  sort?: ClientSortKey;
  dir?: 'asc' | 'desc';
}

/** The CTEs behind a class or quadrant filter (lib/abc/abc-xyz.ts clientClassesCte), or null when none is set. */
type ClassesCte = { sql: string; params: Record<string, unknown> } | null;
async function classesCteFor(scope: Scope, f: ClientListFilter): Promise<ClassesCte> {
  if (!f.abc && !f.xyz && !f.quadrant) return null;
  const asOf = (await getLatestAsOf())?.asOf;
  return asOf ? clientClassesCte(scope, asOf) : null;
}

/**
 * The list's query parts: `with` the scope CTE (and the classes', when filtered by them), `from` the
 * joins and the WHERE of each filter that is set (every value bound), to go around a SELECT.
 * Specialists and teams are joined only when a filter or the order needs them (a join over a
 * million clients is a hash join's worth of time).
 */
function fromWhere(scope: Scope, f: ClientListFilter, classes: ClassesCte, sort?: ClientSortKey): { with: string; from: string; params: Record<string, unknown> } {
  const cte = scopedClientsCte(scope);
  const where: string[] = [];
  const params: Record<string, unknown> = { ...cte.params };
  const q = f.q?.trim();
  if (q) {
    where.push(`(lower(c.name) LIKE '%' || lower($q) || '%' OR c.inn = $q OR c.contract_no = $q)`);
    params.q = q;
  }
  // The team is the current specialist's team (domain.md: specialists sit in teams).
  if (f.team) { where.push('s.team_id = $team'); params.team = f.team; }
  if (f.specialist) { where.push('c.specialist_id = $specialist'); params.specialist = f.specialist; }
  if (f.segment) { where.push('c.segment = $segment'); params.segment = f.segment; }
  if (f.taxSystem) { where.push('c.tax_system = $taxSystem'); params.taxSystem = f.taxSystem; }
  if (f.status) { where.push('c.status = $status'); params.status = f.status; }
  if (f.abc || f.xyz || f.quadrant) {
    // No sales data loaded yet: no client has a class.
    if (!classes) where.push('FALSE');
    else {
      const cls: string[] = [];
      if (f.abc) { cls.push('abc = $listAbc'); params.listAbc = f.abc; }
      if (f.xyz) { cls.push('xyz = $listXyz'); params.listXyz = f.xyz; }
      if (f.quadrant) { cls.push('quadrant = $listQuadrant'); params.listQuadrant = f.quadrant; }
      where.push(`c.client_id IN (SELECT client_id FROM client_classes WHERE ${cls.join(' AND ')})`);
      Object.assign(params, classes.params);
    }
  }
  return {
    with: `WITH ${cte.sql}${classes && (f.abc || f.xyz || f.quadrant) ? `,\n${classes.sql}` : ''}`,
    from: [
      'FROM scoped_clients c',
      f.team || sort === 'specialist' || sort === 'team' ? 'LEFT JOIN specialists s ON s.specialist_id = c.specialist_id' : '',
      sort === 'team' ? 'LEFT JOIN teams t ON t.team_id = s.team_id' : '',
      where.length ? `WHERE ${where.join(' AND ')}` : '',
    ].filter(Boolean).join('\n'),
    params,
  };
}

/** How many clients visible to `scope` match the filters. */
export async function countClients(scope: Scope, f: ClientListFilter, classes?: ClassesCte): Promise<number> {
  const base = fromWhere(scope, f, classes === undefined ? await classesCteFor(scope, f) : classes);
  const r = await query<{ n: number }>(`${base.with}\nSELECT count(*)::INTEGER AS n\n${base.from}`, base.params);
  return Number(r[0]?.n ?? 0);
}

/** A text column of a page: UTF-8 bytes and offsets (Arrow's layout) and the same text as one JS string. */
interface PageText extends Utf8Parts {
  text: string;
  valid: Uint8Array;
}
/** One page of the list, by column, as read out of DuckDB (see readPage). */
interface ListPage {
  n: number;
  text: Record<'id' | 'name' | 'inn' | 'contractNo', PageText>;
  /** Contract start, days since 1970-01-01. */
  startDays: Array<number | null>;
  dict: Record<'segment' | 'taxSystem' | 'region' | 'status' | 'specialistId' | 'specialistName' | 'teamId' | 'teamName', DictParts>;
}

const pageTextSchema = z.object({ id: z.string().nullable(), name: z.string().nullable(), inn: z.string().nullable(), contractNo: z.string().nullable() });
const dictRowSchema = z.object({ col: z.enum(['segment', 'taxSystem', 'region', 'status']), v: z.string() });
const specRowSchema = z.object({ id: z.string(), name: z.string().nullable(), teamId: z.string().nullable(), teamName: z.string().nullable() });
/** A column of INTEGER (or NULL) values, checked in one loop (a zod array parse of 100,000 values costs more). */
function intColumn(values: unknown[] | undefined, name: string): Array<number | null> {
  const v = values ?? [];
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== null && !Number.isInteger(x)) throw new Error(`client list: ${name}[${i}] is not an integer: ${String(x)}`);
  }
  return v as Array<number | null>;
}
/** Codes of a column: the value, or -1 for NULL. */
function codeColumn(values: unknown[] | undefined, name: string): Int32Array {
  const v = intColumn(values, name);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] ?? -1;
  return out;
}

/**
 * Read one page of the list by column, without converting every string: node-api turns each
 * Cyrillic VARCHAR value into a JS string at ~1-7 µs, which made 100,000 rows × 12 text columns
 * cost 1.1-1.9 s. Instead the page goes into a temporary table (in sort order: its rowid), and
 * comes out as (1) integers only: each text's UTF-8 length, the contract start as days, and for
 * the columns with few distinct values (segment, tax system, region, status, specialist) the
 * value's index in that column's sorted distinct values; (2) each text column concatenated into
 * one string; (3) the distinct values themselves, with the specialists' names and teams.
 */
async function readPage(scope: Scope, opts: ClientListQuery, classes: ClassesCte): Promise<ListPage> {
  const base = fromWhere(scope, opts, classes, opts.sort);
  const order = `${SORT_SQL[opts.sort ?? 'name']} ${opts.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, c.client_id`;
  return withConnection(async (con) => {
    const run = async (sql: string, params: Record<string, unknown> = {}) => (await con.runAndReadAll(sql, bindable(params) as never)).getColumnsObjectJson();
    // A connection's own temporary table: no other request sees it; it goes when the connection closes.
    await con.run(`CREATE OR REPLACE TEMP TABLE list_page AS
${base.with}
SELECT c.client_id, c.name, c.inn, c.contract_no, c.contract_start, c.segment, c.tax_system, c.region, c.specialist_id, c.status
${base.from}
ORDER BY ${order}
LIMIT $limit OFFSET $offset`, bindable({ ...base.params, limit: opts.limit, offset: opts.offset }) as never);
    try {
      // Distinct values in DuckDB's order; the codes below index them in the same order.
      const dictSql = (col: string) => `SELECT v, (row_number() OVER (ORDER BY v) - 1)::INTEGER AS k FROM (SELECT DISTINCT ${col} AS v FROM list_page WHERE ${col} IS NOT NULL)`;
      const ints = await run(/* sql */ `
WITH sg AS (${dictSql('segment')}), tx AS (${dictSql('tax_system')}), rg AS (${dictSql('region')}),
  st AS (${dictSql('status')}), sp AS (${dictSql('specialist_id')})
SELECT strlen(p.client_id)::INTEGER AS id, strlen(p.name)::INTEGER AS name, strlen(p.inn)::INTEGER AS inn,
  strlen(p.contract_no)::INTEGER AS contractNo, (p.contract_start - DATE '1970-01-01')::INTEGER AS startDay,
  sg.k AS segment, tx.k AS taxSystem, rg.k AS region, st.k AS status, sp.k AS specialist
FROM list_page p
LEFT JOIN sg ON sg.v = p.segment LEFT JOIN tx ON tx.v = p.tax_system LEFT JOIN rg ON rg.v = p.region
LEFT JOIN st ON st.v = p.status LEFT JOIN sp ON sp.v = p.specialist_id
ORDER BY p.rowid`);
      const texts = pageTextSchema.parse(Object.fromEntries(Object.entries(await run(/* sql */ `
SELECT string_agg(coalesce(client_id, ''), '' ORDER BY rowid) AS id, string_agg(coalesce(name, ''), '' ORDER BY rowid) AS name,
  string_agg(coalesce(inn, ''), '' ORDER BY rowid) AS inn, string_agg(coalesce(contract_no, ''), '' ORDER BY rowid) AS contractNo
FROM list_page`)).map(([k, v]) => [k, v[0] ?? null])));
      const dicts = await run(/* sql */ `
SELECT * FROM (
  SELECT DISTINCT 'segment' AS col, segment AS v FROM list_page WHERE segment IS NOT NULL
  UNION ALL SELECT DISTINCT 'taxSystem', tax_system FROM list_page WHERE tax_system IS NOT NULL
  UNION ALL SELECT DISTINCT 'region', region FROM list_page WHERE region IS NOT NULL
  UNION ALL SELECT DISTINCT 'status', status FROM list_page WHERE status IS NOT NULL)
ORDER BY col, v`);
      const specs = await run(/* sql */ `
SELECT p.specialist_id AS id, s.full_name AS name, s.team_id AS teamId, t.name AS teamName
FROM (SELECT DISTINCT specialist_id FROM list_page WHERE specialist_id IS NOT NULL) p
LEFT JOIN specialists s ON s.specialist_id = p.specialist_id LEFT JOIN teams t ON t.team_id = s.team_id
ORDER BY p.specialist_id`);

      const n = (ints.id ?? []).length;
      const codes = (key: string) => codeColumn(ints[key], key);
      const text = (key: 'id' | 'name' | 'inn' | 'contractNo'): PageText => {
        const lens = intColumn(ints[key], key);
        const offsets = new Int32Array(n + 1);
        const valid = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          offsets[i + 1] = offsets[i] + (lens[i] ?? 0);
          valid[i] = lens[i] === null ? 0 : 1;
        }
        const all = texts[key] ?? '';
        const buf = Buffer.from(all, 'utf8');
        if (buf.byteLength !== offsets[n]) throw new Error(`client list: ${key} is ${buf.byteLength} bytes, lengths add up to ${offsets[n]}`);
        return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), offsets, valid, text: all };
      };
      const values = { segment: [] as string[], taxSystem: [] as string[], region: [] as string[], status: [] as string[] };
      for (let i = 0; i < (dicts.col ?? []).length; i++) {
        const r = dictRowSchema.parse({ col: dicts.col[i], v: dicts.v[i] });
        values[r.col].push(r.v);
      }
      // Specialists: one code per row; the team columns map each specialist to its team.
      const specRows = (specs.id ?? []).map((_, i) => specRowSchema.parse({ id: specs.id[i], name: specs.name[i], teamId: specs.teamId[i], teamName: specs.teamName[i] }));
      const specCodes = codes('specialist');
      const teams = dictParts(specRows.map((r) => r.teamId));
      const teamNames: string[] = [];
      specRows.forEach((r, k) => { if (teams.codes[k] >= 0) teamNames[teams.codes[k]] = r.teamName ?? r.teamId ?? ''; });
      const teamCodes = new Int32Array(n);
      const nameCodes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = specCodes[i];
        teamCodes[i] = k >= 0 ? teams.codes[k] : -1;
        // A specialist missing from specialists (never, the loader checks references) shows no name.
        nameCodes[i] = k >= 0 && specRows[k].name !== null ? k : -1;
      }
      const startDays = intColumn(ints.startDay, 'startDay');
      return {
        n,
        text: { id: text('id'), name: text('name'), inn: text('inn'), contractNo: text('contractNo') },
        startDays,
        dict: {
          segment: { values: values.segment, codes: codes('segment') },
          taxSystem: { values: values.taxSystem, codes: codes('taxSystem') },
          region: { values: values.region, codes: codes('region') },
          status: { values: values.status, codes: codes('status') },
          specialistId: { values: specRows.map((r) => r.id), codes: specCodes },
          specialistName: { values: specRows.map((r) => r.name ?? ''), codes: nameCodes },
          teamId: { values: teams.values, codes: teamCodes },
          teamName: { values: teamNames, codes: teamCodes },
        },
      };
    } finally {
      await con.run('DROP TABLE IF EXISTS list_page');
    }
  });
}

/** A page of the clients visible to `scope` matching the filters, with the total count matching them. */
export async function getClients(scope: Scope, opts: ClientListQuery): Promise<{ rows: ClientListRow[]; total: number }> {
  const classes = await classesCteFor(scope, opts);
  const [page, total] = await Promise.all([readPage(scope, opts, classes), countClients(scope, opts, classes)]);
  const { n } = page;
  const strings = (c: PageText) => utf8Strings(c.bytes, c.offsets, n, (i) => c.valid[i] === 1, c.text);
  const id = strings(page.text.id);
  const name = strings(page.text.name);
  const inn = strings(page.text.inn);
  const contractNo = strings(page.text.contractNo);
  const pick = (d: DictParts, i: number) => (d.codes[i] >= 0 ? d.values[d.codes[i]] : null);
  const d = page.dict;
  const rows = new Array<ClientListRow>(n);
  for (let i = 0; i < n; i++) {
    const day = page.startDays[i];
    rows[i] = {
      id: id[i] ?? '', name: name[i] ?? '', inn: inn[i], contractNo: contractNo[i], contractStartOn: day === null ? null : isoFromDays(day),
      segment: pick(d.segment, i), taxSystem: pick(d.taxSystem, i), region: pick(d.region, i),
      specialistId: pick(d.specialistId, i), specialistName: pick(d.specialistName, i), teamId: pick(d.teamId, i), teamName: pick(d.teamName, i),
      status: pick(d.status, i) ?? '',
    };
  }
  return { rows, total };
}

/**
 * The same page as getClients, as an Arrow IPC stream (columns clientListArrowColumns, record
 * batches of 16,384 rows); the schema metadata carries `total`, `limit` and `offset`.
 */
export async function getClientsArrow(scope: Scope, opts: ClientListQuery): Promise<{ bytes: Uint8Array<ArrayBuffer>; rows: number; total: number }> {
  const classes = await classesCteFor(scope, opts);
  const [page, total] = await Promise.all([readPage(scope, opts, classes), countClients(scope, opts, classes)]);
  const bytes = encodeArrowStream(clientListArrowColumns, { ...page.text, contractStartOn: page.startDays, ...page.dict }, {
    metadata: { total: String(total), limit: String(opts.limit), offset: String(opts.offset) },
  });
  return { bytes, rows: page.n, total };
}

const optionSchema = z.object({ id: z.string(), name: z.string() });
const specialistOptionSchema = optionSchema.extend({ teamId: z.string().nullable() });
export interface ClientListOptions {
  teams: Array<z.infer<typeof optionSchema>>;
  specialists: Array<z.infer<typeof specialistOptionSchema>>;
  segments: string[];
  taxSystems: string[];
}

/** The values the list's filters can take for `scope`: those its visible clients have. */
export async function getClientListOptions(scope: Scope): Promise<ClientListOptions> {
  const cte = scopedClientsCte(scope);
  const [specialists, values] = await Promise.all([
    query(/* sql */ `WITH ${cte.sql}, held AS (SELECT DISTINCT specialist_id FROM scoped_clients WHERE specialist_id IS NOT NULL)
      SELECT s.specialist_id AS id, s.full_name AS name, s.team_id AS teamId, t.name AS teamName
      FROM held h JOIN specialists s USING (specialist_id) LEFT JOIN teams t ON t.team_id = s.team_id
      ORDER BY s.full_name, s.specialist_id`, cte.params),
    query<{ kind: string; v: string }>(/* sql */ `WITH ${cte.sql}
      SELECT DISTINCT 'segment' AS kind, segment AS v FROM scoped_clients WHERE segment IS NOT NULL
      UNION ALL SELECT DISTINCT 'taxSystem', tax_system FROM scoped_clients WHERE tax_system IS NOT NULL
      ORDER BY kind, v`, cte.params),
  ]);
  const teams = new Map<string, string>();
  for (const s of specialists) if (s.teamId) teams.set(String(s.teamId), String(s.teamName ?? s.teamId));
  return {
    teams: [...teams].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    specialists: z.array(specialistOptionSchema).parse(specialists.map(({ id, name, teamId }) => ({ id, name, teamId }))),
    segments: values.filter((r) => r.kind === 'segment').map((r) => r.v),
    taxSystems: values.filter((r) => r.kind === 'taxSystem').map((r) => r.v),
  };
}
