// Payment % (% оплат), spec/metrics.md "Payment %": billed, collected, payment %, remaining and
// the day-over-day Δ for a span of periods (month, two-month, quarter), grouped by company, team,
// specialist or client; the 12-month and 4-quarter history; the cumulative daily curve with the
// pace line; the payments behind Δ. Every figure is a sum over the payment mart "as known on D"
// (lib/metrics/payment-mart.ts): rows with on_date ≤ D only.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { paceTargetDay, paceTargetPct } from '../env';
import { ensurePaymentMart } from './payment-mart';
import { addDays, addMonths, daysInMonth, dayOf, lastDay, pct, periodOf, quarterOf, quarterPeriods } from './period';

export const paymentGroupings = ['company', 'team', 'specialist', 'client'] as const;
export type PaymentGrouping = (typeof paymentGroupings)[number];
export const paymentSpans = ['month', 'two-month', 'quarter'] as const;
export type PaymentSpan = (typeof paymentSpans)[number];

/** Narrowing of the set: a team or one specialist (owner of the invoice, metrics.md grouping). */
export interface PaymentFilter { teamId?: string; specialistId?: string }

export interface PaymentFigures {
  billed: number;
  collected: number;
  /** 0–100; null when nothing is billed. */
  paymentPct: number | null;
  /** Roubles still missing to 100 %. */
  remaining: number;
  /** Payment % on D minus payment % on D−1, in points; null when either has no value. */
  deltaPct: number | null;
  /** Roubles collected on D (the Δ's money). */
  collectedOnDay: number;
}
export interface PaymentRow extends PaymentFigures {
  id: string | null;
  name: string;
  /** Team of a specialist row; specialist and team of a client row. */
  teamId?: string | null;
  specialistId?: string | null;
}
export interface PaymentRates { period: string; asOf: string; span: PaymentSpan; periods: string[]; rows: PaymentRow[]; total: PaymentFigures }

/** The periods a span covers, ending with (or containing, for a quarter) `period`. */
export function spanPeriods(period: string, span: PaymentSpan): string[] {
  if (span === 'two-month') return [addMonths(period, -1), period];
  if (span === 'quarter') return quarterPeriods(period);
  return [period];
}

const sumsSchema = z.object({
  id: z.string().nullable(),
  billed: z.coerce.number(), collected: z.coerce.number(),
  billedPrev: z.coerce.number(), collectedPrev: z.coerce.number(), collectedOnDay: z.coerce.number(),
});
type Sums = z.infer<typeof sumsSchema>;

/** Figures from the sums as of D and D−1. */
function figures(s: Omit<Sums, 'id'>): PaymentFigures {
  const now = pct(s.collected, s.billed);
  const prev = pct(s.collectedPrev, s.billedPrev);
  return {
    billed: s.billed, collected: s.collected, paymentPct: now, remaining: s.billed - s.collected,
    deltaPct: now === null || prev === null ? null : now - prev, collectedOnDay: s.collectedOnDay,
  };
}

// Identifiers that vary come from this allow-list, keyed by the grouping enum.
const GROUP_KEY: Record<PaymentGrouping, string> = { company: 'NULL::VARCHAR', team: 'm.team_id', specialist: 'm.owner_id', client: 'm.client_id' };

/** WHERE over the mart alias `m`: the scope, the periods and the optional team/specialist filter. */
function martWhere(scope: Scope, from: string, to: string, f: PaymentFilter): { sql: string; params: Record<string, unknown> } {
  const sc = scopeClause(scope, 'm');
  const parts = [`m.period BETWEEN $pFrom AND $pTo`, sc.sql];
  const params: Record<string, unknown> = { ...sc.params, pFrom: from, pTo: to };
  if (f.teamId) { parts.push('m.team_id = $fTeam'); params.fTeam = f.teamId; }
  if (f.specialistId) { parts.push('m.owner_id = $fSpec'); params.fSpec = f.specialistId; }
  return { sql: parts.join(' AND '), params };
}

/**
 * Payment % of the span's invoices as known on `asOf`, per group, with Δ against the day before.
 * Rows sorted by name; `total` covers every row (the whole scope and filter).
 */
export async function getPaymentRates(q: { period: string; asOf: string; by: PaymentGrouping; span: PaymentSpan; scope: Scope } & PaymentFilter): Promise<PaymentRates> {
  await ensurePaymentMart();
  const periods = spanPeriods(q.period, q.span);
  const w = martWhere(q.scope, periods[0], periods[periods.length - 1], q);
  const sql = /* sql */ `
    WITH m AS (SELECT ${GROUP_KEY[q.by]} AS id, m.on_date, m.billed, m.collected FROM mart_payment_events m
               WHERE ${w.sql} AND m.on_date <= $asOf)
    SELECT id, GROUPING(id)::INTEGER AS "isTotal", sum(billed)::DOUBLE AS billed, sum(collected)::DOUBLE AS collected,
      coalesce(sum(billed) FILTER (WHERE on_date <= $prev), 0)::DOUBLE AS "billedPrev",
      coalesce(sum(collected) FILTER (WHERE on_date <= $prev), 0)::DOUBLE AS "collectedPrev",
      coalesce(sum(collected) FILTER (WHERE on_date = $asOf), 0)::DOUBLE AS "collectedOnDay"
    FROM m GROUP BY GROUPING SETS ((id), ())
    ORDER BY GROUPING(id) DESC`;
  // GROUPING SETS gives the total in the same scan; GROUPING(id) = 1 marks it.
  const raw = await query(sql, { ...w.params, asOf: q.asOf, prev: addDays(q.asOf, -1) });
  const zero: Sums = { id: null, billed: 0, collected: 0, billedPrev: 0, collectedPrev: 0, collectedOnDay: 0 };
  let total = zero;
  const sums: Sums[] = [];
  for (const r of raw) {
    const s = sumsSchema.parse(r);
    if (Number((r as { isTotal: number }).isTotal) === 1) total = s; else sums.push(s);
  }
  const names = await groupNames(q.by, sums.map((s) => s.id).filter((x): x is string => x !== null));
  const rows: PaymentRow[] = sums.map((s) => ({ id: s.id, ...names(s.id), ...figures(s) }));
  if (q.by === 'company' && rows.length === 0 && total.billed === 0) rows.push({ id: null, ...names(null), ...figures(zero) });
  rows.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  return { period: q.period, asOf: q.asOf, span: q.span, periods, rows, total: figures(total) };
}

const nameRowSchema = z.object({ id: z.string(), name: z.string(), teamId: z.string().nullable(), specialistId: z.string().nullable() });

/** Display names (and parents) of group ids; a missing id (no specialist, no team) gets a plain label. */
async function groupNames(by: PaymentGrouping, ids: string[]): Promise<(id: string | null) => Pick<PaymentRow, 'name' | 'teamId' | 'specialistId'>> {
  const none: Record<PaymentGrouping, string> = { company: 'Компания', team: 'Без отдела', specialist: 'Без специалиста', client: '—' };
  if (by === 'company' || ids.length === 0) return () => ({ name: none[by] });
  const sql: Record<Exclude<PaymentGrouping, 'company'>, string> = {
    team: `SELECT team_id AS id, name, team_id AS "teamId", NULL AS "specialistId" FROM teams WHERE list_contains($ids, team_id)`,
    specialist: `SELECT specialist_id AS id, full_name AS name, team_id AS "teamId", specialist_id AS "specialistId" FROM specialists WHERE list_contains($ids, specialist_id)`,
    client: `SELECT c.client_id AS id, c.name, s.team_id AS "teamId", c.specialist_id AS "specialistId" FROM clients c
             LEFT JOIN specialists s ON s.specialist_id = c.specialist_id WHERE list_contains($ids, c.client_id)`,
  };
  const rows = z.array(nameRowSchema).parse(await query(sql[by], { ids }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (id) => {
    const r = id === null ? undefined : byId.get(id);
    return r ? { name: r.name, teamId: r.teamId, specialistId: r.specialistId } : { name: id ?? none[by] };
  };
}

export interface HistoryPoint { label: string; periods: string[]; asOf: string; billed: number; collected: number; paymentPct: number | null; remaining: number }

/**
 * The last 12 months and last 4 quarters up to the month of `asOf`, each as known on its last day
 * (or on `asOf` for the current one), for the scope and filter.
 */
export async function getPaymentHistory(q: { asOf: string; scope: Scope } & PaymentFilter): Promise<{ asOf: string; months: HistoryPoint[]; quarters: HistoryPoint[] }> {
  await ensurePaymentMart();
  const cur = periodOf(q.asOf);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(cur, i - 11));
  const firstQuarterStart = quarterPeriods(addMonths(cur, -9))[0];
  const from = firstQuarterStart < months[0] ? firstQuarterStart : months[0];
  const w = martWhere(q.scope, from, cur, q);
  // Each period as known on min(its last day, D): enough to build months and quarters alike,
  // because a quarter is known on its last month's last day (or D).
  const perPeriod = z.array(z.object({ period: z.string(), billed: z.coerce.number(), collected: z.coerce.number(), billedQ: z.coerce.number(), collectedQ: z.coerce.number() })).parse(await query(/* sql */ `
    SELECT m.period,
      coalesce(sum(m.billed) FILTER (WHERE m.on_date <= least(last_day((m.period || '-01')::DATE), $asOf::DATE)), 0)::DOUBLE AS billed,
      coalesce(sum(m.collected) FILTER (WHERE m.on_date <= least(last_day((m.period || '-01')::DATE), $asOf::DATE)), 0)::DOUBLE AS collected,
      -- as known on the quarter's last day (or D)
      coalesce(sum(m.billed) FILTER (WHERE m.on_date <= least(last_day(date_trunc('quarter', (m.period || '-01')::DATE) + INTERVAL 2 MONTH), $asOf::DATE)), 0)::DOUBLE AS "billedQ",
      coalesce(sum(m.collected) FILTER (WHERE m.on_date <= least(last_day(date_trunc('quarter', (m.period || '-01')::DATE) + INTERVAL 2 MONTH), $asOf::DATE)), 0)::DOUBLE AS "collectedQ"
    FROM mart_payment_events m WHERE ${w.sql} AND m.on_date <= $asOf GROUP BY m.period`, { ...w.params, asOf: q.asOf }));
  const by = new Map(perPeriod.map((r) => [r.period, r]));
  const point = (label: string, periods: string[], asOf: string, quarter: boolean): HistoryPoint => {
    let billed = 0;
    let collected = 0;
    for (const p of periods) {
      const r = by.get(p);
      if (!r) continue;
      billed += quarter ? r.billedQ : r.billed;
      collected += quarter ? r.collectedQ : r.collected;
    }
    return { label, periods, asOf, billed, collected, paymentPct: pct(collected, billed), remaining: billed - collected };
  };
  const minIso = (a: string, b: string) => (a < b ? a : b);
  const quarters: HistoryPoint[] = [];
  for (let i = 3; i >= 0; i--) {
    const ps = quarterPeriods(addMonths(cur, -3 * i));
    quarters.push(point(quarterOf(ps[0]), ps, minIso(lastDay(ps[2]), q.asOf), true));
  }
  return {
    asOf: q.asOf,
    months: months.map((p) => point(p, [p], minIso(lastDay(p), q.asOf), false)),
    quarters,
  };
}

/** Pace target for day `day` of a month of `days` days: 0 → target % on the target day → 100 % on the last (metrics.md). */
export function paceTarget(day: number, days: number, targetPct = paceTargetPct(), targetDay = paceTargetDay()): number {
  if (day <= 0) return 0;
  if (day >= days) return 100;
  if (day <= targetDay) return (targetPct * day) / targetDay;
  return targetPct + ((100 - targetPct) * (day - targetDay)) / (days - targetDay);
}

export interface CurvePoint {
  day: number;
  /** Payment % of the period on that day (null after D or when nothing is billed). */
  pct: number | null;
  /** The three months before, on the same day of their month (clamped to their length). */
  prev1: number | null; prev2: number | null; prev3: number | null;
  target: number;
}
export interface PaymentCurve { period: string; asOf: string; daysInMonth: number; asOfDay: number | null; prevPeriods: string[]; points: CurvePoint[] }

/** Cumulative daily payment % of `period` as known on `asOf`, with the 3 months before and the pace line. */
export async function getPaymentCurve(q: { period: string; asOf: string; scope: Scope } & PaymentFilter): Promise<PaymentCurve> {
  await ensurePaymentMart();
  const periods = [addMonths(q.period, -3), addMonths(q.period, -2), addMonths(q.period, -1), q.period];
  const w = martWhere(q.scope, periods[0], q.period, q);
  // Daily sums per period, then the running total as of each calendar day of its own month
  // (ASOF join: the last day with a change on or before it).
  const rows = z.array(z.object({ period: z.string(), day: z.coerce.number(), billed: z.coerce.number(), collected: z.coerce.number() })).parse(await query(/* sql */ `
    WITH daily AS (
      SELECT m.period, m.on_date, sum(m.billed) AS b, sum(m.collected) AS c FROM mart_payment_events m
      WHERE ${w.sql} AND m.on_date <= $asOf GROUP BY m.period, m.on_date
    ),
    cum AS (
      SELECT period, on_date, sum(b) OVER (PARTITION BY period ORDER BY on_date) AS b, sum(c) OVER (PARTITION BY period ORDER BY on_date) AS c FROM daily
    ),
    days AS (
      SELECT p.period, d::DATE AS day FROM (SELECT unnest($periods::VARCHAR[]) AS period) p,
        generate_series((p.period || '-01')::DATE, last_day((p.period || '-01')::DATE), INTERVAL 1 DAY) g(d)
    )
    SELECT days.period, day(days.day)::INTEGER AS day, coalesce(cum.b, 0)::DOUBLE AS billed, coalesce(cum.c, 0)::DOUBLE AS collected
    FROM days ASOF LEFT JOIN cum ON cum.period = days.period AND days.day >= cum.on_date
    WHERE days.day <= $asOf`, { ...w.params, asOf: q.asOf, periods }));
  const at = new Map(rows.map((r) => [`${r.period}/${r.day}`, pct(r.collected, r.billed)]));
  const n = daysInMonth(q.period);
  const prevAt = (p: string, day: number) => at.get(`${p}/${Number(dayOf(p, day).slice(8))}`) ?? null;
  const points: CurvePoint[] = Array.from({ length: n }, (_, i) => {
    const day = i + 1;
    return {
      day, pct: at.get(`${q.period}/${day}`) ?? null,
      prev1: prevAt(periods[2], day), prev2: prevAt(periods[1], day), prev3: prevAt(periods[0], day),
      target: paceTarget(day, n),
    };
  });
  const asOfDay = periodOf(q.asOf) === q.period ? Number(q.asOf.slice(8)) : q.asOf > lastDay(q.period) ? n : null;
  return { period: q.period, asOf: q.asOf, daysInMonth: n, asOfDay, prevPeriods: periods.slice(0, 3).reverse(), points };
}

/** Ahead (+) or behind (−) the pace line on `asOf`, in points; null when D is not in the period or nothing is billed. */
export function paceGap(paymentPct: number | null, period: string, asOf: string): number | null {
  if (paymentPct === null || asOf < `${period}-01`) return null;
  const n = daysInMonth(period);
  const day = periodOf(asOf) === period ? Number(asOf.slice(8)) : n;
  return paymentPct - paceTarget(day, n);
}

export const dayPaymentRowSchema = z.object({
  clientId: z.string(), clientName: z.string(), specialistName: z.string().nullable(), teamName: z.string().nullable(),
  collected: z.coerce.number(), invoices: z.coerce.number(),
});
export type DayPaymentRow = z.infer<typeof dayPaymentRowSchema>;

/** The Δ explained: roubles counted on D towards the span's invoices, by client, largest first. */
export async function getDayPayments(q: { period: string; asOf: string; span: PaymentSpan; scope: Scope; limit?: number } & PaymentFilter): Promise<DayPaymentRow[]> {
  await ensurePaymentMart();
  const periods = spanPeriods(q.period, q.span);
  const w = martWhere(q.scope, periods[0], periods[periods.length - 1], q);
  return z.array(dayPaymentRowSchema).parse(await query(/* sql */ `
    SELECT m.client_id AS "clientId", c.name AS "clientName", s.full_name AS "specialistName", t.name AS "teamName",
      sum(m.collected)::DOUBLE AS collected, count(DISTINCT m.invoice_id)::INTEGER AS invoices
    FROM mart_payment_events m JOIN clients c ON c.client_id = m.client_id
      LEFT JOIN specialists s ON s.specialist_id = m.owner_id LEFT JOIN teams t ON t.team_id = m.team_id
    WHERE ${w.sql} AND m.on_date = $asOf AND m.collected > 0
    GROUP BY ALL ORDER BY collected DESC, "clientName" LIMIT $limit`, { ...w.params, asOf: q.asOf, limit: q.limit ?? 200 }));
}
