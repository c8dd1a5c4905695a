// The client list a caller may see (Клиенты, GET /api/v1/clients): scoped through
// scopedClientsCte (lib/db/scope.ts), filtered by team, specialist, segment, tax system, status and
// a name / INN / contract text, sorted by an allow-listed column, cut by limit/offset. Read by
// column (queryColumns): the list may be 100,000+ rows, sent as JSON rows or as an Arrow stream.
import { z } from 'zod';
import { queryColumns, query } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';
import { encodeArrowStream, type ArrowColumnSpec } from '../arrow/ipc';
import { clientCardRowSchema } from './get-client';
import { clientSortKeys, clientStatuses, taxSystems, type ClientSortKey } from './list-query';

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
});
export type ClientListFilter = z.infer<typeof clientListFilterSchema>;

export interface ClientListQuery extends ClientListFilter {
  limit: number;
  offset: number;
  sort?: ClientSortKey;
  dir?: 'asc' | 'desc';
}

/**
 * The list's query parts: `with` the scope CTE, `from` the joins and the WHERE of each filter that
 * is set (every value bound), to go around a SELECT.
 */
function fromWhere(scope: Scope, f: ClientListFilter): { with: string; from: string; params: Record<string, unknown> } {
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
  return {
    with: `WITH ${cte.sql}`,
    from: /* sql */ `FROM scoped_clients c
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
LEFT JOIN teams t ON t.team_id = s.team_id
${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  };
}

/** How many clients visible to `scope` match the filters. */
export async function countClients(scope: Scope, f: ClientListFilter): Promise<number> {
  const base = fromWhere(scope, f);
  const r = await query<{ n: number }>(`${base.with}\nSELECT count(*)::INTEGER AS n\n${base.from}`, base.params);
  return Number(r[0]?.n ?? 0);
}

/**
 * One page of the list by column: `{ key: values[] }` in clientListKeys order. Dates are ISO
 * `YYYY-MM-DD` (`dates: 'iso'`) or days since 1970-01-01 (`'days'`, for Arrow).
 */
async function selectColumns(scope: Scope, opts: ClientListQuery, dates: 'iso' | 'days'): Promise<Record<string, unknown[]>> {
  const base = fromWhere(scope, opts);
  const order = `${SORT_SQL[opts.sort ?? 'name']} ${opts.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, c.client_id`;
  const start = dates === 'iso' ? 'c.contract_start::VARCHAR' : "(c.contract_start - DATE '1970-01-01')::INTEGER";
  const select = /* sql */ `SELECT c.client_id AS id, c.name, c.inn, c.contract_no AS contractNo, ${start} AS contractStartOn,
  c.segment, c.tax_system AS taxSystem, c.region, c.specialist_id AS specialistId, s.full_name AS specialistName,
  s.team_id AS teamId, t.name AS teamName, c.status`;
  const sql = `${base.with}
${select}
${base.from}
ORDER BY ${order}
LIMIT $limit OFFSET $offset`;
  return queryColumns(sql, { ...base.params, limit: opts.limit, offset: opts.offset });
}

const textColumn = z.array(z.string().nullable());
const requiredTextColumn = z.array(z.string());
const dayColumn = z.array(z.number().int().nullable());

/** Check each column's values once (a per-row zod parse costs more than the query at 100,000 rows). */
function checkColumns(cols: Record<string, unknown[]>, dates: 'iso' | 'days'): void {
  for (const key of clientListKeys) {
    const schema = key === 'id' || key === 'name' || key === 'status' ? requiredTextColumn
      : key === 'contractStartOn' && dates === 'days' ? dayColumn : textColumn;
    schema.parse(cols[key]);
  }
}

/** A page of the clients visible to `scope` matching the filters, with the total count matching them. */
export async function getClients(scope: Scope, opts: ClientListQuery): Promise<{ rows: ClientListRow[]; total: number }> {
  const [cols, total] = await Promise.all([selectColumns(scope, opts, 'iso'), countClients(scope, opts)]);
  checkColumns(cols, 'iso');
  const n = cols.id.length;
  const rows = new Array<ClientListRow>(n);
  for (let i = 0; i < n; i++) {
    const r = {} as Record<string, unknown>;
    for (const key of clientListKeys) r[key] = cols[key][i];
    rows[i] = r as ClientListRow;
  }
  return { rows, total };
}

/**
 * The same page as getClients, as an Arrow IPC stream (columns clientListArrowColumns, record
 * batches of 16,384 rows); the schema metadata carries `total`, `limit` and `offset`.
 */
export async function getClientsArrow(scope: Scope, opts: ClientListQuery): Promise<{ bytes: Uint8Array<ArrayBuffer>; rows: number; total: number }> {
  const [cols, total] = await Promise.all([selectColumns(scope, opts, 'days'), countClients(scope, opts)]);
  checkColumns(cols, 'days');
  const bytes = encodeArrowStream(clientListArrowColumns, cols, {
    metadata: { total: String(total), limit: String(opts.limit), offset: String(opts.offset) },
  });
  return { bytes, rows: cols.id.length, total };
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
