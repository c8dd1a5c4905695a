// Мой день (/my-day, GET /api/v1/my-day): a specialist's work for D in the caller's scope, as known on D:
//   - today's contacts: planned for D (done by D or not yet);
//   - overdue contacts: planned before D and not done by D (metrics.md control 1), newest first;
//   - agreements due on D or overdue: made by D, not done by D (control 4), due today first;
//   - threats open on D that are new (raised within NEW_THREAT_DAYS) or that nobody reacted to yet
//     (control 6, lib/day/reaction.ts), unreacted first.
// Every row carries the client's suggested contact type and its reason (lib/prep/suggest.ts), so a
// tap opens the right preparation checklist. Lists are capped at `limit` rows; totals count all.
// Heads and executives also get each team's counts: their day is the teams' day, summarised.
// The rows come from lib/day/day-mart.ts: stored by the loader for the newest as-of, computed by the
// same statement for any other date.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { LATE_INTERACTIONS_CTE } from './reaction';
import type { ContactType } from '../prep/contact-types';
import { getSuggestions } from '../prep/suggest-batch';
import { clientsWithTeam, DAY_HEAD_ROWS, firstRowsSql, itemsSql, LIST_ORDER, storedDayAsOf } from './day-mart';

/** Rows per list at most (a head's or executive's day can hold thousands; the team summary counts them all). */
export const MY_DAY_LIMIT = 50;

const day = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

/**
 * A CTE `items`: the day's rows (lib/day/day-mart.ts) of the caller's clients on $asOf. On the D₀
 * the loader stored, read from mart_day; on any other date, the same statement over the caller's
 * clients. The scope is applied by scopeClause either way (mart_day carries the client's specialist).
 * Its params bind $asOf only when the statement reads it (computed rows).
 */
export function dayItemsCte(scope: Scope, asOf: string, stored: boolean): { sql: string; params: Record<string, unknown> } {
  if (stored) {
    const w = scopeClause(scope, 'm');
    return { sql: `items AS (SELECT * FROM mart_day m WHERE ${w.sql})`, params: w.params };
  }
  const w = scopeClause(scope, 'c');
  return { sql: `${LATE_INTERACTIONS_CTE}, ${clientsWithTeam(w.sql)}, items AS MATERIALIZED (${itemsSql('cl')})`, params: { ...w.params, asOf } };
}

/** Whether `asOf` is the day mart's D₀ (read it) or another date (compute it). */
export async function dayIsStored(asOf: string): Promise<boolean> {
  return (await storedDayAsOf()) === asOf;
}

// The lists' first rows (`first`: a top-N of each list over `shown`, or, for the whole company on
// D₀, the stored mart_day_head); totals by GROUP BY, never by a window aggregate over the whole
// input (a count with an empty OVER clause intermittently raised an INTERNAL error on small or empty
// inputs, which invalidates the database: docs/stack-notes.md §4a).
const LISTS_SQL = (items: string, first: string, teams: boolean, byTeam: boolean) => /* sql */ `
WITH ${items},
shown AS (SELECT * FROM items${byTeam ? ' WHERE team_id IS NOT DISTINCT FROM $team' : ''}),
f AS MATERIALIZED (${first}),
c AS (SELECT * FROM f WHERE list IN ('today', 'overdue')),
a AS (SELECT * FROM f WHERE list = 'agreement'),
t AS (SELECT * FROM f WHERE list = 'threat')
SELECT
  (SELECT coalesce(list({'id': id, 'clientId': client_id, 'clientName': client_name, 'list': list, 'plannedOn': ${day('on_date')},
    'channel': channel, 'contactType': contact_type, 'topic': topic, 'contactId': contact_id, 'done': done, 'daysOverdue': days}
    ORDER BY list DESC, done, CASE WHEN list = 'overdue' THEN on_date END DESC, client_name, id), []) FROM c) AS contacts,
  (SELECT coalesce(list({'id': id, 'clientId': client_id, 'clientName': client_name, 'text': text, 'dueOn': ${day('on_date')}, 'daysOverdue': days}
    ORDER BY ${LIST_ORDER.agreement}), []) FROM a) AS agreements,
  (SELECT coalesce(list({'id': id, 'clientId': client_id, 'clientName': client_name, 'kind': kind, 'raisedAt': ${ts('raised_at')},
    'description': text, 'ageDays': days, 'isNew': is_new, 'reactedAt': ${ts('reacted_at')}}
    ORDER BY ${LIST_ORDER.threat}), []) FROM t) AS threats,
  (SELECT coalesce(list({'list': list, 'n': n}), []) FROM (SELECT list, count(*)::INTEGER AS n FROM shown GROUP BY list)) AS totals${teams ? `,
  (SELECT coalesce(list({'teamId': x.team_id, 'teamName': tm.name, 'today': x.today, 'todayOpen': x.today_open, 'overdue': x.overdue,
    'agreements': x.agreements, 'threats': x.threats} ORDER BY tm.name NULLS LAST, x.team_id), [])
   FROM (SELECT team_id, count(*) FILTER (WHERE list = 'today')::INTEGER AS today, count(*) FILTER (WHERE list = 'today' AND NOT done)::INTEGER AS today_open,
     count(*) FILTER (WHERE list = 'overdue')::INTEGER AS overdue, count(*) FILTER (WHERE list = 'agreement')::INTEGER AS agreements,
     count(*) FILTER (WHERE list = 'threat')::INTEGER AS threats FROM items GROUP BY team_id) x
   LEFT JOIN teams tm ON tm.team_id = x.team_id) AS teams` : ''}`;

const int = z.coerce.number().int();
const base = { id: z.string(), clientId: z.string(), clientName: z.string() };
const contactRowSchema = z.object({
  ...base, list: z.enum(['today', 'overdue']), plannedOn: z.string(), channel: z.string(), contactType: z.string(), topic: z.string().nullable(),
  contactId: z.string().nullable(), done: z.coerce.boolean(), daysOverdue: int,
});
const agreementRowSchema = z.object({ ...base, text: z.string(), dueOn: z.string(), daysOverdue: int });
const threatRowSchema = z.object({
  ...base, kind: z.enum(['disconnect', 'competitor', 'complaint']), raisedAt: z.string(), description: z.string().nullable(),
  ageDays: int, isNew: z.coerce.boolean(), reactedAt: z.string().nullable(),
});
const teamRowSchema = z.object({
  teamId: z.string().nullable(), teamName: z.string().nullable(), today: int, todayOpen: int, overdue: int, agreements: int, threats: int,
});
const listsSchema = z.object({
  contacts: z.array(contactRowSchema), agreements: z.array(agreementRowSchema), threats: z.array(threatRowSchema),
  totals: z.array(z.object({ list: z.string(), n: int })), teams: z.array(teamRowSchema).optional(),
});

interface Suggested { suggestedType: ContactType; reason: string }
export type MyDayContact = Omit<z.infer<typeof contactRowSchema>, 'contactId' | 'list'> & { contactName: string | null } & Suggested;
export type MyDayAgreement = z.infer<typeof agreementRowSchema> & Suggested;
export type MyDayThreat = z.infer<typeof threatRowSchema> & Suggested;
/** One team's counts (heads and executives): contacts today (and not done yet), overdue, agreements, threats. */
export type MyDayTeam = z.infer<typeof teamRowSchema>;

export interface MyDayList<T> {
  rows: T[];
  /** All rows of the list, however many are returned. */
  total: number;
}

export interface MyDayOptions {
  /** Rows per list (default MY_DAY_LIMIT). */
  limit?: number;
  /** Only the rows of this team's clients (a head's or executive's drill-down from the summary). */
  team?: string;
  /** Read the stored rows or compute them (default: stored on their D₀; tests compare the two). */
  source?: 'stored' | 'live';
}

export interface MyDay {
  asOf: string;
  today: MyDayList<MyDayContact>;
  overdue: MyDayList<MyDayContact>;
  agreements: MyDayList<MyDayAgreement>;
  threats: MyDayList<MyDayThreat>;
  /** Heads and executives: each team's counts, the teams in scope with anything on the day. */
  teams?: MyDayTeam[];
}

/**
 * Мой день of `scope` as known on `asOf` (D), each list capped at `limit` rows; teams' counts for
 * heads and executives (of every team in scope, whatever `team` the lists are narrowed to).
 */
export async function getMyDay(scope: Scope, asOf: string, opts: MyDayOptions = {}): Promise<MyDay> {
  const { limit = MY_DAY_LIMIT, team } = opts;
  const stored = opts.source ? opts.source === 'stored' : await dayIsStored(asOf);
  const items = dayItemsCte(scope, asOf, stored);
  const teams = scope.role !== 'specialist';
  // The whole company's first rows are stored (an executive's day: no need to order its rows).
  const wholeCompany = stored && team === undefined && limit <= DAY_HEAD_ROWS && scopeClause(scope, 'm').sql === 'TRUE';
  const first = firstRowsSql(wholeCompany ? 'mart_day_head' : 'shown', '$limit');
  const [raw] = await query<Record<string, unknown>>(LISTS_SQL(items.sql, first, teams, team !== undefined), { ...items.params, limit, ...(team !== undefined ? { team } : {}) });
  const row = listsSchema.parse(raw);
  const today = row.contacts.filter((r) => r.list === 'today');
  const overdue = row.contacts.filter((r) => r.list === 'overdue');
  const ids = [...row.contacts, ...row.agreements, ...row.threats].map((r) => r.clientId);
  // Names of the contact persons shown, by their keys (an indexed lookup; a join would read them all).
  const contactIds = [...new Set(row.contacts.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const [suggestions, names] = await Promise.all([
    getSuggestions(ids, asOf, { stored }),
    contactIds.length
      ? query<{ id: string; name: string }>(`SELECT contact_id AS id, full_name AS name FROM contacts WHERE contact_id IN (${contactIds.map((_, i) => `$k${i}`).join(', ')})`,
        Object.fromEntries(contactIds.map((v, i) => [`k${i}`, v])))
      : Promise.resolve([]),
  ]);
  const nameOf = new Map(names.map((r) => [r.id, r.name]));
  const contact = ({ contactId, list: _l, ...r }: z.infer<typeof contactRowSchema>) => ({ ...r, contactName: contactId ? nameOf.get(contactId) ?? null : null });
  const withSuggestion = <T extends { clientId: string }>(r: T): T & Suggested => {
    const s = suggestions.get(r.clientId);
    return { ...r, suggestedType: s?.type ?? 'regular', reason: s?.reason ?? '' };
  };
  const total = (list: string) => row.totals.find((x) => x.list === list)?.n ?? 0;
  return {
    asOf,
    today: { rows: today.map(contact).map(withSuggestion), total: total('today') },
    overdue: { rows: overdue.map(contact).map(withSuggestion), total: total('overdue') },
    agreements: { rows: row.agreements.map(withSuggestion), total: total('agreement') },
    threats: { rows: row.threats.map(withSuggestion), total: total('threat') },
    ...(row.teams ? { teams: row.teams } : {}),
  };
}
