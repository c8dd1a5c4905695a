// ABC / XYZ classes of clients (spec/metrics.md "ABC / XYZ classes of clients"): the 3 × 5
// matrix (A/B/C × X/Y/Z/new/none) with client counts, metric sums and shares, the clients of a
// cell with their CV, and each client's classes for the card and the clients list. The rules are
// in lib/abc/plan.ts; every figure as known on D, over the caller's population (scope).
import { z } from 'zod';
import { query, queryColumns } from '../db';
import type { Scope } from '../db/scope';
import { ensureAbcMart } from './sales-mart';
import { addClassesPlan, getMartAsOf, popPlan, precomputedWin, unitSql, withSql } from './plan';
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

/** The ABC × XYZ matrix of the population as known on D. */
export async function getAbcMatrix(q: AbcQuery, scope: Scope): Promise<AbcMatrix> {
  await ensureAbcMart();
  const w = salesWindow(q.asOf, q.months);
  const plan = popPlan(scope);
  addClassesPlan(plan, 'c', w, q.metric, q.thresholds, await getMartAsOf());
  const rows = z.array(z.object({ abc: z.enum(abcClasses), xyz: z.enum(xyzClasses), clients: z.coerce.number(), value: z.coerce.number() })).parse(
    await query(`${withSql(plan)} SELECT abc, xyz, count(*)::INTEGER AS clients, ${unitSql(q.metric, 'sum(v)')} AS value FROM abc_kc GROUP BY ALL`, plan.params),
  );
  const totalClients = rows.reduce((s, r) => s + r.clients, 0);
  const totalValue = rows.reduce((s, r) => s + r.value, 0);
  const fig = (clients: number, value: number): MatrixFigures => ({ clients, value, clientsPct: pct(clients, totalClients), valuePct: pct(value, totalValue) });
  const sum = (f: (r: (typeof rows)[number]) => boolean) => {
    const sel = rows.filter(f);
    return fig(sel.reduce((s, r) => s + r.clients, 0), sel.reduce((s, r) => s + r.value, 0));
  };
  return {
    metric: q.metric, asOf: q.asOf, months: q.months, from: w.from, thresholds: q.thresholds, restricted: plan.restricted,
    cells: abcClasses.flatMap((abc) => xyzClasses.map((xyz) => ({ abc, xyz, ...sum((r) => r.abc === abc && r.xyz === xyz) }))),
    byAbc: abcClasses.map((abc) => ({ abc, ...sum((r) => r.abc === abc) })),
    byXyz: xyzClasses.map((xyz) => ({ xyz, ...sum((r) => r.xyz === xyz) })),
    total: { clients: totalClients, value: totalValue },
  };
}

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

/**
 * Clients of the population with their classes, largest value first (ties by client id), optionally
 * of one ABC and/or XYZ class; `total` counts them all, `rows` is the page [offset, offset + limit).
 */
export async function getAbcClasses(q: AbcQuery, scope: Scope, o: { abc?: AbcClass; xyz?: XyzClass; limit: number; offset?: number }): Promise<{ rows: AbcClassRow[]; total: number }> {
  await ensureAbcMart();
  const plan = popPlan(scope);
  addClassesPlan(plan, 'c', salesWindow(q.asOf, q.months), q.metric, q.thresholds, await getMartAsOf());
  const where = [o.abc ? 'k.abc = $fAbc' : null, o.xyz ? 'k.xyz = $fXyz' : null].filter(Boolean).join(' AND ') || 'TRUE';
  // The page first, then its ids (a join of the page only); by column: 200,000 rows as objects
  // cost ~4× more than the query (lib/db queryColumns).
  const cols = await queryColumns(`${withSql(plan)},
    page AS (SELECT k.ck, k.v, k.abc, k.xyz, k.cv FROM abc_kc k WHERE ${where} ORDER BY k.v DESC, k.ck LIMIT $limit OFFSET $offset)
    SELECT p.client_id AS "clientId", k.abc, k.xyz, ${unitSql(q.metric, 'k.v')} AS value, k.cv,
      (SELECT count(*) FROM abc_kc k WHERE ${where})::INTEGER AS total
    FROM page k JOIN mart_sales_client p ON p.ck = k.ck
    ORDER BY k.v DESC, k.ck`, { ...plan.params, limit: o.limit, offset: o.offset ?? 0, ...(o.abc ? { fAbc: o.abc } : {}), ...(o.xyz ? { fXyz: o.xyz } : {}) });
  const ids = (cols.clientId ?? []) as string[];
  const rows: AbcClassRow[] = ids.map((clientId, i) => ({
    clientId, abc: cols.abc[i] as AbcClass, xyz: cols.xyz[i] as XyzClass, value: Number(cols.value[i]), cv: cols.cv[i] == null ? null : Number(cols.cv[i]),
  }));
  let total = ids.length ? Number(cols.total[0]) : 0;
  if (!ids.length && (o.offset ?? 0) > 0) {
    // An offset past the end still says how many there are.
    total = (await getAbcClasses(q, scope, { ...o, limit: 1, offset: 0 })).total;
  }
  return { rows, total };
}

const clientRowSchema = z.object({
  clientId: z.string(), name: z.string(), abc: z.enum(abcClasses), xyz: z.enum(xyzClasses), value: z.coerce.number(),
  cv: z.coerce.number().nullable(), sharePct: z.coerce.number().nullable(), specialistId: z.string().nullable(),
  specialistName: z.string().nullable(), teamName: z.string().nullable(), total: z.coerce.number(),
});

/** The clients of one matrix cell (or row, or column) with names, share and specialist, largest first. */
export async function getAbcCellClients(q: AbcQuery, scope: Scope, o: { abc?: AbcClass; xyz?: XyzClass; limit: number }): Promise<{ rows: AbcClientRow[]; total: number }> {
  await ensureAbcMart();
  const plan = popPlan(scope);
  addClassesPlan(plan, 'c', salesWindow(q.asOf, q.months), q.metric, q.thresholds, await getMartAsOf());
  const where = [o.abc ? 'k.abc = $fAbc' : null, o.xyz ? 'k.xyz = $fXyz' : null].filter(Boolean).join(' AND ') || 'TRUE';
  const raw = await query(`${withSql(plan)},
    sel AS (
      SELECT k.ck, k.v, k.abc, k.xyz, k.cv, (SELECT count(*) FROM abc_kc k WHERE ${where}) AS total FROM abc_kc k WHERE ${where}
      ORDER BY k.v DESC, k.ck LIMIT $limit
    )
    SELECT p.client_id AS "clientId", c.name, s.abc, s.xyz, ${unitSql(q.metric, 's.v')} AS value, s.cv,
      CASE WHEN t.total <> 0 THEN 100 * s.v::DOUBLE / t.total::DOUBLE END AS "sharePct",
      c.specialist_id AS "specialistId", sp.full_name AS "specialistName", tm.name AS "teamName", s.total::INTEGER AS total
    FROM sel s JOIN abc_pop p ON p.ck = s.ck CROSS JOIN abc_tc t
    JOIN clients c ON c.client_id = p.client_id
    LEFT JOIN specialists sp ON sp.specialist_id = c.specialist_id
    LEFT JOIN teams tm ON tm.team_id = sp.team_id
    ORDER BY s.v DESC, s.ck`, { ...plan.params, limit: o.limit, ...(o.abc ? { fAbc: o.abc } : {}), ...(o.xyz ? { fXyz: o.xyz } : {}) });
  const parsed = z.array(clientRowSchema).parse(raw);
  return { rows: parsed.map(({ total: _t, ...r }) => r), total: parsed[0]?.total ?? 0 };
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
  await ensureAbcMart();
  const q = defaultAbcQuery(asOf);
  const w = salesWindow(q.asOf, q.months);
  const plan = popPlan(scope);
  addPairPlan(plan, w, previousWindow(w), q, await getMartAsOf());
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
  await ensureAbcMart();
  const w = salesWindow(asOf, DEFAULT_MONTHS);
  const martAsOf = await getMartAsOf();
  const stored = !popPlan(scope).restricted && precomputedWin(w, martAsOf) === 0 && precomputedWin(previousWindow(w), martAsOf) === 1;
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
