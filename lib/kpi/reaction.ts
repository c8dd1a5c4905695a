// Control 6, reaction speed (spec/metrics.md "Manager KPIs", row 6): threats raised in the period
// (up to D): median hours from raised_at to first_reaction_at, share reacted within 24 h, and open
// unreacted threats with their age. As known on D (a whole day, company time):
//   - reacted: first_reaction_at by the end of D; hours = first_reaction_at − raised_at;
//   - within 24 h: reacted no later than raised_at + 24 h (exactly 24 h included);
//   - late: reacted after 24 h; none: never reacted by D and its 24 h are over;
//   - waiting: raised less than 24 h before the end of D and not reacted yet: in neither the
//     numerator nor the denominator;
//   - the median is over the reacted threats (a threat never reacted to has no hours; it counts
//     against the share and is listed among the open ones with its age);
//   - open unreacted "now": raised by D, not reacted by D, not resolved by D, whatever the period;
//     age in days = D − the day it was raised.
// Threats carry no specialist: counted for the client's current specialist and that one's team.
import { z } from 'zod';
import { count, END_OF_D, groupedRowSchema, groupParts, numOrNull, type KpiGroupBy } from './common';
import type { DrillDef } from './drill';

export const reactionAggSchema = groupedRowSchema.extend({
  num: count, den: count, reacted: count, medianHours: numOrNull, open: count, oldestOpenDays: numOrNull,
});
export type ReactionAgg = z.infer<typeof reactionAggSchema>;

// coalesce: a missing reaction must read false, not NULL, or a CASE would skip past it.
const REACTED = `coalesce(m.first_reaction_at < ${END_OF_D}, false)`;
const OK = `(${REACTED} AND m.first_reaction_at <= m.raised_at + INTERVAL 24 HOUR)`;
const DECIDED = `(${OK} OR m.raised_at + INTERVAL 24 HOUR < ${END_OF_D})`;
const IN_WINDOW = `m.raised_at >= $from::DATE AND m.raised_at < $to::DATE + 1`;
const OPEN = `(coalesce(m.first_reaction_at >= ${END_OF_D}, true) AND coalesce(m.resolved_at >= ${END_OF_D}, true))`;
const HOURS = `date_diff('second', m.raised_at, m.first_reaction_at) / 3600.0`;

/**
 * Share within 24 h, the median hours and the open unreacted threats per group. `median: false`
 * leaves the median out, and with it the total row (every other figure adds up over the groups, the
 * oldest age is their max): getKpi takes the medians from reactionHoursSql's few rows instead, as a
 * median per group made the hash aggregation of 5,000 specialists the slowest of its ten reads.
 */
export function reactionSql(by: KpiGroupBy, where: string, median = true): string {
  // With the total in the same scan: the median of the whole selection is not a sum of groups'.
  const g = groupParts(by, 'm.raised_at', median);
  // The month grouping (the trend) reads the window only; the "now" counts need every threat.
  const scan = by === 'month' || by === 'summary' ? IN_WINDOW : `m.raised_at < ${END_OF_D}`;
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*) FILTER (WHERE ${IN_WINDOW} AND ${OK})::INTEGER AS num,
      count(*) FILTER (WHERE ${IN_WINDOW} AND ${DECIDED})::INTEGER AS den,
      count(*) FILTER (WHERE ${IN_WINDOW} AND ${REACTED})::INTEGER AS reacted,
      ${median ? `median(${HOURS}) FILTER (WHERE ${IN_WINDOW} AND ${REACTED})::DOUBLE AS "medianHours",` : ''}
      count(*) FILTER (WHERE ${OPEN})::INTEGER AS open,
      max($asOf::DATE - m.raised_at::DATE) FILTER (WHERE ${OPEN})::INTEGER AS "oldestOpenDays"
    FROM mart_kpi_threats m
    WHERE ${scan} AND ${where}
    ${g.groupBy}`;
}

/**
 * The reacted threats' hours with their keys (owner, team, client's specialist): for the KPI
 * summary (lib/kpi/summary.ts), whose stored counts cannot give a median. The same threats and
 * hours as reactionSql's median.
 */
export function reactionHoursSql(where: string): string {
  return /* sql */ `
    SELECT m.owner_id, m.team_id, m.specialist_id, m.raised_at::DATE AS raised_on, ${HOURS} AS hours
    FROM mart_kpi_threats m
    WHERE ${IN_WINDOW} AND ${REACTED} AND ${where}`;
}

export const reactionDrill: DrillDef = {
  key: 'reaction',
  source: (where) => /* sql */ `
    SELECT m.threat_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN ${OK} THEN 'within_24h' WHEN NOT ${DECIDED} THEN 'waiting' WHEN ${REACTED} THEN 'late' ELSE 'none' END AS status,
      (${OK})::INTEGER AS num_part, (${DECIDED})::INTEGER AS den_part,
      m.raised_at, CASE WHEN ${REACTED} THEN m.first_reaction_at END AS reacted_at,
      CASE WHEN ${REACTED} THEN ${HOURS} END AS reaction_hours, m.kind, m.description
    FROM mart_kpi_threats m
    WHERE ${IN_WINDOW} AND ${where}`,
  fields: [
    { key: 'threatKind', sql: 'r.kind', kind: 'code' },
    { key: 'raisedAt', sql: 'r.raised_at', kind: 'datetime' },
    { key: 'reactedAt', sql: 'r.reacted_at', kind: 'datetime' },
    { key: 'reactionHours', sql: 'r.reaction_hours', kind: 'hours' },
    { key: 'description', sql: 'r.description', kind: 'text' },
  ],
  order: `array_position(['none', 'late', 'waiting', 'within_24h'], r.status), r.reaction_hours DESC NULLS FIRST, r.raised_at, r.item_id`,
  statuses: { ok: ['within_24h'], bad: ['late', 'none'], pending: ['waiting'] },
};

export const threatsOpenDrill: DrillDef = {
  key: 'threats-open',
  source: (where) => /* sql */ `
    SELECT m.threat_id AS item_id, m.client_id, m.owner_id, m.team_id, 'open' AS status, 1 AS num_part, NULL::INTEGER AS den_part,
      m.raised_at, ($asOf::DATE - m.raised_at::DATE)::INTEGER AS age_days, m.kind, m.description
    FROM mart_kpi_threats m
    WHERE m.raised_at < ${END_OF_D} AND ${OPEN} AND ${where}`,
  fields: [
    { key: 'threatKind', sql: 'r.kind', kind: 'code' },
    { key: 'raisedAt', sql: 'r.raised_at', kind: 'datetime' },
    { key: 'ageDays', sql: 'r.age_days', kind: 'days' },
    { key: 'description', sql: 'r.description', kind: 'text' },
  ],
  order: 'r.raised_at, r.item_id',
  statuses: null,
};

/** Нагрузка's open threats (lib/kpi/load.ts): raised by D and not resolved by D, reacted or not. */
export const UNRESOLVED = `m.raised_at < ${END_OF_D} AND coalesce(m.resolved_at >= ${END_OF_D}, true)`;

export const threatsUnresolvedDrill: DrillDef = {
  key: 'threats-unresolved',
  source: (where) => /* sql */ `
    SELECT m.threat_id AS item_id, m.client_id, m.owner_id, m.team_id, 'open' AS status, 1 AS num_part, NULL::INTEGER AS den_part,
      m.raised_at, CASE WHEN ${REACTED} THEN m.first_reaction_at END AS reacted_at,
      ($asOf::DATE - m.raised_at::DATE)::INTEGER AS age_days, m.kind, m.description
    FROM mart_kpi_threats m
    WHERE ${UNRESOLVED} AND ${where}`,
  fields: [
    { key: 'threatKind', sql: 'r.kind', kind: 'code' },
    { key: 'raisedAt', sql: 'r.raised_at', kind: 'datetime' },
    { key: 'reactedAt', sql: 'r.reacted_at', kind: 'datetime' },
    { key: 'ageDays', sql: 'r.age_days', kind: 'days' },
    { key: 'description', sql: 'r.description', kind: 'text' },
  ],
  order: 'r.raised_at, r.item_id',
  statuses: null,
};
