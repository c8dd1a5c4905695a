// The client card's reads of the CRM extract tables: each table looked up once per card, by
// client_id, with every row's state as known on D worked out in SQL; the sections (open
// agreements, open threats, planned contacts, timeline) are then put together from these rows
// (lib/clients/card-open.ts, card-timeline.ts), joining them by id in memory.
//
// Why one lookup per table: a client_id lookup costs a few milliseconds whatever the table's size
// (the tables are stored in load order, which is client order for the bulk of the rows, so
// DuckDB's zone maps skip to the client's row groups), and at 1,000,000 clients that lookup is most
// of a card's cost. Sections written as SQL joins re-read interactions three times and contacts
// twice; reading each table once roughly halved the card's time (scripts/bench/CARD.md).
import { z } from 'zod';
import { query } from '../db';
import { byEndOf, isoDay, isoTs, usedParams } from './card-sql';

export const cardContactSchema = z.object({
  id: z.string(),
  fullName: z.string(),
  role: z.string(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  specifics: z.string().nullable(),
});
export type CardContact = z.infer<typeof cardContactSchema>;

const bool = z.coerce.boolean();

/** An interaction with its state on D. */
export const interactionFactSchema = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  specialistName: z.string().nullable(),
  channel: z.string(),
  contactType: z.string(),
  topic: z.string().nullable(),
  /** Its outcome, when it was done by D. */
  outcome: z.string().nullable(),
  plannedOn: z.string().nullable(),
  /** When it happened (even after D: an agreement made then is not known on D). */
  occurredAt: z.string().nullable(),
  /** Done by D. */
  done: bool,
  /** In the timeline on D: done by D, or planned for a day ≤ D. */
  inTimeline: bool,
  /** Planned and not done by D (the planned contacts). */
  open: bool,
  /** planned_on < D. */
  overdue: bool,
  /** done | overdue | planned (planned for D itself, or later). */
  state: z.enum(['done', 'overdue', 'planned']),
  /** Its day on the timeline: the day done, else the planned day. */
  on: z.string().nullable(),
  /** Sort key on the timeline: when done, else the planned day's midnight. */
  sortAt: z.string().nullable(),
});
export type InteractionFact = z.infer<typeof interactionFactSchema>;

/** An agreement with its state on D (whether it was known on D depends on its interaction). */
export const agreementFactSchema = z.object({
  id: z.string(),
  interactionId: z.string().nullable(),
  specialistName: z.string().nullable(),
  text: z.string(),
  dueOn: z.string(),
  /** done_on if ≤ D. */
  doneOn: z.string().nullable(),
  /** Feedback recorded by D (feedback_on, else done_on, ≤ D). */
  feedback: z.string().nullable(),
  /** Not done by D. */
  open: bool,
  state: z.enum(['done', 'overdue', 'open']),
  /** D − due_on when due_on < D, else 0. */
  daysOverdue: z.coerce.number().int(),
});
export type AgreementFact = z.infer<typeof agreementFactSchema>;

/** A threat raised by D, with its state on D. */
export const threatFactSchema = z.object({
  id: z.string(),
  kind: z.string(),
  description: z.string().nullable(),
  raisedAt: z.string(),
  on: z.string(),
  /** D − raised day, days. */
  ageDays: z.coerce.number().int(),
  /** First reaction if it happened by D. */
  firstReactionAt: z.string().nullable(),
  /** Resolution and outcome if resolved by D. */
  resolvedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  state: z.enum(['open', 'resolved']),
});
export type ThreatFact = z.infer<typeof threatFactSchema>;

/** Service use up to D, summed per kind and month. */
export const usageFactSchema = z.object({
  kind: z.string(),
  period: z.string(),
  /** The last day of use in that month up to D. */
  lastOn: z.string(),
  count: z.coerce.number().int(),
  topics: z.array(z.string()),
});
export type UsageFact = z.infer<typeof usageFactSchema>;

export interface CardFacts {
  contacts: CardContact[];
  interactions: InteractionFact[];
  agreements: AgreementFact[];
  threats: ThreatFact[];
  usage: UsageFact[];
}

const done = byEndOf('i.occurred_at');

/* sql */
const SQL = {
  // ЛПР first, then ЛВР, КЛ, users; by name within a role.
  contacts: `
    SELECT contact_id AS id, full_name AS "fullName", role, position, phone, email, specifics
    FROM contacts WHERE client_id = $clientId
    ORDER BY array_position(['decision_maker', 'influencer', 'contact', 'user'], role) NULLS LAST, full_name, contact_id`,
  interactions: `
    SELECT i.interaction_id AS id, i.contact_id AS "contactId", s.full_name AS "specialistName", i.channel, i.contact_type AS "contactType",
      i.topic, CASE WHEN ${done} THEN i.outcome END AS outcome,
      ${isoDay('i.planned_on')} AS "plannedOn", ${isoTs('i.occurred_at')} AS "occurredAt",
      coalesce(${done}, FALSE) AS done,
      coalesce(${done}, FALSE) OR coalesce(i.planned_on <= $asOf::DATE, FALSE) AS "inTimeline",
      i.planned_on IS NOT NULL AND NOT coalesce(${done}, FALSE) AS open,
      coalesce(i.planned_on < $asOf::DATE, FALSE) AS overdue,
      CASE WHEN ${done} THEN 'done' WHEN i.planned_on < $asOf::DATE THEN 'overdue' ELSE 'planned' END AS state,
      CASE WHEN ${done} THEN ${isoDay('i.occurred_at')} ELSE ${isoDay('i.planned_on')} END AS "on",
      CASE WHEN ${done} THEN ${isoTs('i.occurred_at')} ELSE ${isoTs('i.planned_on::TIMESTAMP')} END AS "sortAt"
    FROM interactions i LEFT JOIN specialists s ON s.specialist_id = i.specialist_id
    WHERE i.client_id = $clientId`,
  agreements: `
    SELECT a.agreement_id AS id, a.interaction_id AS "interactionId", s.full_name AS "specialistName", a.text,
      ${isoDay('a.due_on')} AS "dueOn",
      CASE WHEN a.done_on <= $asOf::DATE THEN ${isoDay('a.done_on')} END AS "doneOn",
      CASE WHEN coalesce(a.feedback_on, a.done_on) <= $asOf::DATE THEN a.feedback END AS feedback,
      (a.done_on IS NULL OR a.done_on > $asOf::DATE) AS open,
      CASE WHEN a.done_on <= $asOf::DATE THEN 'done' WHEN a.due_on < $asOf::DATE THEN 'overdue' ELSE 'open' END AS state,
      greatest($asOf::DATE - a.due_on, 0)::INTEGER AS "daysOverdue"
    FROM agreements a LEFT JOIN specialists s ON s.specialist_id = a.specialist_id
    WHERE a.client_id = $clientId`,
  threats: `
    SELECT threat_id AS id, kind, description, ${isoTs('raised_at')} AS "raisedAt", ${isoDay('raised_at')} AS "on",
      ($asOf::DATE - raised_at::DATE)::INTEGER AS "ageDays",
      CASE WHEN ${byEndOf('first_reaction_at')} THEN ${isoTs('first_reaction_at')} END AS "firstReactionAt",
      CASE WHEN ${byEndOf('resolved_at')} THEN ${isoTs('resolved_at')} END AS "resolvedAt",
      CASE WHEN ${byEndOf('resolved_at')} THEN outcome END AS outcome,
      CASE WHEN ${byEndOf('resolved_at')} THEN 'resolved' ELSE 'open' END AS state
    FROM threats WHERE client_id = $clientId AND ${byEndOf('raised_at')}`,
  usage: `
    SELECT kind, strftime(date, '%Y-%m') AS period, ${isoDay('max(date)')} AS "lastOn", sum(count)::INTEGER AS count,
      coalesce(list(DISTINCT topic ORDER BY topic) FILTER (WHERE topic IS NOT NULL), []) AS topics
    FROM usage WHERE client_id = $clientId AND date <= $asOf::DATE
    GROUP BY kind, strftime(date, '%Y-%m')`,
};

async function read<T>(sql: string, schema: z.ZodType<T>, params: Record<string, unknown>): Promise<T[]> {
  return (await query(sql, usedParams(sql, params))).map((r) => schema.parse(r));
}

/** One client's contacts, interactions, agreements, threats and usage as known on `asOf`, read concurrently. */
export async function getCardFacts(clientId: string, asOf: string): Promise<CardFacts> {
  const p = { clientId, asOf };
  const [contacts, interactions, agreements, threats, usage] = await Promise.all([
    read(SQL.contacts, cardContactSchema, p),
    read(SQL.interactions, interactionFactSchema, p),
    read(SQL.agreements, agreementFactSchema, p),
    read(SQL.threats, threatFactSchema, p),
    read(SQL.usage, usageFactSchema, p),
  ]);
  return { contacts, interactions, agreements, threats, usage };
}

/** The client's contact persons alone (ЛПР first). */
export const getCardContacts = (clientId: string) => read(SQL.contacts, cardContactSchema, { clientId });
