// The client card's open work on D, put together from the client's rows (lib/clients/card-facts.ts):
//   - open agreements: made by D (their interaction occurred by D; one without a recorded
//     interaction counts as known) and not done by D (done_on IS NULL OR done_on > D); overdue
//     when due_on < D (metrics.md control 4); the earliest due first;
//   - open threats: raised by D and not resolved by D, with age in days and whether anyone had
//     reacted by D (metrics.md control 6); the oldest first;
//   - planned contacts: planned_on set and not done by D; overdue when planned_on < D (control 1);
//     the earliest planned first, at most PLANNED_LIMIT.
import type { AgreementFact, CardFacts, InteractionFact, ThreatFact } from './card-facts';

export interface OpenAgreement {
  id: string;
  text: string;
  dueOn: string;
  /** The day it was agreed (its interaction's), when recorded. */
  madeOn: string | null;
  specialistName: string | null;
  /** D − due_on when due_on < D, else 0. */
  daysOverdue: number;
}

export interface OpenThreat {
  id: string;
  kind: string;
  raisedAt: string;
  description: string | null;
  /** D − raised day, days. */
  ageDays: number;
  /** First reaction if it happened by D, else null. */
  firstReactionAt: string | null;
}

export interface PlannedContact {
  id: string;
  plannedOn: string;
  channel: string;
  contactType: string;
  topic: string | null;
  contactName: string | null;
  specialistName: string | null;
  overdue: boolean;
}

/** Planned contacts shown on the card: the earliest (overdue ones come first by date). */
export const PLANNED_LIMIT = 5;

/** Byte-wise string order, as DuckDB orders VARCHAR. */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** When each of the client's interactions happened (ISO local time), by id. */
export function occurredById(interactions: InteractionFact[]): Map<string, string> {
  return new Map(interactions.flatMap((i) => (i.occurredAt ? [[i.id, i.occurredAt] as const] : [])));
}

/** The day an agreement was made: its interaction's day, when that interaction happened. */
export function madeAtOf(a: AgreementFact, occurred: Map<string, string>): string | null {
  return a.interactionId ? occurred.get(a.interactionId) ?? null : null;
}

/** Agreements open on `asOf`: known by then and not done by then; the earliest due first. */
export function openAgreementsOf(f: Pick<CardFacts, 'agreements' | 'interactions'>, asOf: string): OpenAgreement[] {
  const occurred = occurredById(f.interactions);
  return f.agreements
    .map((a) => ({ a, madeAt: madeAtOf(a, occurred) }))
    .filter(({ a, madeAt }) => a.open && (madeAt === null || madeAt.slice(0, 10) <= asOf))
    .sort((x, y) => cmp(x.a.dueOn, y.a.dueOn) || cmp(x.a.id, y.a.id))
    .map(({ a, madeAt }) => ({
      id: a.id, text: a.text, dueOn: a.dueOn, madeOn: madeAt?.slice(0, 10) ?? null, specialistName: a.specialistName, daysOverdue: a.daysOverdue,
    }));
}

/** Threats open on `asOf` (the facts hold only threats raised by then); the oldest first. */
export function openThreatsOf(threats: ThreatFact[]): OpenThreat[] {
  return threats
    .filter((x) => x.state === 'open')
    .sort((x, y) => cmp(x.raisedAt, y.raisedAt) || cmp(x.id, y.id))
    .map((x) => ({ id: x.id, kind: x.kind, raisedAt: x.raisedAt, description: x.description, ageDays: x.ageDays, firstReactionAt: x.firstReactionAt }));
}

/** Contacts planned and not done by D, the earliest planned first; at most PLANNED_LIMIT. */
export function plannedContactsOf(f: Pick<CardFacts, 'interactions' | 'contacts'>): PlannedContact[] {
  const names = new Map(f.contacts.map((k) => [k.id, k.fullName]));
  return f.interactions
    .filter((i): i is InteractionFact & { plannedOn: string } => i.open && i.plannedOn !== null)
    .sort((x, y) => cmp(x.plannedOn, y.plannedOn) || cmp(x.id, y.id))
    .slice(0, PLANNED_LIMIT)
    .map((i) => ({
      id: i.id, plannedOn: i.plannedOn, channel: i.channel, contactType: i.contactType, topic: i.topic,
      contactName: i.contactId ? names.get(i.contactId) ?? null : null, specialistName: i.specialistName, overdue: i.overdue,
    }));
}
