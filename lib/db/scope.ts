// The caller's scope, applied in the data layer in one place: every query over client data takes
// a Scope and filters through scopeClause(), so no page or API can forget it.
//   executive: everything (read-only); head: all, or the teams assigned; specialist: own clients.

export type Role = 'head' | 'specialist' | 'executive';
export const roles = ['head', 'specialist', 'executive'] as const satisfies readonly Role[];

export interface Scope {
  login: string;
  role: Role;
  /** role specialist: the specialist whose clients are visible. */
  specialistId?: string | null;
  /** role head: the teams assigned; null or empty = all teams. */
  teamIds?: string[] | null;
}

/** A scope that sees nothing: for a specialist user with no specialist id. */
const NOTHING = { sql: 'FALSE', params: {} };

/**
 * SQL predicate (with its bound values) that is true for clients visible to the scope.
 * `clientAlias` names the clients table (or any relation with `specialist_id` = the client's
 * current specialist) in the caller's query.
 */
export function scopeClause(scope: Scope, clientAlias = 'c'): { sql: string; params: Record<string, unknown> } {
  const a = clientAlias;
  switch (scope.role) {
    case 'executive':
      return { sql: 'TRUE', params: {} };
    case 'head':
      if (!scope.teamIds || scope.teamIds.length === 0) return { sql: 'TRUE', params: {} };
      return {
        sql: `${a}.specialist_id IN (SELECT s.specialist_id FROM specialists s WHERE list_contains($scopeTeamIds::VARCHAR[], s.team_id))`,
        params: { scopeTeamIds: scope.teamIds },
      };
    case 'specialist':
      if (!scope.specialistId) return NOTHING;
      return { sql: `${a}.specialist_id = $scopeSpecialistId`, params: { scopeSpecialistId: scope.specialistId } };
  }
}

/** A CTE `scoped_clients` holding the clients visible to the scope; start client queries from it. */
export function scopedClientsCte(scope: Scope): { sql: string; params: Record<string, unknown> } {
  const w = scopeClause(scope, 'c');
  return { sql: `scoped_clients AS (SELECT c.* FROM clients c WHERE ${w.sql})`, params: w.params };
}
