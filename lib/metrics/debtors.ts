// Debtors (spec/metrics.md, "Payment %" → Debtors): clients with invoices of periods before P
// that are not fully collected on D, with the outstanding roubles, the oldest `due_on` and the
// days overdue, plus an aging split of the outstanding by each invoice's own days overdue.
//   - an invoice counts from its issued_on (≤ D); collected = min(amount, Σ payments paid_on ≤ D);
//   - outstanding = amount − collected(D) > 0 (an overpaid invoice is no debt);
//   - grouping by specialist uses the invoice's specialist (owner when issued), else the client's
//     current one; by team through that specialist (the mart's owner_id / team_id);
//   - scope is the client's current specialist (lib/db/scope.ts, the mart's specialist_id).
// Read from the payment mart (lib/metrics/payment-mart.ts): one grouped scan with cheap predicates.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { ru } from '../i18n/ru';
import { ensurePaymentMart } from './payment-mart';
import { isoDateSchema, periodSchema } from './period';

export const debtorGroupings = ['client', 'specialist', 'team'] as const;
export type DebtorGrouping = (typeof debtorGroupings)[number];

// The identifier that varies (the group key) comes from this allow-list, keyed by the enum.
const KEY_SQL: Record<DebtorGrouping, string> = { client: 'a.client_id', specialist: 'a.owner_id', team: 'a.team_id' };
const NAME_SQL: Record<DebtorGrouping, { join: string; name: string }> = {
  client: {
    // A client row also says who looks after the client now (its current specialist and team).
    join: `LEFT JOIN clients c ON c.client_id = g.key
      LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
      LEFT JOIN teams t ON t.team_id = s.team_id`,
    name: 'c.name',
  },
  specialist: {
    join: 'LEFT JOIN specialists s ON s.specialist_id = g.key',
    name: 's.full_name',
  },
  team: { join: 'LEFT JOIN teams t ON t.team_id = g.key', name: 't.name' },
};

export const debtorsQuerySchema = z.object({
  period: periodSchema,
  asOf: isoDateSchema,
  by: z.enum(debtorGroupings),
  teamId: z.string().min(1).optional(),
  specialistId: z.string().min(1).optional(),
});
export interface DebtorsQuery extends z.infer<typeof debtorsQuerySchema> {
  scope: Scope;
}

const money = z.coerce.number();
const count = z.coerce.number().int();

/** Outstanding roubles and its aging split; the same shape for a row and for the total. */
export const debtorTotalsSchema = z.object({
  outstanding: money,
  invoices: count,
  /** Distinct clients with debt (1 on a client row). */
  clients: count,
  oldestDueOn: z.string().nullable(),
  /** D − oldest due_on in days, 0 when nothing is due yet. */
  daysOverdue: count,
  /** Outstanding of invoices not yet overdue on D (due_on ≥ D). */
  notDue: money,
  d1_30: money,
  d31_60: money,
  d61_90: money,
  /** Overdue by 91 days or more. */
  d90plus: money,
});
export type DebtorTotals = z.infer<typeof debtorTotalsSchema>;

export const debtorRowSchema = debtorTotalsSchema.extend({
  /** Client, specialist or team id; null: invoices with no specialist (or no team). */
  id: z.string().nullable(),
  name: z.string().nullable().transform((v) => v ?? ru.common.dash),
  /** by=client only: the client's current specialist and team; null otherwise. */
  specialistId: z.string().nullable(),
  specialistName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
});
export type DebtorRow = z.infer<typeof debtorRowSchema>;

export interface Debtors {
  period: string;
  asOf: string;
  rows: DebtorRow[];
  total: DebtorTotals;
}

export function debtorsSql(by: DebtorGrouping, where: string): string {
  const key = KEY_SQL[by];
  const names = NAME_SQL[by];
  const owner = by === 'client'
    ? 'c.specialist_id AS specialistId, s.full_name AS specialistName, s.team_id AS teamId, t.name AS teamName'
    : 'NULL::VARCHAR AS specialistId, NULL::VARCHAR AS specialistName, NULL::VARCHAR AS teamId, NULL::VARCHAR AS teamName';
  return /* sql */ `
WITH open_invoices AS (
  -- Invoices of periods before P, issued by D, not fully collected on D: billed − collected(D) > 0.
  -- full_on > D (or NULL) drops at once the many rows of invoices paid in full by D.
  SELECT m.invoice_id, any_value(m.client_id) AS client_id, any_value(m.owner_id) AS owner_id,
         any_value(m.team_id) AS team_id, any_value(m.due_on) AS due_on,
         sum(m.billed) - sum(m.collected) AS outstanding
  FROM mart_payment_events m
  WHERE m.period < $period AND m.on_date <= $asOf::DATE AND (m.full_on IS NULL OR m.full_on > $asOf::DATE)${where}
  GROUP BY m.invoice_id
  HAVING sum(m.billed) - sum(m.collected) > 0
),
aged AS (
  -- Each invoice's own days overdue on D (≤ 0: not yet due).
  SELECT o.*, $asOf::DATE - o.due_on AS days FROM open_invoices o
),
per_client AS (
  -- Per group and client first (a client may owe under two specialists), so that the clients of a
  -- group are a plain count: cheaper than count(DISTINCT) per group.
  SELECT ${key} AS key, a.client_id, sum(a.outstanding) AS outstanding, count(*) AS invoices,
         min(a.due_on) AS oldest_due_on,
         coalesce(sum(a.outstanding) FILTER (WHERE a.days <= 0), 0) AS not_due,
         coalesce(sum(a.outstanding) FILTER (WHERE a.days BETWEEN 1 AND 30), 0) AS d1_30,
         coalesce(sum(a.outstanding) FILTER (WHERE a.days BETWEEN 31 AND 60), 0) AS d31_60,
         coalesce(sum(a.outstanding) FILTER (WHERE a.days BETWEEN 61 AND 90), 0) AS d61_90,
         coalesce(sum(a.outstanding) FILTER (WHERE a.days > 90), 0) AS d90plus
  FROM aged a
  GROUP BY ${key}, a.client_id
),
grouped AS (
  -- One row per group, then the total (is_total = 1) over all of them.
  SELECT key, 0 AS is_total, sum(outstanding) AS outstanding, sum(invoices) AS invoices, count(*) AS clients,
         min(oldest_due_on) AS oldest_due_on, sum(not_due) AS not_due, sum(d1_30) AS d1_30, sum(d31_60) AS d31_60,
         sum(d61_90) AS d61_90, sum(d90plus) AS d90plus
  FROM per_client GROUP BY key
  UNION ALL
  SELECT NULL, 1, sum(outstanding), sum(invoices), count(DISTINCT client_id), min(oldest_due_on), sum(not_due),
         sum(d1_30), sum(d31_60), sum(d61_90), sum(d90plus)
  FROM per_client
)
SELECT g.is_total::INTEGER AS isTotal, g.key AS id, ${names.name} AS name, ${owner},
       g.outstanding::DOUBLE AS outstanding, g.invoices::INTEGER AS invoices, g.clients::INTEGER AS clients,
       g.oldest_due_on::VARCHAR AS oldestDueOn, greatest($asOf::DATE - g.oldest_due_on, 0)::INTEGER AS daysOverdue,
       g.not_due::DOUBLE AS notDue, g.d1_30::DOUBLE AS d1_30, g.d31_60::DOUBLE AS d31_60,
       g.d61_90::DOUBLE AS d61_90, g.d90plus::DOUBLE AS d90plus
FROM grouped g
${names.join}
ORDER BY g.is_total DESC, g.outstanding DESC, g.key NULLS LAST`;
}

const EMPTY_TOTAL: DebtorTotals = {
  outstanding: 0, invoices: 0, clients: 0, oldestDueOn: null, daysOverdue: 0, notDue: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90plus: 0,
};

/**
 * Debtors as known on `asOf` (D) for invoices of periods before `period` (P), grouped by client,
 * specialist (the invoice's) or team, within `scope`; roubles, sorted by outstanding descending.
 * `specialistId` / `teamId` narrow to the invoices of that specialist / team (the grouping rule).
 */
export async function getDebtors(q: DebtorsQuery): Promise<Debtors> {
  const { period, asOf, by, teamId, specialistId } = debtorsQuerySchema.parse(q);
  const scope = scopeClause(q.scope, 'm');
  let where = scope.sql === 'TRUE' ? '' : ` AND ${scope.sql}`;
  const params: Record<string, unknown> = { ...scope.params, period, asOf };
  if (teamId) {
    where += ' AND m.team_id = $teamId';
    params.teamId = teamId;
  }
  if (specialistId) {
    where += ' AND m.owner_id = $specialistId';
    params.specialistId = specialistId;
  }
  await ensurePaymentMart();
  const raw = await query<Record<string, unknown>>(debtorsSql(by, where), params);
  const totalRaw = raw.find((r) => Number(r.isTotal) === 1);
  const rows = raw.filter((r) => Number(r.isTotal) !== 1).map((r) => debtorRowSchema.parse(r));
  return { period, asOf, rows, total: totalRaw && rows.length ? debtorTotalsSchema.parse(totalRaw) : EMPTY_TOTAL };
}
