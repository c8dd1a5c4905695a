// The client card's timeline: what happened with the client up to D, newest first, of four kinds:
//   - interaction: a contact done by D (dated occurred_at), or one planned on or before D and not
//     done by D (dated planned_on: overdue, or planned for D itself);
//   - agreement: dated the day it was made (its interaction's), else its due day; shown when that
//     day is ≤ D, with its state on D (done by D / overdue / open) and feedback recorded by D;
//   - threat: dated raised_at (≤ D), with its state on D (open / resolved, outcome);
//   - usage: service use summed per month and kind, dated the last day of use in that month up to
//     D, with the topics asked.
// Counts per kind come with it (the filter shows them); items are capped at `limit`. The client's
// rows come from the card's per-table CTEs (lib/clients/card-sql.ts).
import { z } from 'zod';
import { query } from '../db';
import type { TimelineKind } from './card-params';
import { byEndOf, isoDay, isoTs, sectionSql, usedParams, type CardSection } from './card-sql';

const base = { id: z.string(), on: z.string(), at: z.string().nullable() };

export const timelineItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('interaction'), ...base,
    state: z.enum(['done', 'planned', 'overdue']),
    channel: z.string(), contactType: z.string(), topic: z.string().nullable(), outcome: z.string().nullable(),
    contactName: z.string().nullable(), specialistName: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('agreement'), ...base,
    state: z.enum(['done', 'open', 'overdue']),
    text: z.string(), dueOn: z.string(), doneOn: z.string().nullable(), feedback: z.string().nullable(),
    specialistName: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('threat'), ...base,
    state: z.enum(['open', 'resolved']),
    threatKind: z.string(), description: z.string().nullable(), outcome: z.string().nullable(), resolvedAt: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('usage'), ...base,
    usageKind: z.string(), period: z.string(), count: z.coerce.number().int(), topics: z.array(z.string()),
  }),
]);
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export interface CardTimeline {
  /** The filter: null = every kind. */
  kind: TimelineKind | null;
  limit: number;
  /** Items of each kind up to D (before the filter and the cap). */
  counts: Record<TimelineKind, number>;
  /** Items matching the filter (before the cap). */
  total: number;
  /** Newest first, at most `limit`. */
  items: TimelineItem[];
}

// One branch per kind; UNION ALL BY NAME fills a branch's missing columns with NULL, and each
// kind's schema above drops the other kinds' columns.
/* sql */
const ITEMS = `
  SELECT 'interaction' AS kind, i.interaction_id AS id,
    CASE WHEN ${byEndOf('i.occurred_at')} THEN i.occurred_at ELSE i.planned_on::TIMESTAMP END AS sort_at,
    CASE WHEN ${byEndOf('i.occurred_at')} THEN ${isoDay('i.occurred_at')} ELSE ${isoDay('i.planned_on')} END AS "on",
    CASE WHEN ${byEndOf('i.occurred_at')} THEN ${isoTs('i.occurred_at')} END AS at,
    CASE WHEN ${byEndOf('i.occurred_at')} THEN 'done' WHEN i.planned_on < $asOf::DATE THEN 'overdue' ELSE 'planned' END AS state,
    i.channel, i.contact_type AS "contactType", i.topic,
    CASE WHEN ${byEndOf('i.occurred_at')} THEN i.outcome END AS outcome,
    k.full_name AS "contactName", s.full_name AS "specialistName"
  FROM i
  LEFT JOIN k ON k.contact_id = i.contact_id
  LEFT JOIN specialists s ON s.specialist_id = i.specialist_id
  WHERE ${byEndOf('i.occurred_at')} OR i.planned_on <= $asOf::DATE
  UNION ALL BY NAME
  SELECT 'agreement' AS kind, a.agreement_id AS id,
    coalesce(m.occurred_at, a.due_on::TIMESTAMP) AS sort_at,
    ${isoDay('coalesce(m.occurred_at::DATE, a.due_on)')} AS "on",
    ${isoTs('m.occurred_at')} AS at,
    CASE WHEN a.done_on <= $asOf::DATE THEN 'done' WHEN a.due_on < $asOf::DATE THEN 'overdue' ELSE 'open' END AS state,
    a.text, ${isoDay('a.due_on')} AS "dueOn",
    CASE WHEN a.done_on <= $asOf::DATE THEN ${isoDay('a.done_on')} END AS "doneOn",
    CASE WHEN coalesce(a.feedback_on, a.done_on) <= $asOf::DATE THEN a.feedback END AS feedback,
    s.full_name AS "specialistName"
  FROM a
  LEFT JOIN i AS m ON m.interaction_id = a.interaction_id
  LEFT JOIN specialists s ON s.specialist_id = a.specialist_id
  WHERE coalesce(m.occurred_at::DATE, a.due_on) <= $asOf::DATE
  UNION ALL BY NAME
  SELECT 'threat' AS kind, th.threat_id AS id, th.raised_at AS sort_at, ${isoDay('th.raised_at')} AS "on", ${isoTs('th.raised_at')} AS at,
    CASE WHEN ${byEndOf('th.resolved_at')} THEN 'resolved' ELSE 'open' END AS state,
    th.kind AS "threatKind", th.description,
    CASE WHEN ${byEndOf('th.resolved_at')} THEN th.outcome END AS outcome,
    CASE WHEN ${byEndOf('th.resolved_at')} THEN ${isoTs('th.resolved_at')} END AS "resolvedAt"
  FROM th
  WHERE ${byEndOf('th.raised_at')}
  UNION ALL BY NAME
  SELECT 'usage' AS kind, u.kind || ':' || u.period AS id, u.last_on::TIMESTAMP AS sort_at, ${isoDay('u.last_on')} AS "on", NULL::VARCHAR AS at,
    u.kind AS "usageKind", u.period, u.n AS count, u.topics
  FROM u`;

/**
 * The timeline as a card section (lib/clients/card-sql.ts): every row ranked among all items and
 * within its kind, carrying its kind's count; `shown` marks the items the filter and cap keep, and
 * the first item of every kind always comes along so every count arrives. `$kind` (NULL: all) and
 * `$limit` are bound.
 */
export const timelineSection: CardSection = {
  ctes: ['i', 'k', 'a', 'th', 'u'],
  sql: /* sql */ `
    SELECT * EXCLUDE (sort_at, all_rank, kind_rank) FROM (
      SELECT *,
        (CASE WHEN $kind::VARCHAR IS NULL THEN all_rank <= $limit ELSE kind = $kind::VARCHAR AND kind_rank <= $limit END) AS shown,
        all_rank AS ord
      FROM (
        SELECT *, count(*) OVER (PARTITION BY kind)::INTEGER AS kind_total,
          row_number() OVER (PARTITION BY kind ORDER BY sort_at DESC, id) AS kind_rank,
          row_number() OVER (ORDER BY sort_at DESC, kind, id) AS all_rank
        FROM (${ITEMS})
      )
    ) WHERE kind_rank = 1 OR shown`,
};

const countRowSchema = z.object({ kind: z.string(), kind_total: z.coerce.number().int(), shown: z.boolean() });

/** The timeline from the section's rows (newest first). */
export function timelineFromRows(rows: unknown[], kind: TimelineKind | null, limit: number): CardTimeline {
  const counts: Record<TimelineKind, number> = { interaction: 0, agreement: 0, threat: 0, usage: 0 };
  const items: TimelineItem[] = [];
  for (const r of rows) {
    const { kind: k, kind_total: n, shown } = countRowSchema.parse(r);
    if (k in counts) counts[k as TimelineKind] = n;
    if (shown) items.push(timelineItemSchema.parse(r));
  }
  const total = kind ? counts[kind] : counts.interaction + counts.agreement + counts.threat + counts.usage;
  return { kind, limit, counts, total, items };
}

/** The client's timeline up to `asOf`, newest first, of one kind (or all), at most `limit` items. */
export async function getCardTimeline(clientId: string, asOf: string, kind: TimelineKind | null, limit: number): Promise<CardTimeline> {
  const sql = sectionSql(timelineSection);
  return timelineFromRows(await query(sql, usedParams(sql, { clientId, asOf, kind, limit })), kind, limit);
}
