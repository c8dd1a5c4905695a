// Подготовка к контакту (/clients/<id>/prepare, GET /api/v1/clients/<id>/preparation): the
// preparation checklist of metrics.md "Preparation checklist (per contact)" for one client as known
// on D: the suggested contact type with its reason, and the sections that type needs, in its order,
// each filled from the data since the last completed contact (lib/prep/window.ts). Every item has a
// stable key; the caller's ticks for the day come with it (lib/prep/reviews.ts). Scope is checked in
// the data layer: a client outside the caller's scope gives null exactly like a missing one.
import { z } from 'zod';
import { query } from '../db';
import type { Scope } from '../db/scope';
import { completenessOf, type CompletenessCheck } from '../clients/card';
import { getClient, type ClientCardRow } from '../clients/get-client';
import { ensurePaymentMart } from '../metrics/payment-mart';
import { addDays, addMonths, pct, periodOf } from '../metrics/period';
import { usageKinds } from '../load/contract';
import { sectionsByType, type ContactType, type PrepSectionKey, type ThreatKind } from './contact-types';
import { HOTLINE_DAYS, LAST_CONTACT_SQL, PREP_PERIODS, PREP_SQL } from './prep-sql';
import { getReviewedKeys } from './reviews';
import { ACT_RETURN_GRACE_DAYS, suggestContactType, type SuggestionFacts, type SuggestionRule } from './suggest';
import { prepWindow, type PrepWindow } from './window';

export type UsageKind = (typeof usageKinds)[number];

const str = z.string();
const nstr = z.string().nullable();
const int = z.coerce.number().int();
const nint = z.coerce.number().int().nullable();
const num = z.coerce.number();

export const lastContactSchema = z.object({
  id: str, occurredAt: str, channel: str, contactType: str, topic: nstr, outcome: nstr,
  contactName: nstr, contactRole: nstr, specialistName: nstr,
});
export type LastContact = z.infer<typeof lastContactSchema>;

export const nextPlannedSchema = z.object({
  id: str, plannedOn: str, channel: str, contactType: str, topic: nstr, contactName: nstr, overdue: z.coerce.boolean(),
});
export type NextPlanned = z.infer<typeof nextPlannedSchema>;

export const prepAgreementSchema = z.object({
  id: str, text: str, dueOn: str, doneOn: nstr, feedback: nstr, feedbackOn: nstr, madeOn: nstr,
  state: z.enum(['open', 'overdue', 'done']), daysOverdue: int,
});
export type PrepAgreement = z.infer<typeof prepAgreementSchema>;

export const prepPeriodSchema = z.object({
  period: str, invoices: int, billed: num, collected: num, onTime: int, late: int, maxDaysLate: nint,
  unpaid: int, unpaidAmount: num, maxDaysOverdue: nint,
});
export type PrepPeriod = z.infer<typeof prepPeriodSchema> & { paymentPct: number | null };

export const prepDebtSchema = z.object({
  outstanding: num, overdue: num, invoices: int, overdueInvoices: int, oldestDueOn: nstr, daysOverdue: int,
});
export type PrepDebt = z.infer<typeof prepDebtSchema>;

export const prepActSchema = z.object({ id: str, period: str, issuedOn: str, ageDays: int, total: int, pastGrace: int });
export type PrepAct = Omit<z.infer<typeof prepActSchema>, 'total' | 'pastGrace'>;

const usageRowSchema = z.object({ kind: str, current: int, previous: int });

export const hotlineRowSchema = z.object({
  contactId: nstr, contactName: nstr, contactRole: nstr, questions: int, topics: z.array(str),
});
export type HotlineRow = z.infer<typeof hotlineRowSchema>;

export const prepContactSchema = z.object({
  id: str, fullName: str, role: str, position: nstr, phone: nstr, email: nstr, specifics: nstr,
});
export type PrepContact = z.infer<typeof prepContactSchema>;

export const prepThreatSchema = z.object({
  id: str, kind: z.enum(['disconnect', 'competitor', 'complaint']), raisedAt: str, description: nstr, ageDays: int,
  firstReactionAt: nstr, firstContactAt: nstr,
});
export type PrepThreat = z.infer<typeof prepThreatSchema>;

export const prepMaterialSchema = z.object({
  id: str, title: str, publishedOn: str, segment: nstr, taxSystem: nstr, url: nstr, summary: nstr,
});
export type PrepMaterial = z.infer<typeof prepMaterialSchema> & { newSinceLastContact: boolean };

/** One checklist item: a stable key (`<section>:<what>`), whether the caller ticked it today, its data. */
export type PrepItem = { key: string; reviewed: boolean } & PrepItemPayload;
export type PrepItemPayload =
  | { kind: 'lastContact'; contact: LastContact | null }
  | { kind: 'nextContact'; planned: NextPlanned | null }
  | { kind: 'agreement'; agreement: PrepAgreement }
  | { kind: 'paymentPeriods'; periods: PrepPeriod[] }
  | { kind: 'debt'; debt: PrepDebt }
  | { kind: 'unreturnedActs'; total: number; acts: PrepAct[] }
  | { kind: 'usage'; usageKind: UsageKind; current: number; previous: number; changePct: number | null }
  | { kind: 'hotlineTopics'; from: string; byContact: HotlineRow[] }
  | { kind: 'clientSpecifics'; specifics: string | null; segment: string | null; taxSystem: string | null; region: string | null }
  | { kind: 'contactPerson'; contact: PrepContact }
  | { kind: 'missingData'; check: CompletenessCheck }
  | { kind: 'threat'; threat: PrepThreat }
  | { kind: 'material'; material: PrepMaterial };
export type PrepItemKind = PrepItem['kind'];

export interface PrepSection {
  key: PrepSectionKey;
  items: PrepItem[];
}

export interface Preparation {
  asOf: string;
  client: Pick<ClientCardRow, 'id' | 'name' | 'segment' | 'taxSystem' | 'specialistName' | 'status' | 'phone'>;
  /** The contact type the data suggests (metrics.md), the rule that decided and why, in Russian. */
  suggestedType: ContactType;
  rule: SuggestionRule;
  reason: string;
  /** The type shown: the one asked for, else the suggested one. */
  type: ContactType;
  /** The last completed contact's occurred_at (company time `YYYY-MM-DDTHH:MM:SS`); null: none by D. */
  since: string | null;
  lastContact: LastContact | null;
  window: PrepWindow;
  /** The sections of `type`, in its order. */
  sections: PrepSection[];
  /** Items of these sections ticked by the caller on `reviewedOn`, of all of them. */
  progress: { reviewed: number; total: number };
  /** The day the ticks belong to (company calendar day); null when read without a login. */
  reviewedOn: string | null;
  /** The facts the suggestion was made from. */
  facts: SuggestionFacts;
}

export interface PreparationOptions {
  /** D, ISO day. */
  asOf: string;
  /** The contact type to prepare for; absent: the suggested one. */
  type?: ContactType | null;
  /** Whose ticks to read, and for which day (lib/prep/reviews.ts companyToday()). */
  reviews?: { login: string; day: string } | null;
}

type PartsRow = Record<'nextPlanned' | 'agreements' | 'periods' | 'debt' | 'acts' | 'usage' | 'hotline' | 'contacts' | 'threats' | 'materials', unknown[]>;

/** The six billing periods ending with D's (oldest first). */
export function prepPeriods(asOf: string): string[] {
  const last = periodOf(asOf);
  return Array.from({ length: PREP_PERIODS }, (_, i) => addMonths(last, i - (PREP_PERIODS - 1)));
}

/** Change in % from previous to current (null when previous is 0). */
const changePct = (current: number, previous: number) => (previous > 0 ? (100 * (current - previous)) / previous : null);

/**
 * The preparation checklist of `clientId` as `scope` may see it, as known on `opts.asOf`, for
 * `opts.type` (default: the suggested type); null when the client is missing or outside the scope.
 * Money in roubles, dates ISO, timestamps company-local `YYYY-MM-DDTHH:MM:SS`.
 */
export async function getPreparation(scope: Scope, clientId: string, opts: PreparationOptions): Promise<Preparation | null> {
  const { asOf } = opts;
  const [client, lastRows, reviewed] = await Promise.all([
    getClient(scope, clientId),
    query(LAST_CONTACT_SQL, { clientId, asOf }),
    opts.reviews ? getReviewedKeys(opts.reviews.login, clientId, opts.reviews.day) : Promise.resolve(new Set<string>()),
    ensurePaymentMart(),
  ]);
  if (!client) return null;
  const lastContact = lastRows.length ? lastContactSchema.parse(lastRows[0]) : null;
  const window = prepWindow(lastContact?.occurredAt ?? null, asOf);
  const periods = prepPeriods(asOf);
  const hotFrom = addDays(asOf, -(HOTLINE_DAYS - 1));
  const [row] = await query<PartsRow>(PREP_SQL, {
    clientId, asOf, pFrom: periods[0], pTo: periods[periods.length - 1], sinceOn: window.sinceOn,
    uFrom: window.usage.from, uPrevFrom: window.usage.prevFrom, hotFrom,
  });

  const nextPlanned = row.nextPlanned.length ? nextPlannedSchema.parse(row.nextPlanned[0]) : null;
  const agreements = row.agreements.map((r) => prepAgreementSchema.parse(r));
  const periodRows = new Map(row.periods.map((r) => prepPeriodSchema.parse(r)).map((r) => [r.period, r]));
  const debt = prepDebtSchema.parse(row.debt[0]);
  const actRows = row.acts.map((r) => prepActSchema.parse(r));
  const usageRows = new Map(row.usage.map((r) => usageRowSchema.parse(r)).map((r) => [r.kind, r]));
  const hotline = row.hotline.map((r) => hotlineRowSchema.parse(r));
  const contacts = row.contacts.map((r) => prepContactSchema.parse(r));
  const threats = row.threats.map((r) => prepThreatSchema.parse(r));
  const materials = row.materials.map((r) => prepMaterialSchema.parse(r));

  const usage = usageKinds.map((kind) => {
    const u = usageRows.get(kind);
    return { kind, current: u?.current ?? 0, previous: u?.previous ?? 0 };
  });
  const actsTotal = actRows[0]?.total ?? 0;
  const overdueActs = actRows.filter((a) => a.ageDays >= ACT_RETURN_GRACE_DAYS);
  const facts: SuggestionFacts = {
    openThreats: threats.map((th) => ({ kind: th.kind as ThreatKind, raisedAt: th.raisedAt })),
    overdueInvoices: { count: debt.overdueInvoices, amount: debt.overdue, oldestDueOn: debt.oldestDueOn },
    // Acts are listed oldest first, so the first past the grace is the oldest; the count covers all.
    unreturnedActs: {
      count: actRows[0]?.pastGrace ?? 0,
      oldestIssuedOn: overdueActs[0]?.issuedOn ?? null,
      oldestPeriod: overdueActs[0]?.period ?? null,
    },
    usage: {
      current: usage.reduce((s, u) => s + u.current, 0),
      previous: usage.reduce((s, u) => s + u.previous, 0),
      days: window.usage.days,
    },
    planned: nextPlanned ? { contactType: nextPlanned.contactType as ContactType, plannedOn: nextPlanned.plannedOn } : null,
  };
  const suggestion = suggestContactType(facts, asOf);
  const type = opts.type ?? suggestion.type;
  const completeness = completenessOf(client, contacts);

  const item = (x: { key: string } & PrepItemPayload): PrepItem => ({ ...x, reviewed: reviewed.has(x.key) });
  const bySection: Record<PrepSectionKey, PrepItem[]> = {
    history: [
      item({ key: 'history:last-contact', kind: 'lastContact', contact: lastContact }),
      item({ key: 'history:next-contact', kind: 'nextContact', planned: nextPlanned }),
      ...agreements.map((a) => item({ key: `history:agreement:${a.id}`, kind: 'agreement', agreement: a })),
    ],
    payments: [
      item({
        key: 'payments:periods', kind: 'paymentPeriods',
        periods: periods.map((p) => {
          const r = periodRows.get(p) ?? {
            period: p, invoices: 0, billed: 0, collected: 0, onTime: 0, late: 0, maxDaysLate: null, unpaid: 0, unpaidAmount: 0, maxDaysOverdue: null,
          };
          return { ...r, paymentPct: pct(r.collected, r.billed) };
        }),
      }),
      item({ key: 'payments:debt', kind: 'debt', debt }),
      item({ key: 'payments:acts', kind: 'unreturnedActs', total: actsTotal, acts: actRows.map(({ total: _t, pastGrace: _g, ...a }) => a) }),
    ],
    usage: [
      ...usage.map((u) => item({ key: `usage:${u.kind}`, kind: 'usage', usageKind: u.kind, current: u.current, previous: u.previous, changePct: changePct(u.current, u.previous) })),
      item({ key: 'usage:hotline-topics', kind: 'hotlineTopics', from: hotFrom, byContact: hotline }),
    ],
    specifics: [
      item({ key: 'specifics:client', kind: 'clientSpecifics', specifics: client.specifics, segment: client.segment, taxSystem: client.taxSystem, region: client.region }),
      ...contacts.map((c) => item({ key: `specifics:contact:${c.id}`, kind: 'contactPerson', contact: c })),
      ...completeness.missing.map((check) => item({ key: `specifics:missing:${check}`, kind: 'missingData', check })),
    ],
    threats: threats.map((th) => item({ key: `threats:${th.id}`, kind: 'threat', threat: th })),
    talkingPoints: materials.map((m) => item({
      key: `talkingPoints:${m.id}`, kind: 'material',
      material: { ...m, newSinceLastContact: window.sinceOn !== null && m.publishedOn >= window.sinceOn },
    })),
  };
  const sections = sectionsByType[type].map((key) => ({ key, items: bySection[key] }));
  const shown = sections.flatMap((s) => s.items);
  return {
    asOf,
    client: { id: client.id, name: client.name, segment: client.segment, taxSystem: client.taxSystem, specialistName: client.specialistName, status: client.status, phone: client.phone },
    suggestedType: suggestion.type,
    rule: suggestion.rule,
    reason: suggestion.reason,
    type,
    since: window.since,
    lastContact,
    window,
    sections,
    progress: { reviewed: shown.filter((x) => x.reviewed).length, total: shown.length },
    reviewedOn: opts.reviews?.day ?? null,
    facts,
  };
}
