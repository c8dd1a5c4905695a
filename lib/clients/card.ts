// The client card (/clients/[clientId], GET /api/v1/clients/<id>): everything about one client on
// one page, as known on D (metrics.md): header, holding or chain, contact persons, payments and
// acts of the last 12 periods, open agreements, open threats, planned contacts, the timeline and
// the completeness checks. Scope is checked first, in the data layer: a client outside the
// caller's scope gives null exactly like a missing one, so page and API answer 404 alike.
import { query } from '../db';
import type { Scope } from '../db/scope';
import { getCardGroups, type CardGroup } from './card-group';
import {
  cardContactSchema, contactsSection, openAgreementSchema, openAgreementsSection, openThreatSchema, openThreatsSection,
  plannedContactSchema, plannedContactsSection, type CardContact, type OpenAgreement, type OpenThreat, type PlannedContact,
} from './card-open';
import type { TimelineKind } from './card-params';
import { actsSection, cardPeriods, paymentsFromRows, paymentsSection, type CardPayments } from './card-payments';
import { sectionSql, usedParams } from './card-sql';
import { timelineFromRows, timelineSection, type CardTimeline } from './card-timeline';
import { getClient, type ClientCardRow } from './get-client';

/** metrics.md control 3 "data completeness": the six checks, in the spec's order. */
export const completenessChecks = ['phone', 'email', 'taxSystem', 'segment', 'specifics', 'decisionMaker'] as const;
export type CompletenessCheck = (typeof completenessChecks)[number];

export interface CardClient extends ClientCardRow {
  /** Status as known on D: churned from churned_on on; a client churned after D was still active on D. */
  statusOnD: string;
}

export interface ClientCard {
  asOf: string;
  client: CardClient;
  /** The holding and/or chain the client is in (usually none or one). */
  groups: CardGroup[];
  contacts: CardContact[];
  payments: CardPayments;
  openAgreements: OpenAgreement[];
  openThreats: OpenThreat[];
  plannedContacts: PlannedContact[];
  timeline: CardTimeline;
  completeness: {
    checks: Array<{ check: CompletenessCheck; ok: boolean }>;
    /** Checks that failed: what is missing. */
    missing: CompletenessCheck[];
    /** Share of checks passed, 0–100. */
    pct: number;
  };
}

export interface CardOptions {
  asOf: string;
  /** Timeline filter; null or undefined: every kind. */
  kind?: TimelineKind | null;
  /** Timeline items at most. */
  limit: number;
}

const filled = (s: string | null | undefined) => !!s && s.trim() !== '';

/** The six checks of metrics.md control 3 on the client's current data. */
export function completenessOf(c: Pick<ClientCardRow, 'phone' | 'email' | 'taxSystem' | 'segment' | 'specifics'>, contacts: CardContact[]): ClientCard['completeness'] {
  const ok: Record<CompletenessCheck, boolean> = {
    phone: filled(c.phone),
    email: filled(c.email),
    taxSystem: filled(c.taxSystem),
    segment: filled(c.segment),
    specifics: filled(c.specifics),
    decisionMaker: contacts.some((k) => k.role === 'decision_maker' && (filled(k.phone) || filled(k.email))),
  };
  const checks = completenessChecks.map((check) => ({ check, ok: ok[check] }));
  const missing = checks.filter((x) => !x.ok).map((x) => x.check);
  return { checks, missing, pct: (100 * (checks.length - missing.length)) / checks.length };
}

/** Status on D from today's status and churned_on (the extracts keep no status history). */
export function statusOn(c: Pick<ClientCardRow, 'status' | 'churnedOn'>, asOf: string): string {
  if (c.status === 'churned' && c.churnedOn && c.churnedOn > asOf) return 'active';
  return c.status;
}

// The card's sections over the client's own rows (lib/clients/card-sql.ts). Each runs as its own
// statement, all at once: measured faster than one statement holding them all (≈ 45 vs 75 ms at
// 200,000 clients on a busy 2-core machine), because DuckDB runs one statement's many small
// pipelines one after another, while separate statements overlap (scripts/bench/CARD.md).
const SECTIONS = {
  contacts: contactsSection,
  openAgreements: openAgreementsSection,
  openThreats: openThreatsSection,
  plannedContacts: plannedContactsSection,
  timeline: timelineSection,
  payments: paymentsSection,
  acts: actsSection,
} as const;
type SectionName = keyof typeof SECTIONS;
const SECTION_SQL = Object.fromEntries(Object.entries(SECTIONS).map(([k, v]) => [k, sectionSql(v)])) as Record<SectionName, string>;

async function readSections(params: Record<string, unknown>): Promise<Record<SectionName, unknown[]>> {
  const names = Object.keys(SECTION_SQL) as SectionName[];
  const rows = await Promise.all(names.map((n) => query(SECTION_SQL[n], usedParams(SECTION_SQL[n], params))));
  return Object.fromEntries(names.map((n, i) => [n, rows[i]])) as Record<SectionName, unknown[]>;
}

/**
 * The card of `clientId` as `scope` may see it, every figure as known on `opts.asOf`; null when the
 * client is missing or outside the scope. Money in roubles, dates ISO `YYYY-MM-DD`, timestamps
 * ISO local time `YYYY-MM-DDTHH:MM:SS` (company time).
 */
export async function getClientCard(scope: Scope, clientId: string, opts: CardOptions): Promise<ClientCard | null> {
  const client = await getClient(scope, clientId);
  if (!client) return null;
  const { asOf } = opts;
  const kind = opts.kind ?? null;
  const params = { clientId: client.id, asOf, kind, limit: opts.limit, ...cardPeriods(asOf) };
  const [groups, row] = await Promise.all([getCardGroups(client, scope, asOf), readSections(params)]);
  const contacts = row.contacts.map((r) => cardContactSchema.parse(r));
  return {
    asOf,
    client: { ...client, statusOnD: statusOn(client, asOf) },
    groups,
    contacts,
    payments: paymentsFromRows(asOf, row.payments, row.acts),
    openAgreements: row.openAgreements.map((r) => openAgreementSchema.parse(r)),
    openThreats: row.openThreats.map((r) => openThreatSchema.parse(r)),
    plannedContacts: row.plannedContacts.map((r) => plannedContactSchema.parse(r)),
    timeline: timelineFromRows(row.timeline, kind, opts.limit),
    completeness: completenessOf(client, contacts),
  };
}
