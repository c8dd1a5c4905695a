// Control 5, feedback (spec/metrics.md "Manager KPIs", row 5): agreements done in the period (up
// to D): share with feedback recorded. As known on D: done_on ≤ D, and the feedback counts when its
// text is there and its feedback_on (if given) is not after D. The spec sets no deadline for
// feedback, so an agreement done without it counts against the share at once.
// Grouped by the agreement's specialist, else the client's current one, and that specialist's team.
import { z } from 'zod';
import { count, groupedRowSchema, groupParts, type KpiGroupBy } from './common';
import type { DrillDef } from './drill';

export const feedbackAggSchema = groupedRowSchema.extend({ num: count, den: count });
export type FeedbackAgg = z.infer<typeof feedbackAggSchema>;

const OK = `m.has_feedback AND (m.feedback_on IS NULL OR m.feedback_on <= $asOf::DATE)`;

/** Numerator (with feedback) and denominator (done) per group over the window. */
export function feedbackSql(by: KpiGroupBy, where: string): string {
  const g = groupParts(by, 'm.done_on');
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      count(*) FILTER (WHERE ${OK})::INTEGER AS num,
      count(*)::INTEGER AS den
    FROM mart_kpi_agreements m
    WHERE m.done_on BETWEEN $from::DATE AND $to::DATE AND ${where}
    ${g.groupBy}`;
}

export const feedbackDrill: DrillDef = {
  key: 'feedback',
  source: (where) => /* sql */ `
    SELECT m.agreement_id AS item_id, m.client_id, m.owner_id, m.team_id,
      CASE WHEN ${OK} THEN 'with_feedback' ELSE 'no_feedback' END AS status,
      (${OK})::INTEGER AS num_part, 1 AS den_part,
      m.due_on, m.done_on, CASE WHEN ${OK} THEN m.feedback_on END AS feedback_on, m.text
    FROM mart_kpi_agreements m
    WHERE m.done_on BETWEEN $from::DATE AND $to::DATE AND ${where}`,
  fields: [
    { key: 'doneOn', sql: 'r.done_on', kind: 'date' },
    { key: 'dueOn', sql: 'r.due_on', kind: 'date' },
    { key: 'feedbackOn', sql: 'r.feedback_on', kind: 'date' },
    { key: 'text', sql: 'r.text', kind: 'text' },
  ],
  order: `array_position(['no_feedback', 'with_feedback'], r.status), r.done_on, r.item_id`,
  statuses: { ok: ['with_feedback'], bad: ['no_feedback'], pending: [] },
};
