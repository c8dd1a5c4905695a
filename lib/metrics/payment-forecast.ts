// Month-end forecast of the month payment % (spec/metrics.md, "Month-end forecast"), with the
// run-rate baseline and the backtest the product reports next to it.
//
// Method, at day d of period P, for one group (company, team or specialist):
//   1. current = payment %(P) as known on day d (spec "Payment %": month payment %, on_date ≤ D).
//   2. For each of the up-to-12 months M before P with something billed both on its day d
//      (dayOf(M, d): day 30 of February is its last day) and on its last day, take that month's
//      own curve: pct_M(d) and pct_M(end), each as known on that date.
//   3. Per month, f_M = current + (pct_M(end) − pct_M(d)): the completion that month still made
//      after day d, in percentage points, added to where P stands today ("additive").
//   4. Point forecast = median of f_M; range = 10th–90th percentile (linear interpolation); all
//      three clamped to [current, 100] (collections only grow; payment % never exceeds 100).
//   5. Fewer than 3 usable months: no forecast (monthsUsed says how many there were). On the
//      month's last day (or asOf after it) the month is complete: forecast = range = actual.
// Why additive: the backtest on the demo company (2,000 clients, 24 months, as of 2026-11-24,
// 17 tested months 2025-06..2026-10; 16 on day 5, when January has nothing billed yet) gives MAE
// in percentage points
//     day                  5      10     15     20     25
//     additive          5.46    5.64   2.67   2.62   1.54
//     multiplicative   14.58    8.05   3.46   3.06   1.59
//     run-rate         15.94   19.75  16.22  15.21  12.09
// The multiplicative variant (current × pct_M(end) / pct_M(d)) explodes when a month's day-d
// figure is small (January holidays: 0–1 % on day 10); additive stays bounded. Both stay below
// (`forecastMethods`) so the comparison can be re-run: getPaymentBacktest({ method }). Known
// weakness of both: months are aligned by day number, not by working day, so January (invoices
// and payments after the holidays) is forecast far too low early on (day 10: 27 % vs 79 %).
//
// Query shape (API target p95 ≤ 100 ms at 200,000 clients): the sums come from
// mart_payment_daycum, cumulative per (day 1–31, period, owner, team, client's specialist), read
// at one day for the 13 periods. At 200,000 clients scanning the 8M-row event mart once per
// period (constants bound per period) had p95 144 ms by team and 415 ms by specialist
// (scripts/bench/PAYMENTS.md, 2026-11-24); the cumulative mart is read at one day only.
import { z } from 'zod';
import { query, warehouseTarget } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import { getOrgNames } from '../org/names';
import { addMonths, daysInMonth, firstDay, isoDateSchema, lastDay, pct, periodOf, periodSchema } from './period';
import { dayIn, forecastPct as invoiceForecastPct, groupSums, invoiceForecast, invoiceWhere, laterInvoices, type InvoiceForecastRow, type ModelPoint } from './invoice-forecast';

/** How many months before the forecast month are looked at. */
const WINDOW_MONTHS = 12;
/** Fewer usable months than this: no forecast. */
const MIN_MONTHS = 3;
/** Backtest: months need at least this many earlier months in the mart to be tested. */
const MIN_BACKTEST_HISTORY = 6;
const DEFAULT_BACKTEST_DAYS = [5, 10, 15, 20, 25];

export const forecastMethods = ['additive', 'multiplicative'] as const;
export type ForecastMethod = (typeof forecastMethods)[number];
/** The method the product uses (the lower backtest MAE, see the header). */
// getPaymentForecast computes this method in SQL (forecastSql); the backtest can run either in JS.
const METHOD = 'additive' as const satisfies ForecastMethod;

export const forecastBySchema = z.enum(['company', 'team', 'specialist']);
export type ForecastBy = z.infer<typeof forecastBySchema>;

/** One earlier month's curve at the same day: payment % on day d and on its last day. */
export interface MonthCurve {
  dayPct: number;
  endPct: number;
}

export interface ForecastRow {
  /** Team or specialist id; null for the company and for "no team / no specialist". */
  id: string | null;
  name: string;
  /** Month payment % as known on day `day`. */
  currentPct: number | null;
  /** The invoice method (lib/metrics/invoice-forecast.ts): the forecast shown, with its range. */
  forecastPct: number | null;
  lowPct: number | null;
  highPct: number | null;
  /** The curve method (this file's header), kept beside it for comparison. */
  curvePct: number | null;
  runRatePct: number | null;
  /** Earlier months whose curves the curve method used (0–12). */
  monthsUsed: number;
}

export interface PaymentForecast {
  period: string;
  asOf: string;
  /** Day of the period the forecast stands on: asOf's day, daysInMonth after the period, 0 before it. */
  day: number;
  daysInMonth: number;
  rows: ForecastRow[];
}

export interface PaymentBacktest {
  asOf: string;
  /** The company within the caller's scope. */
  days: BacktestDay[];
  months: Array<{ period: string; actualPct: number | null; byDay: Array<{ day: number; forecastPct: number | null; curvePct: number | null; runRatePct: number | null }> }>;
  /** The same errors per team. */
  teams: Array<{ id: string; name: string; days: BacktestDay[] }>;
}

/**
 * Run-rate baseline (metrics.md): payment % on day `day` × daysInMonth / day, capped at 100.
 * Null when there is no payment % yet or the day is not in the month.
 */
export function runRatePct(pctAtDay: number | null, day: number, daysInMonth: number): number | null {
  if (pctAtDay == null || !(day > 0) || !(daysInMonth > 0)) return null;
  return Math.min(100, (pctAtDay * daysInMonth) / Math.min(day, daysInMonth));
}

/** p-quantile (0–1) of ascending values, linear interpolation between closest ranks. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

/** The 10th, 50th and 90th percentiles of the per-month forecasts (or of their additive steps). */
export interface ForecastQuantiles { low: number; mid: number; high: number }

/**
 * The forecast's rules on top of its percentiles: no current figure → none; month complete → the
 * actual; fewer than 3 usable months → none; else the percentiles clamped to [current, 100].
 * `q` are the additive steps' percentiles (end − day-d, points) when `shift` is true, added to
 * `current`; else the forecasts' own percentiles.
 */
export function applyForecastRules(
  current: number | null,
  monthsUsed: number,
  q: ForecastQuantiles | null,
  opts: { complete?: boolean; shift?: boolean } = {},
): { forecastPct: number | null; lowPct: number | null; highPct: number | null; monthsUsed: number } {
  if (current == null) return { forecastPct: null, lowPct: null, highPct: null, monthsUsed };
  if (opts.complete) return { forecastPct: current, lowPct: current, highPct: current, monthsUsed };
  if (monthsUsed < MIN_MONTHS || !q) return { forecastPct: null, lowPct: null, highPct: null, monthsUsed };
  const at = (x: number) => Math.min(100, Math.max(current, opts.shift ? current + x : x));
  return { forecastPct: at(q.mid), lowPct: at(q.low), highPct: at(q.high), monthsUsed };
}

/**
 * Point forecast and 10–90 % range of the month-end payment % from `current` (on day d) and
 * earlier months' curves at the same day; all on 0–100, clamped to [current, 100].
 * `complete`: the month has ended, so the forecast is the actual value.
 */
export function forecastFromHistory(
  current: number | null,
  history: MonthCurve[],
  opts: { complete?: boolean; method?: ForecastMethod } = {},
): { forecastPct: number | null; lowPct: number | null; highPct: number | null; monthsUsed: number } {
  const method = opts.method ?? METHOD;
  // Multiplicative needs a non-zero day-d figure to scale by.
  const usable = method === 'multiplicative' ? history.filter((h) => h.dayPct > 0) : history;
  if (current == null || usable.length === 0) return applyForecastRules(current, usable.length, null, opts);
  const f = usable
    .map((h) => (method === 'additive' ? current + (h.endPct - h.dayPct) : (current * h.endPct) / h.dayPct))
    .sort((a, b) => a - b);
  return applyForecastRules(current, usable.length, { low: quantile(f, 0.1), mid: quantile(f, 0.5), high: quantile(f, 0.9) }, opts);
}

// Group key per grouping, from an allow-list (metrics.md "Grouping": by specialist uses the
// invoice's owner, by team through that specialist; the mart carries both as owner_id/team_id).
// Names and their order come from lib/org/names.ts.
const groupings = {
  company: { key: 'NULL::VARCHAR', fallback: ru.payments.company },
  team: { key: 'm.team_id', fallback: ru.payments.noTeam },
  specialist: { key: 'm.owner_id', fallback: ru.payments.noSpecialist },
} as const satisfies Record<ForecastBy, { key: string; fallback: string }>;

/** A month's billed and collected sums (roubles) as known on its day d and on its last day. */
interface Sums {
  billedDay: number | null;
  collectedDay: number | null;
  billedEnd: number | null;
  collectedEnd: number | null;
}

// The forecast read by column (65,000 rows by specialist at 200,000 clients: one object per row
// cost more than the query itself).
const forecastGroupSchema = z.object({
  groupId: z.string().nullable(), currentPct: z.number().nullable(), monthsUsed: z.number().int(),
  qLow: z.number().nullable(), qMid: z.number().nullable(), qHigh: z.number().nullable(),
});

/**
 * One read of the daily cumulative mart (mart_payment_daycum) at day d for the 13 periods: each
 * row already holds a (period, owner, team, specialist) group's sums as known on the period's day
 * d (clamped to its last day, as dayOf does) and on its last day; identifiers only from
 * `groupings`, values all bound.
 */
function forecastSql(by: ForecastBy, where: string): string {
  const g = groupings[by];
  // The additive method in SQL, one row per group: the current payment % (P on day d), the number
  // of usable earlier months (billed on both their day d and last day) and the 10/50/90th
  // percentiles of their steps end − day-d (quantile_cont interpolates linearly, as quantile()
  // does). P's own forecast is current + step, clamped, by applyForecastRules. Reading the
  // 65,000 (group, period) rows into JS instead cost 150 ms by specialist at 200,000 clients.
  return /* sql */ `
WITH a AS (
  SELECT ${g.key} AS groupId, m.period,
    sum(m.billed)::DOUBLE AS billed_day, sum(m.collected)::DOUBLE AS collected_day,
    sum(m.billed_end)::DOUBLE AS billed_end, sum(m.collected_end)::DOUBLE AS collected_end
  FROM mart_payment_daycum m
  WHERE m.day = $day AND m.period BETWEEN $pFrom AND $pTo AND ${where}
  GROUP BY ALL
),
p AS (
  SELECT groupId, period = $pTo AS is_current,
    CASE WHEN billed_day > 0 THEN 100 * collected_day / billed_day END AS day_pct,
    CASE WHEN billed_end > 0 THEN 100 * collected_end / billed_end END AS end_pct
  FROM a
),
s AS (
  SELECT groupId,
    max(day_pct) FILTER (WHERE is_current) AS current_pct,
    count(end_pct - day_pct) FILTER (WHERE NOT is_current)::INTEGER AS months_used,
    -- One sort per group for all three percentiles.
    quantile_cont(end_pct - day_pct, [0.1, 0.5, 0.9]) FILTER (WHERE NOT is_current) AS q
  FROM p GROUP BY groupId
)
SELECT a.groupId, a.current_pct AS currentPct, a.months_used AS monthsUsed,
  a.q[1] AS qLow, a.q[2] AS qMid, a.q[3] AS qHigh
FROM s a`;
}

const forecastQuerySchema = z.object({
  period: periodSchema,
  asOf: isoDateSchema,
  by: forecastBySchema,
  teamId: z.string().optional(),
  specialistId: z.string().optional(),
});

/**
 * Month-end payment % forecast for `period` as known on `asOf`, per company, team or specialist
 * within `scope` (percentages 0–100; see the header for the method and metrics.md).
 */
export async function getPaymentForecast(q: {
  period: string;
  asOf: string;
  by: ForecastBy;
  scope: Scope;
  teamId?: string;
  specialistId?: string;
}): Promise<PaymentForecast> {
  const { period, asOf, by, teamId, specialistId } = forecastQuerySchema.parse(q);
  const dim = daysInMonth(period);
  const before = asOf < firstDay(period);
  const day = before ? 0 : asOf > lastDay(period) ? dim : Number(asOf.slice(8, 10));
  const complete = day === dim;

  // Index 0 is the period itself; its "day-d" date is asOf (or its last day once it has ended).
  const periods = Array.from({ length: WINDOW_MONTHS + 1 }, (_, i) => addMonths(period, -i));
  // The period's own day-d figure is as known on asOf (its day), the earlier months' on their day d.
  const params: Record<string, unknown> = { day: Math.max(day, 1), pFrom: periods[periods.length - 1], pTo: period };
  const scope = scopeClause(q.scope, 'm');
  const where = [scope.sql];
  Object.assign(params, scope.params);
  if (teamId !== undefined) { where.push('m.team_id = $teamId'); params.teamId = teamId; }
  if (specialistId !== undefined) { where.push('m.owner_id = $specialistId'); params.specialistId = specialistId; }

  // The invoice method, shown (metrics.md): on a day of the month before its last. Its statement
  // runs beside the curve method's (each on its own connection): by specialist at 200,000 clients
  // the two one after the other took ~110 ms.
  const iParams: Record<string, unknown> = {};
  const iWhere = invoiceWhere(q.scope, { teamId, specialistId }, iParams);
  const [rows, names, invoiceRows] = await Promise.all([
    query(forecastSql(by, where.join(' AND ')), params).then((r) => z.array(forecastGroupSchema).parse(r)),
    by === 'company' ? null : getOrgNames().then((n) => (by === 'team' ? n.teams : n.specialists)),
    !before && !complete ? invoiceForecast({ period, asOf, by, where: iWhere, params: iParams }) : Promise.resolve([]),
  ]);
  if (by === 'company' && rows.length === 0) {
    rows.push({ groupId: null, currentPct: null, monthsUsed: 0, qLow: null, qMid: null, qHigh: null });
  }
  const invoice = new Map<string | null, InvoiceForecastRow>(invoiceRows.map((r) => [r.groupId, r]));

  const out: ForecastRow[] = [];
  for (const r of rows) {
    const id = r.groupId;
    const name = (id !== null ? names?.get(id)?.name : undefined) ?? (by === 'company' ? groupings.company.fallback : id ?? groupings[by].fallback);
    if (before) {
      // Nothing of the period is known yet.
      out.push({ id, name, currentPct: null, forecastPct: null, lowPct: null, highPct: null, curvePct: null, runRatePct: null, monthsUsed: 0 });
      continue;
    }
    // The current payment % as pct() gives it: billed 0 (or no row) → none.
    const currentPct = r.currentPct;
    const q = r.qMid === null || r.qLow === null || r.qHigh === null ? null : { low: r.qLow, mid: r.qMid, high: r.qHigh };
    const curve = applyForecastRules(currentPct, r.monthsUsed, q, { complete, shift: true });
    // A complete month's forecast is its actual value; before that, the invoice method's.
    const inv = invoice.get(id);
    const shown = complete ? { forecastPct: curve.forecastPct, lowPct: curve.lowPct, highPct: curve.highPct }
      : currentPct == null ? { forecastPct: null, lowPct: null, highPct: null }
      : { forecastPct: inv?.forecastPct ?? null, lowPct: inv?.lowPct ?? null, highPct: inv?.highPct ?? null };
    out.push({ id, name, currentPct, ...shown, curvePct: curve.forecastPct, runRatePct: runRatePct(currentPct, day, dim), monthsUsed: curve.monthsUsed });
  }
  // Named groups in Russian alphabetical order, unnamed ids after them, "no team / no specialist" last.
  const rank = (id: string | null) => (id === null ? Infinity : names?.get(id)?.rank ?? Number.MAX_SAFE_INTEGER);
  out.sort((a, b) => rank(a.id) - rank(b.id) || (a.id ?? '').localeCompare(b.id ?? ''));
  return { period, asOf, day, daysInMonth: dim, rows: out };
}

/** Usable earlier-month curves: billed > 0 both on the month's day d and on its last day. */
function curves(sums: Array<Sums | undefined>): MonthCurve[] {
  const out: MonthCurve[] = [];
  for (const s of sums) {
    if (!s) continue;
    const dayPct = pct(s.collectedDay ?? 0, s.billedDay ?? 0);
    const endPct = pct(s.collectedEnd ?? 0, s.billedEnd ?? 0);
    if (dayPct != null && endPct != null) out.push({ dayPct, endPct });
  }
  return out;
}

const backtestQuerySchema = z.object({
  asOf: isoDateSchema,
  days: z.array(z.number().int().min(1).max(31)).min(1).optional(),
  method: z.enum(forecastMethods).optional(),
});

/** Mean absolute errors of the three methods at one day, over the months where all three exist. */
export interface BacktestDay {
  day: number;
  /** The invoice method (the one shown). */
  methodMae: number | null;
  curveMae: number | null;
  runRateMae: number | null;
  monthsUsed: number;
}

/** One group's month-end sums and its sums on each backtest day, as the cumulative mart gives them. */
interface GroupMonth { billedEnd: number | null; collectedEnd: number | null; at: Sums[] }

/**
 * Backtest of the month-end forecast (metrics.md): every month ended by `asOf` with ≥ 6 earlier
 * months in the mart is forecast on each of `days` (default 5, 10, 15, 20, 25) by the invoice
 * method, the curve method (from the 12 months before it) and run-rate, and compared with its
 * actual month-end payment %; MAE in percentage points over the months where all three exist, for
 * the company within `scope` and for each of its teams.
 */
export async function getPaymentBacktest(q: {
  asOf: string;
  scope: Scope;
  days?: number[];
  method?: ForecastMethod;
}): Promise<PaymentBacktest> {
  // A published snapshot never changes: its backtest (the model run for every tested month and
  // day, seconds at 200,000 clients) is kept per snapshot, scope and arguments.
  const { target, open } = warehouseTarget();
  if (!target?.readOnly || !open) return computeBacktest(q);
  const key = JSON.stringify([open, q.scope.role, q.scope.specialistId ?? null, q.scope.teamIds ?? null, q.asOf, q.days ?? null, q.method ?? null]);
  let hit = backtests.get(key);
  if (!hit) {
    hit = computeBacktest(q);
    hit.catch(() => backtests.delete(key));
    backtests.set(key, hit);
    while (backtests.size > BACKTEST_CACHE) backtests.delete(backtests.keys().next().value!);
  }
  return hit;
}

const BACKTEST_CACHE = 32;
const backtests = new Map<string, Promise<PaymentBacktest>>();

async function computeBacktest(q: Parameters<typeof getPaymentBacktest>[0]): Promise<PaymentBacktest> {
  const parsed = backtestQuerySchema.parse(q);
  const { asOf } = parsed;
  const days = [...new Set(parsed.days ?? DEFAULT_BACKTEST_DAYS)].sort((a, b) => a - b);
  const lastComplete = asOf === lastDay(periodOf(asOf)) ? periodOf(asOf) : addMonths(periodOf(asOf), -1);

  const scope = scopeClause(q.scope, 'm');
  const params: Record<string, unknown> = { ...scope.params, to: lastComplete };
  days.forEach((d, i) => { params[`d${i}`] = d; });
  // The daily cumulative mart read at each backtest day (one pruned scan per day; day d of a
  // shorter month is its last day, as dayOf does), summed per period and team.
  const sql = days.map((_, i) => /* sql */ `
SELECT m.period, m.team_id AS team, ${i} AS k, sum(m.billed)::DOUBLE AS b, sum(m.collected)::DOUBLE AS c,
  sum(m.billed_end)::DOUBLE AS "bEnd", sum(m.collected_end)::DOUBLE AS "cEnd"
FROM mart_payment_daycum m
WHERE m.day = $d${i} AND m.period <= $to AND ${scope.sql}
GROUP BY m.period, m.team_id`).join('\nUNION ALL') + '\nORDER BY period, team, k';

  const num = z.number().nullable();
  const raw = z.array(z.object({ period: z.string(), team: z.string().nullable(), k: z.number().int(), b: num, c: num, bEnd: num, cEnd: num }))
    .parse(await query<Record<string, unknown>>(sql, params));
  // Per group ('' = the company, else a team id) and period: the sums on each day and at the end.
  const groups = new Map<string, Map<string, GroupMonth>>();
  const add = (g: string, period: string, k: number, r: { b: number | null; c: number | null; bEnd: number | null; cEnd: number | null }) => {
    let byPeriod = groups.get(g);
    if (!byPeriod) groups.set(g, byPeriod = new Map());
    let m = byPeriod.get(period);
    if (!m) byPeriod.set(period, m = { billedEnd: 0, collectedEnd: 0, at: days.map(() => ({ billedDay: null, collectedDay: null, billedEnd: null, collectedEnd: null })) });
    const a = m.at[k];
    const plus = (x: number | null, y: number | null) => (x === null && y === null ? null : (x ?? 0) + (y ?? 0));
    m.at[k] = { billedDay: plus(a.billedDay, r.b), collectedDay: plus(a.collectedDay, r.c), billedEnd: plus(a.billedEnd, r.bEnd), collectedEnd: plus(a.collectedEnd, r.cEnd) };
    if (k === 0) { m.billedEnd = plus(m.billedEnd, r.bEnd); m.collectedEnd = plus(m.collectedEnd, r.cEnd); }
  };
  for (const r of raw) {
    add('', r.period, r.k, r);
    if (r.team !== null) add(r.team, r.period, r.k, r);
  }
  const company = groups.get('') ?? new Map<string, GroupMonth>();
  // Months with something billed by their last day count as history; the tested ones follow 6 of them.
  const withHistory = [...company.entries()].filter(([, m]) => (m.billedEnd ?? 0) > 0).map(([p]) => p).sort();
  const tested = withHistory.slice(MIN_BACKTEST_HISTORY);

  // The invoice method at every (tested month, day), per team; the company's sums are the teams' sums.
  const points: ModelPoint[] = tested.flatMap((p) => days.map((d) => ({ period: p, asOf: dayIn(p, d) })));
  const iParams: Record<string, unknown> = {};
  const iWhere = invoiceWhere(q.scope, {}, iParams);
  const [sums, later] = await Promise.all([groupSums(points, 'team', iWhere, { ...iParams }), laterInvoices(points)]);
  const invoiceSums = new Map<string, { billed: number; collected: number; expected: number }>();
  for (const x of sums) {
    for (const g of x.groupId === null ? [''] : ['', x.groupId]) {
      const key = `${g}|${x.period}|${x.asOf}`;
      const v = invoiceSums.get(key) ?? { billed: 0, collected: 0, expected: 0 };
      invoiceSums.set(key, { billed: v.billed + x.billed, collected: v.collected + x.collected, expected: v.expected + x.expected });
    }
  }

  const evaluate = (g: string) => {
    const byPeriod = groups.get(g) ?? new Map<string, GroupMonth>();
    const months: PaymentBacktest['months'] = [];
    const errs = days.map(() => ({ invoice: 0, curve: 0, runRate: 0, n: 0 }));
    for (const period of tested) {
      const r = byPeriod.get(period);
      if (!r) continue;
      const actualPct = pct(r.collectedEnd ?? 0, r.billedEnd ?? 0);
      const dim = daysInMonth(period);
      const window = Array.from({ length: WINDOW_MONTHS }, (_, j) => byPeriod.get(addMonths(period, -1 - j)));
      const byDay = days.map((day, i) => {
        const current = pct(r.at[i].collectedDay ?? 0, r.at[i].billedDay ?? 0);
        const history = curves(window.map((w) => w?.at[i]));
        const complete = day >= dim;
        const curvePct = forecastFromHistory(current, history, { complete, method: parsed.method }).forecastPct;
        const s = invoiceSums.get(`${g}|${period}|${dayIn(period, day)}`);
        const forecastPct = complete ? current : s ? invoiceForecastPct(s, later.get(`${period}|${day}`)) : null;
        const rr = runRatePct(current, day, dim);
        if (forecastPct != null && curvePct != null && rr != null && actualPct != null) {
          errs[i].invoice += Math.abs(forecastPct - actualPct);
          errs[i].curve += Math.abs(curvePct - actualPct);
          errs[i].runRate += Math.abs(rr - actualPct);
          errs[i].n++;
        }
        return { day, forecastPct, curvePct, runRatePct: rr };
      });
      months.push({ period, actualPct, byDay });
    }
    const out: BacktestDay[] = days.map((day, i) => ({
      day,
      methodMae: errs[i].n ? errs[i].invoice / errs[i].n : null,
      curveMae: errs[i].n ? errs[i].curve / errs[i].n : null,
      runRateMae: errs[i].n ? errs[i].runRate / errs[i].n : null,
      monthsUsed: errs[i].n,
    }));
    return { days: out, months };
  };

  const teamIds = [...groups.keys()].filter((g) => g !== '');
  const names = teamIds.length ? (await getOrgNames()).teams : null;
  const rank = (id: string) => names?.get(id)?.rank ?? Number.MAX_SAFE_INTEGER;
  teamIds.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const all = evaluate('');
  return {
    asOf,
    ...all,
    teams: teamIds.map((id) => ({ id, name: names?.get(id)?.name ?? id, days: evaluate(id).days })),
  };
}
