// Sales results beside the six controls (spec/metrics.md "Manager KPIs": payment %, acts returned
// %, revenue (sales in the period), active clients, clients churned in the period, interactions
// done). Active and churned clients are read with control 3 (lib/kpi/completeness.ts), contacts
// done with control 2 (lib/kpi/entry.ts); here:
//   - payment % of the period's invoices as known on D, from the payment marts that every payment
//     view reads (lib/metrics/payment-mart.ts; "Payment %": billed and collected with on_date ≤ D,
//     grouped by the invoice's owner and the owner's team): the month of D from the daily
//     cumulative mart at D's day, other months from the events mart (tests/unit/kpi checks both
//     equal getPaymentRates);
//   - acts returned % ("Acts": returned when returned_on ≤ D) over the acts of the period's months
//     issued by D: 100 × (issued − not returned) / issued, not returned by mart_act_events' rule,
//     which lib/metrics/unreturned-acts.ts reads, so both views agree;
//   - revenue: Σ sales.revenue dated in the period, up to D, for the client's current specialist.
import { z } from 'zod';
import { count, groupedRowSchema, groupParts, num, type KpiGrouping } from './common';
import type { DrillDef } from './drill';

/** The first day of a mart row's billing period `YYYY-MM`: the summary groups payments and acts by it. */
const PERIOD_DAY = `(m.period || '-01')::DATE`;

export const paymentAggSchema = groupedRowSchema.extend({ billed: num, collected: num });
export type PaymentAgg = z.infer<typeof paymentAggSchema>;

/**
 * Billed and collected of the invoices of periods $pFrom…$pTo as known on D, per group. $dPeriod /
 * $dDay: D's month and day (that month from mart_payment_daycum, the rest from the events).
 */
export function paymentSql(by: KpiGrouping | 'summary', where: string): string {
  const g = groupParts(by, PERIOD_DAY, false, false);
  return /* sql */ `
    WITH x AS (
      SELECT m.owner_id, m.team_id, m.specialist_id, m.period, m.billed, m.collected FROM mart_payment_daycum m
      WHERE m.day = $dDay AND m.period = $dPeriod AND m.period BETWEEN $pFrom AND $pTo AND ${where}
      UNION ALL
      SELECT m.owner_id, m.team_id, m.specialist_id, m.period, m.billed, m.collected FROM mart_payment_events m
      WHERE m.period BETWEEN $pFrom AND $pTo AND m.period <> $dPeriod AND m.on_date <= $asOf::DATE AND ${where}
    )
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      coalesce(sum(m.billed), 0)::DOUBLE AS billed, coalesce(sum(m.collected), 0)::DOUBLE AS collected
    FROM x m
    ${g.groupBy}`;
}

/**
 * paymentSql for a window wholly before D's month (no daily cumulative mart part), from the KPI
 * summary's mart_kpi_pay (lib/kpi/summary.ts: the same events summed per day, by code): only while
 * the summary is the newest load's.
 */
export function paymentPastSql(by: KpiGrouping, where: string): string {
  const g = groupParts(by, PERIOD_DAY);
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      coalesce(sum(m.billed), 0)::DOUBLE AS billed, coalesce(sum(m.collected), 0)::DOUBLE AS collected
    FROM mart_kpi_pay m
    WHERE m.period BETWEEN $pFrom AND $pTo AND m.on_date <= $asOf::DATE AND ${where}
    ${g.groupBy}`;
}

export const actsAggSchema = groupedRowSchema.extend({ issued: count, notReturned: count });
export type ActsAgg = z.infer<typeof actsAggSchema>;

/**
 * Acts of periods $pFrom…$pTo issued by D, and those of them not returned on D, per group: not
 * returned when returned_on is empty or after D, the rule of mart_act_events that
 * lib/metrics/unreturned-acts.ts reads (an act returned by the day it was issued is returned on
 * every D it is issued on), over the same acts and owners, in one scan of mart_kpi_acts.
 */
export function actsSql(by: KpiGrouping | 'summary', where: string): string {
  const g = groupParts(by, PERIOD_DAY);
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*)::INTEGER AS issued, count(*) FILTER (WHERE coalesce(m.returned_on > $asOf::DATE, true))::INTEGER AS "notReturned"
    FROM mart_kpi_acts m
    WHERE m.period BETWEEN $pFrom AND $pTo AND m.issued_on <= $asOf::DATE AND ${where}
    ${g.groupBy}`;
}

export const revenueAggSchema = groupedRowSchema.extend({ revenue: num, sales: count });
export type RevenueAgg = z.infer<typeof revenueAggSchema>;

/** Σ revenue and the number of sales dated in the window, per group. */
export function revenueSql(by: KpiGrouping | 'summary', where: string): string {
  const g = groupParts(by, 'm.on_date');
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      coalesce(sum(m.revenue), 0)::DOUBLE AS revenue, coalesce(sum(m.sales), 0)::INTEGER AS sales
    FROM mart_kpi_sales m
    WHERE m.on_date BETWEEN $from::DATE AND $to::DATE AND ${where}
    ${g.groupBy}`;
}

export const paymentsDrill: DrillDef = {
  key: 'payments',
  source: (where) => /* sql */ `
    SELECT m.invoice_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN sum(m.collected) >= sum(m.billed) THEN 'paid' ELSE 'unpaid' END AS status,
      sum(m.collected)::DOUBLE AS num_part, sum(m.billed)::DOUBLE AS den_part,
      m.period, m.due_on, sum(m.billed)::DOUBLE AS billed, sum(m.collected)::DOUBLE AS collected,
      (sum(m.billed) - sum(m.collected))::DOUBLE AS remaining
    FROM mart_payment_events m
    WHERE m.period BETWEEN $pFrom AND $pTo AND m.on_date <= $asOf::DATE AND ${where}
    GROUP BY m.invoice_id, m.client_id, m.owner_id, m.team_id, m.period, m.due_on`,
  fields: [
    { key: 'period', sql: 'r.period', kind: 'text' },
    { key: 'dueOn', sql: 'r.due_on', kind: 'date' },
    { key: 'billed', sql: 'r.billed', kind: 'money' },
    { key: 'collected', sql: 'r.collected', kind: 'money' },
    { key: 'remaining', sql: 'r.remaining', kind: 'money' },
  ],
  order: `array_position(['unpaid', 'paid'], r.status), r.remaining DESC, r.item_id`,
  statuses: { ok: ['paid'], bad: ['unpaid'], pending: [] },
};

export const actsDrill: DrillDef = {
  key: 'acts',
  source: (where) => /* sql */ `
    SELECT m.act_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN m.returned_on <= $asOf::DATE THEN 'returned' ELSE 'not_returned' END AS status,
      coalesce(m.returned_on <= $asOf::DATE, false)::INTEGER AS num_part, 1 AS den_part,
      m.period, m.issued_on, CASE WHEN m.returned_on <= $asOf::DATE THEN m.returned_on END AS returned_on,
      CASE WHEN coalesce(m.returned_on > $asOf::DATE, true) THEN ($asOf::DATE - m.issued_on)::INTEGER END AS age_days
    FROM mart_kpi_acts m
    WHERE m.period BETWEEN $pFrom AND $pTo AND m.issued_on <= $asOf::DATE AND ${where}`,
  fields: [
    { key: 'period', sql: 'r.period', kind: 'text' },
    { key: 'issuedOn', sql: 'r.issued_on', kind: 'date' },
    { key: 'returnedOn', sql: 'r.returned_on', kind: 'date' },
    { key: 'ageDays', sql: 'r.age_days', kind: 'days' },
  ],
  order: `array_position(['not_returned', 'returned'], r.status), r.issued_on, r.item_id`,
  statuses: { ok: ['returned'], bad: ['not_returned'], pending: [] },
};

export const revenueDrill: DrillDef = {
  key: 'revenue',
  source: (where) => /* sql */ `
    SELECT m.client_id AS item_id, m.client_id, m.owner_id, m.team_id, 'sales' AS status,
      sum(m.revenue)::DOUBLE AS num_part, NULL::INTEGER AS den_part,
      sum(m.revenue)::DOUBLE AS revenue, sum(m.sales)::INTEGER AS sales, max(m.on_date) AS last_on
    FROM mart_kpi_sales m
    WHERE m.on_date BETWEEN $from::DATE AND $to::DATE AND ${where}
    GROUP BY m.client_id, m.owner_id, m.team_id`,
  fields: [
    { key: 'revenue', sql: 'r.revenue', kind: 'money' },
    { key: 'sales', sql: 'r.sales', kind: 'int' },
    { key: 'lastSaleOn', sql: 'r.last_on', kind: 'date' },
  ],
  order: 'r.revenue DESC, r.item_id',
  statuses: null,
};
