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
import { z } from 'zod';
import { query } from '../db';
import type { Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import type { AbcQuery } from './abc-xyz';
import { addBcgPlan, bcgQuadrants, bcgQuadrantSql, highGrowthSql, type BcgQuadrant } from './bcg-plan';
import type { BcgGrouping } from './params';
import { addClassesPlan, getMartAsOf, popPlan, unitSql, withSql } from './plan';
import { ensureAbcMart } from './sales-mart';
import { previousWindow, salesWindow } from './windows';

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
  restricted: boolean;
}

// Identifiers that vary come from these allow-lists, keyed by the grouping enum.
const GROUP_KEY: Record<Exclude<BcgGrouping, 'client'>, string> = {
  holding: `coalesce('h:' || p.holding_id, 'c:' || p.client_id)`,
  segment: 'p.segment',
  team: 'p.team_id',
  specialist: 'p.specialist_id',
};
const FILTER_COL: Record<keyof BcgFilter, string> = { team: 'p.team_id', specialist: 'p.specialist_id', segment: 'p.segment', holding: 'p.holding_id' };

const pointSchema = z.object({
  gid: z.string().nullable(), name: z.string().nullable(), value: z.coerce.number(), prevValue: z.coerce.number(),
  share: z.coerce.number(), growth: z.coerce.number().nullable(), abc: z.enum(['A', 'B', 'C']), quadrant: z.enum(bcgQuadrants),
  clients: z.coerce.number(), total: z.coerce.number(),
});

/** The growth × share points of the population as known on D, grouped, largest first. */
export async function getBcg(q: AbcQuery & { by: BcgGrouping; filter?: BcgFilter; limit: number }, scope: Scope): Promise<BcgView> {
  await ensureAbcMart();
  const w = salesWindow(q.asOf, q.months);
  const prev = previousWindow(w);
  const martAsOf = await getMartAsOf();
  const plan = popPlan(scope);
  addClassesPlan(plan, 'c', w, q.metric, q.thresholds, martAsOf);
  addBcgPlan(plan, prev, q, martAsOf);
  const params: Record<string, unknown> = { ...plan.params };
  const filters: string[] = [];
  if (q.by === 'client') {
    for (const k of Object.keys(FILTER_COL) as Array<keyof BcgFilter>) {
      const v = q.filter?.[k];
      if (v) { filters.push(`${FILTER_COL[k]} = $f_${k}`); params[`f_${k}`] = v; }
    }
  }
  // Client points: the population's own classes (abc_kc) decide high share. Group points: ABC
  // over the groups, by the same rule (lib/abc/plan.ts), then the same growth test.
  const points = q.by === 'client'
    ? `pts AS (
        SELECT p.client_id AS gid, kc.v, kp.v AS pv, kc.abc, ${bcgQuadrantSql('kc', 'kp')} AS quadrant, 1 AS clients, p.ck AS tie
        FROM abc_pop p JOIN abc_kc kc ON kc.ck = p.ck JOIN abc_kp kp ON kp.ck = p.ck CROSS JOIN abc_tc tc CROSS JOIN abc_tp tp
        WHERE (kc.has OR kp.has)${filters.length ? ` AND ${filters.join(' AND ')}` : ''})`
    : `grp AS (
        SELECT ${GROUP_KEY[q.by]} AS gid, sum(kc.v)::BIGINT AS v, sum(kp.v)::BIGINT AS pv, count(*) AS clients
        FROM abc_pop p JOIN abc_kc kc ON kc.ck = p.ck JOIN abc_kp kp ON kp.ck = p.ck
        WHERE kc.has OR kp.has GROUP BY 1),
      grp_b AS (SELECT gid, coalesce(sum(v) OVER (ORDER BY v DESC, gid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before FROM grp WHERE v > 0),
      grp_t AS (SELECT coalesce(sum(v) FILTER (WHERE v > 0), 0)::HUGEINT AS pos FROM grp),
      pts AS (
        SELECT g.gid, g.v, g.pv, g.clients, g.gid AS tie, x.abc,
          CASE WHEN x.abc = 'A' THEN CASE WHEN ${highGrowthSql('g.v', 'g.pv', 'tc.total', 'tp.total')} THEN 'star' ELSE 'cow' END
               ELSE CASE WHEN ${highGrowthSql('g.v', 'g.pv', 'tc.total', 'tp.total')} THEN 'question' ELSE 'dog' END END AS quadrant
        FROM grp g LEFT JOIN grp_b b ON b.gid IS NOT DISTINCT FROM g.gid CROSS JOIN grp_t gt CROSS JOIN abc_tc tc CROSS JOIN abc_tp tp
        CROSS JOIN LATERAL (SELECT CASE WHEN g.v <= 0 THEN 'C' WHEN 10000 * b.before::HUGEINT < $abcAH::HUGEINT * gt.pos THEN 'A'
          WHEN 10000 * b.before::HUGEINT < $abcBH::HUGEINT * gt.pos THEN 'B' ELSE 'C' END AS abc) x)`;
  const sql = `${withSql(plan)},
    ${points},
    top AS (SELECT *, count(*) OVER () AS total FROM pts ORDER BY v DESC, tie LIMIT $limit)
    SELECT t.gid, ${NAME_SQL[q.by]} AS name, ${unitSql(q.metric, 't.v')} AS value, ${unitSql(q.metric, 't.pv')} AS "prevValue",
      CASE WHEN tc.total <> 0 THEN t.v::DOUBLE / tc.total::DOUBLE ELSE 0 END AS share,
      CASE WHEN t.pv > 0 THEN t.v::DOUBLE / t.pv - 1 END AS growth,
      t.abc, t.quadrant, t.clients::INTEGER AS clients, t.total::INTEGER AS total
    FROM top t CROSS JOIN abc_tc tc ${NAME_JOIN[q.by]}
    ORDER BY t.v DESC, t.tie`;
  const summarySql = `${withSql(plan)},
    ${points}
    SELECT quadrant, count(*)::INTEGER AS count, ${unitSql(q.metric, 'sum(v)')} AS value,
      (SELECT min(v) FROM ${q.by === 'client' ? 'abc_kc' : 'pts'} WHERE abc = 'A' AND v > 0)::DOUBLE AS "minA",
      (SELECT CASE WHEN tc.total <> 0 THEN 1 / tc.total::DOUBLE END FROM abc_tc tc) AS "perUnit",
      (SELECT CASE WHEN tp.total > 0 THEN tc.total::DOUBLE / tp.total::DOUBLE - 1 END FROM abc_tc tc, abc_tp tp) AS growth,
      (SELECT count(*) FROM abc_kc kc JOIN abc_kp kp ON kp.ck = kc.ck WHERE NOT kc.has AND NOT kp.has)::INTEGER AS idle
    FROM pts GROUP BY quadrant`;
  const [rawPoints, rawSummary] = await Promise.all([query(sql, { ...params, limit: q.limit }), query(summarySql, params)]);
  const rows = z.array(pointSchema).parse(rawPoints);
  const summary = z.array(z.object({
    quadrant: z.enum(bcgQuadrants), count: z.coerce.number(), value: z.coerce.number(), minA: z.coerce.number().nullable(),
    perUnit: z.coerce.number().nullable(), growth: z.coerce.number().nullable(), idle: z.coerce.number(),
  })).parse(rawSummary);
  const minA = summary.reduce<number | null>((m, s) => (s.minA === null ? m : m === null ? s.minA : Math.min(m, s.minA)), null);
  const perUnit = summary[0]?.perUnit ?? null;
  const idle = summary[0]?.idle ?? (await idleClients(plan.ctes, plan.params));
  return {
    metric: q.metric, asOf: q.asOf, months: q.months, thresholds: q.thresholds, by: q.by,
    from: w.from, prevAsOf: prev.asOf, prevFrom: prev.from,
    lines: { share: minA === null || perUnit === null ? null : minA * perUnit, growth: summary[0]?.growth ?? null },
    quadrants: bcgQuadrants.map((quadrant) => {
      const s = summary.find((x) => x.quadrant === quadrant);
      return { quadrant, count: s?.count ?? 0, value: s?.value ?? 0 };
    }),
    total: summary.reduce((n, s) => n + s.count, 0),
    idleClients: idle,
    points: rows.map((r) => ({
      id: r.gid === null ? null : q.by === 'holding' ? r.gid.slice(2) : r.gid,
      kind: q.by === 'holding' && r.gid?.startsWith('c:') ? 'client' : q.by,
      name: r.name ?? noName(q.by),
      value: r.value, prevValue: r.prevValue, share: r.share, growth: r.growth, isNew: r.growth === null,
      abc: r.abc, quadrant: r.quadrant, clients: r.clients,
    })),
    restricted: plan.restricted,
  };
}

/** Clients of the population with no sales in either window (when there are no points at all). */
async function idleClients(ctes: string[], params: Record<string, unknown>): Promise<number> {
  const r = await query<{ n: number }>(`WITH ${ctes.join(',\n')} SELECT count(*)::INTEGER AS n FROM abc_kc kc JOIN abc_kp kp ON kp.ck = kc.ck WHERE NOT kc.has AND NOT kp.has`, params);
  return Number(r[0]?.n ?? 0);
}

function noName(by: BcgGrouping): string {
  if (by === 'segment') return ru.bcg.noSegment;
  if (by === 'team') return ru.bcg.noTeam;
  if (by === 'specialist') return ru.bcg.noSpecialist;
  return ru.common.dash;
}

// Names of the shown points only (joined after the limit).
const NAME_SQL: Record<BcgGrouping, string> = {
  client: 'c.name',
  holding: `CASE WHEN t.gid LIKE 'c:%' THEN c.name ELSE h.name END`,
  segment: 't.gid',
  team: 'tm.name',
  specialist: 'sp.full_name',
};
const NAME_JOIN: Record<BcgGrouping, string> = {
  client: 'LEFT JOIN clients c ON c.client_id = t.gid',
  holding: `LEFT JOIN clients c ON t.gid LIKE 'c:%' AND c.client_id = substr(t.gid, 3)
    LEFT JOIN (SELECT holding_id, min(holding_name) AS name FROM clients WHERE holding_id IS NOT NULL GROUP BY 1) h ON t.gid LIKE 'h:%' AND h.holding_id = substr(t.gid, 3)`,
  segment: '',
  team: 'LEFT JOIN teams tm ON tm.team_id = t.gid',
  specialist: 'LEFT JOIN specialists sp ON sp.specialist_id = t.gid',
};
