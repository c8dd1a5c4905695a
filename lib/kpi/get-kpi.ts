// Manager KPIs (spec/metrics.md "Manager KPIs: the six controls and sales results") for a period
// (month or quarter) as known on D, per team or specialist (or the company), within the caller's
// scope: every control as value, numerator and denominator, the sales results, the composite score
// and the medians the ranking marks. As known on the newest data's D, from the KPI summary
// (lib/kpi/summary.ts: the same figures stored per month at each load); on any other D, one
// grouped read per figure over the KPI and payment marts (lib/kpi/mart.ts,
// lib/metrics/payment-mart.ts), all at once, except the figures of a window that ended before D
// and no longer change (settledReads), which the stored months still give. Teams and specialists
// are grouped by the marts' integer codes and turned back into ids here. Each control's definition
// and as-of rules are in its own module (calls, entry, completeness, agreements, feedback,
// reaction, results).
import { z } from 'zod';
import { query, queryTypedColumns } from '../db';
import { ru } from '../i18n/ru';
import { logger } from '../log';
import { periodOf } from '../metrics/period';
import { agreementsAggSchema, agreementsSql } from './agreements';
import { callsAggSchema, callsSql } from './calls';
import { fraction, kpiWhere, usedParams, type Fraction, type KpiGrouping, type KpiScope } from './common';
import { completenessAggSchema, completenessSql } from './completeness';
import { entryAggSchema, entrySql } from './entry';
import { feedbackAggSchema, feedbackSql } from './feedback';
import { overdueAggSchema, overdueSql } from './overdue';
import { kpiWindow } from './period';
import { reactionAggSchema, reactionHoursSql, reactionSql } from './reaction';
import { actsAggSchema, actsSql, paymentAggSchema, paymentPastSql, paymentSql, revenueAggSchema, revenueSql } from './results';
import { compositeScore, mediansOfColumns, rankedMetricKeys, type MetricValues, type RankedMetric } from './score';
import { getKpiSummaryInfo, hoursMedians, READ_COLUMNS, readSummary, settledReads, summaryCovers, summaryParams, type KpiSummaryInfo, type SummaryGroups } from './summary';

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

/** Each ranked figure of a row (the ranking's columns, the medians' inputs), in one place. */
const METRIC_OF: Record<RankedMetric, (r: Pick<KpiRow, 'controls' | 'results' | 'score'>) => number | null> = {
  score: (r) => r.score,
  calls: (r) => r.controls.calls.value, callsOverdue: (r) => r.controls.calls.overdue, entry: (r) => r.controls.entry.value,
  completeness: (r) => r.controls.completeness.value, agreements: (r) => r.controls.agreements.value,
  agreementsOverdue: (r) => r.controls.agreements.overdue, feedback: (r) => r.controls.feedback.value,
  reaction: (r) => r.controls.reaction.value, reactionHours: (r) => r.controls.reaction.medianHours, threatsOpen: (r) => r.controls.reaction.open,
  paymentPct: (r) => r.results.payment.value, actsPct: (r) => r.results.acts.value, revenue: (r) => r.results.revenue,
  activeClients: (r) => r.results.activeClients, churned: (r) => r.results.churned, contactsDone: (r) => r.results.contactsDone,
};

/** The figures of one row as the flat record the ranking and medians compare. */
export function metricValues(r: Pick<KpiRow, 'controls' | 'results' | 'score'>): MetricValues {
  return Object.fromEntries(rankedMetricKeys.map((k) => [k, METRIC_OF[k](r)])) as MetricValues;
}

// METRIC_OF as a list in rankedMetricKeys' order: assemble reads it by index (a lookup by a varying
// key, 17 per row × 5,000 rows, was a large part of a ranking by specialist).
const METRIC_LIST = rankedMetricKeys.map((k) => METRIC_OF[k]);

const nameRowSchema = z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable(), teamName: z.string().nullable() });

// Names of the groups, joined in JS (one dimension read; 5,000 specialists ≈ 3 ms), in Russian
// alphabetical order by ICU in SQL: sorting 5,000 names with Intl.Collator cost ~35 ms.
const NAMES_SQL: Record<Exclude<KpiGrouping, 'company'>, string> = {
  team: `SELECT team_id AS id, name, team_id AS "teamId", name AS "teamName" FROM teams ORDER BY name COLLATE ru, team_id`,
  specialist: `SELECT s.specialist_id AS id, s.full_name AS name, s.team_id AS "teamId", t.name AS "teamName"
    FROM specialists s LEFT JOIN teams t ON t.team_id = s.team_id ORDER BY s.full_name COLLATE ru, s.specialist_id`,
};

// The names in order and the ids' codes, kept per load: teams and specialists change only with an
// extract, and the ICU-sorted read of 5,000 names cost 15–35 ms per request (scripts/bench/KPI.md).
type NameRow = z.infer<typeof nameRowSchema>;

/** The ids of one grouping by their KPI mart code (mart_kpi_codes of one load), and back. */
interface Codes { ids: readonly string[]; of: ReadonlyMap<string, number> }
const NO_CODES: Codes = { ids: [], of: new Map() };

/** The names in order, the code of each (-1: none), the name of each code, and the codes. */
interface Names { list: NameRow[]; listCodes: Int32Array; byCode: Array<NameRow | undefined>; codes: Codes }
const gn = globalThis as unknown as { __kpiNames?: Map<string, Promise<Names>> };

function groupNames(by: Exclude<KpiGrouping, 'company'>, load: string): Promise<Names> {
  const memo = (gn.__kpiNames ??= new Map());
  const key = `${load}|${by}`;
  let p = memo.get(key);
  if (!p) {
    for (const k of memo.keys()) if (!k.startsWith(`${load}|`)) memo.delete(k); // an older load's
    p = Promise.all([
      query(NAMES_SQL[by]),
      query<{ id: string }>(`SELECT id FROM mart_kpi_codes WHERE kind = $kind ORDER BY code`, { kind: by }),
    ]).then(([r, c]) => {
      const list = r.map((x) => nameRowSchema.parse(x));
      const ids = c.map((x) => x.id);
      const of = new Map(ids.map((id, i) => [id, i]));
      const listCodes = Int32Array.from(list, (n) => of.get(n.id) ?? -1);
      const byCode = new Array<NameRow | undefined>(ids.length);
      list.forEach((n, i) => { if (listCodes[i] >= 0) byCode[listCodes[i]] = n; });
      return { list, listCodes, byCode, codes: { ids, of } };
    });
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

/**
 * A grouped read by column: each group's row by its id's code (Codes), the total's apart, numeric
 * columns typed. By code, not by a Map of ids: a Map of 5,000 string ids cost ~1 ms to build per
 * read, and as much again to look up, of a ranking's ~60 ms (scripts/bench/KPI.md).
 */
interface Grouped {
  /** The row of each code's group; -1: no row. */
  rowOf: Int32Array;
  /** The row of the group with no id (no team, no specialist); -1: none. */
  none: number;
  /** Row of the total; -1: none (its figures are then the sums of the groups). */
  total: number;
  /** Rows in the columns. */
  rows: number;
  /** A numeric column (NaN for NULL). */
  col: (key: string) => Float64Array;
}

/** Where groups keyed by id (string ids, the total's row apart) sit by code. */
function rowsByCode(keys: ArrayLike<string | null>, codes: Codes, skip = -1): { rowOf: Int32Array; none: number } {
  const rowOf = new Int32Array(codes.ids.length).fill(-1);
  let none = -1;
  for (let i = 0; i < keys.length; i++) {
    if (i === skip) continue;
    const id = keys[i];
    if (id === null) { none = i; continue; }
    const c = codes.of.get(id);
    // Every id the KPI and payment marts hold has a code (lib/kpi/mart.ts CODES_SQL).
    if (c === undefined) throw new Error(`KPI: у «${id}» нет кода в mart_kpi_codes`);
    rowOf[c] = i;
  }
  return { rowOf, none };
}

/**
 * Run a grouped read, by column: building an object (or a zod parse) per row of 10 reads × 5,000
 * specialists, and reading figures by dynamic keys per row, cost more than the reads themselves
 * (CPU profiles, scripts/bench/KPI.md). The schema checks the first row's shape; numeric columns
 * come as Float64Arrays (queryTypedColumns), read by index. A read grouped by the KPI marts' codes
 * (groupParts) gives them as its id; one of the payment marts gives the ids.
 */
async function grouped(sql: string, params: Record<string, unknown>, schema: z.ZodType<{ id: string | null; isTotal: number }>, codesRead: Promise<Codes>): Promise<Grouped> {
  const t = await queryTypedColumns(sql, usedParams(sql, params));
  const codes = await codesRead;
  const totals = t.numbers.isTotal ?? new Float64Array(t.rows);
  let total = -1;
  for (let i = 0; i < t.rows; i++) if (totals[i] === 1) total = i;
  const coded = t.numbers.id;
  if (t.rows) {
    const first: Record<string, unknown> = { id: coded ? (coded[0] === coded[0] ? codes.ids[coded[0]] : null) : t.values.id?.[0] ?? null };
    for (const [k, a] of Object.entries(t.numbers)) if (k !== 'id') first[k] = Number.isNaN(a[0]) ? null : a[0];
    schema.parse(first);
  }
  let at: { rowOf: Int32Array; none: number };
  if (coded) {
    at = { rowOf: new Int32Array(codes.ids.length).fill(-1), none: -1 };
    for (let i = 0; i < t.rows; i++) {
      if (i === total) continue;
      const c = coded[i];
      if (c === c) at.rowOf[c] = i;
      else at.none = i;
    }
  } else {
    at = rowsByCode((t.values.id ?? new Array(t.rows).fill(null)) as Array<string | null>, codes, total);
  }
  const missing = new Float64Array(t.rows).fill(Number.NaN);
  return { ...at, total, rows: t.rows, col: (key) => t.numbers[key] ?? missing };
}

/**
 * The reaction read (the sixth) without the median in SQL (reactionSql's `median: false`), and the
 * reacted threats' hours (a few thousand rows): each group's median and the total row are made
 * here. The total's counts are the sums of the groups', its oldest open threat their max.
 */
async function reactionRead(by: KpiGrouping, where: string, params: Record<string, unknown>, codesRead: Promise<Codes>): Promise<Grouped> {
  const hoursSql = reactionHoursSql(where);
  const [g, h, codes] = await Promise.all([
    grouped(reactionSql(by, where, false), params, reactionAggSchema, codesRead),
    queryTypedColumns(hoursSql, usedParams(hoursSql, params)),
    codesRead,
  ]);
  if (g.total >= 0) {
    // By company the one row is the total: its median over every hour.
    const medians = hoursMedians(new Int32Array(h.rows).fill(-1), h.numbers.hours, h.rows, 0);
    const m = new Float64Array(g.rows).fill(Number.NaN);
    m[g.total] = medians[0];
    return { ...g, col: (key) => (key === 'medianHours' ? m : g.col(key)) };
  }
  const n = g.rows;
  const keys = (h.values[by === 'specialist' ? 'owner_id' : 'team_id'] ?? []) as Array<string | null>;
  const group = new Int32Array(h.rows);
  for (let r = 0; r < h.rows; r++) {
    const id = keys[r];
    group[r] = id === null ? g.none : g.rowOf[codes.of.get(id) ?? -1] ?? -1;
  }
  const cols = new Map<string, Float64Array>([['medianHours', hoursMedians(group, h.numbers.hours, h.rows, n)]]);
  for (const key of ['num', 'den', 'reacted', 'open', 'oldestOpenDays']) {
    const src = g.col(key);
    const out = new Float64Array(n + 1);
    out.set(src.subarray(0, n));
    let t = key === 'oldestOpenDays' ? Number.NaN : 0;
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (v !== v) continue;
      t = key === 'oldestOpenDays' ? (t >= v ? t : v) : t + v;
    }
    out[n] = t;
    cols.set(key, out);
  }
  return { rowOf: g.rowOf, none: g.none, total: n, rows: n + 1, col: (key) => cols.get(key) ?? new Float64Array(n + 1).fill(Number.NaN) };
}

/** The summary's groups as getKpi's ten reads, each with its own column names (READ_COLUMNS). */
function summaryViews(sum: SummaryGroups, codes: Codes): Parts {
  const missing = new Float64Array(sum.total + 1).fill(Number.NaN);
  const keys = new Array<string | null>(sum.total);
  for (const [id, row] of sum.index) keys[row] = id;
  const at = rowsByCode(keys, codes);
  return READ_COLUMNS.map((cols) => ({ ...at, total: sum.total, rows: sum.total + 1, col: (key: string) => sum.cols[cols[key]] ?? missing }));
}

/**
 * Every read getKpi needs: from the KPI summary when it holds this D and window (one statement over
 * ~5,000 stored rows per month), else the ten grouped reads over the marts; for a past D, the reads
 * that no longer change after the window (settledReads: calls, entry, completeness, agreements and
 * revenue of a window that ended before D) still come from the summary's stored months.
 * `useSummary: false` forces the marts (tests compare the two).
 */
async function readAll(q: KpiScope, by: KpiGrouping, info: KpiSummaryInfo | null, codes: Promise<Codes>): Promise<Parts> {
  const w = kpiWhere(q);
  const views = async (sum: Promise<SummaryGroups>) => summaryViews(await sum, await codes);
  if (info && summaryCovers(info, q)) return views(readSummary(by, w.sql, { ...summaryParams(q), ...w.params }));
  const settled = info ? settledReads(info, q) : [];
  const stored = settled.some(Boolean)
    ? views(readSummary(by, w.sql, { ...summaryParams({ ...q, asOf: info!.asOf }), ...w.params }, { monthsOnly: true }))
    : null;
  const params = { ...kpiParams(q), ...w.params };
  const reads: Array<[string, z.ZodType<{ id: string | null; isTotal: number }>]> = [
    [callsSql(by, w.sql), callsAggSchema],
    [entrySql(by, w.sql), entryAggSchema],
    [completenessSql(by, w.sql), completenessAggSchema],
    [agreementsSql(by, w.sql), agreementsAggSchema],
    [feedbackSql(by, w.sql), feedbackAggSchema],
    ['', reactionAggSchema], // reactionRead
    [overdueSql(by, w.sql), overdueAggSchema],
    // A window before D's month, with the summary current: its payments by code (mart_kpi_pay).
    [info && !q.window.periods.includes(periodOf(q.asOf)) ? paymentPastSql(by, w.sql) : paymentSql(by, w.sql), paymentAggSchema],
    [actsSql(by, w.sql), actsAggSchema],
    [revenueSql(by, w.sql), revenueAggSchema],
  ];
  return Promise.all(reads.map(([sql, schema], i) => (stored && settled[i] ? stored.then((v) => v[i])
    : i === REACTION ? reactionRead(by, w.sql, params, codes) : grouped(sql, params, schema, codes))));
}
type Parts = Grouped[];
/** The reaction read's place among the ten (READ_COLUMNS' order). */
const REACTION = 5;

/** NaN for a missing value: the metric columns the medians read. */
const nn = (v: number | null) => (v === null ? Number.NaN : v);

/** What a row is called: each array by row, as the ids. */
interface Labels { names: string[]; teamIds: Array<string | null>; teamNames: Array<string | null> }

/**
 * Every row's figures at once (the rows' ids and codes in order, -1: the group with no id; plus
 * the total), with the ranked metrics by column for the medians. Where each row sits in each read
 * is looked up by its code once per distinct rowOf (the summary's ten views share one), the
 * columns are read by position, and the row's objects are built directly: 5,000 specialists in a
 * few ms (scripts/bench/KPI.md).
 */
function assemble(parts: Parts, ids: Array<string | null>, rowCodes: Int32Array, labels: Labels, totalName: string): { rows: KpiRow[]; total: KpiRow; metrics: Record<RankedMetric, Float64Array> } {
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

  // Row positions per read (-1: the read has no row for it); the summary's ten views share theirs.
  const byRows = new Map<Int32Array, Int32Array>();
  const pos = parts.map((g) => {
    let at = byRows.get(g.rowOf);
    if (!at) {
      at = new Int32Array(ids.length);
      for (let i = 0; i < ids.length; i++) at[i] = rowCodes[i] >= 0 ? g.rowOf[rowCodes[i]] : g.none;
      byRows.set(g.rowOf, at);
    }
    return at;
  });
  // A column's sum over the groups (the total of a read without a total row), once per column.
  const sums = new Map<Float64Array, number>();
  const sumOf = (arr: Float64Array): number => {
    let s = sums.get(arr);
    if (s === undefined) {
      s = 0;
      for (let i = 0; i < arr.length; i++) if (arr[i] === arr[i]) s += arr[i];
      sums.set(arr, s);
    }
    return s;
  };
  // Column `arr` at position i: -1 nothing counted (0); -2 the sum of the groups.
  const val = (arr: Float64Array, i: number): number => (i === -2 ? sumOf(arr) : i < 0 || arr[i] !== arr[i] ? 0 : arr[i]);
  const orNull = (arr: Float64Array, i: number): number | null => (i < 0 || arr[i] !== arr[i] ? null : arr[i]);
  const share = (num: number, den: number): number | null => (den > 0 ? (100 * num) / den : null);

  const n = ids.length;
  const metricCols = rankedMetricKeys.map(() => new Float64Array(n));
  const metrics = Object.fromEntries(rankedMetricKeys.map((m, i) => [m, metricCols[i]])) as Record<RankedMetric, Float64Array>;
  const at = new Int32Array(parts.length);
  const one = (row: number): KpiRow => {
    const ic = at[0], ie = at[1], ik = at[2], ia = at[3], iff = at[4], ir = at[5], io = at[6], ip = at[7], ix = at[8], iv = at[9];
    const cN = val(c.num, ic), cD = val(c.den, ic);
    const eN = val(e.num, ie), eD = val(e.den, ie);
    const kN = val(k.num, ik), kD = val(k.den, ik);
    const aN = val(a.num, ia), aD = val(a.den, ia);
    const fN = val(f.num, iff), fD = val(f.den, iff);
    const rN = val(r.num, ir), rD = val(r.den, ir);
    const issued = val(x.issued, ix);
    const notReturned = val(x.notReturned, ix);
    const collected = val(p.collected, ip), billed = val(p.billed, ip);
    const controls: KpiControls = {
      calls: { value: share(cN, cD), numerator: cN, denominator: cD, overdue: val(o.contacts, io) },
      entry: { value: share(eN, eD), numerator: eN, denominator: eD },
      completeness: { value: share(kN, kD), numerator: kN, denominator: kD, clients: val(k.active, ik) },
      agreements: { value: share(aN, aD), numerator: aN, denominator: aD, overdue: val(o.agreements, io) },
      feedback: { value: share(fN, fD), numerator: fN, denominator: fD },
      // The reaction read always has its own total row (its median is not a sum).
      reaction: {
        value: share(rN, rD), numerator: rN, denominator: rD, medianHours: orNull(r.medianHours, ir),
        reacted: val(r.reacted, ir), open: val(r.open, ir), oldestOpenDays: orNull(r.oldestOpenDays, ir),
      },
    };
    const results: KpiResults = {
      payment: { value: share(collected, billed), numerator: collected, denominator: billed },
      acts: { value: share(issued - notReturned, issued), numerator: issued - notReturned, denominator: issued, notReturned },
      revenue: val(v.revenue, iv),
      sales: val(v.sales, iv),
      activeClients: val(k.active, ik),
      churned: val(k.churned, ik),
      contactsDone: val(e.done, ie),
    };
    const score = compositeScore({
      calls: controls.calls.value, entry: controls.entry.value, completeness: controls.completeness.value,
      agreements: controls.agreements.value, feedback: controls.feedback.value, reaction: controls.reaction.value,
    });
    const figures: KpiRow = row >= 0
      ? { id: ids[row], name: labels.names[row], teamId: labels.teamIds[row], teamName: labels.teamNames[row], controls, results, score }
      : { id: null, name: totalName, teamId: null, teamName: null, controls, results, score };
    if (row >= 0) for (let m = 0; m < METRIC_LIST.length; m++) metricCols[m][row] = nn(METRIC_LIST[m](figures));
    return figures;
  };
  const rows = new Array<KpiRow>(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < parts.length; j++) at[j] = pos[j][i];
    rows[i] = one(i);
  }
  for (let j = 0; j < parts.length; j++) at[j] = parts[j].total >= 0 ? parts[j].total : -2;
  return { rows, total: one(-1), metrics };
}

/**
 * Every KPI figure of the window as known on `asOf`, per team or specialist (`by`), within `scope`
 * and the optional team / specialist narrowing. Rows by name; `total` covers the whole selection.
 */
export async function getKpi(q: KpiScope & { by: KpiGrouping; useSummary?: boolean }): Promise<Kpi> {
  const snapshot = await getKpiSummaryInfo();
  const { load } = snapshot;
  const info = q.useSummary === false ? null : snapshot.info;
  const namesRead = q.by === 'company' ? Promise.resolve(null) : groupNames(q.by, load);
  const [parts, names] = await Promise.all([readAll(q, q.by, info, namesRead.then((n) => n?.codes ?? NO_CODES)), namesRead]);
  // The codes with a row in some read, and whether the group with no id has one.
  const codes = names?.codes ?? NO_CODES;
  const seen = new Uint8Array(codes.ids.length);
  let hasNone = false;
  if (q.by !== 'company') {
    const done = new Set<Int32Array>();
    for (const p of parts) {
      if (p.none >= 0) hasNone = true;
      if (done.has(p.rowOf)) continue;
      done.add(p.rowOf);
      for (let c = 0; c < seen.length; c++) if (p.rowOf[c] >= 0) seen[c] = 1;
    }
  }
  const none = q.by === 'team' ? ru.kpi.noTeam : ru.kpi.noSpecialist;
  // By name (the names come in that order: a walk, not a sort of 5,000 ids by looked-up rank, which
  // cost ~20 ms); ids with no name after them, by id; the row with no id last.
  const order: number[] = [];
  if (names) {
    for (let i = 0; i < names.list.length; i++) {
      const c = names.listCodes[i];
      if (c >= 0 && seen[c] === 1) { order.push(c); seen[c] = 2; }
    }
    const unnamed: number[] = [];
    for (let c = 0; c < seen.length; c++) if (seen[c] === 1) unnamed.push(c);
    order.push(...unnamed.sort((a, b) => codes.ids[a].localeCompare(codes.ids[b])));
  }
  if (hasNone) order.push(-1);
  const rowCodes = Int32Array.from(order);
  const sorted = order.map((c) => (c >= 0 ? codes.ids[c] : null));
  const labels: Labels = { names: new Array(sorted.length), teamIds: new Array(sorted.length), teamNames: new Array(sorted.length) };
  sorted.forEach((id, i) => {
    const n = rowCodes[i] >= 0 ? names?.byCode[rowCodes[i]] : undefined;
    labels.names[i] = n?.name ?? id ?? none;
    labels.teamIds[i] = n?.teamId ?? null;
    labels.teamNames[i] = n?.teamName ?? null;
  });
  const figures = assemble(parts, sorted, rowCodes, labels, ru.kpi.company);
  const { rows, total } = figures;
  if (q.by === 'company') rows.push(total);
  return {
    period: q.window.period, asOf: q.asOf, by: q.by, periods: q.window.periods, from: q.window.from, to: q.window.to,
    rows, total, medians: kpiMedians(rows, figures.metrics, q.by),
  };
}

/**
 * The medians the ranking marks: over all rows with an id, and (by specialist) per team. `metrics`
 * holds each ranked metric of `rows` by column (NaN: no value), as assemble gives them.
 */
function kpiMedians(rows: KpiRow[], metrics: Record<RankedMetric, Float64Array>, by: KpiGrouping): KpiMedians {
  const keep: number[] = [];
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.id === null || i >= metrics.score.length) return;
    keep.push(i);
    if (by !== 'specialist' || r.teamId === null) return;
    const list = groups.get(r.teamId);
    if (list) list.push(i);
    else groups.set(r.teamId, [i]);
  });
  const m = mediansOfColumns(metrics, keep, groups);
  return { all: m.all, byTeam: Object.fromEntries(m.byGroup) };
}

const gw = globalThis as unknown as { __kpiCodeWarm?: boolean };

const warmLog = logger('warm');

/**
 * Rank the whole company by specialist `times` times, as known on D₀ from the summary and from the
 * marts by turns, once per process (a web worker calls it when it starts); the answers are
 * dropped. V8 optimises getKpi's per-row loops only after ~15 calls: before that a ranking of
 * 5,400 specialists took 100–370 ms instead of ~60 ms (scripts/bench/KPI.md), which the first
 * heads to open Показатели after a restart would wait. It only reads: the tables are the published
 * snapshot's, built by the loader. Logs "KPI ranking code ready" (scripts/bench/load-test.ts waits
 * for that line) or "KPI ranking code build failed"; never throws.
 */
export async function warmKpiCode(times = 20): Promise<void> {
  if (gw.__kpiCodeWarm) return;
  const started = Date.now();
  try {
    const { info } = await getKpiSummaryInfo();
    if (info) {
      const window = kpiWindow(periodOf(info.asOf), info.asOf);
      for (let i = 0; i < times; i++) {
        await getKpi({ window, asOf: info.asOf, scope: { login: 'warm-up', role: 'executive' }, by: 'specialist', useSummary: i % 2 === 0 });
      }
      // With no data yet there is nothing to rank: a later call (another snapshot) warms it.
      gw.__kpiCodeWarm = true;
    }
    warmLog.info(`KPI ranking code ready in ${Date.now() - started} ms`);
  } catch (e) {
    warmLog.error(`KPI ranking code build failed: ${(e as Error)?.stack ?? e}`);
  }
}
