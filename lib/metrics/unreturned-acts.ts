// Acts not returned (spec/metrics.md, "Acts"): an act counts as returned when returned_on ≤ D; not
// returned as known on D = issued_on ≤ D and (returned_on IS NULL OR returned_on > D). Counted and
// listed per period, specialist and team, with the age in days since issued_on (D − issued_on).
// The act's specialist is acts.specialist_id, else the client's current one; the team through
// that specialist (the same rule as invoices in "Payment %" → Grouping). Scope is the client's
// current specialist (lib/db/scope.ts). Read from the acts mart (lib/metrics/payment-mart.ts).
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import { isoDateSchema, periodSchema } from './period';

export const actGroupings = ['period', 'specialist', 'team'] as const;
export type ActGrouping = (typeof actGroupings)[number];

// The identifiers that vary come from this allow-list, keyed by the enum: the group key on the
// unreturned acts, how its name is looked up after grouping, and the order of the groups.
const GROUP_SQL: Record<ActGrouping, { key: string; join: string; name: string; order: string }> = {
  // Periods oldest first: the oldest unreturned paperwork is the one to chase.
  period: { key: 'o.period', join: '', name: 'g.key', order: 'g.key' },
  specialist: {
    key: 'o.owner_id', join: 'LEFT JOIN specialists s ON s.specialist_id = g.key', name: 's.full_name',
    order: 'g.n DESC, s.full_name, g.key NULLS LAST',
  },
  team: {
    key: 'o.team_id', join: 'LEFT JOIN teams t ON t.team_id = g.key', name: 't.name',
    order: 'g.n DESC, t.name, g.key NULLS LAST',
  },
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

/** Issued by D and not returned on D, of the scope and filters: the one read of the acts mart. */
function openActsSql(where: string, ownerWhere: string): string {
  // returned_on ≤ D counts as returned: open_until is returned_on, 9999-12-31 when not returned;
  // owner_id is the act's specialist, else the client's current one, team_id that specialist's
  // team (built in lib/metrics/payment-mart.ts). The mart is sorted by open_until, so only its
  // tail is read (at 200,000 clients: ~2 ms).
  return /* sql */ `
  SELECT o.act_id, o.client_id, o.period, o.issued_on, o.owner_id, o.team_id
  FROM mart_act_events o
  WHERE o.open_until > $asOf::DATE AND o.issued_on <= $asOf::DATE${where}${ownerWhere}`;
}

/** The groups, in their order (two plain queries: one with both cost 60–120 ms by specialist). */
function groupsSql(by: ActGrouping, open: string): string {
  const g = GROUP_SQL[by];
  return /* sql */ `
WITH owned AS (${open}),
grouped AS (SELECT ${g.key} AS key, count(*) AS n, min(o.issued_on) AS oldest FROM owned o GROUP BY ${g.key})
SELECT g.key AS id, ${g.name} AS name, g.n::INTEGER AS count, g.oldest::VARCHAR AS oldestIssuedOn,
       ($asOf::DATE - g.oldest)::INTEGER AS maxAgeDays
FROM grouped g ${g.join}
ORDER BY ${g.order}`;
}

/** The oldest `limit` acts with names, oldest first (names looked up for these rows only). */
function listSql(open: string): string {
  return /* sql */ `
WITH oldest AS (SELECT * FROM (${open}) ORDER BY issued_on, act_id LIMIT $limit)
SELECT o.act_id AS actId, o.client_id AS clientId, c.name AS clientName, o.owner_id AS specialistId, s.full_name AS specialistName,
       o.team_id AS teamId, t.name AS teamName, o.period, o.issued_on::VARCHAR AS issuedOn, ($asOf::DATE - o.issued_on)::INTEGER AS ageDays
FROM oldest o
JOIN clients c ON c.client_id = o.client_id
LEFT JOIN specialists s ON s.specialist_id = o.owner_id
LEFT JOIN teams t ON t.team_id = o.team_id
ORDER BY o.issued_on, o.act_id`;
}

/**
 * Acts not returned as known on `asOf` (D), of `period` or of every period, within `scope`:
 * counts per period / specialist / team, the oldest `limit` acts (default 500) with their age in
 * days, and the total count. `specialistId` / `teamId` narrow to the acts of that specialist / team.
 */
export async function getUnreturnedActs(q: UnreturnedActsQuery): Promise<UnreturnedActs> {
  const { asOf, period, by, teamId, specialistId, limit } = unreturnedActsQuerySchema.parse(q);
  const scope = scopeClause(q.scope, 'o');
  let where = scope.sql === 'TRUE' ? '' : ` AND ${scope.sql}`;
  const params: Record<string, unknown> = { ...scope.params, asOf };
  if (period) {
    where += ' AND o.period = $period';
    params.period = period;
  }
  let ownerWhere = '';
  if (specialistId) {
    ownerWhere += ' AND o.owner_id = $specialistId';
    params.specialistId = specialistId;
  }
  if (teamId) {
    ownerWhere += ' AND o.team_id = $teamId';
    params.teamId = teamId;
  }
  const open = openActsSql(where, ownerWhere);
  const [groupRows, actRows] = await Promise.all([
    query<Record<string, unknown>>(groupsSql(by, open), params),
    limit > 0 ? query<Record<string, unknown>>(listSql(open), { ...params, limit }) : Promise.resolve([]),
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
