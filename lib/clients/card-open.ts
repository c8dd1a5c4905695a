// The client card's people and open work, as known on D:
//   - contact persons with roles (КЛ contact, ЛПР decision_maker, ЛВР influencer, user) and their
//     particulars; the extracts keep only the current list, so this is today's list whatever D is;
//   - open agreements: made by D (their interaction occurred by D; one without a recorded
//     interaction counts as known) and not done by D (done_on IS NULL OR done_on > D); overdue
//     when due_on < D (metrics.md control 4);
//   - open threats: raised by D and not resolved by D, with age in days and whether anyone had
//     reacted by D (metrics.md control 6);
//   - planned contacts: planned_on set and not done by D; overdue when planned_on < D (control 1).
// Each section is a SELECT over the client's rows (lib/clients/card-sql.ts), so the card can run
// them all in one statement; the getters below run one on its own.
import { z } from 'zod';
import { query } from '../db';
import { byEndOf, isoDay, isoTs, sectionSql, usedParams, type CardSection } from './card-sql';

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

export const openAgreementSchema = z.object({
  id: z.string(),
  text: z.string(),
  dueOn: z.string(),
  /** The day it was agreed (its interaction's), when recorded. */
  madeOn: z.string().nullable(),
  specialistName: z.string().nullable(),
  /** D − due_on when due_on < D, else 0. */
  daysOverdue: z.coerce.number().int(),
});
export type OpenAgreement = z.infer<typeof openAgreementSchema>;

export const openThreatSchema = z.object({
  id: z.string(),
  kind: z.string(),
  raisedAt: z.string(),
  description: z.string().nullable(),
  /** D − raised day, days. */
  ageDays: z.coerce.number().int(),
  /** First reaction if it happened by D, else null. */
  firstReactionAt: z.string().nullable(),
});
export type OpenThreat = z.infer<typeof openThreatSchema>;

export const plannedContactSchema = z.object({
  id: z.string(),
  plannedOn: z.string(),
  channel: z.string(),
  contactType: z.string(),
  topic: z.string().nullable(),
  contactName: z.string().nullable(),
  specialistName: z.string().nullable(),
  overdue: z.coerce.boolean(),
});
export type PlannedContact = z.infer<typeof plannedContactSchema>;

/** Planned contacts shown on the card: the soonest (overdue first). */
export const PLANNED_LIMIT = 5;

export const contactsSection: CardSection = {
  ctes: ['k'],
  sql: /* sql */ `
    SELECT contact_id AS id, full_name AS "fullName", role, position, phone, email, specifics,
      row_number() OVER (ORDER BY array_position(['decision_maker', 'influencer', 'contact', 'user'], role) NULLS LAST, full_name, contact_id) AS ord
    FROM k`,
};

export const openAgreementsSection: CardSection = {
  ctes: ['a', 'i'],
  sql: /* sql */ `
    SELECT a.agreement_id AS id, a.text, ${isoDay('a.due_on')} AS "dueOn", ${isoDay('i.occurred_at')} AS "madeOn",
      s.full_name AS "specialistName", greatest($asOf::DATE - a.due_on, 0)::INTEGER AS "daysOverdue",
      row_number() OVER (ORDER BY a.due_on, a.agreement_id) AS ord
    FROM a
    LEFT JOIN i ON i.interaction_id = a.interaction_id
    LEFT JOIN specialists s ON s.specialist_id = a.specialist_id
    WHERE (a.done_on IS NULL OR a.done_on > $asOf::DATE)
      AND (i.occurred_at IS NULL OR ${byEndOf('i.occurred_at')})`,
};

export const openThreatsSection: CardSection = {
  ctes: ['th'],
  sql: /* sql */ `
    SELECT threat_id AS id, kind, ${isoTs('raised_at')} AS "raisedAt", description,
      ($asOf::DATE - raised_at::DATE)::INTEGER AS "ageDays",
      CASE WHEN ${byEndOf('first_reaction_at')} THEN ${isoTs('first_reaction_at')} END AS "firstReactionAt",
      row_number() OVER (ORDER BY raised_at, threat_id) AS ord
    FROM th
    WHERE ${byEndOf('raised_at')} AND (resolved_at IS NULL OR NOT ${byEndOf('resolved_at')})`,
};

export const plannedContactsSection: CardSection = {
  ctes: ['i', 'k'],
  sql: /* sql */ `
    SELECT * FROM (
      SELECT i.interaction_id AS id, ${isoDay('i.planned_on')} AS "plannedOn", i.channel, i.contact_type AS "contactType", i.topic,
        k.full_name AS "contactName", s.full_name AS "specialistName", (i.planned_on < $asOf::DATE) AS overdue,
        row_number() OVER (ORDER BY i.planned_on, i.interaction_id) AS ord
      FROM i
      LEFT JOIN k ON k.contact_id = i.contact_id
      LEFT JOIN specialists s ON s.specialist_id = i.specialist_id
      WHERE i.planned_on IS NOT NULL AND (i.occurred_at IS NULL OR NOT ${byEndOf('i.occurred_at')})
    ) WHERE ord <= ${PLANNED_LIMIT}`,
};

async function section<T>(sec: CardSection, schema: z.ZodType<T>, params: Record<string, unknown>): Promise<T[]> {
  const sql = sectionSql(sec);
  return (await query(sql, usedParams(sql, params))).map((r) => schema.parse(r));
}

/** Contact persons, ЛПР first, then ЛВР, КЛ, users; by name within a role. */
export const getCardContacts = (clientId: string) => section(contactsSection, cardContactSchema, { clientId });
/** Agreements open on `asOf`, the earliest due first. */
export const getOpenAgreements = (clientId: string, asOf: string) => section(openAgreementsSection, openAgreementSchema, { clientId, asOf });
/** Threats open on `asOf`, the oldest first. */
export const getOpenThreats = (clientId: string, asOf: string) => section(openThreatsSection, openThreatSchema, { clientId, asOf });
/** Contacts planned and not done by `asOf`: overdue ones first, then the soonest; at most PLANNED_LIMIT. */
export const getPlannedContacts = (clientId: string, asOf: string) => section(plannedContactsSection, plannedContactSchema, { clientId, asOf });
