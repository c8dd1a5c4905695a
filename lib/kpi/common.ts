// What every KPI read shares (metrics.md "Manager KPIs"): the grouping (company, team, specialist,
// or month for the trend), the WHERE over a KPI mart row `m` (scope first, then the team or
// specialist narrowing), and the numerator / denominator pair each control is reported as.
import { z } from 'zod';
import { scopeClause, type Scope } from '../db/scope';
import type { KpiWindow } from './period';

export const kpiGroupings = ['company', 'team', 'specialist'] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];
/**
 * The trend groups by month instead; the KPI summary mart (lib/kpi/summary.ts) is built grouped by
 * month and the three keys every read filters or groups on ('summary'), or by the keys alone for
 * the "now" figures ('now').
 */
export type KpiGroupBy = KpiGrouping | 'month' | 'summary' | 'now';

/** `YYYYMM` as an INTEGER of a date expression, from integer parts (strftime per row cost ~3× a whole read). */
export const monthKeyOf = (dateExpr: string) => `(year(${dateExpr}) * 100 + month(${dateExpr}))`;

/** The keys of a KPI mart row `m` the summary keeps: the owner, the owner's team, the client's specialist (scope). */
const OWNER_KEYS = 'm.owner_id, m.team_id, m.specialist_id';

/** `YYYY-MM` of a month grouping's key `YYYYMM`. */
export const monthOfKey = (key: string) => `${key.slice(0, 4)}-${key.slice(4, 6)}`;

/** Narrowing to one team (the owner's team) or one specialist (the owner). */
export interface KpiFilter { teamId?: string; specialistId?: string }

/** One KPI read: the window, D, who asks, the narrowing. */
export interface KpiScope extends KpiFilter {
  window: KpiWindow;
  asOf: string;
  scope: Scope;
}

/**
 * WHERE over the KPI mart alias `m`: the caller's scope on the client's current specialist
 * (m.specialist_id, lib/db/scope.ts), then the optional team / specialist filter on the owner.
 */
export function kpiWhere(q: Pick<KpiScope, 'scope' | 'teamId' | 'specialistId'>, alias = 'm'): { sql: string; params: Record<string, unknown> } {
  const sc = scopeClause(q.scope, alias);
  const parts = [sc.sql];
  const params: Record<string, unknown> = { ...sc.params };
  if (q.teamId) { parts.push(`${alias}.team_id = $fTeam`); params.fTeam = q.teamId; }
  if (q.specialistId) { parts.push(`${alias}.owner_id = $fSpec`); params.fSpec = q.specialistId; }
  return { sql: parts.join(' AND '), params };
}

/**
 * The group key, GROUP BY and "is the total row" of a grouped read. Identifiers come from this
 * allow-list keyed by the enum; teams and specialists by the KPI marts' codes unless `coded` is
 * false (a read of the payment marts, which have none); `dateExpr` is the control's own day column (for the trend). With
 * `withTotal`, team and specialist reads add the total in the same scan (GROUPING SETS; GROUPING()
 * = 1 marks it): only for figures that cannot be summed from the groups (a median); the others'
 * totals are the sums of their groups (GROUPING SETS cost a second hash aggregation, ~40 % more).
 */
export function groupParts(by: KpiGroupBy, dateExpr: string, withTotal = false, coded = true): { key: string; groupBy: string; isTotal: string } {
  switch (by) {
    case 'company': return { key: 'NULL::VARCHAR', groupBy: '', isTotal: '1' };
    case 'team':
    case 'specialist': {
      // The KPI marts' integer codes (lib/kpi/mart.ts: DuckDB groups them by a perfect hash, no
      // string hashing); the id is then the code, which getKpi turns back into the team or owner.
      const col = coded ? (by === 'team' ? 'm.team_code' : 'm.owner_code') : by === 'team' ? 'm.team_id' : 'm.owner_id';
      return withTotal
        ? { key: col, groupBy: `GROUP BY GROUPING SETS ((${col}), ())`, isTotal: `GROUPING(${col})` }
        : { key: col, groupBy: `GROUP BY ${col}`, isTotal: '0' };
    }
    case 'month': {
      const ym = monthKeyOf(dateExpr);
      return { key: `${ym}::VARCHAR`, groupBy: `GROUP BY ${ym}`, isTotal: '0' };
    }
    // The id is a struct the summary build takes apart (lib/kpi/summary.ts).
    case 'summary': {
      const ym = monthKeyOf(dateExpr);
      return {
        key: `struct_pack(mk := ${ym}, owner_id := m.owner_id, team_id := m.team_id, specialist_id := m.specialist_id)`,
        groupBy: `GROUP BY ${ym}, ${OWNER_KEYS}`, isTotal: '0',
      };
    }
    case 'now': return {
      key: 'struct_pack(owner_id := m.owner_id, team_id := m.team_id, specialist_id := m.specialist_id)',
      groupBy: `GROUP BY ${OWNER_KEYS}`, isTotal: '0',
    };
  }
}

/** A figure reported as a share: value = 100 × numerator / denominator (null when nothing counts). */
export interface Fraction {
  /** 0–100; null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
}

export function fraction(numerator: number, denominator: number): Fraction {
  return { value: denominator > 0 ? (100 * numerator) / denominator : null, numerator, denominator };
}

/** The id and total marker every grouped row has. */
export const groupedRowSchema = z.object({
  id: z.string().nullable(),
  isTotal: z.coerce.number().int(),
});

export const count = z.coerce.number().int();
export const num = z.coerce.number();
/** A number that may be missing (a median of nothing): null stays null (z.coerce would make it 0). */
export const numOrNull = z.preprocess((v) => (v === null || v === undefined ? null : Number(v)), z.number().nullable());

/** Rows of a grouped read split into the groups (by id, or by month) and the total row. */
export function splitGrouped<T extends { id: string | null; isTotal: number }>(rows: T[]): { groups: Map<string | null, T>; total: T | null } {
  const groups = new Map<string | null, T>();
  let total: T | null = null;
  for (const r of rows) {
    if (r.isTotal === 1) total = r;
    else groups.set(r.id, r);
  }
  return { groups, total };
}

/** Only the parameters `sql` uses: DuckDB refuses to bind a name that does not occur. */
export function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
  return out;
}

/** Timestamps leave as ISO local time `YYYY-MM-DDTHH:MM:SS` (company time), as the client card's. */
export const isoTs = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

/** D + 1 as SQL: timestamps before it are "as known on D" (D is a whole day, company time). */
export const END_OF_D = '($asOf::DATE + 1)';
