// The "now" counts of controls 1 and 4 (spec/metrics.md "Manager KPIs"): overdue planned contacts
// (planned_on < D, not done by D) and overdue open agreements (due_on < D, not done by D), whatever
// the period: they are what is late on D. One scan of the open-items mart's tail
// (mart_kpi_open: overdue on D ⇔ since ≤ D < open_until). Owners as in controls 1 and 4.
import { z } from 'zod';
import { count, groupedRowSchema, groupParts, type KpiGroupBy } from './common';
import type { DrillDef } from './drill';

export const overdueAggSchema = groupedRowSchema.extend({ contacts: count, agreements: count });
export type OverdueAgg = z.infer<typeof overdueAggSchema>;

/**
 * Overdue contacts and agreements on D per group (month grouping is by the planned / due month);
 * teams and specialists by code unless `coded` is false (groupParts).
 */
export function overdueSql(by: KpiGroupBy, where: string, coded = true): string {
  const g = groupParts(by, 'm.due_on', false, coded);
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*) FILTER (WHERE m.kind = 'contact')::INTEGER AS contacts,
      count(*) FILTER (WHERE m.kind = 'agreement')::INTEGER AS agreements
    FROM mart_kpi_open m
    WHERE m.open_until > $asOf::DATE AND m.since <= $asOf::DATE AND ${where}
    ${g.groupBy}`;
}

function overdueDrill(key: 'calls-overdue' | 'agreements-overdue', kind: 'contact' | 'agreement'): DrillDef {
  return {
    key,
    source: (where) => /* sql */ `
      SELECT m.item_id, m.client_id, m.owner_id, m.team_id, 'overdue' AS status, 1 AS num_part, NULL::INTEGER AS den_part,
        m.due_on, ($asOf::DATE - m.due_on)::INTEGER AS days_overdue, m.detail
      FROM mart_kpi_open m
      WHERE m.open_until > $asOf::DATE AND m.since <= $asOf::DATE AND m.kind = '${kind}' AND ${where}`,
    fields: [
      { key: kind === 'contact' ? 'plannedOn' : 'dueOn', sql: 'r.due_on', kind: 'date' },
      { key: 'daysOverdue', sql: 'r.days_overdue', kind: 'days' },
      kind === 'contact' ? { key: 'contactType', sql: 'r.detail', kind: 'code' } : { key: 'text', sql: 'r.detail', kind: 'text' },
    ],
    order: 'r.days_overdue DESC, r.item_id',
    statuses: null,
  };
}

export const callsOverdueDrill = overdueDrill('calls-overdue', 'contact');
export const agreementsOverdueDrill = overdueDrill('agreements-overdue', 'agreement');
