// The rows behind a KPI figure (issue 6, "every number opens the list behind it"): the drill-down
// of each control and sales result (lib/kpi/drill.ts), within the caller's scope and the same
// window, D and narrowing as the figure, so its counts are the figure's numerator and denominator.
// Each row names its client (linked to the card), the owner it counted for and that owner's team.
import { z } from 'zod';
import { query } from '../db';
import { agreementsDrill } from './agreements';
import { callsDrill } from './calls';
import { isoTs, kpiWhere, usedParams, type KpiScope } from './common';
import { activeDrill, churnedDrill, completenessDrill } from './completeness';
import { statusesOf, type DrillDef, type DrillFieldKind, type DrillFilter, type DrillKey } from './drill';
import { contactsDrill, entryDrill } from './entry';
import { feedbackDrill } from './feedback';
import { kpiParams } from './get-kpi';
import { agreementsOverdueDrill, callsOverdueDrill } from './overdue';
import { reactionDrill, threatsOpenDrill, threatsUnresolvedDrill } from './reaction';
import { actsDrill, paymentsDrill, revenueDrill } from './results';

export const drillDefs: Record<DrillKey, DrillDef> = {
  calls: callsDrill,
  'calls-overdue': callsOverdueDrill,
  entry: entryDrill,
  contacts: contactsDrill,
  completeness: completenessDrill,
  active: activeDrill,
  churned: churnedDrill,
  agreements: agreementsDrill,
  'agreements-overdue': agreementsOverdueDrill,
  feedback: feedbackDrill,
  reaction: reactionDrill,
  'threats-open': threatsOpenDrill,
  payments: paymentsDrill,
  acts: actsDrill,
  revenue: revenueDrill,
  'threats-unresolved': threatsUnresolvedDrill,
};

export const DEFAULT_DRILL_LIMIT = 500;
/** The most rows one call lists (the CSV of a whole 200,000-client company fits). */
export const MAX_DRILL_LIMIT = 200_000;

export type DrillValue = string | number | string[] | null;
export interface DrillRow {
  /** The item: interaction, agreement, threat, invoice, act or client id. */
  id: string;
  clientId: string;
  clientName: string;
  specialistId: string | null;
  specialistName: string | null;
  teamName: string | null;
  status: string;
  /** The control's own fields (drillDefs[key].fields), ISO dates and `YYYY-MM-DDTHH:MM:SS` times. */
  fields: Record<string, DrillValue>;
}

export interface DrillCounts {
  /** Rows of the figure, whatever their status. */
  all: number;
  /** By status group (null: the figure has no statuses). */
  ok: number | null;
  bad: number | null;
  pending: number | null;
  /** The figure itself: Σ num_part / Σ den_part over its rows (den null: a plain count or sum). */
  numerator: number;
  denominator: number | null;
}

export interface DrillRows {
  key: DrillKey;
  period: string;
  asOf: string;
  from: string;
  to: string;
  filter: DrillFilter;
  counts: DrillCounts;
  /** Rows matching the filter (the list is at most `limit` of them). */
  matching: number;
  limit: number;
  rows: DrillRow[];
}

const countRowSchema = z.object({
  status: z.string(), n: z.coerce.number().int(),
  num: z.preprocess((v) => (v == null ? null : Number(v)), z.number().nullable()),
  den: z.preprocess((v) => (v == null ? null : Number(v)), z.number().nullable()),
});

function fieldSql(def: DrillDef): string {
  return def.fields.map((f) => `${f.kind === 'datetime' ? isoTs(f.sql) : f.sql} AS "${f.key}"`).join(', ');
}

const baseRowSchema = z.object({
  id: z.string(), clientId: z.string(), clientName: z.string(), specialistId: z.string().nullable(),
  specialistName: z.string().nullable(), teamName: z.string().nullable(), status: z.string(),
});

/**
 * The rows of figure `key` in the window as known on `asOf`, within `scope` and the narrowing,
 * problems first; `filter` keeps a status group; at most `limit` rows listed (counts cover all).
 */
export async function getKpiRows(q: KpiScope & { key: DrillKey; filter: DrillFilter; limit?: number }): Promise<DrillRows> {
  const def = drillDefs[q.key];
  const limit = Math.min(Math.max(q.limit ?? DEFAULT_DRILL_LIMIT, 0), MAX_DRILL_LIMIT);
  const w = kpiWhere(q);
  const params: Record<string, unknown> = { ...kpiParams(q), ...w.params };
  const source = def.source(w.sql);
  const keep = statusesOf(def, q.filter);
  if (keep) params.keep = [...keep];
  const countsSql = /* sql */ `
    SELECT r.status, count(*)::INTEGER AS n, sum(r.num_part)::DOUBLE AS num, sum(r.den_part)::DOUBLE AS den
    FROM (${source}) r GROUP BY r.status`;
  // The page of rows first, then names for those rows only (a clients join over the whole source
  // would cost a scan of every client).
  const listSql = /* sql */ `
    WITH page AS (
      SELECT * FROM (${source}) r ${keep ? 'WHERE list_contains($keep::VARCHAR[], r.status)' : ''}
      ORDER BY ${def.order} LIMIT $limit
    )
    SELECT r.item_id AS id, r.client_id AS "clientId", c.name AS "clientName", r.owner_id AS "specialistId",
      s.full_name AS "specialistName", t.name AS "teamName", r.status, ${fieldSql(def)}
    FROM page r
    JOIN clients c ON c.client_id = r.client_id
    LEFT JOIN specialists s ON s.specialist_id = r.owner_id
    LEFT JOIN teams t ON t.team_id = r.team_id
    ORDER BY ${def.order}`;
  const [countRows, listRows] = await Promise.all([
    query(countsSql, usedParams(countsSql, params)),
    limit > 0 ? query(listSql, usedParams(listSql, { ...params, limit })) : Promise.resolve([]),
  ]);
  const byStatus = countRows.map((r) => countRowSchema.parse(r));
  const sumOf = (statuses: readonly string[]) => byStatus.filter((s) => statuses.includes(s.status)).reduce((a, s) => a + s.n, 0);
  const all = byStatus.reduce((a, s) => a + s.n, 0);
  // A share (a figure with statuses) has a denominator, 0 when nothing counts; a list has none.
  const numerator = byStatus.reduce((a, s) => a + (s.num ?? 0), 0);
  const denominator = def.statuses ? byStatus.reduce((a, s) => a + (s.den ?? 0), 0) : null;
  const counts: DrillCounts = {
    all,
    ok: def.statuses ? sumOf(def.statuses.ok) : null,
    bad: def.statuses ? sumOf(def.statuses.bad) : null,
    pending: def.statuses ? sumOf(def.statuses.pending) : null,
    numerator, denominator,
  };
  const rows: DrillRow[] = listRows.map((r) => {
    const base = baseRowSchema.parse(r);
    const rec = r as Record<string, unknown>;
    const fields: Record<string, DrillValue> = {};
    for (const f of def.fields) fields[f.key] = toValue(rec[f.key], NUMERIC_KINDS.has(f.kind));
    return { ...base, fields };
  });
  return {
    key: q.key, period: q.window.period, asOf: q.asOf, from: q.window.from, to: q.window.to, filter: q.filter,
    counts, matching: keep ? sumOf(keep) : all, limit, rows,
  };
}

const NUMERIC_KINDS = new Set<DrillFieldKind>(['int', 'days', 'hours', 'money']);

/** A JSON value from DuckDB as a field value: numbers of numeric kinds as numbers (BIGINT and DECIMAL come as strings), lists as string lists. */
function toValue(v: unknown, numeric: boolean): DrillValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(String);
  if (numeric) return Number(v);
  return String(v);
}
