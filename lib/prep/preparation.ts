// Подготовка к контакту (/clients/<id>/prepare, GET /api/v1/clients/<id>/preparation): the
// preparation checklist of metrics.md "Preparation checklist (per contact)" for one client as known
// on D: the suggested contact type with its reason, and the sections that type needs, in its order,
// each filled from the data since the last completed contact (lib/prep/window.ts). Every item has a
// stable key; the caller's ticks for the day come with it (lib/prep/reviews.ts). Scope is checked in
// the data layer: a client outside the caller's scope gives null exactly like a missing one.
// The rows are read side by side (lib/prep/prep-reads.ts), the parts worked out in lib/prep/prep-parts.ts.
import type { Scope } from '../db/scope';
import { completenessOf, type CompletenessCheck } from '../clients/card';
import { getClient, type ClientCardRow } from '../clients/get-client';
import { usageKinds } from '../load/contract';
import { addMonths, periodOf } from '../metrics/period';
import { sectionsByType, type ContactType, type PrepSectionKey } from './contact-types';
import {
  agreementsOf, contactsOf, hotlineFrom, hotlineOf, lastContactOf, nextPlannedOf, periodsOf, threatsOf, usageOf,
  type HotlineRow, type LastContact, type NextPlanned, type PrepAgreement, type PrepContact, type PrepPeriod, type PrepThreat,
} from './prep-parts';
import { readPrepRows, type PrepRows } from './prep-reads';
import { getReviewedKeys } from './reviews';
import { ACT_RETURN_GRACE_DAYS, suggestContactType, type SuggestionFacts, type SuggestionRule } from './suggest';
import { prepWindow, type PrepWindow } from './window';

export type { HotlineRow, LastContact, NextPlanned, PrepAgreement, PrepContact, PrepPeriod, PrepThreat };
export type UsageKind = (typeof usageKinds)[number];
export type PrepDebt = PrepRows['debt'][number];
export type PrepAct = Omit<PrepRows['acts'][number], 'total' | 'pastGrace'>;
export type PrepMaterial = PrepRows['materials'][number] & { newSinceLastContact: boolean };

/** Billing periods in "Payments & acts" (metrics.md: "last 6 periods"). */
export const PREP_PERIODS = 6;
/** "Hotline questions (topics of the last 2 weeks, by contact person)": days, D included. */
export const HOTLINE_DAYS = 14;

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
  return (await buildPreparation(scope, clientId, opts))?.preparation ?? null;
}

/**
 * The item keys the checklist of `clientId` offers as known on `asOf`, over every section (any
 * contact type's: a tick is kept per day, not per type), as `scope` may see it; null when the
 * client is missing or outside the scope. The tick route accepts only these.
 */
export async function getPrepItemKeys(scope: Scope, clientId: string, asOf: string): Promise<Set<string> | null> {
  const built = await buildPreparation(scope, clientId, { asOf });
  if (!built) return null;
  return new Set(Object.values(built.bySection).flatMap((items) => items.map((i) => i.key)));
}

/** The checklist for `opts.type`, and the items of every section, whichever type shows them. */
async function buildPreparation(scope: Scope, clientId: string, opts: PreparationOptions): Promise<{ preparation: Preparation; bySection: Record<PrepSectionKey, PrepItem[]> } | null> {
  const { asOf } = opts;
  const periods = prepPeriods(asOf);
  const hotFrom = hotlineFrom(asOf, HOTLINE_DAYS);
  // Everything at once: the scope check, the ticks and the client's rows (what a client outside the
  // scope would have read is dropped unseen).
  const [client, reviewed, rows] = await Promise.all([
    getClient(scope, clientId),
    opts.reviews ? getReviewedKeys(opts.reviews.login, clientId, opts.reviews.day) : Promise.resolve(new Set<string>()),
    readPrepRows(clientId, asOf, periods[0], periods[periods.length - 1]),
  ]);
  if (!client) return null;
  const lastContact = lastContactOf(rows.interactions, rows.contacts, asOf);
  const window = prepWindow(lastContact?.occurredAt ?? null, asOf);
  const nextPlanned = nextPlannedOf(rows.interactions, rows.contacts, asOf, lastContact?.occurredAt ?? null);
  const agreements = agreementsOf(rows.agreements, rows.interactions, window.sinceOn, asOf);
  const debt = rows.debt[0];
  const actRows = rows.acts;
  const usage = usageOf(rows.usage, window, usageKinds) as Array<{ kind: UsageKind; current: number; previous: number }>;
  const hotline = hotlineOf(rows.usage, rows.contacts, hotFrom, asOf);
  const contacts = contactsOf(rows.contacts);
  const threats = threatsOf(rows.threats, rows.interactions, asOf);
  const materials = rows.materials;

  const actsTotal = actRows[0]?.total ?? 0;
  const pastGrace = actRows.filter((a) => a.ageDays >= ACT_RETURN_GRACE_DAYS);
  const facts: SuggestionFacts = {
    openThreats: threats.map((th) => ({ kind: th.kind, raisedAt: th.raisedAt })),
    overdueInvoices: { count: debt.overdueInvoices, amount: debt.overdue, oldestDueOn: debt.oldestDueOn },
    // Acts are listed oldest first, so the first past the grace is the oldest; the count covers all.
    unreturnedActs: { count: actRows[0]?.pastGrace ?? 0, oldestIssuedOn: pastGrace[0]?.issuedOn ?? null, oldestPeriod: pastGrace[0]?.period ?? null },
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
        periods: periodsOf(rows.invoices, rows.payments, periods, asOf),
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
  const preparation: Preparation = {
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
  return { preparation, bySection };
}
