// Acts not returned (spec/metrics.md, "Acts"): an act counts as returned when returned_on ≤ D; not
// returned as known on D = issued_on ≤ D and (returned_on IS NULL OR returned_on > D). Counted and
// listed per period, specialist and team, with the age in days since issued_on (D − issued_on).
// The act's specialist is acts.specialist_id, else the client's current one; the team through
// that specialist (the same rule as invoices in "Payment %" → Grouping). Scope is the client's
// current specialist (lib/db/scope.ts), through clients c.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import { isoDateSchema, periodSchema } from './period';

export const actGroupings = ['period', 'specialist', 'team'] as const;
export type ActGrouping = (typeof actGroupings)[number];

// The identifiers that vary come from these allow-lists, keyed by the enum.
const GROUP_SQL: Record<ActGrouping, { key: string; name: string; order: string }> = {
  // Periods oldest first: the oldest unreturned paperwork is the one to chase.
  period: { key: 'o.period', name: 'o.period', order: 'id' },
  specialist: { key: 'o.owner_id', name: 'o.specialist_name', order: 'count DESC, name, id NULLS LAST' },
  team: { key: 'o.team_id', name: 'o.team_name', order: 'count DESC, name, id NULLS LAST' },
};

export const DEFAULT_ACT_LIMIT = 500;

export const unreturnedActsQuerySchema = z.object({
  asOf: isoDateSchema,
  period: periodSchema.optional(),
  by: z.enum(actGroupings),
  teamId: z.string().min(1).optional(),
  specialistId: z.string().min(1).optional(),
  limit: z.number().int().min(0).max(100_000).default(DEFAULT_ACT_LIMIT),
});
export interface UnreturnedActsQuery extends z.input<typeof unreturnedActsQuerySchema> {
  scope: Scope;
}

export const unreturnedActGroupRowSchema = z.object({
  /** Period, specialist or team id; null: acts with no specialist (or a specialist with no team). */
  id: z.string().nullable(),
  name: z.string().nullable().transform((v) => v ?? ru.common.dash),
  count: z.coerce.number().int(),
  oldestIssuedOn: z.string().nullable(),
  /** Age of the oldest act of the group: D − issued_on, days. */
  maxAgeDays: z.coerce.number().int(),
});
export type UnreturnedActGroupRow = z.infer<typeof unreturnedActGroupRowSchema>;

export const unreturnedActRowSchema = z.object({
  actId: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  specialistId: z.string().nullable(),
  specialistName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  period: z.string(),
  issuedOn: z.string(),
  /** D − issued_on, days. */
  ageDays: z.coerce.number().int(),
});
export type UnreturnedActRow = z.infer<typeof unreturnedActRowSchema>;

export interface UnreturnedActs {
  asOf: string;
  period: string | null;
  groups: UnreturnedActGroupRow[];
  /** Oldest first, at most `limit`. */
  acts: UnreturnedActRow[];
  /** All unreturned acts matching, however many are listed. */
  total: number;
}

function baseCte(where: string, ownerWhere: string): string {
  return /* sql */ `
WITH unreturned AS (
  -- Issued by D and not returned on D: returned_on ≤ D counts as returned.
  SELECT a.act_id, a.client_id, c.name AS client_name, a.period, a.issued_on,
         coalesce(a.specialist_id, c.specialist_id) AS owner_id
  FROM acts a JOIN clients c ON c.client_id = a.client_id
  WHERE a.issued_on <= $asOf::DATE AND (a.returned_on IS NULL OR a.returned_on > $asOf::DATE)${where}
),
owned AS (
  -- The act's specialist (else the client's current one), the team through it, the age on D.
  SELECT u.*, s.full_name AS specialist_name, s.team_id, t.name AS team_name, $asOf::DATE - u.issued_on AS age_days
  FROM unreturned u
  LEFT JOIN specialists s ON s.specialist_id = u.owner_id
  LEFT JOIN teams t ON t.team_id = s.team_id${ownerWhere}
)`;
}

/**
 * Acts not returned as known on `asOf` (D), of `period` or of every period, within `scope`:
 * counts per period / specialist / team, the oldest `limit` acts (default 500) with their age in
 * days, and the total count. `specialistId` / `teamId` narrow to the acts of that specialist / team.
 */
export async function getUnreturnedActs(q: UnreturnedActsQuery): Promise<UnreturnedActs> {
  const { asOf, period, by, teamId, specialistId, limit } = unreturnedActsQuerySchema.parse(q);
  const scope = scopeClause(q.scope, 'c');
  let where = scope.sql === 'TRUE' ? '' : ` AND ${scope.sql}`;
  const params: Record<string, unknown> = { ...scope.params, asOf };
  if (period) {
    where += ' AND a.period = $period';
    params.period = period;
  }
  const owner: string[] = [];
  if (specialistId) {
    owner.push('u.owner_id = $specialistId');
    params.specialistId = specialistId;
  }
  if (teamId) {
    owner.push('s.team_id = $teamId');
    params.teamId = teamId;
  }
  const cte = baseCte(where, owner.length ? `\n  WHERE ${owner.join(' AND ')}` : '');
  const g = GROUP_SQL[by];
  const groupsSql = /* sql */ `${cte}
SELECT ${g.key} AS id, any_value(${g.name}) AS name, count(*)::INTEGER AS count,
       min(o.issued_on)::VARCHAR AS oldestIssuedOn, max(o.age_days)::INTEGER AS maxAgeDays
FROM owned o
GROUP BY ${g.key}
ORDER BY ${g.order}`;
  const actsSql = /* sql */ `${cte}
SELECT o.act_id AS actId, o.client_id AS clientId, o.client_name AS clientName, o.owner_id AS specialistId,
       o.specialist_name AS specialistName, o.team_id AS teamId, o.team_name AS teamName, o.period,
       o.issued_on::VARCHAR AS issuedOn, o.age_days::INTEGER AS ageDays
FROM owned o
ORDER BY o.issued_on, o.act_id
LIMIT $limit`;
  const [groupRows, actRows] = await Promise.all([
    query(groupsSql, params),
    query(actsSql, { ...params, limit }),
  ]);
  const groups = groupRows.map((r) => unreturnedActGroupRowSchema.parse(r));
  return {
    asOf,
    period: period ?? null,
    groups,
    acts: actRows.map((r) => unreturnedActRowSchema.parse(r)),
    total: groups.reduce((s, x) => s + x.count, 0),
  };
}
