// The answers of the /api/v1 ABC/XYZ, transitions and growth × share routes, built from parsed
// parameters and the caller's scope: the routes stay thin and the benchmark (scripts/bench/abc.ts)
// times exactly what they answer.
import type { Scope } from '../db/scope';
import { getAbcCsvLines, getAbcView, type AbcClassRow, type AbcQuery } from './abc-xyz';
import { getBcg } from './bcg';
import { abcClassesCsv } from './csv';
import { EXPORT_LIMIT, type AbcParams } from './params';
import { getAbcTransitions, getTransitionClients } from './transitions';

const queryOf = (p: AbcParams): AbcQuery => ({ metric: p.metric, asOf: p.asOf, months: p.months, thresholds: p.thresholds });

/** GET /api/v1/abc-xyz: the matrix and a page of clients with their classes (optionally one cell's). */
export async function abcXyzAnswer(p: AbcParams, scope: Scope) {
  const q = queryOf(p);
  const { matrix: m, list } = await getAbcView(q, scope, { abc: p.cell?.abc, xyz: p.cell?.xyz, limit: p.limit, offset: p.offset });
  const classes: { total: number; rows: AbcClassRow[] } = list!;
  return {
    metric: m.metric, asOf: m.asOf, months: m.months, from: m.from, thresholds: m.thresholds, restricted: m.restricted,
    matrix: m.cells, byAbc: m.byAbc, byXyz: m.byXyz, total: m.total,
    cell: p.cell ? [p.cell.abc ?? '', p.cell.xyz].filter((x) => x !== undefined).join('-') : null, limit: p.limit, offset: p.offset, classesTotal: classes.total,
    classes: classes.rows,
  };
}

/**
 * GET /api/v1/abc-xyz?format=csv: every client of the list asked for (?cell, else the population),
 * with names, as a CSV file; ?limit and ?offset do not apply (up to EXPORT_LIMIT rows).
 */
export async function abcXyzCsv(p: AbcParams, scope: Scope): Promise<{ name: string; text: string }> {
  const lines = await getAbcCsvLines(queryOf(p), scope, { abc: p.cell?.abc, xyz: p.cell?.xyz, limit: EXPORT_LIMIT });
  const cell = p.cell ? `-${[p.cell.abc ?? '', p.cell.xyz ?? ''].filter(Boolean).join('-')}` : '';
  return { name: `abc-xyz${cell}-${p.metric}-${p.asOf}.csv`, text: abcClassesCsv(lines, p.metric) };
}

/** GET /api/v1/abc-xyz/transitions: the from → to tables, and the clients of one pair when ?from&to. */
export async function transitionsAnswer(p: AbcParams, scope: Scope) {
  const q = { ...queryOf(p), shift: p.shift };
  const [t, clients] = await Promise.all([
    getAbcTransitions(q, scope),
    p.transition ? getTransitionClients(q, scope, { ...p.transition, limit: p.limit }) : Promise.resolve(null),
  ]);
  return { ...t, thresholds: p.thresholds, ...(clients ? { transition: p.transition, limit: p.limit, clientsTotal: clients.total, clients: clients.rows } : {}) };
}

/** GET /api/v1/bcg: the points (largest first, up to limit), quadrant counts and the two thresholds. */
export async function bcgAnswer(p: AbcParams, scope: Scope) {
  const v = await getBcg({ ...queryOf(p), by: p.by, filter: p.filter, limit: p.limit }, scope);
  return {
    metric: v.metric, asOf: v.asOf, months: v.months, by: v.by, from: v.from, prevAsOf: v.prevAsOf, prevFrom: v.prevFrom, restricted: v.restricted,
    // share: the smallest share of a class-A point (high share = A); growth: the population's own growth (high growth = at least it).
    thresholds: { ...v.thresholds, share: v.lines.share, growth: v.lines.growth },
    quadrants: v.quadrants, total: v.total, idleClients: v.idleClients, limit: p.limit,
    points: v.points,
  };
}
