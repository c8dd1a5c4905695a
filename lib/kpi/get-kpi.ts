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
import { compositeScore, mediansByGroup, type MetricValues } from './score';

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
/** A grouped read by column: each group's row index (the total's apart), numeric columns typed. */
interface Grouped {
  index: Map<string | null, number>;
  /** Row of the total; -1: none (its figures are then the sums of the groups). */
  total: number;
  /** A numeric column (NaN for NULL). */
  col: (key: string) => Float64Array;
}

/**
 * Run a grouped read, by column: building an object (or a zod parse) per row of 10 reads × 5,000
 * specialists, and reading figures by dynamic keys per row, cost more than the reads themselves
 * (CPU profiles, scripts/bench/KPI.md). The schema checks the first row's shape; each numeric
 * column becomes one Float64Array, read by index.
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
  const typed = new Map<string, Float64Array>();
  const col = (key: string): Float64Array => {
    let a = typed.get(key);
    if (!a) {
      const src = cols[key] ?? [];
      a = new Float64Array(ids.length);
      for (let i = 0; i < ids.length; i++) a[i] = src[i] === null || src[i] === undefined ? Number.NaN : Number(src[i]);
      typed.set(key, a);
    }
    return a;
  };
  return { index, total, col };
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

/** One read's figures for a row: `at(id)` its row (-1 none, -2 the sum of all), `v(col, at)` a value. */
function reader(g: Grouped) {
  return {
    at: (id: string | null | typeof TOTAL): number => (id === TOTAL ? (g.total >= 0 ? g.total : -2) : g.index.get(id) ?? -1),
    sum: (key: string): number => {
      let s = 0;
      for (const v of g.col(key)) if (!Number.isNaN(v)) s += v;
      return s;
    },
  };
}

/**
 * Every row's figures at once (the rows' ids in order, plus the total): the columns are fetched
 * once per read and read by index, so 5,000 specialists cost a few ms (see `grouped`).
 */
function assemble(parts: Parts, ids: Array<string | null>): { rows: Array<Pick<KpiRow, 'controls' | 'results' | 'score'>>; total: Pick<KpiRow, 'controls' | 'results' | 'score'> } {
  const [calls, entry, compl, agr, fb, react, overdue, pay, acts, rev] = parts;
  const c = { num: calls.col('num'), den: calls.col('den') };
  const e = { num: entry.col('num'), den: entry.col('den'), done: entry.col('done') };
  const k = { num: compl.col('num'), den: compl.col('den'), active: compl.col('active'), churned: compl.col('churned') };
  const a = { num: agr.col('num'), den: agr.col('den') };
  const f = { num: fb.col('num'), den: fb.col('den') };
  const r = {
    num: react.col('num'), den: react.col('den'), reacted: react.col('reacted'), medianHours: react.col('medianHours'),
    open: react.col('open'), oldestOpenDays: react.col('oldestOpenDays'),
  };
  const o = { contacts: overdue.col('contacts'), agreements: overdue.col('agreements') };
  const p = { billed: pay.col('billed'), collected: pay.col('collected') };
  const x = { issued: acts.col('issued'), notReturned: acts.col('notReturned') };
  const v = { revenue: rev.col('revenue'), sales: rev.col('sales') };
  const readers = parts.map(reader);
  // The value of column `arr` of read `g` at its row `i` (-1: nothing counted; -2: Σ of its groups).
  const val = (gi: number, arr: Float64Array, key: string, i: number): number => {
    if (i === -2) return readers[gi].sum(key);
    if (i < 0) return 0;
    const y = arr[i];
    return Number.isNaN(y) ? 0 : y;
  };
  const orNull = (arr: Float64Array, i: number): number | null => (i < 0 || Number.isNaN(arr[i]) ? null : arr[i]);

  const one = (id: string | null | typeof TOTAL): Pick<KpiRow, 'controls' | 'results' | 'score'> => {
    const ic = readers[0].at(id), ie = readers[1].at(id), ik = readers[2].at(id), ia = readers[3].at(id), iff = readers[4].at(id);
    const ir = readers[5].at(id), io = readers[6].at(id), ip = readers[7].at(id), ix = readers[8].at(id), iv = readers[9].at(id);
    const calls_ = fraction(val(0, c.num, 'num', ic), val(0, c.den, 'den', ic));
    const compl_ = fraction(val(2, k.num, 'num', ik), val(2, k.den, 'den', ik));
    const agr_ = fraction(val(3, a.num, 'num', ia), val(3, a.den, 'den', ia));
    const react_ = fraction(val(5, r.num, 'num', ir), val(5, r.den, 'den', ir));
    const issued = val(8, x.issued, 'issued', ix);
    const notReturned = val(8, x.notReturned, 'notReturned', ix);
    const acts_ = fraction(issued - notReturned, issued);
    const controls: KpiControls = {
      calls: { value: calls_.value, numerator: calls_.numerator, denominator: calls_.denominator, overdue: val(6, o.contacts, 'contacts', io) },
      entry: fraction(val(1, e.num, 'num', ie), val(1, e.den, 'den', ie)),
      completeness: { value: compl_.value, numerator: compl_.numerator, denominator: compl_.denominator, clients: val(2, k.active, 'active', ik) },
      agreements: { value: agr_.value, numerator: agr_.numerator, denominator: agr_.denominator, overdue: val(6, o.agreements, 'agreements', io) },
      feedback: fraction(val(4, f.num, 'num', iff), val(4, f.den, 'den', iff)),
      // The reaction read always has its own total row (its median is not a sum).
      reaction: {
        value: react_.value, numerator: react_.numerator, denominator: react_.denominator, medianHours: orNull(r.medianHours, ir),
        reacted: val(5, r.reacted, 'reacted', ir), open: val(5, r.open, 'open', ir), oldestOpenDays: orNull(r.oldestOpenDays, ir),
      },
    };
    const results: KpiResults = {
      payment: fraction(val(7, p.collected, 'collected', ip), val(7, p.billed, 'billed', ip)),
      acts: { value: acts_.value, numerator: acts_.numerator, denominator: acts_.denominator, notReturned },
      revenue: val(9, v.revenue, 'revenue', iv),
      sales: val(9, v.sales, 'sales', iv),
      activeClients: val(2, k.active, 'active', ik),
      churned: val(2, k.churned, 'churned', ik),
      contactsDone: val(1, e.done, 'done', ie),
    };
    const score = compositeScore({
      calls: controls.calls.value, entry: controls.entry.value, completeness: controls.completeness.value,
      agreements: controls.agreements.value, feedback: controls.feedback.value, reaction: controls.reaction.value,
    });
    return { controls, results, score };
  };
  return { rows: ids.map(one), total: one(TOTAL) };
}

/**
 * Every KPI figure of the window as known on `asOf`, per team or specialist (`by`), within `scope`
 * and the optional team / specialist narrowing. Rows by name; `total` covers the whole selection.
 */
export async function getKpi(q: KpiScope & { by: KpiGrouping }): Promise<Kpi> {
  const [load] = await Promise.all([ensureKpiMart(), ensurePaymentMart()]);
  const [parts, names] = await Promise.all([readAll(q, q.by), q.by === 'company' ? Promise.resolve([]) : groupNames(q.by, load)]);
  const nameById = new Map(names.map((n) => [n.id, n]));
  const ids = new Set<string | null>();
  if (q.by !== 'company') for (const p of parts) for (const id of p.index.keys()) ids.add(id);
  const none = q.by === 'team' ? ru.kpi.noTeam : ru.kpi.noSpecialist;
  // By name (the names come in that order: a walk, not a sort of 5,000 ids by looked-up rank, which
  // cost ~20 ms); ids with no name after them, by id; the row with no id last.
  const sorted: Array<string | null> = names.filter((n) => ids.has(n.id)).map((n) => n.id);
  sorted.push(...[...ids].filter((id): id is string => id !== null && !nameById.has(id)).sort((a, b) => a.localeCompare(b)));
  if (ids.has(null)) sorted.push(null);
  const figures = assemble(parts, sorted);
  const total: KpiRow = { id: null, name: ru.kpi.company, teamId: null, teamName: null, ...figures.total };
  const rows: KpiRow[] = sorted.map((id, i) => {
    const n = id === null ? undefined : nameById.get(id);
    return { id, name: n?.name ?? id ?? none, teamId: n?.teamId ?? null, teamName: n?.teamName ?? null, ...figures.rows[i] };
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
  const groups = new Map<string, number[]>();
  if (by === 'specialist') {
    named.forEach((r, i) => {
      if (r.teamId === null) return;
      const list = groups.get(r.teamId);
      if (list) list.push(i);
      else groups.set(r.teamId, [i]);
    });
  }
  const m = mediansByGroup(values, groups);
  return { all: m.all, byTeam: Object.fromEntries(m.byGroup) };
}
