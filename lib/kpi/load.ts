// Нагрузка, the portfolio load (issue 6 "clients, billed ₽, open threats and overdue contacts per
// specialist, to support moving clients between specialists"), as known on D, within the scope:
//   - clients: the specialist's active clients at the period's end, or on D if sooner (the sales
//     result "active clients", lib/kpi/completeness.ts), and that count against the mean of the
//     specialist's team;
//   - billed: Σ amount of the period's invoices issued by D for the clients the specialist holds
//     now (the payment mart's client's-current-specialist column: whose portfolio it is, not who
//     issued it), so moving a client moves its billing;
//   - open threats: raised by D and not resolved by D, on the specialist's clients;
//   - overdue contacts and agreements on D: controls 1 and 4's "now" counts (lib/kpi/overdue.ts),
//     for the specialist who has to make them.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause } from '../db/scope';
import { compareRu } from '../format';
import { count, kpiWhere, num, splitGrouped, usedParams, type KpiScope } from './common';
import { activeOn } from './completeness';
import { kpiParams } from './get-kpi';
import { overdueAggSchema, overdueSql } from './overdue';
import { UNRESOLVED } from './reaction';

export interface LoadRow {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  clients: number;
  /** clients / the mean of the team's specialists' clients × 100 (null: no team or an empty team). */
  clientsVsTeamPct: number | null;
  billed: number;
  openThreats: number;
  overdueContacts: number;
  overdueAgreements: number;
}

export interface PortfolioLoad { period: string; asOf: string; periods: string[]; rows: LoadRow[]; total: Omit<LoadRow, 'id' | 'name' | 'teamId' | 'teamName' | 'clientsVsTeamPct'> }

const sideSchema = z.object({ id: z.string().nullable(), clients: count, billed: num, threats: count });

/** The portfolio of every specialist in scope (and in `teamId`, their current team), by name. */
export async function getPortfolioLoad(q: KpiScope): Promise<PortfolioLoad> {
  const sc = scopeClause(q.scope, 'm');
  // The portfolio is the client's current specialist's: narrow by that specialist's team.
  const teamSql = q.teamId ? ' AND m.specialist_id IN (SELECT specialist_id FROM specialists WHERE team_id = $fTeam)' : '';
  const specSql = q.specialistId ? ' AND m.specialist_id = $fSpec' : '';
  const where = `${sc.sql}${teamSql}${specSql}`;
  const params: Record<string, unknown> = { ...kpiParams(q), ...sc.params, fTeam: q.teamId, fSpec: q.specialistId };
  const sql = /* sql */ `
    WITH x AS (
      SELECT m.specialist_id AS id, 1 AS clients, 0 AS billed, 0 AS threats FROM mart_kpi_clients m
      WHERE ${activeOn('$to::DATE')} AND ${where}
      UNION ALL
      SELECT m.specialist_id, 0, sum(m.billed), 0 FROM mart_payment_events m
      WHERE m.period BETWEEN $pFrom AND $pTo AND m.on_date <= $asOf::DATE AND ${where}
      GROUP BY m.specialist_id
      UNION ALL
      SELECT m.specialist_id, 0, 0, 1 FROM mart_kpi_threats m
      WHERE ${UNRESOLVED} AND ${where}
    )
    SELECT id, sum(clients)::INTEGER AS clients, sum(billed)::DOUBLE AS billed, sum(threats)::INTEGER AS threats
    FROM x GROUP BY id`;
  const ow = kpiWhere({ scope: q.scope, teamId: q.teamId, specialistId: q.specialistId });
  const oSql = overdueSql('specialist', ow.sql, false);
  const [side, overdue, names] = await Promise.all([
    query(sql, usedParams(sql, params)).then((r) => r.map((x) => sideSchema.parse(x))),
    query(oSql, usedParams(oSql, { ...params, ...ow.params })).then((r) => splitGrouped(r.map((x) => overdueAggSchema.parse(x)))),
    query<{ id: string; name: string; teamId: string | null; teamName: string | null }>(
      `SELECT s.specialist_id AS id, s.full_name AS name, s.team_id AS "teamId", t.name AS "teamName" FROM specialists s LEFT JOIN teams t ON t.team_id = s.team_id`),
  ]);
  const nameById = new Map(names.map((n) => [n.id, n]));
  const byId = new Map<string, LoadRow>();
  const rowOf = (id: string): LoadRow => {
    let r = byId.get(id);
    if (!r) {
      const n = nameById.get(id);
      r = { id, name: n?.name ?? id, teamId: n?.teamId ?? null, teamName: n?.teamName ?? null, clients: 0, clientsVsTeamPct: null, billed: 0, openThreats: 0, overdueContacts: 0, overdueAgreements: 0 };
      byId.set(id, r);
    }
    return r;
  };
  // Rows with no specialist (unassigned clients) are not anyone's load: left out of the rows, kept in the total.
  const total = { clients: 0, billed: 0, openThreats: 0, overdueContacts: 0, overdueAgreements: 0 };
  for (const s of side) {
    total.clients += s.clients; total.billed += s.billed; total.openThreats += s.threats;
    if (s.id === null) continue;
    const r = rowOf(s.id);
    r.clients = s.clients; r.billed = s.billed; r.openThreats = s.threats;
  }
  for (const [id, o] of overdue.groups) {
    // The total counts every group, unassigned ones too (the read has no total row of its own).
    total.overdueContacts += o.contacts;
    total.overdueAgreements += o.agreements;
    if (id === null) continue;
    const r = rowOf(id);
    r.overdueContacts = o.contacts;
    r.overdueAgreements = o.agreements;
  }
  const rows = [...byId.values()];
  // Each specialist's clients against the mean of their team's specialists shown.
  const teamMean = new Map<string, { sum: number; n: number }>();
  for (const r of rows) {
    if (r.teamId === null) continue;
    const t = teamMean.get(r.teamId) ?? { sum: 0, n: 0 };
    t.sum += r.clients; t.n++;
    teamMean.set(r.teamId, t);
  }
  for (const r of rows) {
    const t = r.teamId === null ? undefined : teamMean.get(r.teamId);
    r.clientsVsTeamPct = t && t.sum > 0 ? (100 * r.clients * t.n) / t.sum : null;
  }
  rows.sort((a, b) => compareRu(a.teamName ?? '', b.teamName ?? '') || compareRu(a.name, b.name));
  return { period: q.window.period, asOf: q.asOf, periods: q.window.periods, rows, total };
}
