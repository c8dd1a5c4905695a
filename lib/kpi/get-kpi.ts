// Manager KPIs (spec/metrics.md "Manager KPIs: the six controls and sales results") for a period
// (month or quarter) as known on D, per team or specialist (or the company), within the caller's
// scope: every control as value, numerator and denominator, the sales results, the composite score
// and the medians the ranking marks. One grouped read per figure over the KPI and payment marts
// (lib/kpi/mart.ts, lib/metrics/payment-mart.ts), all at once; each control's definition and as-of
// rules are in its own module (calls, entry, completeness, agreements, feedback, reaction, results).
import { z } from 'zod';
import { query, queryColumns } from '../db';
import { ru } from '../i18n/ru';
import { ensurePaymentMart } from '../metrics/payment-mart';
import { periodOf } from '../metrics/period';
import { agreementsAggSchema, agreementsSql } from './agreements';
import { callsAggSchema, callsSql } from './calls';
import { fraction, kpiWhere, usedParams, type Fraction, type KpiGrouping, type KpiScope } from './common';
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

// Names of the groups, joined in JS (one dimension read; 5,000 specialists ≈ 3 ms), in Russian
// alphabetical order by ICU in SQL: sorting 5,000 names with Intl.Collator cost ~35 ms.
const NAMES_SQL: Record<Exclude<KpiGrouping, 'company'>, string> = {
  team: `SELECT team_id AS id, name, team_id AS "teamId", name AS "teamName" FROM teams ORDER BY name COLLATE ru, team_id`,
  specialist: `SELECT s.specialist_id AS id, s.full_name AS name, s.team_id AS "teamId", t.name AS "teamName"
    FROM specialists s LEFT JOIN teams t ON t.team_id = s.team_id ORDER BY s.full_name COLLATE ru, s.specialist_id`,
};

// The names in order, kept per load: teams and specialists change only with an extract, and the
// ICU-sorted read of 5,000 names cost 15–35 ms per request (scripts/bench/KPI.md).
type NameRow = z.infer<typeof nameRowSchema>;
const gn = globalThis as unknown as { __kpiNames?: Map<string, Promise<NameRow[]>> };

function groupNames(by: Exclude<KpiGrouping, 'company'>, load: string): Promise<NameRow[]> {
  const memo = (gn.__kpiNames ??= new Map());
  const key = `${load}|${by}`;
  let p = memo.get(key);
  if (!p) {
    for (const k of memo.keys()) if (!k.startsWith(`${load}|`)) memo.delete(k); // an older load's
    p = query(NAMES_SQL[by]).then((r) => r.map((x) => nameRowSchema.parse(x)));
    p.catch(() => memo.delete(key));
    memo.set(key, p);
  }
  return p;
}

/** The bound values every KPI read may use (each statement gets only those it names). */
export function kpiParams(q: Pick<KpiScope, 'window' | 'asOf'>): Record<string, unknown> {
  const w = q.window;
  return {
    from: w.from, to: w.to, asOf: q.asOf, pFrom: w.periods[0], pTo: w.periods[w.periods.length - 1],
    dPeriod: periodOf(q.asOf), dDay: Number(q.asOf.slice(8)),
  };
}

/** Run a grouped read and split it into groups and the total. */
/** A grouped read by column: each group's row index (the total's apart). */
interface Grouped {
  cols: Record<string, unknown[]>;
  index: Map<string | null, number>;
  /** Row of the total; -1: none (the month grouping). */
  total: number;
}

/**
 * Run a grouped read, by column: building an object (or a zod parse) per row of 10 reads × 5,000
 * specialists cost more than the reads themselves (scripts/bench/KPI.md). The schema checks the
 * first row's shape; the figures are read from the columns by index.
 */
async function grouped(sql: string, params: Record<string, unknown>, schema: z.ZodType<{ id: string | null; isTotal: number }>): Promise<Grouped> {
  const cols = await queryColumns(sql, usedParams(sql, params));
  const ids = (cols.id ?? []) as Array<string | null>;
  const totals = cols.isTotal ?? [];
  if (ids.length) schema.parse(Object.fromEntries(Object.keys(cols).map((k) => [k, cols[k][0]])));
  const index = new Map<string | null, number>();
  let total = -1;
  for (let i = 0; i < ids.length; i++) {
    if (Number(totals[i]) === 1) total = i;
    else index.set(ids[i], i);
  }
  return { cols, index, total };
}

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
type Parts = Grouped[];

/** The total's figures rather than a group's. */
const TOTAL = Symbol('total');

/** Σ of a column over the groups: the total of a read without its own total row. */
function sumOf(g: Grouped, key: string): number {
  let s = 0;
  for (const v of g.cols[key] ?? []) s += Number(v ?? 0);
  return s;
}
const SUMMED = -2;

/** Assemble one row's figures from each read's row for it (missing: nothing counted). */
function figuresOf(parts: Parts, id: string | null | typeof TOTAL): Pick<KpiRow, 'controls' | 'results' | 'score'> {
  // The total: the read's total row, else the sum of its groups (every figure but a median is a sum).
  const at = (g: Grouped) => (id === TOTAL ? (g.total >= 0 ? g.total : SUMMED) : g.index.get(id) ?? -1);
  const n = (g: Grouped, i: number, key: string): number => (i === SUMMED ? sumOf(g, key) : i < 0 ? 0 : Number(g.cols[key][i] ?? 0));
  const nn = (g: Grouped, i: number, key: string): number | null => {
    const v = i < 0 ? null : g.cols[key][i]; // only the reaction read's, which has its total row
    return v === null || v === undefined ? null : Number(v);
  };
  const frac = (g: Grouped, i: number) => fraction(n(g, i, 'num'), n(g, i, 'den'));
  const [calls, entry, compl, agr, fb, react, overdue, pay, acts, rev] = parts;
  const ic = at(calls), ie = at(entry), ik = at(compl), ia = at(agr), iff = at(fb), ir = at(react), io = at(overdue);
  const ip = at(pay), ix = at(acts), iv = at(rev);
  const c = frac(calls, ic), k = frac(compl, ik), a = frac(agr, ia), r = frac(react, ir);
  const issued = n(acts, ix, 'issued');
  const notReturned = n(acts, ix, 'notReturned');
  const actsF = fraction(issued - notReturned, issued);
  const controls: KpiControls = {
    calls: { value: c.value, numerator: c.numerator, denominator: c.denominator, overdue: n(overdue, io, 'contacts') },
    entry: frac(entry, ie),
    completeness: { value: k.value, numerator: k.numerator, denominator: k.denominator, clients: n(compl, ik, 'active') },
    agreements: { value: a.value, numerator: a.numerator, denominator: a.denominator, overdue: n(overdue, io, 'agreements') },
    feedback: frac(fb, iff),
    reaction: {
      value: r.value, numerator: r.numerator, denominator: r.denominator, medianHours: nn(react, ir, 'medianHours'),
      reacted: n(react, ir, 'reacted'), open: n(react, ir, 'open'), oldestOpenDays: nn(react, ir, 'oldestOpenDays'),
    },
  };
  const results: KpiResults = {
    payment: fraction(n(pay, ip, 'collected'), n(pay, ip, 'billed')),
    acts: { value: actsF.value, numerator: actsF.numerator, denominator: actsF.denominator, notReturned },
    revenue: n(rev, iv, 'revenue'),
    sales: n(rev, iv, 'sales'),
    activeClients: n(compl, ik, 'active'),
    churned: n(compl, ik, 'churned'),
    contactsDone: n(entry, ie, 'done'),
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
  const [load] = await Promise.all([ensureKpiMart(), ensurePaymentMart()]);
  const [parts, names] = await Promise.all([readAll(q, q.by), q.by === 'company' ? Promise.resolve([]) : groupNames(q.by, load)]);
  const nameById = new Map(names.map((n, i) => [n.id, { ...n, rank: i }]));
  const total: KpiRow = {
    id: null, name: ru.kpi.company, teamId: null, teamName: null,
    ...figuresOf(parts, TOTAL),
  };
  const ids = new Set<string | null>();
  if (q.by !== 'company') for (const p of parts) for (const id of p.index.keys()) ids.add(id);
  const none = q.by === 'team' ? ru.kpi.noTeam : ru.kpi.noSpecialist;
  // By name (the names' order); ids with no name after them, by id; the row with no id last.
  const order = (id: string | null) => (id === null ? Number.MAX_SAFE_INTEGER : nameById.get(id)?.rank ?? names.length);
  const rows: KpiRow[] = [...ids].sort((a, b) => order(a) - order(b) || String(a).localeCompare(String(b))).map((id) => {
    const n = id === null ? undefined : nameById.get(id);
    return {
      id, name: n?.name ?? id ?? none, teamId: n?.teamId ?? null, teamName: n?.teamName ?? null,
      ...figuresOf(parts, id),
    };
  });
  if (q.by === 'company') rows.push(total);
  return {
    period: q.window.period, asOf: q.asOf, by: q.by, periods: q.window.periods, from: q.window.from, to: q.window.to,
    rows, total, medians: kpiMedians(rows, q.by),
  };
}

/** The medians the ranking marks: over all rows with an id, and (by specialist) per team. */
export function kpiMedians(rows: KpiRow[], by: KpiGrouping): KpiMedians {
  const named = rows.filter((r) => r.id !== null);
  const values = named.map(metricValues);
  const byTeam: Record<string, MetricValues> = {};
  if (by === 'specialist') {
    const teams = new Map<string, MetricValues[]>();
    named.forEach((r, i) => {
      if (r.teamId === null) return;
      const list = teams.get(r.teamId);
      if (list) list.push(values[i]);
      else teams.set(r.teamId, [values[i]]);
    });
    for (const [teamId, list] of teams) byTeam[teamId] = mediansOf(list);
  }
  return { all: mediansOf(values), byTeam };
}
