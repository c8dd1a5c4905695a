// Control 1, calls on time (spec/metrics.md "Manager KPIs", row 1): interactions with planned_on
// in the period (up to D): share done (occurred_at set) no later than planned_on; plus the count of
// overdue planned contacts now (planned_on < D, not done: lib/kpi/overdue.ts).
// As known on D:
//   - on time: occurred_at's day ≤ planned_on (so ≤ D): done exactly on the planned day counts;
//   - late: done after planned_on, by D; missed: not done by D (occurred after D is not known);
//   - not due: planned for D itself and not done yet: it can still be done on time, so it is in
//     neither the numerator nor the denominator (it is listed, marked "срок не наступил").
// Grouped by the interaction's specialist (owner) and that specialist's team.
import { z } from 'zod';
import { count, groupedRowSchema, groupParts, type KpiGroupBy } from './common';
import type { DrillDef } from './drill';

export const callsAggSchema = groupedRowSchema.extend({ num: count, den: count });
export type CallsAgg = z.infer<typeof callsAggSchema>;

/** Numerator (on time) and denominator (on time + late + missed) per group over the window. */
export function callsSql(by: KpiGroupBy, where: string): string {
  const g = groupParts(by, 'm.planned_on');
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*) FILTER (WHERE m.on_time)::INTEGER AS num,
      count(*) FILTER (WHERE m.on_time OR m.planned_on < $asOf::DATE)::INTEGER AS den
    FROM mart_kpi_interactions m
    WHERE m.planned_on BETWEEN $from::DATE AND $to::DATE AND ${where}
    ${g.groupBy}`;
}

export const callsDrill: DrillDef = {
  key: 'calls',
  source: (where) => /* sql */ `
    SELECT m.interaction_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN m.on_time THEN 'on_time' WHEN m.planned_on >= $asOf::DATE THEN 'not_due'
           WHEN m.occurred_on <= $asOf::DATE THEN 'late' ELSE 'missed' END AS status,
      m.on_time::INTEGER AS num_part, (m.on_time OR m.planned_on < $asOf::DATE)::INTEGER AS den_part,
      m.planned_on, CASE WHEN m.occurred_on <= $asOf::DATE THEN m.occurred_at END AS occurred_at,
      -- Days past the planned day: until it was done, or until D when it still is not.
      CASE WHEN m.on_time OR m.planned_on >= $asOf::DATE THEN NULL
           ELSE least(coalesce(m.occurred_on, $asOf::DATE), $asOf::DATE) - m.planned_on END::INTEGER AS days_late,
      m.channel, m.contact_type
    FROM mart_kpi_interactions m
    WHERE m.planned_on BETWEEN $from::DATE AND $to::DATE AND ${where}`,
  fields: [
    { key: 'plannedOn', sql: 'r.planned_on', kind: 'date' },
    { key: 'occurredAt', sql: 'r.occurred_at', kind: 'datetime' },
    { key: 'daysLate', sql: 'r.days_late', kind: 'days' },
    { key: 'contactType', sql: 'r.contact_type', kind: 'code' },
    { key: 'channel', sql: 'r.channel', kind: 'code' },
  ],
  order: `array_position(['missed', 'late', 'not_due', 'on_time'], r.status), r.days_late DESC NULLS LAST, r.planned_on, r.item_id`,
  statuses: { ok: ['on_time'], bad: ['late', 'missed'], pending: ['not_due'] },
};
