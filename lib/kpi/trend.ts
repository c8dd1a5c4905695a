// The trend of the six controls (issue 6 "Trends: each control by month for the last 12 months"),
// for the selection (the company in scope, a team or a specialist). Each month's point is that
// month's figure as the KPI page shows it for the period `YYYY-MM` on the same D (the month cut at
// D, "as known on D"), so a point and the page of its month always agree. Completeness has no
// history of the client fields: its points differ only by which clients were active at each
// month's end. On the newest data's D the points come from the KPI summary (lib/kpi/summary.ts),
// the same figures stored at load.
import { query } from '../db';
import { lastDay } from '../metrics/period';
import { agreementsAggSchema, agreementsSql } from './agreements';
import { callsAggSchema, callsSql } from './calls';
import { fraction, kpiWhere, monthOfKey, usedParams, type Fraction, type KpiFilter } from './common';
import { completenessAggSchema, completenessByMonthSql } from './completeness';
import { entryAggSchema, entrySql } from './entry';
import { feedbackAggSchema, feedbackSql } from './feedback';
import { getKpiSummaryInfo, readSummaryTrend } from './summary';
import { monthsEndingWith } from './period';
import { reactionAggSchema, reactionSql } from './reaction';
import type { ControlKey } from './score';
import type { Scope } from '../db/scope';
import type { z } from 'zod';

export interface KpiTrendPoint {
  /** `YYYY-MM`. */
  month: string;
  controls: Record<ControlKey, Fraction>;
  /** Control 6's median hours in the month (null: nothing reacted). */
  reactionMedianHours: number | null;
}

export interface KpiTrend { asOf: string; months: KpiTrendPoint[] }

/** A read grouped by month, keyed `YYYY-MM` (the reads' `YYYYMM`; completeness's own months as they are). */
async function byMonth<S extends z.ZodType<{ id: string | null }>>(sql: string, params: Record<string, unknown>, schema: S): Promise<Map<string, z.infer<S>>> {
  const rows = (await query(sql, usedParams(sql, params))).map((r) => schema.parse(r) as z.infer<S>);
  return new Map(rows.map((r) => [r.id === null ? '' : /^\d{6}$/.test(r.id) ? monthOfKey(r.id) : r.id, r]));
}

/**
 * The six controls for each of the 12 months ending with `lastMonth` (not after the month of
 * `asOf`), as known on `asOf`, within `scope` and the narrowing. Oldest month first.
 */
export async function getKpiTrend(q: { asOf: string; lastMonth: string; scope: Scope; useSummary?: boolean } & KpiFilter): Promise<KpiTrend> {
  const info = q.useSummary === false ? null : (await getKpiSummaryInfo()).info;
  const months = monthsEndingWith(q.lastMonth, 12).filter((m) => `${m}-01` <= q.asOf);
  if (months.length === 0) return { asOf: q.asOf, months: [] };
  const ends = months.map((m) => (lastDay(m) < q.asOf ? lastDay(m) : q.asOf));
  const w = kpiWhere(q);
  // On D₀, within the summary's months: its stored monthly figures (lib/kpi/summary.ts).
  if (info && q.asOf === info.asOf && months[0] >= info.months[0]) {
    const byMonth = await readSummaryTrend(w.sql, {
      ...w.params, asOf: q.asOf, from: `${months[0]}-01`, to: ends[ends.length - 1],
      mkFrom: Number(months[0].replace('-', '')), mkTo: Number(months[months.length - 1].replace('-', '')),
    });
    const f = (x: [number, number] | undefined) => fraction(x?.[0] ?? 0, x?.[1] ?? 0);
    return {
      asOf: q.asOf,
      months: months.map((month) => {
        const m = byMonth.get(month);
        return {
          month,
          controls: {
            calls: f(m?.calls), entry: f(m?.entry), completeness: f(m?.completeness),
            agreements: f(m?.agreements), feedback: f(m?.feedback), reaction: f(m?.reaction),
          },
          reactionMedianHours: m?.medianHours ?? null,
        };
      }),
    };
  }
  const params = { ...w.params, from: `${months[0]}-01`, to: ends[ends.length - 1], asOf: q.asOf, months, monthEnds: ends };
  const [calls, entry, compl, agr, fb, react] = await Promise.all([
    byMonth(callsSql('month', w.sql), params, callsAggSchema),
    byMonth(entrySql('month', w.sql), params, entryAggSchema),
    byMonth(completenessByMonthSql(w.sql), params, completenessAggSchema),
    byMonth(agreementsSql('month', w.sql), params, agreementsAggSchema),
    byMonth(feedbackSql('month', w.sql), params, feedbackAggSchema),
    byMonth(reactionSql('month', w.sql), params, reactionAggSchema),
  ]);
  const f = (r: { num: number; den: number } | undefined) => fraction(r?.num ?? 0, r?.den ?? 0);
  return {
    asOf: q.asOf,
    months: months.map((month) => ({
      month,
      controls: {
        calls: f(calls.get(month)), entry: f(entry.get(month)), completeness: f(compl.get(month)),
        agreements: f(agr.get(month)), feedback: f(fb.get(month)), reaction: f(react.get(month)),
      },
      reactionMedianHours: react.get(month)?.medianHours ?? null,
    })),
  };
}
