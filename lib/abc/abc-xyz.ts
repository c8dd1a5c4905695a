// ABC / XYZ classes of clients (spec/metrics.md "ABC / XYZ classes of clients"): the 3 × 5
// matrix (A/B/C × X/Y/Z/new/none) with client counts, metric sums and shares, the clients of a
// cell with their CV, and each client's classes for the card and the clients list. The rules are
// in lib/abc/plan.ts; every figure as known on D, over the caller's population (scope).
import { z } from 'zod';
import { query, queryTypedColumns } from '../db';
import type { Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import { CSV_FORMULA_CHARS } from '../../components/ui/csv';
import { addClassesPlan, getSalesMarts, isStoredPair, popPlan, unitSql, withSql } from './plan';
import { abcClasses, DEFAULT_MONTHS, DEFAULT_THRESHOLDS, xyzClasses, type AbcClass, type AbcMetric, type AbcThresholds, type XyzClass } from './classes';
import { addPairPlan, type BcgQuadrant } from './bcg-plan';
import { previousWindow, salesWindow } from './windows';

export interface AbcQuery {
  metric: AbcMetric;
  /** D (YYYY-MM-DD). */
  asOf: string;
  /** Window length in months. */
  months: number;
  thresholds: AbcThresholds;
}

export interface MatrixFigures {
  clients: number;
  /** The metric summed (roubles, or a number of sales). */
  value: number;
  /** Share of the population's clients, 0–100; null when there are none. */
  clientsPct: number | null;
  /** Share of the population's metric total, 0–100; null when the total is 0. */
  valuePct: number | null;
}
export interface MatrixCell extends MatrixFigures { abc: AbcClass; xyz: XyzClass }
export interface AbcMatrix {
  metric: AbcMetric;
  asOf: string;
  months: number;
  /** First day of the window. */
  from: string;
  thresholds: AbcThresholds;
  /** The population is the caller's clients, not the whole company. */
  restricted: boolean;
  /** All 15 cells, A-X first, zero-filled. */
  cells: MatrixCell[];
  byAbc: Array<MatrixFigures & { abc: AbcClass }>;
  byXyz: Array<MatrixFigures & { xyz: XyzClass }>;
  total: { clients: number; value: number };
}

const pct = (part: number, whole: number) => (whole !== 0 ? (100 * part) / whole : null);

/** One client's classes in the API shape. */
export interface AbcClassRow { clientId: string; abc: AbcClass; xyz: XyzClass; value: number; cv: number | null }
/** …and with what a list on screen shows. */
export interface AbcClientRow extends AbcClassRow {
  name: string;
  /** Share of the population's metric total, 0–100. */
  sharePct: number | null;
  specialistId: string | null;
  specialistName: string | null;
  teamName: string | null;
}

/** A page of the population's clients: of one ABC and/or XYZ class (or all), largest value first (ties by client id). */
export interface AbcListQuery { abc?: AbcClass; xyz?: XyzClass; limit: number; offset?: number }

const viewRowSchema = z.object({
  row: z.enum(['m', 'c']), abc: z.enum(abcClasses), xyz: z.enum(xyzClasses), clients: z.coerce.number().nullable(), value: z.coerce.number(),
  clientId: z.string().nullable(), cv: z.coerce.number().nullable(), total: z.coerce.number().nullable(),
  name: z.string().nullable(), sharePct: z.coerce.number().nullable(), specialistId: z.string().nullable(),
  specialistName: z.string().nullable(), teamName: z.string().nullable(),
});

/** WHERE over the classified clients `k` for a list of one ABC class and/or XYZ class (or all), with its values. */
function cellFilter(list: Pick<AbcListQuery, 'abc' | 'xyz'>): { where: string; params: Record<string, unknown> } {
  return {
    where: [list.abc ? 'k.abc = $fAbc' : null, list.xyz ? 'k.xyz = $fXyz' : null].filter(Boolean).join(' AND ') || 'TRUE',
    params: { ...(list.abc ? { fAbc: list.abc } : {}), ...(list.xyz ? { fXyz: list.xyz } : {}) },
  };
}

/**
 * The ABC × XYZ matrix of the population as known on D and, with `list`, a page of its clients
 * (`total` counts them all; `names`: with name, share, specialist and team, else the rows hold only
 * the AbcClassRow fields). One statement: the
 * classification is computed once for both (two statements doubled the time of any view that is
 * not the stored default, 0.3–0.6 s at 200,000 clients).
 */
export async function getAbcView(q: AbcQuery, scope: Scope, list?: AbcListQuery & { names?: boolean }): Promise<{ matrix: AbcMatrix; list: { rows: AbcClientRow[]; total: number } | null }> {
  const w = salesWindow(q.asOf, q.months);
  const plan = popPlan(scope);
  addClassesPlan(plan, 'c', w, q.metric, q.thresholds, await getSalesMarts());
  const params: Record<string, unknown> = { ...plan.params };
  let listSql = '';
  if (list) {
    const { where, params: cellParams } = cellFilter(list);
    Object.assign(params, { limit: list.limit, offset: list.offset ?? 0 }, cellParams);
    // The page first, then its ids and names (a join of the page only).
    listSql = `
      UNION ALL
      SELECT 'c', s.abc, s.xyz, NULL, ${unitSql(q.metric, 's.v')}, p.client_id, s.cv, (SELECT count(*) FROM abc_kc k WHERE ${where})::INTEGER,
        ${list.names ? `c.name, CASE WHEN t.total <> 0 THEN 100 * s.v::DOUBLE / t.total::DOUBLE END, c.specialist_id, sp.full_name, tm.name, ` : ''}s.v, s.ck
      FROM (SELECT k.ck, k.v, k.abc, k.xyz, k.cv FROM abc_kc k WHERE ${where} ORDER BY k.v DESC, k.ck LIMIT $limit OFFSET $offset) s
      JOIN mart_sales_client p ON p.ck = s.ck
      ${list.names ? `CROSS JOIN abc_tc t JOIN clients c ON c.client_id = p.client_id
      LEFT JOIN specialists sp ON sp.specialist_id = c.specialist_id LEFT JOIN teams tm ON tm.team_id = sp.team_id` : ''}`;
  }
  // By column, numbers straight from the result's memory (lib/db queryTypedColumns): a page of
  // 200,000 clients as objects, a zod parse per row, or even JSON-converted columns cost several
  // times the query (the JSON conversion alone ~0.5 s at 200,000).
  const t = await queryTypedColumns(`${withSql(plan)}
    SELECT * EXCLUDE (o1, o2) FROM (
      SELECT 'm' AS row, abc, xyz, count(*)::INTEGER AS clients, ${unitSql(q.metric, 'sum(v)')} AS value, NULL::VARCHAR AS "clientId",
        NULL::DOUBLE AS cv, NULL::INTEGER AS total,${list?.names ? ` NULL::VARCHAR AS name, NULL::DOUBLE AS "sharePct", NULL::VARCHAR AS "specialistId",
        NULL::VARCHAR AS "specialistName", NULL::VARCHAR AS "teamName",` : ''} NULL::BIGINT AS o1, NULL::INTEGER AS o2
      FROM abc_kc GROUP BY ALL${listSql}
    ) ORDER BY row DESC, o1 DESC, o2`, params);
  const n = t.rows;
  const strings = <T>(k: string) => (t.values[k] ?? []) as T[];
  const numbers = (k: string) => t.numbers[k] ?? new Float64Array(n).fill(Number.NaN);
  const orNull = (a: Float64Array, i: number) => (Number.isNaN(a[i]) ? null : a[i]);
  const [row, abc, xyz, clientId] = [strings<string>('row'), strings<AbcClass>('abc'), strings<XyzClass>('xyz'), strings<string | null>('clientId')];
  const [clients, value, cv, total] = [numbers('clients'), numbers('value'), numbers('cv'), numbers('total')];
  const [name, specialistId, specialistName, teamName] = [strings<string | null>('name'), strings<string | null>('specialistId'),
    strings<string | null>('specialistName'), strings<string | null>('teamName')];
  const sharePct = numbers('sharePct');
  // The first row of each kind is checked whole; the rest are read by index.
  const firstOf = (kind: string) => row.indexOf(kind);
  const schema = list?.names ? viewRowSchema : viewRowSchema.pick({ row: true, abc: true, xyz: true, clients: true, value: true, clientId: true, cv: true, total: true });
  const rowAt = (i: number) => Object.fromEntries([
    ...Object.entries(t.values).map(([k, a]) => [k, a[i]]),
    ...Object.entries(t.numbers).map(([k, a]) => [k, orNull(a, i)]),
  ]);
  for (const i of [firstOf('m'), firstOf('c')].filter((x) => x >= 0)) schema.parse(rowAt(i));
  const cellRows: Array<{ abc: AbcClass; xyz: XyzClass; clients: number; value: number }> = [];
  const listRows: AbcClientRow[] = [];
  let listTotal = 0;
  for (let i = 0; i < n; i++) {
    if (row[i] === 'm') { cellRows.push({ abc: abc[i], xyz: xyz[i], clients: orNull(clients, i) ?? 0, value: value[i] }); continue; }
    listTotal = orNull(total, i) ?? 0;
    const r: AbcClassRow = { clientId: clientId[i] ?? '', abc: abc[i], xyz: xyz[i], value: value[i], cv: orNull(cv, i) };
    listRows.push(list?.names ? {
      ...r, name: name[i] ?? '', sharePct: orNull(sharePct, i), specialistId: specialistId[i] ?? null,
      specialistName: specialistName[i] ?? null, teamName: teamName[i] ?? null,
    } : r as AbcClientRow);
  }
  let listed: { rows: AbcClientRow[]; total: number } | null = null;
  if (list) {
    // An offset past the end still says how many there are.
    if (!listRows.length && (list.offset ?? 0) > 0) listTotal = (await getAbcView(q, scope, { ...list, names: false, limit: 1, offset: 0 })).list?.total ?? 0;
    listed = { total: listTotal, rows: listRows };
  }
  return { matrix: matrixOf(cellRows, q, w.from, plan.restricted), list: listed };
}

function matrixOf(rows: Array<{ abc: AbcClass; xyz: XyzClass; clients: number; value: number }>, q: AbcQuery, from: string, restricted: boolean): AbcMatrix {
  const totalClients = rows.reduce((s, r) => s + r.clients, 0);
  const totalValue = rows.reduce((s, r) => s + r.value, 0);
  const fig = (clients: number, value: number): MatrixFigures => ({ clients, value, clientsPct: pct(clients, totalClients), valuePct: pct(value, totalValue) });
  const sum = (f: (r: (typeof rows)[number]) => boolean) => {
    const sel = rows.filter(f);
    return fig(sel.reduce((s, r) => s + r.clients, 0), sel.reduce((s, r) => s + r.value, 0));
  };
  return {
    metric: q.metric, asOf: q.asOf, months: q.months, from, thresholds: q.thresholds, restricted,
    cells: abcClasses.flatMap((abc) => xyzClasses.map((xyz) => ({ abc, xyz, ...sum((r) => r.abc === abc && r.xyz === xyz) }))),
    byAbc: abcClasses.map((abc) => ({ abc, ...sum((r) => r.abc === abc) })),
    byXyz: xyzClasses.map((xyz) => ({ xyz, ...sum((r) => r.xyz === xyz) })),
    total: { clients: totalClients, value: totalValue },
  };
}

// A CSV field built by DuckDB, by the rule of the tables' CSV (components/ui/csv.ts toCsvText):
// numbers rounded to hundredths with a decimal comma and no trailing ",0"; text starting with a
// formula character (CSV_FORMULA_CHARS, bound as $csvFormulaChars) prefixed with `'`, then quoted
// when it holds `;`, `"` or a line break; NULL empty.
const csvNum = (e: string) => {
  // Math.round(v * 100) / 100, as toCsvText: halves up, in the same double arithmetic.
  const r = `(floor((${e})::DOUBLE * 100 + 0.5) / 100)`;
  return `CASE WHEN (${e}) IS NULL THEN '' WHEN ${r} = 0 THEN '0' ELSE regexp_replace(replace(format('{}', ${r}), '.', ','), ',0$', '') END`;
};
const csvText = (e: string) => {
  const s = `(CASE WHEN list_contains($csvFormulaChars, left(${e}, 1)) THEN '''' ELSE '' END || ${e})`;
  return `coalesce(CASE WHEN regexp_matches(${e}, '[";\r\n]') THEN '"' || replace(${s}, '"', '""') || '"' ELSE ${s} END, '')`;
};

/**
 * The lines of a CSV of the population's clients (of one class or cell, or all), largest first
 * (ties by client id), in the caller's scope: name, id, ABC, XYZ (in Russian), CV %, the metric, share %,
 * specialist, team, joined by CRLF, without a header (lib/abc/csv.ts adds it). Made by DuckDB in one
 * string: reading 200,000 rows of names into JS and joining them there took ~3 s of ~4 s.
 */
export async function getAbcCsvLines(q: AbcQuery, scope: Scope, list: Pick<AbcListQuery, 'abc' | 'xyz'> & { limit: number }): Promise<string> {
  const plan = popPlan(scope);
  addClassesPlan(plan, 'c', salesWindow(q.asOf, q.months), q.metric, q.thresholds, await getSalesMarts());
  const { where, params: cellParams } = cellFilter(list);
  const fields = [
    csvText('c.name'), csvText('p.client_id'), 'k.abc', `$xyzLabels[array_position($xyzClasses, k.xyz)]`, csvNum('k.cv'), csvNum(unitSql(q.metric, 'k.v')),
    csvNum('CASE WHEN t.total <> 0 THEN 100 * k.v::DOUBLE / t.total::DOUBLE END'), csvText('sp.full_name'), csvText('tm.name'),
  ];
  const t = await queryTypedColumns(`${withSql(plan)}
    SELECT coalesce(string_agg(concat_ws(';', ${fields.join(', ')}), chr(13) || chr(10) ORDER BY k.v DESC, k.ck), '') AS lines
    FROM (SELECT * FROM abc_kc k WHERE ${where} ORDER BY k.v DESC, k.ck LIMIT $limit) k
    JOIN mart_sales_client p ON p.ck = k.ck CROSS JOIN abc_tc t JOIN clients c ON c.client_id = p.client_id
    LEFT JOIN specialists sp ON sp.specialist_id = c.specialist_id LEFT JOIN teams tm ON tm.team_id = sp.team_id`,
  {
    ...plan.params, ...cellParams, limit: list.limit,
    xyzClasses: [...xyzClasses], xyzLabels: xyzClasses.map((x) => ru.abc.xyz[x] ?? x), csvFormulaChars: [...CSV_FORMULA_CHARS],
  });
  return String(t.values.lines?.[0] ?? '');
}

/** The ABC × XYZ matrix of the population as known on D. */
export async function getAbcMatrix(q: AbcQuery, scope: Scope): Promise<AbcMatrix> {
  return (await getAbcView(q, scope)).matrix;
}

/** Clients of the population with their classes (API shape), a page of them and how many there are. */
export async function getAbcClasses(q: AbcQuery, scope: Scope, o: AbcListQuery): Promise<{ rows: AbcClassRow[]; total: number }> {
  return (await getAbcView(q, scope, o)).list!;
}

/** The clients of one matrix cell (or row, or column) with names, share and specialist, largest first. */
export async function getAbcCellClients(q: AbcQuery, scope: Scope, o: AbcListQuery): Promise<{ rows: AbcClientRow[]; total: number }> {
  return (await getAbcView(q, scope, { ...o, names: true })).list!;
}

/** What the client card and the clients list show of a client (the default view: revenue, 12 months, 80/95, 10/25). */
export interface ClientClasses {
  abc: AbcClass;
  xyz: XyzClass;
  /** Coefficient of variation in %, null for new / none / no positive mean. */
  cv: number | null;
  /** Revenue over the window, roubles. */
  value: number;
  /** Growth × share quadrant; null with no sales in either window. */
  quadrant: BcgQuadrant | null;
  /** Revenue growth against the window before, %; null with nothing before ("new"). */
  growthPct: number | null;
}

/** The default view's query for D (metrics.md defaults). */
export const defaultAbcQuery = (asOf: string): AbcQuery => ({ metric: 'revenue', asOf, months: DEFAULT_MONTHS, thresholds: DEFAULT_THRESHOLDS });

/**
 * The SQL behind ClientClasses as CTEs ending with `client_classes (client_id, abc, xyz, cv,
 * value, quadrant, growth_pct)`: every client of the scope (none missing: no sales is C / none),
 * the default view as known on `asOf`. All other CTE and parameter names start with `abc`, so a
 * query can put them in front of its own: `WITH ${f.sql}, my_cte AS (…) SELECT … LEFT JOIN
 * client_classes cc ON cc.client_id = c.client_id` with `{ ...f.params, ...myParams }`.
 */
export async function clientClassesCte(scope: Scope, asOf: string): Promise<{ sql: string; params: Record<string, unknown> }> {
  const q = defaultAbcQuery(asOf);
  const w = salesWindow(q.asOf, q.months);
  const plan = popPlan(scope);
  addPairPlan(plan, w, previousWindow(w), q, await getSalesMarts(), { prevClasses: false });
  plan.ctes.push(`client_classes AS (
    SELECT p.client_id, k.abc, k.xyz, k.cv, ${unitSql(q.metric, 'k.v')} AS value, k.quadrant,
      CASE WHEN k.pv > 0 THEN 100 * (k.v::DOUBLE / k.pv - 1) END AS growth_pct
    FROM abc_pair k JOIN abc_pop p ON p.ck = k.ck)`);
  return { sql: plan.ctes.join(',\n'), params: plan.params };
}

const clientClassesSchema = z.array(z.object({
  clientId: z.string(), abc: z.enum(abcClasses), xyz: z.enum(xyzClasses), cv: z.coerce.number().nullable(), value: z.coerce.number(),
  quadrant: z.enum(['star', 'cow', 'question', 'dog']).nullable(), growthPct: z.coerce.number().nullable(),
}));

/**
 * ClientClasses of the given clients (those in the scope), the default view as known on `asOf`.
 * The whole company's default view on the newest as-of is stored per client (mart_abc_windows):
 * looked up by key, so a card costs the same at 200,000 clients as at 30 million. Otherwise the
 * caller's population is classified (clientClassesCte).
 */
export async function getClientClasses(scope: Scope, clientIds: string[], asOf: string): Promise<Map<string, ClientClasses>> {
  if (clientIds.length === 0) return new Map();
  const w = salesWindow(asOf, DEFAULT_MONTHS);
  const stored = !popPlan(scope).restricted && isStoredPair(w, previousWindow(w), (await getSalesMarts()).asOf);
  const rows = stored
    ? await query(`SELECT k.client_id AS "clientId", m.abc, m.xyz, m.cv, ${unitSql('revenue', 'm.v')} AS value, m.quadrant,
        CASE WHEN m.pv > 0 THEN 100 * (m.v::DOUBLE / m.pv - 1) END AS "growthPct"
      FROM mart_sales_client k JOIN mart_abc_windows m ON m.ck = k.ck AND m.metric = 'revenue' AND m.win = 0
      WHERE list_contains($abcIds::VARCHAR[], k.client_id)`, { abcIds: clientIds })
    : await (async () => {
      const f = await clientClassesCte(scope, asOf);
      return query(`WITH ${f.sql}
        SELECT client_id AS "clientId", abc, xyz, cv, value, quadrant, growth_pct AS "growthPct" FROM client_classes
        WHERE list_contains($abcIds::VARCHAR[], client_id)`, { ...f.params, abcIds: clientIds });
    })();
  return new Map(clientClassesSchema.parse(rows).map(({ clientId, ...r }) => [clientId, r]));
}
