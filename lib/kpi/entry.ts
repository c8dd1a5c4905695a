// Control 2, timely entry (spec/metrics.md "Manager KPIs", row 2): interactions that occurred in
// the period (up to D): share with entered_at − occurred_at ≤ 24 h (missing entered_at is late).
// As known on D (a whole day, company time):
//   - on time: entered within 24 h, exactly 24 h included, and entered by the end of D;
//   - late: entered after 24 h (by D); missing: not entered by D and its 24 h are over;
//   - waiting: occurred on D and not entered yet: its 24 h run past D, so it is in neither the
//     numerator nor the denominator (listed as "ещё есть время").
// The sales result "interactions done" counts the same rows: every contact that occurred in the
// period (drill 'contacts'). Grouped by the interaction's specialist and that specialist's team.
import { z } from 'zod';
import { count, END_OF_D, groupedRowSchema, groupParts, type KpiGroupBy } from './common';
import type { DrillDef } from './drill';

export const entryAggSchema = groupedRowSchema.extend({ num: count, den: count, done: count });
export type EntryAgg = z.infer<typeof entryAggSchema>;

// Occurred before D: its 24 h ended by the end of D, so it is decided either way.
const OK = `(m.entered_24h AND (m.occurred_on < $asOf::DATE OR coalesce(m.entered_at < ${END_OF_D}, false)))`;
const DECIDED = `(m.occurred_on < $asOf::DATE OR ${OK})`;

/** Numerator, denominator and all contacts done per group over the window. */
export function entrySql(by: KpiGroupBy, where: string): string {
  const g = groupParts(by, 'm.occurred_on');
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*) FILTER (WHERE ${OK})::INTEGER AS num,
      count(*) FILTER (WHERE ${DECIDED})::INTEGER AS den,
      count(*)::INTEGER AS done
    FROM mart_kpi_interactions m
    WHERE m.occurred_on BETWEEN $from::DATE AND $to::DATE AND ${where}
    ${g.groupBy}`;
}

export const entryDrill: DrillDef = {
  key: 'entry',
  source: (where) => /* sql */ `
    SELECT m.interaction_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN ${OK} THEN 'on_time' WHEN m.occurred_on >= $asOf::DATE THEN 'waiting'
           WHEN m.entered_at < ${END_OF_D} THEN 'late' ELSE 'missing' END AS status,
      (${OK})::INTEGER AS num_part, (${DECIDED})::INTEGER AS den_part,
      m.occurred_at, CASE WHEN m.entered_at < ${END_OF_D} THEN m.entered_at END AS entered_at,
      CASE WHEN m.entered_at < ${END_OF_D} THEN date_diff('second', m.occurred_at, m.entered_at) / 3600.0 END AS entry_hours,
      m.channel, m.contact_type
    FROM mart_kpi_interactions m
    WHERE m.occurred_on BETWEEN $from::DATE AND $to::DATE AND ${where}`,
  fields: [
    { key: 'occurredAt', sql: 'r.occurred_at', kind: 'datetime' },
    { key: 'enteredAt', sql: 'r.entered_at', kind: 'datetime' },
    { key: 'entryHours', sql: 'r.entry_hours', kind: 'hours' },
    { key: 'contactType', sql: 'r.contact_type', kind: 'code' },
    { key: 'channel', sql: 'r.channel', kind: 'code' },
  ],
  order: `array_position(['missing', 'late', 'waiting', 'on_time'], r.status), r.entry_hours DESC NULLS LAST, r.occurred_at, r.item_id`,
  statuses: { ok: ['on_time'], bad: ['late', 'missing'], pending: ['waiting'] },
};

/** Sales result "interactions done": every contact that occurred in the period, by D. */
export const contactsDrill: DrillDef = {
  key: 'contacts',
  source: (where) => /* sql */ `
    SELECT m.interaction_id AS item_id, m.client_id, m.owner_id, m.team_id, 'done' AS status, 1 AS num_part, NULL::INTEGER AS den_part,
      m.occurred_at, m.planned_on, m.channel, m.contact_type
    FROM mart_kpi_interactions m
    WHERE m.occurred_on BETWEEN $from::DATE AND $to::DATE AND ${where}`,
  fields: [
    { key: 'occurredAt', sql: 'r.occurred_at', kind: 'datetime' },
    { key: 'plannedOn', sql: 'r.planned_on', kind: 'date' },
    { key: 'contactType', sql: 'r.contact_type', kind: 'code' },
    { key: 'channel', sql: 'r.channel', kind: 'code' },
  ],
  order: 'r.occurred_at DESC, r.item_id',
  statuses: null,
};
