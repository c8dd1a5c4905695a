// Мой день (/my-day, GET /api/v1/my-day): a specialist's work for D in the caller's scope, as known on D:
//   - today's contacts: planned for D (done by D or not yet);
//   - overdue contacts: planned before D and not done by D (metrics.md control 1), newest first;
//   - agreements due on D or overdue: made by D, not done by D (control 4), due today first;
//   - threats open on D that are new (raised within NEW_THREAT_DAYS) or that nobody reacted to yet
//     (control 6, lib/alerts/reaction.ts), unreacted first.
// Every row carries the client's suggested contact type and its reason (lib/prep/suggest.ts), so a
// tap opens the right preparation checklist. Lists are capped at `limit` rows; totals count all.
import { z } from 'zod';
import { query } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';
import { LATE_INTERACTIONS_CTE, madeByD, NEW_THREAT_DAYS, openOnD, reactionAtSql } from '../alerts/reaction';
import type { ContactType } from '../prep/contact-types';
import { getSuggestions } from '../prep/suggest-batch';

/** Rows per list at most (a head's or executive's day can hold thousands). */
export const MY_DAY_LIMIT = 50;

const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;
const day = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

// Each list filters its table by the cheap columns first and keeps the caller's clients with a
// semi-join (IN the scope), then names the few rows left: joining the scope's clients to the whole
// table instead made DuckDB build on the wrong side (2.5 times slower at 200,000 clients).
const inScope = (col: string) => `${col} IN (SELECT client_id FROM scoped_clients)`;
// Totals are counted by GROUP BY or a scalar subquery over the section's rows, never by a window
// aggregate over the whole input (a count with an empty OVER clause): that window intermittently raised an INTERNAL
// error on small or empty inputs, which invalidates the database (docs/stack-notes.md §4a).
const SECTIONS = {
  // Today's and overdue contacts from one read of interactions, each list ranked and capped apart.
  contacts: /* sql */ `
    WITH rows_ AS MATERIALIZED (
      SELECT CASE WHEN i.planned_on = $asOf::DATE THEN 'today' ELSE 'overdue' END AS list,
        i.interaction_id AS id, i.client_id AS "clientId", ${day('i.planned_on')} AS "plannedOn",
        i.channel, i.contact_type AS "contactType", i.topic, i.contact_id AS "contactId",
        (i.occurred_at IS NOT NULL AND ${byD('i.occurred_at')}) AS done, ($asOf::DATE - i.planned_on)::INTEGER AS "daysOverdue"
      FROM interactions i
      WHERE i.planned_on <= $asOf::DATE AND (i.planned_on = $asOf::DATE OR i.occurred_at IS NULL OR NOT ${byD('i.occurred_at')})
        AND ${inScope('i.client_id')}
    ), totals AS (SELECT list, count(*) AS total FROM rows_ GROUP BY list)
    SELECT x.*, c.name AS "clientName", t.total,
      row_number() OVER (PARTITION BY x.list ORDER BY x.done, CASE WHEN x.list = 'overdue' THEN x."plannedOn" END DESC, c.name, x.id) AS rn,
      row_number() OVER (ORDER BY x.list DESC, x.done, CASE WHEN x.list = 'overdue' THEN x."plannedOn" END DESC, c.name, x.id) AS ord
    FROM rows_ x JOIN totals t ON t.list = x.list JOIN scoped_clients c ON c.client_id = x."clientId"
    QUALIFY rn <= $limit`,
  agreements: /* sql */ `
    WITH rows_ AS MATERIALIZED (
      SELECT a.agreement_id AS id, a.client_id AS "clientId", a.text, ${day('a.due_on')} AS "dueOn",
        ($asOf::DATE - a.due_on)::INTEGER AS "daysOverdue"
      FROM agreements a
      WHERE a.due_on <= $asOf::DATE AND (a.done_on IS NULL OR a.done_on > $asOf::DATE) AND ${madeByD('a')} AND ${inScope('a.client_id')}
    )
    SELECT x.*, c.name AS "clientName",
      (SELECT count(*) FROM rows_) AS total, row_number() OVER (ORDER BY x."dueOn" DESC, c.name, x.id) AS ord
    FROM rows_ x JOIN scoped_clients c ON c.client_id = x."clientId"
    QUALIFY ord <= $limit`,
  threats: /* sql */ `
    WITH rows_ AS MATERIALIZED (
      SELECT * FROM (
        SELECT th.threat_id AS id, th.client_id AS "clientId", c.name AS "clientName", th.kind, ${ts('th.raised_at')} AS "raisedAt",
          th.description, ($asOf::DATE - th.raised_at::DATE)::INTEGER AS "ageDays",
          (th.raised_at::DATE > $asOf::DATE - ${NEW_THREAT_DAYS}) AS "isNew", ${ts(reactionAtSql('th'))} AS "reactedAt"
        FROM threats th JOIN scoped_clients c ON c.client_id = th.client_id
        WHERE ${openOnD('th')}
      )
      WHERE "isNew" OR "reactedAt" IS NULL
    )
    SELECT *, (SELECT count(*) FROM rows_) AS total, row_number() OVER (ORDER BY "reactedAt" IS NOT NULL, "raisedAt" DESC, id) AS ord
    FROM rows_
    QUALIFY ord <= $limit`,
};

const int = z.coerce.number().int();
const base = { id: z.string(), clientId: z.string(), clientName: z.string() };
const contactRowSchema = z.object({
  ...base, list: z.enum(['today', 'overdue']), plannedOn: z.string(), channel: z.string(), contactType: z.string(), topic: z.string().nullable(),
  contactId: z.string().nullable(), done: z.coerce.boolean(), daysOverdue: int, total: int,
});
const agreementRowSchema = z.object({ ...base, text: z.string(), dueOn: z.string(), daysOverdue: int, total: int });
const threatRowSchema = z.object({
  ...base, kind: z.enum(['disconnect', 'competitor', 'complaint']), raisedAt: z.string(), description: z.string().nullable(),
  ageDays: int, isNew: z.coerce.boolean(), reactedAt: z.string().nullable(), total: int,
});

interface Suggested { suggestedType: ContactType; reason: string }
export type MyDayContact = Omit<z.infer<typeof contactRowSchema>, 'total' | 'contactId' | 'list'> & { contactName: string | null } & Suggested;
export type MyDayAgreement = Omit<z.infer<typeof agreementRowSchema>, 'total'> & Suggested;
export type MyDayThreat = Omit<z.infer<typeof threatRowSchema>, 'total'> & Suggested;

export interface MyDayList<T> {
  rows: T[];
  /** All rows of the list, however many are returned. */
  total: number;
}

export interface MyDay {
  asOf: string;
  today: MyDayList<MyDayContact>;
  overdue: MyDayList<MyDayContact>;
  agreements: MyDayList<MyDayAgreement>;
  threats: MyDayList<MyDayThreat>;
}

type Raw = Record<keyof typeof SECTIONS, unknown[]>;

/** The lists' statement for `scope` (bound values: the scope's, $asOf, $limit). */
export function myDaySql(scope: Scope, sections: ReadonlyArray<keyof typeof SECTIONS> = Object.keys(SECTIONS) as Array<keyof typeof SECTIONS>) {
  const cte = scopedClientsCte(scope);
  return {
    sql: `WITH ${cte.sql}${sections.includes('agreements') ? `, ${LATE_INTERACTIONS_CTE}` : ''}
SELECT ${sections.map((name) => `(SELECT coalesce(list(x ORDER BY x.ord), []) FROM (${SECTIONS[name]}) x) AS "${name}"`).join(',\n')}`,
    params: cte.params,
  };
}

/** Мой день of `scope` as known on `asOf` (D), each list capped at `limit` rows. */
export async function getMyDay(scope: Scope, asOf: string, limit = MY_DAY_LIMIT): Promise<MyDay> {
  // One statement per list, side by side.
  const parts = await Promise.all((Object.keys(SECTIONS) as Array<keyof typeof SECTIONS>).map(async (name) => {
    const { sql, params } = myDaySql(scope, [name]);
    return (await query<Partial<Raw>>(sql, { ...params, asOf, limit }))[0];
  }));
  const row = Object.assign({}, ...parts) as Raw;
  const contacts = row.contacts.map((r) => contactRowSchema.parse(r));
  const today = contacts.filter((r) => r.list === 'today');
  const overdue = contacts.filter((r) => r.list === 'overdue');
  const agreements = row.agreements.map((r) => agreementRowSchema.parse(r));
  const threats = row.threats.map((r) => threatRowSchema.parse(r));
  const ids = [...today, ...overdue, ...agreements, ...threats].map((r) => r.clientId);
  // Names of the contact persons shown, by their keys (an indexed lookup; a join would read them all).
  const contactIds = [...new Set([...today, ...overdue].flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const [suggestions, names] = await Promise.all([
    getSuggestions(ids, asOf),
    contactIds.length
      ? query<{ id: string; name: string }>(`SELECT contact_id AS id, full_name AS name FROM contacts WHERE contact_id IN (${contactIds.map((_, i) => `$k${i}`).join(', ')})`,
        Object.fromEntries(contactIds.map((v, i) => [`k${i}`, v])))
      : Promise.resolve([]),
  ]);
  const nameOf = new Map(names.map((r) => [r.id, r.name]));
  const named = <T extends { contactId: string | null }>({ contactId, ...r }: T) => ({ ...r, contactName: contactId ? nameOf.get(contactId) ?? null : null });
  const withSuggestion = <T extends { clientId: string }>(r: T): T & Suggested => {
    const s = suggestions.get(r.clientId);
    return { ...r, suggestedType: s?.type ?? 'regular', reason: s?.reason ?? '' };
  };
  const strip = <T extends { total: number }>({ total: _t, ...r }: T) => r;
  const unlist = <T extends { list: string }>({ list: _l, ...r }: T) => r;
  return {
    asOf,
    today: { rows: today.map(strip).map(unlist).map(named).map(withSuggestion), total: today[0]?.total ?? 0 },
    overdue: { rows: overdue.map(strip).map(unlist).map(named).map(withSuggestion), total: overdue[0]?.total ?? 0 },
    agreements: { rows: agreements.map(strip).map(withSuggestion), total: agreements[0]?.total ?? 0 },
    threats: { rows: threats.map(strip).map(withSuggestion), total: threats[0]?.total ?? 0 },
  };
}
