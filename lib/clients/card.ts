// The client card (/clients/[clientId], GET /api/v1/clients/<id>): everything about one client on
// one page, as known on D (metrics.md): header, holding or chain, contact persons, payments and
// acts of the last 12 periods, open agreements, open threats, planned contacts, the timeline and
// the completeness checks. Scope is checked first, in the data layer: a client outside the
// caller's scope gives null exactly like a missing one, so page and API answer 404 alike.
import type { Scope } from '../db/scope';
import { getCardFacts, type CardContact } from './card-facts';
import { getCardGroups, type CardGroup } from './card-group';
import { openAgreementsOf, openThreatsOf, plannedContactsOf, type OpenAgreement, type OpenThreat, type PlannedContact } from './card-open';
import type { TimelineKind } from './card-params';
import { getCardPayments, type CardPayments } from './card-payments';
import { timelineOf, type CardTimeline } from './card-timeline';
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
  // After the scope check, everything at once: the groups, the CRM rows, the payment tables. (Not
  // alongside the check: an out-of-scope client would then take measurably longer to refuse than
  // a missing one, which is how its existence would leak.)
  const [groups, facts, payments] = await Promise.all([
    getCardGroups(client, scope, asOf),
    getCardFacts(client.id, asOf),
    getCardPayments(client.id, asOf),
  ]);
  return {
    asOf,
    client: { ...client, statusOnD: statusOn(client, asOf) },
    groups,
    contacts: facts.contacts,
    payments,
    openAgreements: openAgreementsOf(facts, asOf),
    openThreats: openThreatsOf(facts.threats),
    plannedContacts: plannedContactsOf(facts),
    timeline: timelineOf(facts, asOf, kind, opts.limit),
    completeness: completenessOf(client, facts.contacts),
  };
}
