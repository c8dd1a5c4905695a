// «Кому позвонить» (spec/metrics.md, "Who to call"): for period P as known on D, the roubles still
// needed to reach the pace line on D and the target (80 %) on the target day (the 20th), and the
// open invoices of P ranked by roubles at risk = open amount × (1 − p), p being the invoice
// method's probability that the invoice is paid by the month's end (lib/metrics/invoice-forecast.ts).
// Scope and filters apply to the invoices through the data layer's one scope clause.
import { z } from 'zod';
import { query } from '../db';
import type { Scope } from '../db/scope';
import { paceTargetDay, paceTargetPct } from '../env';
import { getOrgNames } from '../org/names';
import { invoiceWhere, modelCtes, sourceOf } from './invoice-forecast';
import { paceTarget } from './payment-rate';
import { daysInMonth, firstDay, lastDay } from './period';

export const CALLS_DEFAULT_LIMIT = 50;
export const CALLS_MAX_LIMIT = 500;

export interface CallRow {
  invoiceId: string;
  clientId: string;
  clientName: string;
  specialistId: string | null;
  specialistName: string | null;
  /** The invoice's amount. */
  amount: number;
  /** What is still due on D (amount − collected). */
  open: number;
  dueOn: string;
  /** D − due date in days: positive = overdue, negative = days until due. */
  daysLate: number;
  /** The client's usual lateness: median days after the due date of its earlier invoices; null: no history. */
  usualLate: number | null;
  /** Probability (0–1) that it is paid by the month's end. */
  probability: number;
  /** open × (1 − probability), roubles. */
  atRisk: number;
}

export interface PaymentCalls {
  period: string;
  asOf: string;
  /** Day of the period D stands on (0 before it, its last day after it). */
  day: number;
  targetPct: number;
  targetDay: number;
  billed: number;
  collected: number;
  needed: {
    /** Roubles to collect to stand on the pace line today (0 when at or above it). */
    toPace: number;
    /** Roubles to collect to reach the target % on the target day, from today's billed (0 when reached). */
    to20th: number;
  };
  /** All open invoices of the period in scope, Σ of their open amounts and of their roubles at risk. */
  totals: { invoices: number; open: number; atRisk: number };
  rows: CallRow[];
}

const rowSchema = z.object({
  invoiceId: z.string(), clientId: z.string(), clientName: z.string(), specialistId: z.string().nullable(),
  amount: z.number(), open: z.number(), dueOn: z.string(), daysLate: z.number(), usualLate: z.number().nullable(),
  probability: z.number(), atRisk: z.number(),
});
const totalSchema = z.object({ billed: z.number().nullable(), collected: z.number().nullable(), invoices: z.number(), open: z.number().nullable(), atRisk: z.number().nullable() });

/**
 * «Кому позвонить» for `period` as known on `asOf` within `scope` (and a team or specialist):
 * the roubles needed and the `limit` open invoices with the most roubles at risk.
 */
export async function getPaymentCalls(q: {
  period: string;
  asOf: string;
  scope: Scope;
  teamId?: string;
  specialistId?: string;
  limit?: number;
}): Promise<PaymentCalls> {
  const { period } = q;
  const limit = Math.min(CALLS_MAX_LIMIT, Math.max(1, q.limit ?? CALLS_DEFAULT_LIMIT));
  const dim = daysInMonth(period);
  const before = q.asOf < firstDay(period);
  // The model stands on D within the period (on its last day once it has ended).
  const asOf = q.asOf > lastDay(period) ? lastDay(period) : q.asOf;
  const day = before ? 0 : Number(asOf.slice(8, 10));
  const targetPct = paceTargetPct();
  const targetDay = paceTargetDay();
  const empty: PaymentCalls = {
    period, asOf: q.asOf, day, targetPct, targetDay, billed: 0, collected: 0,
    needed: { toPace: 0, to20th: 0 }, totals: { invoices: 0, open: 0, atRisk: 0 }, rows: [],
  };
  if (before) return empty;

  const params: Record<string, unknown> = {};
  const where = invoiceWhere(q.scope, { teamId: q.teamId, specialistId: q.specialistId }, params);
  const points = [{ period, asOf }];
  // The newest as-of's probabilities are stored by the loader; any other date is computed now.
  const ctes = modelCtes(points, where, params, await sourceOf(points));
  const rowsSql = /* sql */ `
WITH ${ctes},
r AS (SELECT *, (amount - collected) AS open, (amount - collected) * (1 - p) AS at_risk FROM probs)
SELECT r.invoice_id AS "invoiceId", r.client_id AS "clientId", c.name AS "clientName", r.owner_id AS "specialistId",
       r.amount, r.open, strftime(r.due_on, '%Y-%m-%d') AS "dueOn", (r.d - r.due_on)::INTEGER AS "daysLate",
       r.usual::DOUBLE AS "usualLate", r.p AS probability, r.at_risk AS "atRisk"
FROM r JOIN clients c ON c.client_id = r.client_id
ORDER BY r.at_risk DESC, r.due_on, r.invoice_id
LIMIT ${limit}`;
  const totalSql = /* sql */ `
WITH ${ctes}
SELECT (SELECT sum(amount) FROM inv)::DOUBLE AS billed,
       (SELECT sum(CASE WHEN full_on <= d THEN amount ELSE 0 END) FROM inv)::DOUBLE + coalesce((SELECT sum(collected) FROM probs), 0)::DOUBLE AS collected,
       (SELECT count(*) FROM probs)::INTEGER AS invoices,
       (SELECT sum(amount - collected) FROM probs)::DOUBLE AS open,
       (SELECT sum((amount - collected) * (1 - p)) FROM probs)::DOUBLE AS "atRisk"`;
  const [rows, [total], names] = await Promise.all([
    query(rowsSql, { ...params }).then((r) => z.array(rowSchema).parse(r)),
    query(totalSql, { ...params }).then((r) => z.array(totalSchema).parse(r)),
    getOrgNames(),
  ]);
  const billed = total?.billed ?? 0;
  const collected = total?.collected ?? 0;
  // Roubles to bring collected up to a share of today's billed (never negative).
  const need = (share: number) => Math.max(0, Math.round((billed * share) / 100 - collected));
  return {
    ...empty,
    billed, collected,
    needed: { toPace: need(paceTarget(day, dim)), to20th: need(targetPct) },
    totals: { invoices: total?.invoices ?? 0, open: total?.open ?? 0, atRisk: total?.atRisk ?? 0 },
    rows: rows.map((r) => ({ ...r, specialistName: r.specialistId ? names.specialists.get(r.specialistId)?.name ?? r.specialistId : null })),
  };
}
