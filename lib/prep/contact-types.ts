// Contact types and the preparation checklist's sections per type (metrics.md "Preparation
// checklist (per contact)"): which sections a type needs and in what order, first to last.
import { z } from 'zod';
import { contactTypes, threatKinds, type ContactType } from '../load/contract';

export { contactTypes, type ContactType };
export type ThreatKind = (typeof threatKinds)[number];

export const contactTypeSchema = z.enum(contactTypes, { error: `тип контакта: один из ${contactTypes.join(', ')}` });

/** The checklist's sections (metrics.md table "section | content"), in the spec's own order. */
export const prepSectionKeys = ['history', 'payments', 'usage', 'specifics', 'threats', 'talkingPoints'] as const;
export type PrepSectionKey = (typeof prepSectionKeys)[number];

const planned: readonly PrepSectionKey[] = ['history', 'payments', 'usage', 'specifics', 'talkingPoints'];
const lowActivity: readonly PrepSectionKey[] = ['usage', 'talkingPoints', 'history', 'specifics'];
const emergency: readonly PrepSectionKey[] = ['threats', 'history', 'payments', 'usage', 'specifics'];

/** metrics.md "contact type | sections, first to last". */
export const sectionsByType: Readonly<Record<ContactType, readonly PrepSectionKey[]>> = {
  regular: planned,
  renewal: planned,
  first_meeting: ['specifics', 'history', 'payments', 'talkingPoints'],
  payment_delay: ['payments', 'history', 'specifics'],
  low_usage: lowActivity,
  low_services: lowActivity,
  disconnect_threat: emergency,
  competitor_threat: emergency,
  complaint: emergency,
};

/** The emergency contact type of an open threat's kind (metrics.md: "an open threat → its emergency type"). */
export const emergencyTypeOf: Readonly<Record<ThreatKind, ContactType>> = {
  disconnect: 'disconnect_threat',
  competitor: 'competitor_threat',
  complaint: 'complaint',
};

/** domain.md "Contact types": planned, problem and emergency groups, for the type picker. */
export const contactTypeGroups: ReadonlyArray<{ key: 'planned' | 'problem' | 'emergency'; types: readonly ContactType[] }> = [
  { key: 'planned', types: ['regular', 'first_meeting', 'renewal'] },
  { key: 'problem', types: ['payment_delay', 'low_usage', 'low_services'] },
  { key: 'emergency', types: ['disconnect_threat', 'competitor_threat', 'complaint'] },
];

export const isContactType = (s: unknown): s is ContactType => contactTypeSchema.safeParse(s).success;
