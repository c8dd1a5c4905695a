// The growth × share view (spec/metrics.md "Growth × share matrix (the BCG view)"): for each
// client, or holding, segment, team or specialist when grouped,
//   share  = its metric over the window / the population's total over the window;
//   growth = metric over the window / metric over the previous window of the same length − 1
//            (nothing, or ≤ 0, before: null and `isNew`, drawn at the top edge);
//   quadrant from high share (ABC class A among the points of that grouping, lib/abc/plan.ts) and
//   high growth (≥ the population's own growth, lib/abc/bcg-plan.ts).
// Points are the clients (groups) with sales in either window, largest first; the quadrant counts
// and thresholds cover them all, the `limit` applies to the list only. A client outside every
// holding is its own point in the holding view (a legal entity is a group of one).
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { bindable, query } from '../db';
import { logger } from '../log';
import type { Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import type { AbcQuery } from './abc-xyz';
import { addPairPlan } from './bcg-plan';
import { abcMetrics, bcgQuadrants, DEFAULT_MONTHS, DEFAULT_THRESHOLDS, quadrantSql, type BcgQuadrant } from './classes';
import type { BcgGrouping } from './classes';
import { abcBoundsSql, abcByBoundsSql, boundsParams, getSalesMarts, isDefault, isStoredPair, popPlan, totalsSql, unitSql, withSql } from './plan';
import { previousWindow, salesWindow } from './windows';

const log = logger('bcg');

export interface BcgPoint {
  /** Client, holding, segment, team or specialist id; null for "no segment / team / specialist". */
  id: string | null;
  /** What the id is: in the holding view a client outside every holding is a `client`. */
  kind: BcgGrouping;
  name: string;
  /** Metric over the window (roubles or a count) and over the previous window. */
  value: number;
  prevValue: number;
  /** value / the population's total, 0–1 (≤ 0: not drawable on the log axis). */
  share: number;
  /** value / prevValue − 1; null when nothing before (`isNew`). */
  growth: number | null;
  isNew: boolean;
  abc: 'A' | 'B' | 'C';
  quadrant: BcgQuadrant;
  /** Clients behind a group point (1 for a client). */
  clients: number;
}

export interface BcgFilter { team?: string; specialist?: string; segment?: string; holding?: string }

export interface BcgView extends AbcQuery {
  by: BcgGrouping;
  /** The previous window's D and first day; the current window's first day. */
  from: string;
  prevAsOf: string;
  prevFrom: string;
  thresholds: AbcQuery['thresholds'];
  /** The quadrant lines: the smallest share of a class-A point (null: no A), the population's growth (null: nothing before). */
  lines: { share: number | null; growth: number | null };
  quadrants: Array<{ quadrant: BcgQuadrant; count: number; value: number }>;
  /** Points in the view (before the limit); clients of the population with no sales in either window are not points. */
  total: number;
  idleClients: number;
  points: BcgPoint[];
  /** With `perQuadrant`: the largest points of each quadrant beyond `points`, so a chart shows every quadrant. */
  extraPoints: BcgPoint[];
  restricted: boolean;
}

// Identifiers that vary come from these allow-lists, keyed by the grouping enum.
// A holding's key is an integer the sales mart keeps (mart_sales_client.hk): minus the smallest
// client key (ck) of its members; a client outside every holding is its own point under its ck
// (grouping and ranking ~200,000 string keys 'h:…' / 'c:…' cost 0.4 s at 200,000 clients).
const GROUP_KEY: Record<Exclude<BcgGrouping, 'client'>, string> = {
  holding: 'p.hk',
  segment: 'p.segment',
  team: 'p.team_id',
  specialist: 'p.specialist_id',
};
const FILTER_COL: Record<keyof BcgFilter, string> = { team: 'p.team_id', specialist: 'p.specialist_id', segment: 'p.segment', holding: 'p.holding_id' };

const rowSchema = z.object({
  row: z.enum(['p', 'q']),
  gid: z.string().nullable(), name: z.string().nullable(), value: z.coerce.number().nullable(), prevValue: z.coerce.number().nullable(),
  share: z.coerce.number().nullable(), growth: z.coerce.number().nullable(), abc: z.enum(['A', 'B', 'C']).nullable(),
  quadrant: z.enum(bcgQuadrants).nullable(), clients: z.coerce.number().nullable(),
  count: z.coerce.number().nullable(), minA: z.coerce.number().nullable(), growthAll: z.coerce.number().nullable(), idle: z.coerce.number().nullable(),
  inTop: z.boolean().nullable(),
});

/** The growth × share points of the population as known on D, grouped, largest first. */
export async function getBcg(q: AbcQuery & { by: BcgGrouping; filter?: BcgFilter; limit: number; perQuadrant?: number; useStored?: boolean }, scope: Scope): Promise<BcgView> {
  const w = salesWindow(q.asOf, q.months);
  const prev = previousWindow(w);
  const plan = popPlan(scope);
  const marts = await getSalesMarts();
  addPairPlan(plan, w, prev, q, marts, { prevClasses: false });
  // The whole company's holding points of the stored default view are stored too, by every load
  // with the sales marts (rebuildBcgHoldings); `useStored: false` groups them here (tests compare).
  const storedHoldings = q.useStored !== false && q.by === 'holding' && !plan.restricted && isDefault(q.thresholds) && isStoredPair(w, prev, marts.asOf);
  const params: Record<string, unknown> = { ...plan.params, limit: q.limit };
  const filters: string[] = [];
  if (q.by !== 'client' && !storedHoldings) Object.assign(params, boundsParams(q.thresholds));
  else {
    for (const k of Object.keys(FILTER_COL) as Array<keyof BcgFilter>) {
      const v = q.filter?.[k];
      if (v) { filters.push(`${FILTER_COL[k]} = $f_${k}`); params[`f_${k}`] = v; }
    }
  }
  const points = storedHoldings
    ? `pts AS (SELECT tie, v, pv, abc, clients, quadrant FROM mart_bcg_holding WHERE metric = $abcMetric)`
    : pointsSql(q.by, filters);
  const minA = q.by === 'client' ? `(SELECT min(v) FROM abc_pair WHERE abc = 'A' AND v > 0)` : `(SELECT min(v) FROM pts WHERE abc = 'A' AND v > 0)`;
  // One statement for the points and the summary: the classes behind them are computed once.
  const sql = `${withSql(plan)},
    ${points},
    ${q.perQuadrant ? `top AS (SELECT *, rk <= $limit AS in_top FROM (
      SELECT *, row_number() OVER (ORDER BY v DESC, tie) AS rk, row_number() OVER (PARTITION BY quadrant ORDER BY v DESC, tie) AS qk FROM pts)
      WHERE rk <= $limit OR qk <= $perQuadrant)` : 'top AS (SELECT *, TRUE AS in_top FROM pts ORDER BY v DESC, tie LIMIT $limit)'}
    SELECT * FROM (
      SELECT 'p' AS row, ${GID_SQL[q.by]} AS gid, ${NAME_SQL[q.by]} AS name,
        ${unitSql(q.metric, 't.v')} AS value, ${unitSql(q.metric, 't.pv')} AS "prevValue",
        CASE WHEN tc.total <> 0 THEN t.v::DOUBLE / tc.total::DOUBLE ELSE 0 END AS share,
        CASE WHEN t.pv > 0 THEN t.v::DOUBLE / t.pv - 1 END AS growth,
        t.abc, t.quadrant, t.clients::INTEGER AS clients,
        NULL::INTEGER AS count, NULL::DOUBLE AS "minA", NULL::DOUBLE AS "growthAll", NULL::INTEGER AS idle, t.in_top AS "inTop", t.v AS o1,
        ${q.by === 'client' || q.by === 'holding' ? "lpad(t.tie::VARCHAR, 12, '0')" : 't.tie'} AS o2
      FROM top t CROSS JOIN abc_tc tc ${NAME_JOIN[q.by]}
      UNION ALL
      SELECT 'q', NULL, NULL, ${unitSql(q.metric, 'sum(v)')}, NULL, NULL, NULL, NULL, quadrant, NULL, count(*)::INTEGER, NULL, NULL, NULL, NULL, NULL, NULL
      FROM pts GROUP BY quadrant
      UNION ALL
      SELECT 'q', NULL, NULL, NULL, NULL,
        (SELECT CASE WHEN tc.total <> 0 THEN ${minA}::DOUBLE / tc.total::DOUBLE END FROM abc_tc tc), NULL, NULL, NULL, NULL, NULL,
        ${minA}::DOUBLE,
        (SELECT CASE WHEN tp.total > 0 THEN tc.total::DOUBLE / tp.total::DOUBLE - 1 END FROM abc_tc tc, abc_tp tp),
        (SELECT count(*) FILTER (WHERE quadrant IS NULL) FROM abc_pair)::INTEGER, NULL, NULL, NULL
    )
    ORDER BY row, o1 DESC, o2`;
  const rows = z.array(rowSchema).parse(await query(sql, q.perQuadrant ? { ...params, perQuadrant: q.perQuadrant } : params));
  const point = (r: z.infer<typeof rowSchema>): BcgPoint => ({
    id: r.gid === null ? null : q.by === 'holding' ? r.gid.slice(2) : r.gid,
    kind: q.by === 'holding' && r.gid?.startsWith('c:') ? 'client' : q.by,
    name: r.name ?? noName(q.by),
    value: r.value ?? 0, prevValue: r.prevValue ?? 0, share: r.share ?? 0, growth: r.growth, isNew: r.growth === null,
    abc: r.abc ?? 'C', quadrant: r.quadrant ?? 'dog', clients: r.clients ?? 0,
  });
  const pointRows = rows.filter((r) => r.row === 'p');
  const quadRows = rows.filter((r) => r.row === 'q' && r.quadrant !== null);
  const summary = rows.find((r) => r.row === 'q' && r.quadrant === null);
  return {
    metric: q.metric, asOf: q.asOf, months: q.months, thresholds: q.thresholds, by: q.by,
    from: w.from, prevAsOf: prev.asOf, prevFrom: prev.from,
    // The share line: the smallest share of a class-A point (its share sits in the summary row's `share`).
    lines: { share: summary?.share ?? null, growth: summary?.growthAll ?? null },
    quadrants: bcgQuadrants.map((quadrant) => {
      const r = quadRows.find((x) => x.quadrant === quadrant);
      return { quadrant, count: r?.count ?? 0, value: r?.value ?? 0 };
    }),
    total: quadRows.reduce((n, r) => n + (r.count ?? 0), 0),
    idleClients: summary?.idle ?? 0,
    points: pointRows.filter((r) => r.inTop).map(point),
    extraPoints: pointRows.filter((r) => !r.inTop).map(point),
    restricted: plan.restricted,
  };
}

function noName(by: BcgGrouping): string {
  if (by === 'segment') return ru.bcg.noSegment;
  if (by === 'team') return ru.bcg.noTeam;
  if (by === 'specialist') return ru.bcg.noSpecialist;
  return ru.common.dash;
}

/**
 * The CTEs ending with `pts (tie, v, pv, abc, clients, quadrant)` over a pair plan: the points
 * with sales in either window. Client points: their quadrant from abc_pair (high share = the
 * population's class A). Group points: the groups' own ABC by the same rule (lib/abc/plan.ts),
 * then the same growth test. `filters` narrow client points (over mart_sales_client p).
 */
function pointsSql(by: BcgGrouping, filters: string[]): string {
  if (by === 'client') {
    return `pts AS (
        SELECT k.ck AS tie, k.v, k.pv, k.abc, k.quadrant, 1 AS clients
        FROM abc_pair k${filters.length ? ` JOIN mart_sales_client p ON p.ck = k.ck WHERE k.quadrant IS NOT NULL AND ${filters.join(' AND ')}` : ' WHERE k.quadrant IS NOT NULL'})`;
  }
  const grp = by === 'holding'
    // A client outside every holding is a point of its own (hk = its ck > 0): only the holdings'
    // members are grouped (grouping all 200,000 clients into ~190,000 points cost ~40 ms).
    ? `grp_src AS (SELECT p.hk, k.v, k.pv FROM abc_pair k JOIN mart_sales_client p ON p.ck = k.ck WHERE k.quadrant IS NOT NULL),
      grp AS MATERIALIZED (
        SELECT hk AS gid, v::BIGINT AS v, pv::BIGINT AS pv, 1 AS clients FROM grp_src WHERE hk > 0
        UNION ALL
        SELECT hk, sum(v)::BIGINT, sum(pv)::BIGINT, count(*) FROM grp_src WHERE hk < 0 GROUP BY hk)`
    : `grp AS MATERIALIZED (
        SELECT ${GROUP_KEY[by]} AS gid, sum(k.v)::BIGINT AS v, sum(k.pv)::BIGINT AS pv, count(*) AS clients
        FROM abc_pair k JOIN mart_sales_client p ON p.ck = k.ck
        WHERE k.quadrant IS NOT NULL GROUP BY 1)`;
  return `${grp},
      ${totalsSql('grp_t', 'grp')},
      grp_r AS (${abcBoundsSql('grp', 'gid', 'grp_t')}),
      grp_k AS (SELECT g.gid, g.v, g.pv, g.clients, ${abcByBoundsSql('g', 'gid', 'r')} AS abc FROM grp g CROSS JOIN grp_r r),
      pts AS (
        SELECT g.gid AS tie, g.v, g.pv, g.abc, g.clients,
          ${quadrantSql({ has: 'TRUE', phas: 'TRUE', abc: 'g.abc', v: 'g.v', pv: 'g.pv', V: 'tc.total', PV: 'tp.total' })} AS quadrant
        FROM grp_k g CROSS JOIN abc_tc tc CROSS JOIN abc_tp tp)`;
}

/**
 * mart_bcg_holding: the whole company's holding points (pointsSql('holding')) of the stored
 * default view, for each metric, as of the newest applied load: at 200,000 clients those are
 * ~190,000 points to group and rank (~100 ms a request); stored, a request reads the largest.
 * Built on `con` inside the load's transaction (lib/derived/registry.ts), after the sales marts
 * and running sums it reads on that same connection; returns the build time in ms.
 */
export async function rebuildBcgHoldings(con: DuckDBConnection, loadId: number | null): Promise<number> {
  const started = Date.now();
  const marts = await getSalesMarts(con);
  await con.run('CREATE OR REPLACE TABLE mart_bcg_holding (metric VARCHAR, tie INTEGER, v BIGINT, pv BIGINT, abc VARCHAR, clients INTEGER, quadrant VARCHAR)');
  if (marts.asOf) {
    const w = salesWindow(marts.asOf, DEFAULT_MONTHS);
    for (const metric of abcMetrics) {
      const plan = popPlan({ login: 'loader', role: 'executive' });
      addPairPlan(plan, w, previousWindow(w), { metric, thresholds: DEFAULT_THRESHOLDS }, marts, { prevClasses: false });
      const sql = `INSERT INTO mart_bcg_holding ${withSql(plan)}, ${pointsSql('holding', [])}
        SELECT $metric, tie, v, pv, abc, clients, quadrant FROM pts ORDER BY v DESC, tie`;
      await con.run(sql, bindable({ ...plan.params, ...boundsParams(DEFAULT_THRESHOLDS), metric }) as never);
    }
  }
  const ms = Date.now() - started;
  log.info(`holding points rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

// Ids and names of the shown points only (joined after the limit); a holding point's id is 'h:<holding_id>',
// a client outside every holding 'c:<client_id>'.
const GID_SQL: Record<BcgGrouping, string> = {
  client: 'p.client_id',
  holding: `CASE WHEN t.tie > 0 THEN 'c:' || c.client_id ELSE 'h:' || c.holding_id END`,
  segment: 't.tie', team: 't.tie', specialist: 't.tie',
};
const NAME_SQL: Record<BcgGrouping, string> = {
  client: 'c.name',
  holding: `CASE WHEN t.tie > 0 THEN c.name ELSE c.holding_name END`,
  segment: 't.tie',
  team: 'tm.name',
  specialist: 'sp.full_name',
};
const NAME_JOIN: Record<BcgGrouping, string> = {
  client: 'JOIN mart_sales_client p ON p.ck = t.tie LEFT JOIN clients c ON c.client_id = p.client_id',
  holding: 'JOIN mart_sales_client p ON p.ck = abs(t.tie) LEFT JOIN clients c ON c.client_id = p.client_id',
  segment: '',
  team: 'LEFT JOIN teams tm ON tm.team_id = t.tie',
  specialist: 'LEFT JOIN specialists sp ON sp.specialist_id = t.tie',
};

/** Display names of a growth × share filter's values (team, specialist and holding ids → names). */
export async function getBcgFilterNames(f: BcgFilter): Promise<Partial<Record<keyof BcgFilter, string>>> {
  const [r] = await query<{ team: string | null; specialist: string | null; holding: string | null }>(`SELECT
    (SELECT name FROM teams WHERE team_id = $team::VARCHAR) AS team,
    (SELECT full_name FROM specialists WHERE specialist_id = $specialist::VARCHAR) AS specialist,
    (SELECT min(holding_name) FROM clients WHERE holding_id = $holding::VARCHAR) AS holding`,
  { team: f.team ?? null, specialist: f.specialist ?? null, holding: f.holding ?? null });
  return {
    team: f.team ? r?.team ?? f.team : undefined,
    specialist: f.specialist ? r?.specialist ?? f.specialist : undefined,
    holding: f.holding ? r?.holding ?? f.holding : undefined,
    segment: f.segment,
  };
}
