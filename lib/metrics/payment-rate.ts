// Payment % (% оплат), spec/metrics.md "Payment %": billed, collected, payment %, remaining and
// the day-over-day Δ for a span of periods (month, two-month, quarter), grouped by company, team,
// specialist or client; the 12-month and 4-quarter history; the cumulative daily curve with the
// pace line; the payments behind Δ. Every figure is a sum over the payment mart "as known on D"
// (lib/metrics/payment-mart.ts): rows with on_date ≤ D only.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { paceTargetDay, paceTargetPct } from '../env';
import { compareRu } from '../format';
import { ru } from '../i18n/ru';
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

/**
 * WHERE over the mart alias `m`: the scope, the periods and the optional team/specialist filter.
 * `p` prefixes the period bounds' parameter names, so two of these can share one statement.
 */
function martWhere(scope: Scope, from: string, to: string, f: PaymentFilter, p: 'p' | 'q' = 'p'): { sql: string; params: Record<string, unknown> } {
  const sc = scopeClause(scope, 'm');
  const parts = [`m.period BETWEEN $${p}From AND $${p}To`, sc.sql];
  const params: Record<string, unknown> = { ...sc.params, [`${p}From`]: from, [`${p}To`]: to };
  if (f.teamId) { parts.push('m.team_id = $fTeam'); params.fTeam = f.teamId; }
  if (f.specialistId) { parts.push('m.owner_id = $fSpec'); params.fSpec = f.specialistId; }
  return { sql: parts.join(' AND '), params };
}

/**
 * Payment % of the span's invoices as known on `asOf`, per group, with Δ against the day before.
 * Rows sorted by name; `total` covers every row (the whole scope and filter).
 */
export async function getPaymentRates(q: { period: string; asOf: string; by: PaymentGrouping; span: PaymentSpan; scope: Scope } & PaymentFilter): Promise<PaymentRates> {
  const periods = spanPeriods(q.period, q.span);
  const w = martWhere(q.scope, periods[0], periods[periods.length - 1], q);
  const n = NAME_SQL[q.by];
  const sql = /* sql */ `
    WITH m AS (SELECT ${GROUP_KEY[q.by]} AS id, m.on_date, m.billed, m.collected FROM mart_payment_events m
               WHERE ${w.sql} AND m.on_date <= $asOf),
    g AS (
      SELECT id, GROUPING(id)::INTEGER AS "isTotal", sum(billed)::DOUBLE AS billed, sum(collected)::DOUBLE AS collected,
        coalesce(sum(billed) FILTER (WHERE on_date <= $prev), 0)::DOUBLE AS "billedPrev",
        coalesce(sum(collected) FILTER (WHERE on_date <= $prev), 0)::DOUBLE AS "collectedPrev",
        coalesce(sum(collected) FILTER (WHERE on_date = $asOf), 0)::DOUBLE AS "collectedOnDay"
      FROM m GROUP BY GROUPING SETS ((id), ())
    )
    SELECT g.*, ${n.cols} FROM g ${n.join}
    ORDER BY g."isTotal" DESC`;
  // GROUPING SETS gives the total in the same scan; GROUPING(id) = 1 marks it. Names are joined
  // to the (few thousand) groups in SQL: a bound id list checked per row cost 50 ms by specialist.
  const raw = await query(sql, { ...w.params, asOf: q.asOf, prev: addDays(q.asOf, -1) });
  const zero: Sums = { id: null, billed: 0, collected: 0, billedPrev: 0, collectedPrev: 0, collectedOnDay: 0 };
  let total = zero;
  const rows: PaymentRow[] = [];
  for (const r of raw) {
    const s = sumsSchema.parse(r);
    if (Number((r as { isTotal: number }).isTotal) === 1) { total = s; continue; }
    const nm = nameColsSchema.parse(r);
    rows.push({ id: s.id, ...groupLabel(q.by, s.id, nm), ...figures(s) });
  }
  if (q.by === 'company' && rows.length === 0 && total.billed === 0) rows.push({ id: null, ...groupLabel(q.by, null, { gName: null, gTeamId: null, gSpecialistId: null }), ...figures(zero) });
  rows.sort((a, b) => compareRu(a.name, b.name));
  return { period: q.period, asOf: q.asOf, span: q.span, periods, rows, total: figures(total) };
}

// Name and parents of a group, joined to the grouped rows `g` (identifiers from this allow-list).
const NAME_SQL: Record<PaymentGrouping, { cols: string; join: string }> = {
  company: { cols: 'NULL::VARCHAR AS "gName", NULL::VARCHAR AS "gTeamId", NULL::VARCHAR AS "gSpecialistId"', join: '' },
  team: { cols: 'n.name AS "gName", n.team_id AS "gTeamId", NULL::VARCHAR AS "gSpecialistId"', join: 'LEFT JOIN teams n ON n.team_id = g.id' },
  specialist: {
    cols: 'n.full_name AS "gName", n.team_id AS "gTeamId", n.specialist_id AS "gSpecialistId"',
    join: 'LEFT JOIN specialists n ON n.specialist_id = g.id',
  },
  client: {
    cols: 'c.name AS "gName", sp.team_id AS "gTeamId", c.specialist_id AS "gSpecialistId"',
    join: 'LEFT JOIN clients c ON c.client_id = g.id LEFT JOIN specialists sp ON sp.specialist_id = c.specialist_id',
  },
};
const nameColsSchema = z.object({ gName: z.string().nullable(), gTeamId: z.string().nullable(), gSpecialistId: z.string().nullable() });

/** Display name (and parents) of a group; a missing id (no specialist, no team) gets a plain label. */
function groupLabel(by: PaymentGrouping, id: string | null, n: z.infer<typeof nameColsSchema>): Pick<PaymentRow, 'name' | 'teamId' | 'specialistId'> {
  const none: Record<PaymentGrouping, string> = { company: ru.payments.company, team: ru.payments.noTeam, specialist: ru.payments.noSpecialist, client: ru.common.dash };
  if (by === 'company') return { name: none.company };
  if (id === null || n.gName === null) return { name: id ?? none[by] };
  return { name: n.gName, teamId: n.gTeamId, specialistId: n.gSpecialistId };
}

export interface HistoryPoint { label: string; periods: string[]; asOf: string; billed: number; collected: number; paymentPct: number | null; remaining: number }

/**
 * The last 12 months and last 4 quarters up to the month of `asOf`, each as known on its last day
 * (or on `asOf` for the current one), for the scope and filter.
 */
export async function getPaymentHistory(q: { asOf: string; scope: Scope } & PaymentFilter): Promise<{ asOf: string; months: HistoryPoint[]; quarters: HistoryPoint[] }> {
  const cur = periodOf(q.asOf);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(cur, i - 11));
  const firstQuarterStart = quarterPeriods(addMonths(cur, -9))[0];
  const from = firstQuarterStart < months[0] ? firstQuarterStart : months[0];
  // Quarters ended before D: from the first period shown up to the current quarter's start.
  const w = martWhere(q.scope, from, addMonths(quarterPeriods(cur)[0], -1), q);
  // Each period as known on min(its last day, D) and on min(its quarter's last day, D): enough to
  // build months and quarters alike. Periods of quarters ended before D come from the daily
  // cumulative mart's day 31 (as known on the month's and on the quarter's last day); the current
  // quarter's periods from the events, with their two cut-off dates joined in as constants.
  // (At 200,000 clients one scan of 15 periods' events cost 85–300 ms; scripts/bench/PAYMENTS.md.)
  const curQuarter = quarterPeriods(cur);
  const periods = curQuarter.filter((p) => p <= cur);
  const minIso = (a: string, b: string) => (a < b ? a : b);
  const monthCut = periods.map((p) => minIso(lastDay(p), q.asOf));
  const quarterCut = periods.map((p) => minIso(lastDay(quarterPeriods(p)[2]), q.asOf));
  const wq = martWhere(q.scope, curQuarter[0], cur, q, 'q');
  const perPeriod = z.array(z.object({ period: z.string(), billed: z.coerce.number(), collected: z.coerce.number(), billedQ: z.coerce.number(), collectedQ: z.coerce.number() })).parse(await query(/* sql */ `
    SELECT m.period, sum(m.billed)::DOUBLE AS billed, sum(m.collected)::DOUBLE AS collected,
      sum(m.billed_qend)::DOUBLE AS "billedQ", sum(m.collected_qend)::DOUBLE AS "collectedQ"
    FROM mart_payment_daycum m
    WHERE m.day = 31 AND ${w.sql}
    GROUP BY m.period
    UNION ALL
    SELECT * FROM (
      WITH cuts AS (SELECT unnest($periods::VARCHAR[]) AS period, unnest($monthCut::DATE[]) AS m_cut, unnest($quarterCut::DATE[]) AS q_cut)
      SELECT m.period,
        coalesce(sum(m.billed) FILTER (WHERE m.on_date <= k.m_cut), 0)::DOUBLE AS billed,
        coalesce(sum(m.collected) FILTER (WHERE m.on_date <= k.m_cut), 0)::DOUBLE AS collected,
        coalesce(sum(m.billed) FILTER (WHERE m.on_date <= k.q_cut), 0)::DOUBLE AS "billedQ",
        coalesce(sum(m.collected) FILTER (WHERE m.on_date <= k.q_cut), 0)::DOUBLE AS "collectedQ"
      FROM mart_payment_events m JOIN cuts k ON k.period = m.period
      WHERE ${wq.sql} AND m.on_date <= $asOf GROUP BY m.period
    )`, { ...w.params, ...wq.params, asOf: q.asOf, periods, monthCut, quarterCut }));
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
