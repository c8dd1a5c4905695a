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
// Query shape (API target p95 ≤ 100 ms at 8.5M mart rows): the 13 periods are read once, as a
// UNION ALL of one pruned scan per period (WHERE m.period = $pN) whose FILTERs compare on_date
// with that period's day-d and last-day dates bound as constants. On a synthetic 8.5M-row mart
// (2 threads) the getter takes 26 ms for the company and 56 ms by team; the same sums from one
// BETWEEN scan computing each row's day-d date from its period string took 180 ms by team, and
// a (group, period, on_date) pre-aggregation 62 ms by team but 400 ms by specialist.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { ensurePaymentMart } from './payment-mart';
import { addMonths, dayOf, daysInMonth, firstDay, isoDateSchema, lastDay, pct, periodOf, periodSchema } from './period';

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
const METHOD: ForecastMethod = 'additive';

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
  forecastPct: number | null;
  lowPct: number | null;
  highPct: number | null;
  runRatePct: number | null;
  /** Earlier months whose curves the forecast used (0–12). */
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
  days: Array<{ day: number; methodMae: number | null; runRateMae: number | null; monthsUsed: number }>;
  months: Array<{ period: string; actualPct: number | null; byDay: Array<{ day: number; forecastPct: number | null; runRatePct: number | null }> }>;
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
  const monthsUsed = usable.length;
  if (current == null) return { forecastPct: null, lowPct: null, highPct: null, monthsUsed };
  if (opts.complete) return { forecastPct: current, lowPct: current, highPct: current, monthsUsed };
  if (monthsUsed < MIN_MONTHS) return { forecastPct: null, lowPct: null, highPct: null, monthsUsed };
  const clamp = (x: number) => Math.min(100, Math.max(current, x));
  const f = usable
    .map((h) => (method === 'additive' ? current + (h.endPct - h.dayPct) : (current * h.endPct) / h.dayPct))
    .sort((a, b) => a - b);
  return { forecastPct: clamp(quantile(f, 0.5)), lowPct: clamp(quantile(f, 0.1)), highPct: clamp(quantile(f, 0.9)), monthsUsed };
}

// Group key and name per grouping, from an allow-list (metrics.md "Grouping": by specialist uses
// the invoice's owner, by team through that specialist; the mart carries both as owner_id/team_id).
const groupings = {
  company: { key: 'NULL::VARCHAR', join: '', name: 'NULL::VARCHAR', fallback: 'Компания' },
  team: { key: 'm.team_id', join: 'LEFT JOIN teams n ON n.team_id = a.groupId', name: 'n.name', fallback: 'Без команды' },
  specialist: {
    key: 'm.owner_id', join: 'LEFT JOIN specialists n ON n.specialist_id = a.groupId', name: 'n.full_name', fallback: 'Без специалиста',
  },
} as const satisfies Record<ForecastBy, { key: string; join: string; name: string; fallback: string }>;

/** A month's billed and collected sums (roubles) as known on its day d and on its last day. */
interface Sums {
  billedDay: number | null;
  collectedDay: number | null;
  billedEnd: number | null;
  collectedEnd: number | null;
}

const sumsRowSchema = z.object({
  groupId: z.string().nullable(),
  name: z.string().nullable(),
  period: z.string(),
  billedDay: z.number().nullable(),
  collectedDay: z.number().nullable(),
  billedEnd: z.number().nullable(),
  collectedEnd: z.number().nullable(),
});

/**
 * One pruned scan per period (`m.period = $pN`) with its day-d and last-day dates bound, so the
 * FILTERs compare against constants; identifiers only from `groupings`, values all bound.
 */
function forecastSql(by: ForecastBy, periods: number, where: string): string {
  const g = groupings[by];
  const parts = Array.from({ length: periods }, (_, i) => /* sql */ `
  SELECT ${g.key} AS groupId, $p${i} AS period,
    sum(m.billed)    FILTER (WHERE m.on_date <= $day${i}::DATE) AS billedDay,
    sum(m.collected) FILTER (WHERE m.on_date <= $day${i}::DATE) AS collectedDay,
    sum(m.billed)    FILTER (WHERE m.on_date <= $end${i}::DATE) AS billedEnd,
    sum(m.collected) FILTER (WHERE m.on_date <= $end${i}::DATE) AS collectedEnd
  FROM mart_payment_events m
  WHERE m.period = $p${i} AND ${where}
  GROUP BY ALL`);
  return /* sql */ `
WITH a AS (${parts.join('\n  UNION ALL')}
)
SELECT a.groupId, ${g.name} AS name, a.period,
  a.billedDay::DOUBLE AS billedDay, a.collectedDay::DOUBLE AS collectedDay,
  a.billedEnd::DOUBLE AS billedEnd, a.collectedEnd::DOUBLE AS collectedEnd
FROM a ${g.join}`;
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
  const params: Record<string, unknown> = {};
  periods.forEach((p, i) => {
    params[`p${i}`] = p;
    params[`day${i}`] = dayOf(p, Math.max(day, 1));
    params[`end${i}`] = lastDay(p);
  });
  const scope = scopeClause(q.scope, 'm');
  const where = [scope.sql];
  Object.assign(params, scope.params);
  if (teamId !== undefined) { where.push('m.team_id = $teamId'); params.teamId = teamId; }
  if (specialistId !== undefined) { where.push('m.owner_id = $specialistId'); params.specialistId = specialistId; }

  await ensurePaymentMart();
  const rows = (await query(forecastSql(by, periods.length, where.join(' AND ')), params)).map((r) => sumsRowSchema.parse(r));

  const groups = new Map<string | null, { name: string | null; byPeriod: Map<string, z.infer<typeof sumsRowSchema>> }>();
  if (by === 'company') groups.set(null, { name: null, byPeriod: new Map() });
  for (const r of rows) {
    let grp = groups.get(r.groupId);
    if (!grp) groups.set(r.groupId, (grp = { name: r.name, byPeriod: new Map() }));
    grp.byPeriod.set(r.period, r);
  }

  const out: ForecastRow[] = [];
  for (const [id, grp] of groups) {
    const name = grp.name ?? (by === 'company' ? groupings.company.fallback : id ?? groupings[by].fallback);
    if (before) {
      // Nothing of the period is known yet.
      out.push({ id, name, currentPct: null, forecastPct: null, lowPct: null, highPct: null, runRatePct: null, monthsUsed: 0 });
      continue;
    }
    const cur = grp.byPeriod.get(period);
    const currentPct = cur ? pct(cur.collectedDay ?? 0, cur.billedDay ?? 0) : null;
    const history = curves(periods.slice(1).map((p) => grp.byPeriod.get(p)));
    out.push({ id, name, currentPct, ...forecastFromHistory(currentPct, history, { complete }), runRatePct: runRatePct(currentPct, day, dim) });
  }
  // Named groups alphabetically, "no team / no specialist" last.
  out.sort((a, b) => (a.id == null ? 1 : 0) - (b.id == null ? 1 : 0) || a.name.localeCompare(b.name, 'ru'));
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

/**
 * Backtest of the month-end forecast against run-rate (metrics.md), company level within `scope`:
 * every month ended by `asOf` with ≥ 6 earlier months in the mart is forecast on each of `days`
 * (default 5, 10, 15, 20, 25) from the 12 months before it, and compared with its actual month-end
 * payment %. MAE in percentage points over the months where both forecasts exist.
 */
export async function getPaymentBacktest(q: {
  asOf: string;
  scope: Scope;
  days?: number[];
  method?: ForecastMethod;
}): Promise<PaymentBacktest> {
  const parsed = backtestQuerySchema.parse(q);
  const { asOf } = parsed;
  const days = [...new Set(parsed.days ?? DEFAULT_BACKTEST_DAYS)].sort((a, b) => a - b);
  const lastComplete = asOf === lastDay(periodOf(asOf)) ? periodOf(asOf) : addMonths(periodOf(asOf), -1);

  const scope = scopeClause(q.scope, 'm');
  const params: Record<string, unknown> = { ...scope.params, to: lastComplete };
  days.forEach((d, i) => { params[`d${i}`] = d; });
  // The mart is small once summed per (period, on_date) at company level; each period's day-d
  // date is then computed on that small set (day d clamped to the month's length).
  const sql = /* sql */ `
WITH daily AS (
  SELECT m.period, m.on_date, sum(m.billed) AS billed, sum(m.collected) AS collected
  FROM mart_payment_events m
  WHERE m.period <= $to AND ${scope.sql}
  GROUP BY ALL
),
dated AS (
  SELECT *, (period || '-01')::DATE AS first_on, last_day((period || '-01')::DATE) AS last_on FROM daily
)
SELECT period,
  ${days.map((_, i) => `sum(billed) FILTER (WHERE on_date <= least(first_on + ($d${i}::INTEGER - 1), last_on))::DOUBLE AS b${i},
  sum(collected) FILTER (WHERE on_date <= least(first_on + ($d${i}::INTEGER - 1), last_on))::DOUBLE AS c${i},`).join('\n  ')}
  sum(billed) FILTER (WHERE on_date <= last_on)::DOUBLE AS bEnd,
  sum(collected) FILTER (WHERE on_date <= last_on)::DOUBLE AS cEnd
FROM dated
GROUP BY period
ORDER BY period`;

  await ensurePaymentMart();
  const num = z.number().nullable();
  const rows = (await query<Record<string, unknown>>(sql, params)).map((r) => {
    const billedEnd = num.parse(r.bEnd);
    const collectedEnd = num.parse(r.cEnd);
    return {
      period: z.string().parse(r.period),
      billedEnd,
      collectedEnd,
      // The month's sums on each backtest day (dayOf(period, day)) and on its last day.
      at: days.map((_, i): Sums => ({ billedDay: num.parse(r[`b${i}`]), collectedDay: num.parse(r[`c${i}`]), billedEnd, collectedEnd })),
    };
  });
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  // Months with something billed by their last day count as history.
  const withHistory = rows.filter((r) => (r.billedEnd ?? 0) > 0);

  const months: PaymentBacktest['months'] = [];
  const errs = days.map(() => ({ method: 0, runRate: 0, n: 0 }));
  for (const [k, r] of withHistory.entries()) {
    if (k < MIN_BACKTEST_HISTORY) continue;
    const { period } = r;
    const actualPct = pct(r.collectedEnd ?? 0, r.billedEnd ?? 0);
    const dim = daysInMonth(period);
    const window = Array.from({ length: WINDOW_MONTHS }, (_, j) => byPeriod.get(addMonths(period, -1 - j)));
    const byDay = days.map((day, i) => {
      const current = pct(r.at[i].collectedDay ?? 0, r.at[i].billedDay ?? 0);
      const history = curves(window.map((w) => w?.at[i]));
      const { forecastPct } = forecastFromHistory(current, history, { complete: day >= dim, method: parsed.method });
      const rr = runRatePct(current, day, dim);
      if (forecastPct != null && rr != null && actualPct != null) {
        errs[i].method += Math.abs(forecastPct - actualPct);
        errs[i].runRate += Math.abs(rr - actualPct);
        errs[i].n++;
      }
      return { day, forecastPct, runRatePct: rr };
    });
    months.push({ period, actualPct, byDay });
  }
  return {
    asOf,
    days: days.map((day, i) => ({
      day,
      methodMae: errs[i].n ? errs[i].method / errs[i].n : null,
      runRateMae: errs[i].n ? errs[i].runRate / errs[i].n : null,
      monthsUsed: errs[i].n,
    })),
    months,
  };
}
