// The client card's payments and acts for the last 12 billing periods up to D (spec/metrics.md
// "Payment %", "Acts", and the checklist's "Payments & acts": billed, collected, paid on time /
// late / unpaid, days late; acts not returned). Every figure as known on D:
//   - an invoice counts from its issued_on (≤ D); collected = min(amount, Σ payments paid_on ≤ D);
//   - an invoice is fully paid on the day its cumulative payments first reach its amount (a payment
//     made before the invoice was issued counts from issued_on; a 0 ₽ invoice is paid when issued),
//     the same rule as the payment mart's full_on (lib/metrics/payment-mart.ts);
//   - on time: fully paid by D, on or before due_on; late: fully paid by D, after due_on;
//     unpaid: not fully paid on D (its ₽ is what is still owed: amount − collected), overdue when
//     due_on < D;
//   - an act counts from issued_on (≤ D) and is returned when returned_on ≤ D.
// Read from invoices / payments / acts by client_id, not from the payment mart: the mart is laid out by period for company-wide sums, so one client's rows
// cost a scan of all of it (150 ms at 200,000 clients), while the extract tables answer a client_id
// lookup from their zone maps in about a millisecond (scripts/bench/CARD.md).
import { z } from 'zod';
import { query } from '../db';
import { addMonths, pct, periodOf } from '../metrics/period';

/** Number of billing periods the card shows, ending with the period of D. */
export const CARD_PERIODS = 12;

const num = z.coerce.number();
const int = z.coerce.number().int();

const periodRowSchema = z.object({
  period: z.string(),
  invoices: int,
  billed: num,
  collected: num,
  onTimeCount: int,
  onTimeAmount: num,
  lateCount: int,
  lateAmount: num,
  maxDaysLate: int.nullable(),
  unpaidCount: int,
  unpaidAmount: num,
  overdueCount: int,
  maxDaysOverdue: int.nullable(),
});

const actRowSchema = z.object({
  period: z.string(),
  acts: int,
  returned: int,
  oldestUnreturnedOn: z.string().nullable(),
});

export interface CardPaymentFigures {
  /** Invoices issued by D. */
  invoices: number;
  billed: number;
  collected: number;
  /** 0–100; null when nothing is billed. */
  paymentPct: number | null;
  /** Fully paid by D on or before due_on: count and invoice ₽. */
  onTime: { count: number; amount: number };
  /** Fully paid by D after due_on: count, invoice ₽ and the most days late (paid day − due_on). */
  late: { count: number; amount: number; maxDays: number | null };
  /** Not fully paid on D: count and ₽ still owed; overdue = due_on < D, with the most days overdue (D − due_on). */
  unpaid: { count: number; amount: number; overdueCount: number; maxDaysOverdue: number | null };
  /** Acts issued by D, returned by D, and not returned (with the oldest issued_on of those). */
  acts: { issued: number; returned: number; notReturned: number; oldestNotReturnedOn: string | null };
}
export interface CardPaymentPeriod extends CardPaymentFigures {
  period: string;
}
export interface CardPayments {
  asOf: string;
  /** Oldest first, exactly CARD_PERIODS entries ending with the period of D (zeros where nothing was billed). */
  periods: CardPaymentPeriod[];
  total: CardPaymentFigures;
}

/** Per period: invoice counts and ₽ by how they were paid, as known on D. */
/* sql */
const PAYMENTS_SQL = `
WITH inv AS (
  -- The client's invoices of the card's periods known on D.
  SELECT invoice_id, period, issued_on, due_on, amount FROM invoices
  WHERE client_id = $clientId AND period BETWEEN $pFrom AND $pTo AND issued_on <= $asOf::DATE
),
pay AS (
  -- Payments known on D against those invoices, one row per invoice and day.
  SELECT p.invoice_id, p.paid_on, sum(p.amount) AS amount FROM payments p
  WHERE p.client_id = $clientId AND p.paid_on <= $asOf::DATE AND p.invoice_id IN (SELECT invoice_id FROM inv)
  GROUP BY p.invoice_id, p.paid_on
),
steps AS (
  -- Cumulative paid per invoice after each payment day; a payment before issue counts from issued_on.
  SELECT pay.invoice_id, greatest(pay.paid_on, inv.issued_on) AS on_date,
         sum(pay.amount) OVER (PARTITION BY pay.invoice_id ORDER BY pay.paid_on) AS upto
  FROM pay JOIN inv ON inv.invoice_id = pay.invoice_id
),
per_invoice AS (
  SELECT inv.invoice_id, inv.period, inv.due_on, inv.amount,
         least(coalesce(max(s.upto), 0), inv.amount) AS collected,
         CASE WHEN inv.amount <= 0 THEN inv.issued_on ELSE min(s.on_date) FILTER (WHERE s.upto >= inv.amount) END AS full_on
  FROM inv LEFT JOIN steps s ON s.invoice_id = inv.invoice_id
  GROUP BY inv.invoice_id, inv.period, inv.due_on, inv.amount, inv.issued_on
)
SELECT period,
  count(*)::INTEGER AS invoices,
  sum(amount)::DOUBLE AS billed,
  sum(collected)::DOUBLE AS collected,
  count(*) FILTER (WHERE full_on <= due_on)::INTEGER AS "onTimeCount",
  coalesce(sum(amount) FILTER (WHERE full_on <= due_on), 0)::DOUBLE AS "onTimeAmount",
  count(*) FILTER (WHERE full_on > due_on)::INTEGER AS "lateCount",
  coalesce(sum(amount) FILTER (WHERE full_on > due_on), 0)::DOUBLE AS "lateAmount",
  max(full_on - due_on) FILTER (WHERE full_on > due_on)::INTEGER AS "maxDaysLate",
  count(*) FILTER (WHERE full_on IS NULL)::INTEGER AS "unpaidCount",
  coalesce(sum(amount - collected) FILTER (WHERE full_on IS NULL), 0)::DOUBLE AS "unpaidAmount",
  count(*) FILTER (WHERE full_on IS NULL AND due_on < $asOf::DATE)::INTEGER AS "overdueCount",
  max($asOf::DATE - due_on) FILTER (WHERE full_on IS NULL AND due_on < $asOf::DATE)::INTEGER AS "maxDaysOverdue"
FROM per_invoice
GROUP BY period`;

/** Per period: acts issued by D, returned by D, and the oldest not returned. */
/* sql */
const ACTS_SQL = `
SELECT period, count(*)::INTEGER AS acts,
  count(*) FILTER (WHERE returned_on <= $asOf::DATE)::INTEGER AS returned,
  strftime(min(issued_on) FILTER (WHERE returned_on IS NULL OR returned_on > $asOf::DATE), '%Y-%m-%d') AS "oldestUnreturnedOn"
FROM acts
WHERE client_id = $clientId AND period BETWEEN $pFrom AND $pTo AND issued_on <= $asOf::DATE
GROUP BY period`;

/** The card's first and last period for D: CARD_PERIODS months ending with the month of D. */
export function cardPeriods(asOf: string): { pFrom: string; pTo: string } {
  const pTo = periodOf(asOf);
  return { pFrom: addMonths(pTo, -(CARD_PERIODS - 1)), pTo };
}

type PeriodRow = z.infer<typeof periodRowSchema>;
type ActRow = z.infer<typeof actRowSchema>;

function figures(p: PeriodRow | undefined, a: ActRow | undefined): CardPaymentFigures {
  const billed = p?.billed ?? 0;
  const collected = p?.collected ?? 0;
  const issued = a?.acts ?? 0;
  const returned = a?.returned ?? 0;
  return {
    invoices: p?.invoices ?? 0,
    billed,
    collected,
    paymentPct: pct(collected, billed),
    onTime: { count: p?.onTimeCount ?? 0, amount: p?.onTimeAmount ?? 0 },
    late: { count: p?.lateCount ?? 0, amount: p?.lateAmount ?? 0, maxDays: p?.maxDaysLate ?? null },
    unpaid: { count: p?.unpaidCount ?? 0, amount: p?.unpaidAmount ?? 0, overdueCount: p?.overdueCount ?? 0, maxDaysOverdue: p?.maxDaysOverdue ?? null },
    acts: { issued, returned, notReturned: issued - returned, oldestNotReturnedOn: a?.oldestUnreturnedOn ?? null },
  };
}

const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const minIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Sum of per-period figures: counts and ₽ add up, maxima and oldest dates carry over. */
function sumFigures(list: CardPaymentFigures[]): CardPaymentFigures {
  const t = figures(undefined, undefined);
  for (const f of list) {
    t.invoices += f.invoices;
    t.billed += f.billed;
    t.collected += f.collected;
    t.onTime.count += f.onTime.count;
    t.onTime.amount += f.onTime.amount;
    t.late.count += f.late.count;
    t.late.amount += f.late.amount;
    t.late.maxDays = maxOf(t.late.maxDays, f.late.maxDays);
    t.unpaid.count += f.unpaid.count;
    t.unpaid.amount += f.unpaid.amount;
    t.unpaid.overdueCount += f.unpaid.overdueCount;
    t.unpaid.maxDaysOverdue = maxOf(t.unpaid.maxDaysOverdue, f.unpaid.maxDaysOverdue);
    t.acts.issued += f.acts.issued;
    t.acts.returned += f.acts.returned;
    t.acts.notReturned += f.acts.notReturned;
    t.acts.oldestNotReturnedOn = minIso(t.acts.oldestNotReturnedOn, f.acts.oldestNotReturnedOn);
  }
  t.paymentPct = pct(t.collected, t.billed);
  return t;
}

/** The 12-period table from the two sections' rows (periods with no rows get zeros). */
export function paymentsFromRows(asOf: string, payRows: unknown[], actRows: unknown[]): CardPayments {
  const { pFrom } = cardPeriods(asOf);
  const byPeriod = new Map(payRows.map((r) => periodRowSchema.parse(r)).map((r) => [r.period, r]));
  const actsByPeriod = new Map(actRows.map((r) => actRowSchema.parse(r)).map((r) => [r.period, r]));
  const periods: CardPaymentPeriod[] = Array.from({ length: CARD_PERIODS }, (_, i) => {
    const period = addMonths(pFrom, i);
    return { period, ...figures(byPeriod.get(period), actsByPeriod.get(period)) };
  });
  return { asOf, periods, total: sumFigures(periods) };
}

/**
 * One client's invoices, payments and acts for the CARD_PERIODS periods ending with the period of
 * `asOf`, as known on `asOf`. The caller has already checked the client is in scope.
 */
export async function getCardPayments(clientId: string, asOf: string): Promise<CardPayments> {
  const params = { clientId, asOf, ...cardPeriods(asOf) };
  const [pays, acts] = await Promise.all([query(PAYMENTS_SQL, params), query(ACTS_SQL, params)]);
  return paymentsFromRows(asOf, pays, acts);
}
