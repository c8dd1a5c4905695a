// The client card's people and open work, as known on D:
//   - contact persons with roles (КЛ contact, ЛПР decision_maker, ЛВР influencer, user) and their
//     particulars; the extracts keep only the current list, so this is today's list whatever D is;
//   - open agreements: made by D (their interaction occurred by D; one without a recorded
//     interaction counts as known) and not done by D (done_on IS NULL OR done_on > D); overdue
//     when due_on < D (metrics.md control 4);
//   - open threats: raised by D and not resolved by D, with age in days and whether anyone had
//     reacted by D (metrics.md control 6);
//   - planned contacts: planned_on set and not done by D; overdue when planned_on < D (control 1).
// Every lookup is by client_id, so it stays on the extract tables' zone maps.
import { z } from 'zod';
import { query } from '../db';

export const contactRoles = ['decision_maker', 'influencer', 'contact', 'user'] as const;

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

// Timestamps leave as ISO local time `YYYY-MM-DDTHH:MM:SS` (company time, extracts.md).
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;
const day = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
/** True when timestamp `col` happened on or before D (by the end of that day). */
export const byEndOf = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;

/** Contact persons, ЛПР first, then ЛВР, КЛ, users; by name within a role. */
export async function getCardContacts(clientId: string): Promise<CardContact[]> {
  const rows = await query(/* sql */ `
    SELECT contact_id AS id, full_name AS "fullName", role, position, phone, email, specifics
    FROM contacts WHERE client_id = $clientId
    ORDER BY array_position($roles::VARCHAR[], role) NULLS LAST, full_name, contact_id`, { clientId, roles: [...contactRoles] });
  return rows.map((r) => cardContactSchema.parse(r));
}

/** Agreements open on `asOf`, the earliest due first. */
export async function getOpenAgreements(clientId: string, asOf: string): Promise<OpenAgreement[]> {
  const rows = await query(/* sql */ `
    WITH i AS (SELECT interaction_id, occurred_at FROM interactions WHERE client_id = $clientId)
    SELECT a.agreement_id AS id, a.text, ${day('a.due_on')} AS "dueOn", ${day('i.occurred_at')} AS "madeOn",
      s.full_name AS "specialistName", greatest($asOf::DATE - a.due_on, 0)::INTEGER AS "daysOverdue"
    FROM agreements a
    LEFT JOIN i ON i.interaction_id = a.interaction_id
    LEFT JOIN specialists s ON s.specialist_id = a.specialist_id
    WHERE a.client_id = $clientId
      AND (a.done_on IS NULL OR a.done_on > $asOf::DATE)
      AND (i.occurred_at IS NULL OR ${byEndOf('i.occurred_at')})
    ORDER BY a.due_on, a.agreement_id`, { clientId, asOf });
  return rows.map((r) => openAgreementSchema.parse(r));
}

/** Threats open on `asOf`, the oldest first. */
export async function getOpenThreats(clientId: string, asOf: string): Promise<OpenThreat[]> {
  const rows = await query(/* sql */ `
    SELECT threat_id AS id, kind, ${ts('raised_at')} AS "raisedAt", description,
      ($asOf::DATE - raised_at::DATE)::INTEGER AS "ageDays",
      CASE WHEN ${byEndOf('first_reaction_at')} THEN ${ts('first_reaction_at')} END AS "firstReactionAt"
    FROM threats
    WHERE client_id = $clientId AND ${byEndOf('raised_at')}
      AND (resolved_at IS NULL OR NOT ${byEndOf('resolved_at')})
    ORDER BY raised_at, threat_id`, { clientId, asOf });
  return rows.map((r) => openThreatSchema.parse(r));
}

/** Contacts planned and not done by `asOf`: overdue ones first, then the soonest; at most PLANNED_LIMIT. */
export async function getPlannedContacts(clientId: string, asOf: string): Promise<PlannedContact[]> {
  const rows = await query(/* sql */ `
    SELECT i.interaction_id AS id, ${day('i.planned_on')} AS "plannedOn", i.channel, i.contact_type AS "contactType", i.topic,
      k.full_name AS "contactName", s.full_name AS "specialistName", (i.planned_on < $asOf::DATE) AS overdue
    FROM interactions i
    LEFT JOIN (SELECT contact_id, full_name FROM contacts WHERE client_id = $clientId) k ON k.contact_id = i.contact_id
    LEFT JOIN specialists s ON s.specialist_id = i.specialist_id
    WHERE i.client_id = $clientId AND i.planned_on IS NOT NULL
      AND (i.occurred_at IS NULL OR NOT ${byEndOf('i.occurred_at')})
    ORDER BY i.planned_on, i.interaction_id
    LIMIT $limit`, { clientId, asOf, limit: PLANNED_LIMIT });
  return rows.map((r) => plannedContactSchema.parse(r));
}
