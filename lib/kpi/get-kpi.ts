// Manager KPIs (spec/metrics.md "Manager KPIs: the six controls and sales results") for a period
// (month or quarter) as known on D, per team or specialist (or the company), within the caller's
// scope: every control as value, numerator and denominator, the sales results, the composite score
// and the medians the ranking marks. One grouped read per figure over the KPI and payment marts
// (lib/kpi/mart.ts, lib/metrics/payment-mart.ts), all at once; each control's definition and as-of
// rules are in its own module (calls, entry, completeness, agreements, feedback, reaction, results).
import { z } from 'zod';
import { query } from '../db';
import { compareRu } from '../format';
import { ru } from '../i18n/ru';
import { ensurePaymentMart } from '../metrics/payment-mart';
import { periodOf } from '../metrics/period';
import { agreementsAggSchema, agreementsSql } from './agreements';
import { callsAggSchema, callsSql } from './calls';
import { fraction, kpiWhere, splitGrouped, usedParams, type Fraction, type KpiGrouping, type KpiScope } from './common';
import { completenessAggSchema, completenessSql } from './completeness';
import { entryAggSchema, entrySql } from './entry';
import { feedbackAggSchema, feedbackSql } from './feedback';
import { ensureKpiMart } from './mart';
import { overdueAggSchema, overdueSql } from './overdue';
import { reactionAggSchema, reactionSql } from './reaction';
import { actsAggSchema, actsSql, paymentAggSchema, paymentSql, revenueAggSchema, revenueSql } from './results';
import { compositeScore, mediansOf, type MetricValues } from './score';

export interface KpiControls {
  /** Control 1; `overdue`: planned contacts overdue on D (any period). */
  calls: Fraction & { overdue: number };
  /** Control 2. */
  entry: Fraction;
  /** Control 3: checks passed / (6 × active clients). */
  completeness: Fraction & { clients: number };
  /** Control 4; `overdue`: open agreements overdue on D (any period). */
  agreements: Fraction & { overdue: number };
  /** Control 5. */
  feedback: Fraction;
  /** Control 6: the share within 24 h; median hours over the reacted; open unreacted threats on D. */
  reaction: Fraction & { medianHours: number | null; reacted: number; open: number; oldestOpenDays: number | null };
}

export interface KpiResults {
  /** Payment %: numerator collected ₽, denominator billed ₽. */
  payment: Fraction;
  /** Acts returned %: returned / issued; `notReturned` = issued − returned. */
  acts: Fraction & { notReturned: number };
  /** Σ revenue of sales in the window, ₽, and their number. */
  revenue: number;
  sales: number;
  activeClients: number;
  churned: number;
  /** Interactions that occurred in the window. */
  contactsDone: number;
}

export interface KpiRow {
  /** Team or specialist id; null: rows with no specialist (or team), and the company row. */
  id: string | null;
  name: string;
  teamId: string | null;
  teamName: string | null;
  controls: KpiControls;
  results: KpiResults;
  /** Composite score 0–100 (lib/kpi/score.ts); null when no control has a value. */
  score: number | null;
}

export interface KpiMedians {
  /** Over every row with an id (by team: the teams; by specialist: every specialist shown). */
  all: MetricValues;
  /** By specialist: over each team's specialists. */
  byTeam: Record<string, MetricValues>;
}

export interface Kpi {
  period: string;
  asOf: string;
  by: KpiGrouping;
  periods: string[];
  from: string;
  to: string;
  rows: KpiRow[];
  /** The whole selection (scope and narrowing). */
  total: KpiRow;
  medians: KpiMedians;
}

/** The figures of one row as the flat record the ranking and medians compare. */
export function metricValues(r: Pick<KpiRow, 'controls' | 'results' | 'score'>): MetricValues {
  const c = r.controls;
  return {
    score: r.score,
    calls: c.calls.value, callsOverdue: c.calls.overdue, entry: c.entry.value, completeness: c.completeness.value,
    agreements: c.agreements.value, agreementsOverdue: c.agreements.overdue, feedback: c.feedback.value,
    reaction: c.reaction.value, reactionHours: c.reaction.medianHours, threatsOpen: c.reaction.open,
    paymentPct: r.results.payment.value, actsPct: r.results.acts.value, revenue: r.results.revenue,
    activeClients: r.results.activeClients, churned: r.results.churned, contactsDone: r.results.contactsDone,
  };
}

const nameRowSchema = z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable(), teamName: z.string().nullable() });

// Names of the groups, joined in JS (one dimension read; 5,000 specialists ≈ 3 ms).
const NAMES_SQL: Record<Exclude<KpiGrouping, 'company'>, string> = {
  team: `SELECT team_id AS id, name, team_id AS "teamId", name AS "teamName" FROM teams`,
  specialist: `SELECT s.specialist_id AS id, s.full_name AS name, s.team_id AS "teamId", t.name AS "teamName"
    FROM specialists s LEFT JOIN teams t ON t.team_id = s.team_id`,
};

/** The bound values every KPI read may use (each statement gets only those it names). */
export function kpiParams(q: Pick<KpiScope, 'window' | 'asOf'>): Record<string, unknown> {
  const w = q.window;
  return {
    from: w.from, to: w.to, asOf: q.asOf, pFrom: w.periods[0], pTo: w.periods[w.periods.length - 1],
    dPeriod: periodOf(q.asOf), dDay: Number(q.asOf.slice(8)),
  };
}

/** Run a grouped read and split it into groups and the total. */
async function grouped<S extends z.ZodType<{ id: string | null; isTotal: number }>>(sql: string, params: Record<string, unknown>, schema: S) {
  const rows = (await query(sql, usedParams(sql, params))).map((r) => schema.parse(r) as z.infer<S>);
  return splitGrouped(rows);
}

type Parts = Awaited<ReturnType<typeof readAll>>;

async function readAll(q: KpiScope, by: KpiGrouping) {
  const w = kpiWhere(q);
  const params = { ...kpiParams(q), ...w.params };
  return Promise.all([
    grouped(callsSql(by, w.sql), params, callsAggSchema),
    grouped(entrySql(by, w.sql), params, entryAggSchema),
    grouped(completenessSql(by, w.sql), params, completenessAggSchema),
    grouped(agreementsSql(by, w.sql), params, agreementsAggSchema),
    grouped(feedbackSql(by, w.sql), params, feedbackAggSchema),
    grouped(reactionSql(by, w.sql), params, reactionAggSchema),
    grouped(overdueSql(by, w.sql), params, overdueAggSchema),
    grouped(paymentSql(by, w.sql), params, paymentAggSchema),
    grouped(actsSql(by, w.sql), params, actsAggSchema),
    grouped(revenueSql(by, w.sql), params, revenueAggSchema),
  ]);
}

/** Assemble one row's figures from each read's row for it (missing: nothing counted). */
function figuresOf(parts: Parts, pick: <T>(g: { groups: Map<string | null, T>; total: T | null }) => T | null | undefined): Pick<KpiRow, 'controls' | 'results' | 'score'> {
  const [calls, entry, compl, agr, fb, react, overdue, pay, acts, rev] = parts;
  const c = pick(calls), e = pick(entry), k = pick(compl), a = pick(agr), f = pick(fb), r = pick(react), o = pick(overdue);
  const p = pick(pay), x = pick(acts), v = pick(rev);
  const issued = x?.issued ?? 0;
  const notReturned = x?.notReturned ?? 0;
  const controls: KpiControls = {
    calls: { ...fraction(c?.num ?? 0, c?.den ?? 0), overdue: o?.contacts ?? 0 },
    entry: fraction(e?.num ?? 0, e?.den ?? 0),
    completeness: { ...fraction(k?.num ?? 0, k?.den ?? 0), clients: k?.active ?? 0 },
    agreements: { ...fraction(a?.num ?? 0, a?.den ?? 0), overdue: o?.agreements ?? 0 },
    feedback: fraction(f?.num ?? 0, f?.den ?? 0),
    reaction: {
      ...fraction(r?.num ?? 0, r?.den ?? 0), medianHours: r?.medianHours ?? null, reacted: r?.reacted ?? 0,
      open: r?.open ?? 0, oldestOpenDays: r?.oldestOpenDays ?? null,
    },
  };
  const results: KpiResults = {
    payment: fraction(p?.collected ?? 0, p?.billed ?? 0),
    acts: { ...fraction(issued - notReturned, issued), notReturned },
    revenue: v?.revenue ?? 0,
    sales: v?.sales ?? 0,
    activeClients: k?.active ?? 0,
    churned: k?.churned ?? 0,
    contactsDone: e?.done ?? 0,
  };
  const score = compositeScore({
    calls: controls.calls.value, entry: controls.entry.value, completeness: controls.completeness.value,
    agreements: controls.agreements.value, feedback: controls.feedback.value, reaction: controls.reaction.value,
  });
  return { controls, results, score };
}

/**
 * Every KPI figure of the window as known on `asOf`, per team or specialist (`by`), within `scope`
 * and the optional team / specialist narrowing. Rows by name; `total` covers the whole selection.
 */
export async function getKpi(q: KpiScope & { by: KpiGrouping }): Promise<Kpi> {
  await Promise.all([ensureKpiMart(), ensurePaymentMart()]);
  const [parts, names] = await Promise.all([
    readAll(q, q.by),
    q.by === 'company' ? Promise.resolve([]) : query(NAMES_SQL[q.by]).then((r) => r.map((x) => nameRowSchema.parse(x))),
  ]);
  const nameById = new Map(names.map((n) => [n.id, n]));
  const total: KpiRow = {
    id: null, name: ru.kpi.company, teamId: null, teamName: null,
    ...figuresOf(parts, (g) => g.total),
  };
  const ids = new Set<string | null>();
  if (q.by !== 'company') for (const p of parts) for (const id of p.groups.keys()) ids.add(id);
  const none = q.by === 'team' ? ru.kpi.noTeam : ru.kpi.noSpecialist;
  const rows: KpiRow[] = [...ids].map((id) => {
    const n = id === null ? undefined : nameById.get(id);
    return {
      id, name: n?.name ?? id ?? none, teamId: n?.teamId ?? null, teamName: n?.teamName ?? null,
      ...figuresOf(parts, (g) => g.groups.get(id)),
    };
  });
  rows.sort((a, b) => (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || compareRu(a.name, b.name));
  if (q.by === 'company') rows.push(total);
  return {
    period: q.window.period, asOf: q.asOf, by: q.by, periods: q.window.periods, from: q.window.from, to: q.window.to,
    rows, total, medians: kpiMedians(rows, q.by),
  };
}

/** The medians the ranking marks: over all rows with an id, and (by specialist) per team. */
export function kpiMedians(rows: KpiRow[], by: KpiGrouping): KpiMedians {
  const named = rows.filter((r) => r.id !== null);
  const byTeam: Record<string, MetricValues> = {};
  if (by === 'specialist') {
    const teams = new Map<string, KpiRow[]>();
    for (const r of named) {
      if (r.teamId === null) continue;
      const list = teams.get(r.teamId) ?? [];
      list.push(r);
      teams.set(r.teamId, list);
    }
    for (const [teamId, list] of teams) byTeam[teamId] = mediansOf(list.map(metricValues));
  }
  return { all: mediansOf(named.map(metricValues)), byTeam };
}
