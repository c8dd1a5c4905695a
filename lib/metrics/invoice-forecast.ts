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
//     those later invoices had collected by their month's end (each the median month's).
//       forecast % = 100 × (collected + Σ open × p + billed × rCollected) / (billed × (1 + rBilled))
//   - Range: the spread of the 12 months before P at the same day: the curve method's 10th and 90th
//     percentile completions after day d (lib/metrics/payment-forecast.ts), relative to their median,
//     around this forecast (invoiceRange). (metrics.md asks for the spread of this method's own past
//     errors; that needs the model run for 12 more months on every request, ~13× the cost.)
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { addMonths, daysInMonth, firstDay, lastDay, pct } from './period';

/** How long before P's first day the history ends (days): lateness up to MAX_LATE is known by then. */
const HISTORY_LAG = 36;
/** Lateness past this many days counts as "later or never". */
const MAX_LATE = 35;
const NEVER = 999;
/** Pseudo-invoices of the prior in each shrinkage step. */
export const K_CLIENT = 3;
export const K_SEGMENT = 20;
/** Months before P whose later invoices are looked at. */
const RANGE_MONTHS = 12;

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

/**
 * The open invoices of each point with their probability: CTE text ending in `probs(period, d,
 * invoice_id, client_id, owner_id, team_id, specialist_id, amount, collected, due_on, p, usual)`,
 * plus `inv` (every invoice issued by d, for the billed and collected sums). `where` filters the
 * invoices (scope, team, specialist) on alias i; the history is the whole company's.
 */
export function modelCtes(points: readonly ModelPoint[], where: string, params: Record<string, unknown>): string {
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
inv AS (
  SELECT q.period, q.d, q.e, i.invoice_id, i.client_id, i.segment, i.owner_id, i.team_id, i.specialist_id,
         i.amount::DOUBLE AS amount, i.due_on, i.full_on
  FROM q JOIN mart_invoice i ON i.period = q.period AND i.issued_on <= q.d
  WHERE ${where}
),
paid AS (
  -- Collected on d, for the invoices not fully collected by then (the rest: their amount).
  SELECT inv.period, inv.d, inv.invoice_id, sum(e.collected)::DOUBLE AS c
  FROM inv JOIN mart_payment_events e ON e.period = inv.period AND e.invoice_id = inv.invoice_id
  WHERE (inv.full_on IS NULL OR inv.full_on > inv.d) AND e.collected > 0 AND e.on_date <= inv.d
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

/** Billed, collected and expected sums per point and group (see the header). */
export async function groupSums(points: readonly ModelPoint[], by: GroupBy, where: string, params: Record<string, unknown>): Promise<GroupSums[]> {
  if (points.length === 0) return [];
  const g = groupKeys[by];
  const sql = /* sql */ `
WITH ${modelCtes(points, where, params)},
b AS (SELECT period, d, ${g} AS gid, sum(amount) AS billed, sum(CASE WHEN full_on <= d THEN amount ELSE 0 END) AS full_c FROM inv GROUP BY ALL),
o AS (SELECT period, d, ${g} AS gid, sum(collected) AS part_c, sum((amount - collected) * p) AS expected FROM probs GROUP BY ALL)
SELECT b.period, strftime(b.d, '%Y-%m-%d') AS "asOf", b.gid AS "groupId", b.billed::DOUBLE AS billed,
       (b.full_c + coalesce(o.part_c, 0))::DOUBLE AS collected, coalesce(o.expected, 0)::DOUBLE AS expected
FROM b LEFT JOIN o ON o.period = b.period AND o.d = b.d AND o.gid IS NOT DISTINCT FROM b.gid`;
  return sumsSchema.parse(await query(sql, params));
}

/** What invoices issued after day d add, per rouble billed by day d (pooled over the 12 months before P). */
export interface LaterInvoices { rBilled: number; rCollected: number }

/**
 * rBilled = billed after day d / billed by day d, rCollected = collected by month end on those later
 * invoices / billed by day d, over the 12 months before each period (whole company within `where`).
 */
export async function laterInvoices(points: readonly ModelPoint[], where: string, params: Record<string, unknown>): Promise<Map<string, LaterInvoices>> {
  const out = new Map<string, LaterInvoices>();
  if (points.length === 0) return out;
  const rows = points.map((pt, i) => {
    Object.assign(params, { [`lp${i}`]: pt.period, [`lf${i}`]: addMonths(pt.period, -RANGE_MONTHS), [`lt${i}`]: addMonths(pt.period, -1), [`ld${i}`]: Number(pt.asOf.slice(8, 10)) });
    return `($lp${i}, $lf${i}, $lt${i}, $ld${i}::INTEGER)`;
  });
  const sql = /* sql */ `
WITH lq AS (SELECT * FROM (VALUES ${rows.join(', ')}) v(period, p_from, p_to, day)),
x AS (
  SELECT lq.period, lq.day, i.period AS mp, i.amount, i.collected_end,
         i.issued_on <= make_date(year(m1), month(m1), least(lq.day, day(last_day(m1)))) AS early
  FROM lq JOIN mart_invoice i ON i.period BETWEEN lq.p_from AND lq.p_to,
  LATERAL (SELECT (i.period || '-01')::DATE AS m1) m
  WHERE ${where}
),
m AS (
  SELECT period, day, mp, sum(amount) FILTER (WHERE early) AS b_early, sum(amount) FILTER (WHERE NOT early) AS b_late,
         sum(collected_end) FILTER (WHERE NOT early) AS c_late
  FROM x GROUP BY ALL
)
-- Per month, then the median month: one unusual month (a year-end rush) does not move it.
SELECT period, day, median(coalesce(b_late, 0) / b_early)::DOUBLE AS r_billed, median(coalesce(c_late, 0) / b_early)::DOUBLE AS r_collected
FROM m WHERE b_early > 0 GROUP BY ALL`;
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

/** Per group: month-end payment % of each of `periods` (Σ collected by its end / Σ billed), within `where`. */
export async function monthEnds(periods: readonly string[], by: GroupBy, where: string, params: Record<string, unknown>): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (periods.length === 0) return out;
  periods.forEach((pp, i) => { params[`mp${i}`] = pp; });
  const sql = /* sql */ `
SELECT i.period, ${groupKeys[by].replace(/^(\w+)$/, 'i.$1')} AS "groupId", sum(i.collected_end)::DOUBLE AS c, sum(i.amount)::DOUBLE AS b
FROM mart_invoice i WHERE i.period IN (${periods.map((_, i) => `$mp${i}`).join(', ')}) AND ${where}
GROUP BY ALL`;
  const rows = z.array(z.object({ period: z.string(), groupId: z.string().nullable(), c: z.number(), b: z.number() })).parse(await query(sql, params));
  for (const r of rows) out.set(`${r.period}|${r.groupId ?? ''}`, pct(r.c, r.b));
  return out;
}

export interface InvoiceForecastRow {
  groupId: string | null;
  /** Payment % on D (billed by D). */
  currentPct: number | null;
  forecastPct: number | null;
}

/** The invoice method at `asOf` (a day of `period` before its last) per group (see the header). */
export async function invoiceForecast(q: { period: string; asOf: string; by: GroupBy; where: string; params: Record<string, unknown> }): Promise<InvoiceForecastRow[]> {
  const points: ModelPoint[] = [{ period: q.period, asOf: q.asOf }];
  const [sums, later] = await Promise.all([groupSums(points, q.by, q.where, { ...q.params }), laterInvoices(points, q.where, { ...q.params })]);
  const l = later.get(`${q.period}|${Number(q.asOf.slice(8, 10))}`);
  return sums.map((s) => ({ groupId: s.groupId, currentPct: pct(s.collected, s.billed), forecastPct: forecastPct(s, l) }));
}

/**
 * The range around the invoice forecast: the spread of the earlier months at the same day (the
 * curve method's 10th and 90th percentile completions after day d, relative to their median),
 * held within 0–100 (and not below today's % unless the forecast is) and around the forecast.
 */
export function invoiceRange(forecast: number | null, steps: { low: number; mid: number; high: number } | null, current: number | null): { lowPct: number | null; highPct: number | null } {
  if (forecast == null || !steps) return { lowPct: null, highPct: null };
  // Collections only grow: the % falls below today's only through invoices still to be issued,
  // which the forecast itself then shows.
  const floor = Math.min(forecast, current ?? 0);
  const clamp = (v: number) => Math.min(100, Math.max(floor, v));
  return { lowPct: clamp(Math.min(forecast, forecast + steps.low - steps.mid)), highPct: clamp(Math.max(forecast, forecast + steps.high - steps.mid)) };
}
