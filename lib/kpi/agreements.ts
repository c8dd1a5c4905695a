// Control 4, agreements kept (spec/metrics.md "Manager KPIs", row 4): agreements due in the period
// (up to D): share done on or before due_on; plus the overdue open count (lib/kpi/overdue.ts).
// As known on D:
//   - kept: done_on ≤ due_on (so ≤ D);
//   - late: done after due_on, by D; open: not done by D (done after D is not known on D);
//   - not due: due on D itself and not done yet: it can still be kept, so it is in neither the
//     numerator nor the denominator.
// Grouped by the agreement's specialist, else the client's current one, and that specialist's team.
import { z } from 'zod';
import { count, groupedRowSchema, groupParts, type KpiGroupBy } from './common';
import type { DrillDef } from './drill';

export const agreementsAggSchema = groupedRowSchema.extend({ num: count, den: count });
export type AgreementsAgg = z.infer<typeof agreementsAggSchema>;

/** Numerator (kept) and denominator (kept + late + open) per group over the window. */
export function agreementsSql(by: KpiGroupBy, where: string): string {
  const g = groupParts(by, 'm.due_on');
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*) FILTER (WHERE m.kept)::INTEGER AS num,
      count(*) FILTER (WHERE m.kept OR m.due_on < $asOf::DATE)::INTEGER AS den
    FROM mart_kpi_agreements m
    WHERE m.due_on BETWEEN $from::DATE AND $to::DATE AND ${where}
    ${g.groupBy}`;
}

export const agreementsDrill: DrillDef = {
  key: 'agreements',
  source: (where) => /* sql */ `
    SELECT m.agreement_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN m.kept THEN 'kept' WHEN m.due_on >= $asOf::DATE THEN 'not_due'
           WHEN m.done_on <= $asOf::DATE THEN 'late' ELSE 'open' END AS status,
      m.kept::INTEGER AS num_part, (m.kept OR m.due_on < $asOf::DATE)::INTEGER AS den_part,
      m.due_on, CASE WHEN m.done_on <= $asOf::DATE THEN m.done_on END AS done_on,
      CASE WHEN m.kept OR m.due_on >= $asOf::DATE THEN NULL
           ELSE least(coalesce(m.done_on, $asOf::DATE), $asOf::DATE) - m.due_on END::INTEGER AS days_late,
      m.text
    FROM mart_kpi_agreements m
    WHERE m.due_on BETWEEN $from::DATE AND $to::DATE AND ${where}`,
  fields: [
    { key: 'dueOn', sql: 'r.due_on', kind: 'date' },
    { key: 'doneOn', sql: 'r.done_on', kind: 'date' },
    { key: 'daysLate', sql: 'r.days_late', kind: 'days' },
    { key: 'text', sql: 'r.text', kind: 'text' },
  ],
  order: `array_position(['open', 'late', 'not_due', 'kept'], r.status), r.days_late DESC NULLS LAST, r.due_on, r.item_id`,
  statuses: { ok: ['kept'], bad: ['late', 'open'], pending: ['not_due'] },
};
