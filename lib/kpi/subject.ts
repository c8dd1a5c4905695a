// Who a KPI selection is about: a specialist's name and team, a team's name (dimensions only: names
// carry no client data, so no scope is needed; every figure shown for them is scoped).
import { query } from '../db';

export interface KpiSubject { specialistId: string | null; specialistName: string | null; teamId: string | null; teamName: string | null }

/** The specialist (and their team) or the team named; unknown ids come back with null names. */
export async function getKpiSubject(q: { specialistId?: string; teamId?: string }): Promise<KpiSubject> {
  if (q.specialistId) {
    const r = await query<{ name: string; teamId: string | null; teamName: string | null }>(
      `SELECT s.full_name AS name, s.team_id AS "teamId", t.name AS "teamName" FROM specialists s LEFT JOIN teams t ON t.team_id = s.team_id
       WHERE s.specialist_id = $id`, { id: q.specialistId });
    return { specialistId: q.specialistId, specialistName: r[0]?.name ?? null, teamId: r[0]?.teamId ?? null, teamName: r[0]?.teamName ?? null };
  }
  if (q.teamId) {
    const r = await query<{ name: string }>(`SELECT name FROM teams WHERE team_id = $id`, { id: q.teamId });
    return { specialistId: null, specialistName: null, teamId: q.teamId, teamName: r[0]?.name ?? null };
  }
  return { specialistId: null, specialistName: null, teamId: null, teamName: null };
}

/** The name of "everything the caller sees" (the selection with no team or specialist). */
export function scopeAllKey(scope: { role: string; teamIds?: string[] | null }): 'executive' | 'head' | 'headTeams' | 'specialist' {
  if (scope.role === 'specialist') return 'specialist';
  if (scope.role === 'head') return scope.teamIds && scope.teamIds.length ? 'headTeams' : 'head';
  return 'executive';
}
