// The invoice method of the month-end forecast (spec/metrics.md, "Month-end forecast": "Invoice
// method (the one shown)") and the probabilities behind «Кому позвонить» ("Who to call").
//
// For period P as known on D (E = P's last day), every invoice of P issued by D and not fully
// collected on D gets p = the probability that it is paid by E, from the lateness of earlier
// invoices: late = full_on − due_on in days (paid before the due date: negative).
//   - History: the invoices due in the 12 months up to HISTORY_LAG (36) days before P's first day.
//     Their lateness up to MAX_LATE (35) days is known by P's first day (so before D); later or
//     never is NEVER. (An open invoice of P is at most ~31 days past due by E, so 35 days suffice.)
//     It is the same for every caller: the probabilities do not depend on who looks.
//   - With a = D − due_on and b = E − due_on, from a set of earlier latenesses:
//       p = #(a < late ≤ b) / #(late > a)   (of those not paid a days after their due date, the share
//                                            paid by b days after it)
//     taken from the client's own invoices, shrunk towards its segment's and the segment's towards
//     the company's (empirical Bayes with K pseudo-invoices):
//       p_company = n_company(a, b) / d_company(a)
//       p_segment = (n_segment + K_SEGMENT × p_company) / (d_segment + K_SEGMENT)
//       p         = (n_client  + K_CLIENT  × p_segment) / (d_client  + K_CLIENT)
//     A client always 20 days late gets p near 1 when E is 20 days after the due date; a new client
//     the segment's; a punctual client's invoice already past due also the segment's (its own
//     history has no invoice that late, so it says nothing about one).
//   - A partly paid invoice: its remainder is what is at risk; the client's history decides p as for
//     any other (tests/unit/metrics/invoice-forecast.test.ts has the four hand-made histories).
//   - Forecast collected = collected on D + Σ open × p + what invoices not yet issued on D will add:
//     over the 12 months before P, billed after their own day d per rouble billed by it, and what
//     those later invoices had collected by their month's end (each the median month's),
//       forecast % = 100 × (collected + Σ open × p + billed × rCollected) / (billed × (1 + rBilled))
//     (whole company, the same for every caller).
//   - Range: the forecast plus the 10th and 90th percentiles of the same group's errors (actual
//     month-end % − this method's forecast) at the same day of the 12 months before P; fewer than 3
//     such months: none (forecastRange).
//   - Cost: the loader computes the probabilities of the newest as-of's 13 points (its day and the
//     same day of the 12 months before) into mart_invoice_p with each load (buildInvoiceProbabilities,
//     lib/derived/registry.ts), so the default views read them; any other date is computed live.
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { bindable, query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { LATEST_AS_OF_SQL } from '../load/log';
import { logger } from '../log';
import { addMonths, daysInMonth, firstDay, lastDay, pct, periodOf } from './period';

const log = logger('invoice-forecast');

/** How long before P's first day the history ends (days): lateness up to MAX_LATE is known by then. */
const HISTORY_LAG = 36;
/** Lateness past this many days counts as "later or never". */
const MAX_LATE = 35;
const NEVER = 999;
/** Pseudo-invoices of the prior in each shrinkage step. */
export const K_CLIENT = 3;
export const K_SEGMENT = 20;
/** Months before P looked at (later invoices, the range), and the fewest that give a range. */
const RANGE_MONTHS = 12;
const MIN_RANGE_MONTHS = 3;

/** One (period, as-of day) the model is evaluated at. */
export interface ModelPoint {
  period: string;
  /** The as-of date, within the period (clamped by the caller). */
  asOf: string;
}

/** The history window of period `p`: invoices due in (from, to]. */
export function historyWindow(p: string): { from: string; to: string } {
  const start = Date.parse(`${firstDay(p)}T00:00:00Z`);
  const to = new Date(start - HISTORY_LAG * 86_400_000).toISOString().slice(0, 10);
  const y = Number(to.slice(0, 4));
  return { from: `${y - 1}${to.slice(4)}`, to };
}

/**
 * p for one open invoice from lateness counts (the shrinkage chain in the header); exported for the
 * unit tests, and the SQL below computes the same.
 */
export function shrunkProbability(c: {
  client: { num: number; den: number };
  segment: { num: number; den: number };
  company: { num: number; den: number };
}): number {
  const pCompany = c.company.den > 0 ? c.company.num / c.company.den : 0;
  const pSegment = (c.segment.num + K_SEGMENT * pCompany) / (c.segment.den + K_SEGMENT);
  return (c.client.num + K_CLIENT * pSegment) / (c.client.den + K_CLIENT);
}

/** Counts #(a < late ≤ b) and #(late > a) of a list of latenesses (NEVER for later or never). */
export function lateCounts(lates: readonly number[], a: number, b: number): { num: number; den: number } {
  let num = 0;
  let den = 0;
  for (const l of lates) {
    if (l > a) {
      den++;
      if (l <= b) num++;
    }
  }
  return { num, den };
}

/**
 * An invoice's lateness as the model counts it (mart_invoice.late, built by lib/metrics/payment-mart.ts):
 * full_on − due_on in days when that is at most MAX_LATE (and no earlier than −MAX_LATE), else NEVER.
 */
export function lateSql(alias: string): string {
  return `CASE WHEN ${alias}.full_on IS NOT NULL AND ${alias}.full_on - ${alias}.due_on <= ${MAX_LATE}
     THEN greatest(${alias}.full_on - ${alias}.due_on, -${MAX_LATE}) ELSE ${NEVER} END`;
}

/** Bound VALUES of the model points: `q(period, d, e, h_from, h_to)`. Values bound, shape generated. */
function pointsSql(points: readonly ModelPoint[], params: Record<string, unknown>): string {
  const rows = points.map((pt, i) => {
    const w = historyWindow(pt.period);
    Object.assign(params, { [`qp${i}`]: pt.period, [`qd${i}`]: pt.asOf, [`qe${i}`]: lastDay(pt.period), [`qf${i}`]: w.from, [`qt${i}`]: w.to });
    return `($qp${i}, $qd${i}::DATE, $qe${i}::DATE, $qf${i}::DATE, $qt${i}::DATE)`;
  });
  return `(VALUES ${rows.join(', ')}) v(period, d, e, h_from, h_to)`;
}

/** Where the probabilities come from: computed now, or read from mart_invoice_p (buildInvoiceProbabilities). */
export type Source = 'live' | 'stored';

/** Every invoice of each point's period issued by its day, within `where` (alias i). */
const invCte = (where: string) => /* sql */ `inv AS (
  SELECT q.period, q.d, q.e, i.invoice_id, i.client_id, i.segment, i.owner_id, i.team_id, i.specialist_id,
         i.amount::DOUBLE AS amount, i.due_on, i.full_on
  FROM q JOIN mart_invoice i ON i.period = q.period AND i.issued_on <= q.d
  WHERE ${where}
)`;

/**
 * The open invoices of each point with their probability: CTE text ending in `probs(period, d,
 * invoice_id, client_id, owner_id, team_id, specialist_id, amount, collected, due_on, p, usual)`,
 * plus `inv` (every invoice issued by d, for the billed and collected sums). `where` filters the
 * invoices (scope, team, specialist) on alias i; the history is the whole company's. `stored`
 * reads the probabilities the loader computed for the newest as-of (all points must be stored).
 */
export function modelCtes(points: readonly ModelPoint[], where: string, params: Record<string, unknown>, source: Source = 'live'): string {
  if (source === 'stored') return /* sql */ `
q AS (SELECT DISTINCT * FROM ${pointsSql(points, params)}),
${invCte(where)},
probs AS (
  SELECT i.period, i.as_of AS d, i.invoice_id, i.client_id, i.owner_id, i.team_id, i.specialist_id, i.amount, i.collected, i.due_on, i.p, i.usual, i.seen
  FROM q JOIN mart_invoice_p i ON i.period = q.period AND i.as_of = q.d
  WHERE ${where}
)`;
  return /* sql */ `
q AS (SELECT DISTINCT * FROM ${pointsSql(points, params)}),
qp AS (SELECT DISTINCT period, h_from, h_to FROM q),
-- The history's latenesses by segment, per point's period (mart_late_hist: counts by due date).
ls AS MATERIALIZED (
  SELECT qp.period, h.segment, h.late, sum(h.n)::DOUBLE AS n
  FROM qp JOIN mart_late_hist h ON h.due_on > qp.h_from AND h.due_on <= qp.h_to
  GROUP BY ALL
),
lc AS MATERIALIZED (SELECT period, late, sum(n) AS n FROM ls GROUP BY ALL),
cc AS (SELECT period, x, coalesce(sum(n) FILTER (WHERE late <= x), 0) AS le, sum(n) AS tot FROM lc, range(-100, 101) r(x) GROUP BY ALL),
cs AS (SELECT period, segment, x, coalesce(sum(n) FILTER (WHERE late <= x), 0) AS le, sum(n) AS tot FROM ls, range(-100, 101) r(x) GROUP BY ALL),
${invCte(where)},
paid AS (
  -- Collected on d by the invoices partly paid then (fully paid ones: their amount; others: 0).
  SELECT q.period, q.d, e.invoice_id, sum(e.collected)::DOUBLE AS c
  FROM q JOIN mart_payment_events e ON e.period = q.period
  WHERE e.collected > 0 AND e.on_date <= q.d AND (e.full_on IS NULL OR e.full_on > q.d)
  GROUP BY ALL
),
op AS (
  SELECT inv.*, CASE WHEN inv.full_on <= inv.d THEN inv.amount ELSE coalesce(paid.c, 0) END AS collected,
         least(greatest(inv.d - inv.due_on, -100), 100)::INTEGER AS a, least(greatest(inv.e - inv.due_on, -100), 100)::INTEGER AS b
  FROM inv LEFT JOIN paid ON paid.period = inv.period AND paid.d = inv.d AND paid.invoice_id = inv.invoice_id
),
openi AS MATERIALIZED (SELECT * FROM op WHERE collected < amount),
-- The client's own history (mart_client_late: one row per client), counted in the point's window.
ch AS (
  SELECT o.period, o.d, o.invoice_id, o.a, o.b, qp.h_from, qp.h_to, unnest(h.dues) AS due, unnest(h.lates) AS late
  FROM openi o JOIN qp ON qp.period = o.period JOIN mart_client_late h ON h.client_id = o.client_id
),
chw AS (
  SELECT period, d, invoice_id,
         count(*) FILTER (WHERE late > a AND late <= b)::DOUBLE AS num,
         count(*) FILTER (WHERE late > a)::DOUBLE AS den,
         median(late) FILTER (WHERE late < ${NEVER})::DOUBLE AS usual, count(*)::INTEGER AS seen
  FROM ch WHERE due > h_from AND due <= h_to
  GROUP BY ALL
),
cl AS (
  SELECT o.period, o.d, o.invoice_id, coalesce(w.num, 0) AS num, coalesce(w.den, 0) AS den, w.usual, coalesce(w.seen, 0) AS seen
  FROM openi o LEFT JOIN chw w ON w.period = o.period AND w.d = o.d AND w.invoice_id = o.invoice_id
),
probs AS (
  SELECT o.period, o.d, o.invoice_id, o.client_id, o.owner_id, o.team_id, o.specialist_id, o.amount, o.collected, o.due_on,
         (cl.num + ${K_CLIENT} * ps.p) / (cl.den + ${K_CLIENT}) AS p, cl.usual, cl.seen
  FROM openi o
  JOIN cl ON cl.period = o.period AND cl.d = o.d AND cl.invoice_id = o.invoice_id
  LEFT JOIN cc ca ON ca.period = o.period AND ca.x = o.a
  LEFT JOIN cc cb ON cb.period = o.period AND cb.x = o.b
  LEFT JOIN cs sa ON sa.period = o.period AND sa.segment IS NOT DISTINCT FROM o.segment AND sa.x = o.a
  LEFT JOIN cs sb ON sb.period = o.period AND sb.segment IS NOT DISTINCT FROM o.segment AND sb.x = o.b,
  LATERAL (SELECT CASE WHEN coalesce(ca.tot - ca.le, 0) > 0 THEN (cb.le - ca.le) / (ca.tot - ca.le) ELSE 0 END AS p) pc,
  LATERAL (SELECT (coalesce(sb.le - sa.le, 0) + ${K_SEGMENT} * pc.p) / (coalesce(sa.tot - sa.le, 0) + ${K_SEGMENT}) AS p) ps
)`;
}

/** The group key expressions, from an allow-list. */
export const groupKeys = { company: 'NULL::VARCHAR', team: 'team_id', specialist: 'owner_id', client: 'client_id' } as const;
export type GroupBy = keyof typeof groupKeys;

/** Per point and group: billed and collected on d, and Σ open × p. */
export interface GroupSums {
  period: string;
  asOf: string;
  groupId: string | null;
  billed: number;
  collected: number;
  expected: number;
}

const sumsSchema = z.array(z.object({
  period: z.string(), asOf: z.string(), groupId: z.string().nullable(),
  billed: z.number(), collected: z.number(), expected: z.number(),
}));

/** The invoice filter for a scope and optional team / specialist (on alias i), with its values. */
export function invoiceWhere(scope: Scope, f: { teamId?: string; specialistId?: string }, params: Record<string, unknown>): string {
  const s = scopeClause(scope, 'i');
  Object.assign(params, s.params);
  const where = [s.sql];
  if (f.teamId !== undefined) { where.push('i.team_id = $teamId'); params.teamId = f.teamId; }
  if (f.specialistId !== undefined) { where.push('i.owner_id = $specialistId'); params.specialistId = f.specialistId; }
  return where.join(' AND ');
}

/**
 * Billed and collected on d and Σ open × p per point and group key `g` (an expression over inv's and
 * probs' columns; several keys: the mart's (owner, team, specialist) groups), from modelCtes.
 */
function sumsFromModelSql(points: readonly ModelPoint[], keys: readonly string[], where: string, params: Record<string, unknown>, source: Source): string {
  const k = keys.map((x, i) => `${x} AS k${i}`).join(', ');
  const on = keys.map((_, i) => `o.k${i} IS NOT DISTINCT FROM b.k${i}`).join(' AND ');
  return /* sql */ `
WITH ${modelCtes(points, where, params, source)},
b AS (SELECT period, d, ${k}, sum(amount) AS billed, sum(CASE WHEN full_on <= d THEN amount ELSE 0 END) AS full_c FROM inv GROUP BY ALL),
o AS (SELECT period, d, ${k}, sum(collected) AS part_c, sum((amount - collected) * p) AS expected FROM probs GROUP BY ALL)
SELECT b.period, b.d, ${keys.map((_, i) => `b.k${i}`).join(', ')}, b.billed::DOUBLE AS billed,
       (b.full_c + coalesce(o.part_c, 0))::DOUBLE AS collected, coalesce(o.expected, 0)::DOUBLE AS expected
FROM b LEFT JOIN o ON o.period = b.period AND o.d = b.d AND ${on}`;
}

/** The mart's group keys: every grouping and scope reads its sums from them. */
const MART_KEYS = ['owner_id', 'team_id', 'specialist_id'] as const;

/** The loader's sums per (owner, team, client's specialist) of the points, filtered and summed to group `g`. */
function storedSumsSql(points: readonly ModelPoint[], g: string, where: string, params: Record<string, unknown>): string {
  return /* sql */ `
SELECT period, strftime(as_of, '%Y-%m-%d') AS "asOf", "groupId", billed, collected, expected FROM (
  SELECT i.period, i.as_of, ${g.replace(/^(\w+)$/, 'i.$1')} AS "groupId",
         sum(i.billed)::DOUBLE AS billed, sum(i.collected)::DOUBLE AS collected, sum(i.expected)::DOUBLE AS expected
  FROM (SELECT DISTINCT period, d FROM ${pointsSql(points, params)}) q JOIN mart_invoice_sums i ON i.period = q.period AND i.as_of = q.d
  WHERE ${where}
  GROUP BY ALL
)`;
}

/** Billed, collected and expected sums per point and group (see the header). */
export async function groupSums(points: readonly ModelPoint[], by: GroupBy, where: string, params: Record<string, unknown>, source: Source = 'live'): Promise<GroupSums[]> {
  if (points.length === 0) return [];
  const g = groupKeys[by];
  const sql = source === 'stored' ? storedSumsSql(points, g, where, params)
    : /* sql */ `SELECT period, strftime(d, '%Y-%m-%d') AS "asOf", k0 AS "groupId", billed, collected, expected FROM (${sumsFromModelSql(points, [g], where, params, 'live')})`;
  return sumsSchema.parse(await query(sql, params));
}

/** What invoices issued after day d add, per rouble billed by day d (the median of the 12 months before P). */
export interface LaterInvoices { rBilled: number; rCollected: number }

/**
 * rBilled = billed after day d / billed by day d, rCollected = collected by month end on those later
 * invoices / billed by day d, in each of the 12 months before the point's period, whole company (the
 * same for every caller); the median month of each. Rows (period, day, r_billed, r_collected).
 */
function laterSql(points: readonly ModelPoint[], params: Record<string, unknown>): string {
  const rows = points.map((pt, i) => {
    Object.assign(params, { [`lp${i}`]: pt.period, [`lf${i}`]: addMonths(pt.period, -RANGE_MONTHS), [`lt${i}`]: addMonths(pt.period, -1), [`ld${i}`]: Number(pt.asOf.slice(8, 10)) });
    return `($lp${i}, $lf${i}, $lt${i}, $ld${i}::INTEGER)`;
  });
  return /* sql */ `
WITH lq AS (SELECT DISTINCT * FROM (VALUES ${rows.join(', ')}) v(period, p_from, p_to, day)),
-- Each history month's invoices summed by the day of the month they were issued (0: before it,
-- 32: after it): one scan for every point.
byday AS (
  SELECT i.period AS mp, i.issued_on, sum(i.amount) AS amount, sum(i.collected_end) AS collected_end
  FROM mart_invoice i
  WHERE i.period BETWEEN (SELECT min(p_from) FROM lq) AND (SELECT max(p_to) FROM lq)
  GROUP BY ALL
),
agg AS (
  SELECT b.mp, day(last_day(m1)) AS dim,
         CASE WHEN b.issued_on < m1 THEN 0 WHEN b.issued_on > last_day(m1) THEN 32 ELSE day(b.issued_on) END AS iday,
         b.amount, b.collected_end
  FROM byday b, LATERAL (SELECT (b.mp || '-01')::DATE AS m1) m
),
x AS (
  SELECT lq.period, lq.day, a.mp, a.amount, a.collected_end, a.iday <= least(lq.day, a.dim) AS early
  FROM lq JOIN agg a ON a.mp BETWEEN lq.p_from AND lq.p_to
),
m AS (
  SELECT period, day, mp, sum(amount) FILTER (WHERE early) AS b_early, sum(amount) FILTER (WHERE NOT early) AS b_late,
         sum(collected_end) FILTER (WHERE NOT early) AS c_late
  FROM x GROUP BY ALL
)
-- Per month, then the median month: one unusual month (a year-end rush) does not move it.
SELECT lq.period, lq.day, coalesce(r.r_billed, 0) AS r_billed, coalesce(r.r_collected, 0) AS r_collected
FROM lq LEFT JOIN (
  SELECT period, day, median(coalesce(b_late, 0) / b_early)::DOUBLE AS r_billed, median(coalesce(c_late, 0) / b_early)::DOUBLE AS r_collected
  FROM m WHERE b_early > 0 GROUP BY ALL
) r ON r.period = lq.period AND r.day = lq.day`;
}

/** The later-invoice ratios of each point (see laterSql), keyed `period|day`. */
export async function laterInvoices(points: readonly ModelPoint[], source: Source = 'live'): Promise<Map<string, LaterInvoices>> {
  const out = new Map<string, LaterInvoices>();
  if (points.length === 0) return out;
  const params: Record<string, unknown> = {};
  const sql = source === 'stored'
    ? `SELECT s.period, day(s.as_of)::INTEGER AS day, s.r_billed, s.r_collected FROM mart_invoice_points s JOIN (SELECT * FROM ${pointsSql(points, params)}) q ON q.period = s.period AND q.d = s.as_of`
    : laterSql(points, params);
  const r = z.array(z.object({ period: z.string(), day: z.number(), r_billed: z.number(), r_collected: z.number() })).parse(await query(sql, params));
  for (const x of r) out.set(`${x.period}|${x.day}`, { rBilled: x.r_billed, rCollected: x.r_collected });
  return out;
}

/** The forecast % of one group from its sums and the later-invoice ratios; null when nothing is billed. */
export function forecastPct(s: { billed: number; collected: number; expected: number }, later: LaterInvoices | undefined): number | null {
  const l = later ?? { rBilled: 0, rCollected: 0 };
  const v = pct(s.collected + s.expected + s.billed * l.rCollected, s.billed * (1 + l.rBilled));
  return v == null ? null : Math.min(100, v);
}

/** The day of period `p` at `day` (the last day when the month is shorter). */
export const dayIn = (p: string, day: number) => `${p}-${String(Math.min(day, daysInMonth(p))).padStart(2, '0')}`;

/** p-quantile (0–1) of ascending values, linear interpolation (as quantile_cont). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

export interface InvoiceForecastRow {
  groupId: string | null;
  /** Payment % on D (billed by D). */
  currentPct: number | null;
  forecastPct: number | null;
  lowPct: number | null;
  highPct: number | null;
  /** Earlier months whose errors gave the range (0–12). */
  rangeMonths: number;
}

/** The model points of a forecast on `asOf`: the day itself and the same day of the 12 months before. */
export function forecastPoints(period: string, asOf: string): ModelPoint[] {
  const day = Number(asOf.slice(8, 10));
  return [{ period, asOf }, ...Array.from({ length: RANGE_MONTHS }, (_, k) => {
    const pk = addMonths(period, -1 - k);
    return { period: pk, asOf: dayIn(pk, day) };
  })];
}

/** Whether every point's probabilities are in mart_invoice_points (the newest as-of's), else live. */
export async function sourceOf(points: readonly ModelPoint[]): Promise<Source> {
  const params: Record<string, unknown> = {};
  const [r] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart_invoice_points s JOIN (SELECT DISTINCT period, d FROM ${pointsSql(points, params)}) q ON q.period = s.period AND q.d = s.as_of`, params);
  return (r?.n ?? 0) === new Set(points.map((x) => `${x.period}|${x.asOf}`)).size ? 'stored' : 'live';
}

/**
 * The invoice method at `asOf` (a day of `period` before its last) per group, with its range: the
 * same group's errors (actual − forecast) at the same day of the 12 months before, their 10th and
 * 90th percentiles added to the forecast (≥ 3 months; see the header).
 */
export async function invoiceForecast(q: { period: string; asOf: string; by: GroupBy; where: string; params: Record<string, unknown> }): Promise<InvoiceForecastRow[]> {
  const points = forecastPoints(q.period, q.asOf);
  const source = await sourceOf(points);
  const params: Record<string, unknown> = { ...q.params, now: q.period };
  const g = groupKeys[q.by];
  const gi = g.replace(/^(\w+)$/, 'i.$1');
  const past = points.slice(1).map((x) => x.period);
  past.forEach((pp, i) => { params[`mp${i}`] = pp; });
  const sums = source === 'stored' ? storedSumsSql(points, g, q.where, params)
    : `SELECT period, strftime(d, '%Y-%m-%d') AS "asOf", k0 AS "groupId", billed, collected, expected FROM (${sumsFromModelSql(points, [g], q.where, params, 'live')})`;
  const later = source === 'stored'
    ? `SELECT s.period, day(s.as_of)::INTEGER AS day, s.r_billed, s.r_collected FROM mart_invoice_points s JOIN (SELECT DISTINCT period, d FROM ${pointsSql(points, params)}) q ON q.period = s.period AND q.d = s.as_of`
    : laterSql(points, params);
  // One row per group: today's sums and forecast, and the 10th and 90th percentiles of the errors
  // (actual month-end % from mart_payment_daycum − forecast) of the earlier points. Reading the
  // 13 × 5,000 (point, specialist) rows into JS instead cost ~400 ms at 200,000 clients.
  const sql = /* sql */ `
WITH s AS (${sums}),
l AS (${later}),
f AS (
  SELECT s.period, s."groupId", s.billed, s.collected,
         CASE WHEN s.billed > 0 THEN least(100, 100 * (s.collected + s.expected + s.billed * coalesce(l.r_collected, 0))
                                              / (s.billed * (1 + coalesce(l.r_billed, 0)))) END AS fc
  FROM s LEFT JOIN l ON l.period = s.period AND l.day = day(s."asOf"::DATE)
),
e AS (
  SELECT i.period, ${gi} AS "groupId", CASE WHEN sum(i.billed_end) > 0 THEN 100 * sum(i.collected_end) / sum(i.billed_end) END AS actual
  FROM mart_payment_daycum i WHERE i.day = 1 AND i.period IN (${past.map((_, i) => `$mp${i}`).join(', ')}) AND ${q.where}
  GROUP BY ALL
),
err AS (
  SELECT f."groupId", count(*)::INTEGER AS n, quantile_cont(e.actual - f.fc, [0.1, 0.9]) AS q
  FROM f JOIN e ON e.period = f.period AND e."groupId" IS NOT DISTINCT FROM f."groupId"
  WHERE f.period <> $now AND f.fc IS NOT NULL AND e.actual IS NOT NULL
  GROUP BY ALL
)
SELECT f."groupId", f.billed::DOUBLE AS billed, f.collected::DOUBLE AS collected, f.fc::DOUBLE AS forecast,
       coalesce(err.n, 0) AS n, err.q[1]::DOUBLE AS q10, err.q[2]::DOUBLE AS q90
FROM f LEFT JOIN err ON err."groupId" IS NOT DISTINCT FROM f."groupId"
WHERE f.period = $now`;
  const num = z.number().nullable();
  const rows = z.array(z.object({ groupId: z.string().nullable(), billed: z.number(), collected: z.number(), forecast: num, n: z.number(), q10: num, q90: num }))
    .parse(await query(sql, params));
  return rows.map((r) => {
    const currentPct = pct(r.collected, r.billed);
    const q10q90 = r.n >= MIN_RANGE_MONTHS && r.q10 != null && r.q90 != null ? { low: r.q10, high: r.q90 } : null;
    return { groupId: r.groupId, currentPct, forecastPct: r.forecast, ...rangeFrom(r.forecast, currentPct, q10q90), rangeMonths: r.n };
  });
}

/**
 * The range from past errors (ascending): forecast + their 10th and 90th percentiles, held within
 * 0–100, around the forecast, and not below today's % unless the forecast itself is (collections only
 * grow; the % falls only through invoices still to be issued, which the forecast already counts).
 */
export function forecastRange(forecast: number | null, current: number | null, errors: readonly number[]): { lowPct: number | null; highPct: number | null } {
  const sorted = [...errors].sort((a, b) => a - b);
  return rangeFrom(forecast, current, sorted.length >= MIN_RANGE_MONTHS ? { low: quantile(sorted, 0.1), high: quantile(sorted, 0.9) } : null);
}

/** forecastRange from the errors' 10th and 90th percentiles (null: fewer than 3 months). */
function rangeFrom(forecast: number | null, current: number | null, q: { low: number; high: number } | null): { lowPct: number | null; highPct: number | null } {
  if (forecast == null || !q) return { lowPct: null, highPct: null };
  const floor = current != null && forecast >= current ? current : 0;
  const clamp = (v: number) => Math.min(100, Math.max(floor, v));
  return { lowPct: clamp(Math.min(forecast, forecast + q.low)), highPct: clamp(Math.max(forecast, forecast + q.high)) };
}

/** How each build of this process went, oldest first (tests: the midday path was taken). */
const builds: Array<'all' | 'current'> = [];
export const invoiceProbabilityBuilds = (): ReadonlyArray<'all' | 'current'> => builds;

/**
 * Whether a payments-only delta leaves the earlier points as they were: every payment it touched was
 * (and is) made on or after the newest as-of's period began (_mart_paid on the load's connection,
 * lib/metrics/payment-mart.ts). Then no earlier point's day saw it (their days are in earlier
 * months), no month-end it counted changed, and no history window holds an invoice it completed:
 * a payment on or after P₀'s first day completes an invoice within MAX_LATE days of its due date
 * only when that date is after P₀'s first day − 36 days, where every window has ended.
 */
export async function earlierPointsUnchanged(con: DuckDBConnection): Promise<boolean> {
  const latest = (await con.runAndReadAll(LATEST_AS_OF_SQL)).getRowObjectsJson()[0];
  if (latest?.asOf == null) return false;
  const r = (await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM _mart_paid WHERE paid_on IS NULL OR paid_on < $from::DATE`,
    { from: firstDay(periodOf(String(latest.asOf))) })).getRowObjectsJson()[0];
  return Number(r?.n ?? 1) === 0;
}

/**
 * The probabilities of the newest as-of's points into mart_invoice_p, their sums per (owner, team,
 * client's specialist) into mart_invoice_sums and their later-invoice ratios into mart_invoice_points, on `con` inside the load's transaction (lib/derived/registry.ts).
 * `current`: only the as-of's own point (its day did not move: the 12 earlier ones stand).
 */
export async function buildInvoiceProbabilities(con: DuckDBConnection, loadId: number | null, part: 'all' | 'current' = 'all'): Promise<number> {
  const started = Date.now();
  builds.push(part);
  const latest = (await con.runAndReadAll(LATEST_AS_OF_SQL)).getRowObjectsJson()[0];
  const asOf = latest?.asOf == null ? null : String(latest.asOf);
  if (part === 'all' || !asOf) {
    await con.run('DELETE FROM mart_invoice_p');
    await con.run('DELETE FROM mart_invoice_points');
    await con.run('DELETE FROM mart_invoice_sums');
  }
  if (!asOf) return 0;
  const all = forecastPoints(periodOf(asOf), asOf);
  const points = part === 'all' ? all : all.slice(0, 1);
  if (part === 'current') {
    await con.run('DELETE FROM mart_invoice_p WHERE period = $p', { p: points[0].period });
    await con.run('DELETE FROM mart_invoice_points WHERE period = $p', { p: points[0].period });
    await con.run('DELETE FROM mart_invoice_sums WHERE period = $p', { p: points[0].period });
  }
  const params: Record<string, unknown> = {};
  await con.run(`INSERT INTO mart_invoice_p
    WITH ${modelCtes(points, 'TRUE', params)}
    SELECT period, d, invoice_id, client_id, owner_id, team_id, specialist_id, amount, collected, due_on, p, usual, seen FROM probs`, bindable(params) as never);
  const sp: Record<string, unknown> = {};
  // From the probabilities just stored: the model runs once.
  await con.run(`INSERT INTO mart_invoice_sums ${sumsFromModelSql(points, MART_KEYS, 'TRUE', sp, 'stored')}`, bindable(sp) as never);
  const lp: Record<string, unknown> = {};
  await con.run(`INSERT INTO mart_invoice_points SELECT l.period, make_date(year(m1), month(m1), least(l.day, day(last_day(m1)))), l.r_billed, l.r_collected
    FROM (${laterSql(points, lp)}) l, LATERAL (SELECT (l.period || '-01')::DATE AS m1) m`, bindable(lp) as never);
  const ms = Date.now() - started;
  log.info(`invoice probabilities for ${asOf} (${part === 'all' ? `${points.length} points` : 'its own point'}) built for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}
