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
import { NEW_THREAT_DAYS, openOnD, reactionAtSql } from '../alerts/reaction';
import type { ContactType } from '../prep/contact-types';
import { getSuggestions } from '../prep/suggest-batch';

/** Rows per list at most (a head's or executive's day can hold thousands). */
export const MY_DAY_LIMIT = 50;

const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;
const day = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

const SECTIONS = {
  today: /* sql */ `
    SELECT i.interaction_id AS id, i.client_id AS "clientId", sc.name AS "clientName", ${day('i.planned_on')} AS "plannedOn",
      i.channel, i.contact_type AS "contactType", i.topic, k.full_name AS "contactName",
      (i.occurred_at IS NOT NULL AND ${byD('i.occurred_at')}) AS done, 0 AS "daysOverdue",
      count(*) OVER () AS total,
      row_number() OVER (ORDER BY (i.occurred_at IS NOT NULL AND ${byD('i.occurred_at')}), sc.name, i.interaction_id) AS ord
    FROM interactions i JOIN sc ON sc.client_id = i.client_id LEFT JOIN contacts k ON k.contact_id = i.contact_id
    WHERE i.planned_on = $asOf::DATE
    QUALIFY ord <= $limit`,
  overdue: /* sql */ `
    SELECT i.interaction_id AS id, i.client_id AS "clientId", sc.name AS "clientName", ${day('i.planned_on')} AS "plannedOn",
      i.channel, i.contact_type AS "contactType", i.topic, k.full_name AS "contactName", FALSE AS done,
      ($asOf::DATE - i.planned_on)::INTEGER AS "daysOverdue",
      count(*) OVER () AS total,
      row_number() OVER (ORDER BY i.planned_on DESC, sc.name, i.interaction_id) AS ord
    FROM interactions i JOIN sc ON sc.client_id = i.client_id LEFT JOIN contacts k ON k.contact_id = i.contact_id
    WHERE i.planned_on < $asOf::DATE AND (i.occurred_at IS NULL OR NOT ${byD('i.occurred_at')})
    QUALIFY ord <= $limit`,
  agreements: /* sql */ `
    SELECT a.agreement_id AS id, a.client_id AS "clientId", sc.name AS "clientName", a.text, ${day('a.due_on')} AS "dueOn",
      ($asOf::DATE - a.due_on)::INTEGER AS "daysOverdue",
      count(*) OVER () AS total,
      row_number() OVER (ORDER BY a.due_on DESC, sc.name, a.agreement_id) AS ord
    FROM agreements a JOIN sc ON sc.client_id = a.client_id LEFT JOIN interactions i ON i.interaction_id = a.interaction_id
    WHERE a.due_on <= $asOf::DATE AND (a.done_on IS NULL OR a.done_on > $asOf::DATE)
      AND (a.interaction_id IS NULL OR i.occurred_at IS NULL OR ${byD('i.occurred_at')})
    QUALIFY ord <= $limit`,
  threats: /* sql */ `
    SELECT *, count(*) OVER () AS total, row_number() OVER (ORDER BY "reactedAt" IS NOT NULL, "raisedAt" DESC, id) AS ord
    FROM (
      SELECT th.threat_id AS id, th.client_id AS "clientId", sc.name AS "clientName", th.kind, ${ts('th.raised_at')} AS "raisedAt",
        th.description, ($asOf::DATE - th.raised_at::DATE)::INTEGER AS "ageDays",
        (th.raised_at::DATE > $asOf::DATE - ${NEW_THREAT_DAYS}) AS "isNew", ${ts(reactionAtSql('th'))} AS "reactedAt"
      FROM threats th JOIN sc ON sc.client_id = th.client_id
      WHERE ${openOnD('th')}
    )
    WHERE "isNew" OR "reactedAt" IS NULL
    QUALIFY ord <= $limit`,
};

const int = z.coerce.number().int();
const base = { id: z.string(), clientId: z.string(), clientName: z.string() };
const contactRowSchema = z.object({
  ...base, plannedOn: z.string(), channel: z.string(), contactType: z.string(), topic: z.string().nullable(),
  contactName: z.string().nullable(), done: z.coerce.boolean(), daysOverdue: int, total: int,
});
const agreementRowSchema = z.object({ ...base, text: z.string(), dueOn: z.string(), daysOverdue: int, total: int });
const threatRowSchema = z.object({
  ...base, kind: z.enum(['disconnect', 'competitor', 'complaint']), raisedAt: z.string(), description: z.string().nullable(),
  ageDays: int, isNew: z.coerce.boolean(), reactedAt: z.string().nullable(), total: int,
});

interface Suggested { suggestedType: ContactType; reason: string }
export type MyDayContact = Omit<z.infer<typeof contactRowSchema>, 'total'> & Suggested;
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

/** Мой день of `scope` as known on `asOf` (D), each list capped at `limit` rows. */
export async function getMyDay(scope: Scope, asOf: string, limit = MY_DAY_LIMIT): Promise<MyDay> {
  const cte = scopedClientsCte(scope);
  const sql = `WITH ${cte.sql}, sc AS MATERIALIZED (SELECT client_id, name FROM scoped_clients)
SELECT ${Object.entries(SECTIONS).map(([name, s]) => `(SELECT coalesce(list(x ORDER BY x.ord), []) FROM (${s}) x) AS "${name}"`).join(',\n')}`;
  const [row] = await query<Raw>(sql, { ...cte.params, asOf, limit });
  const today = row.today.map((r) => contactRowSchema.parse(r));
  const overdue = row.overdue.map((r) => contactRowSchema.parse(r));
  const agreements = row.agreements.map((r) => agreementRowSchema.parse(r));
  const threats = row.threats.map((r) => threatRowSchema.parse(r));
  const ids = [...today, ...overdue, ...agreements, ...threats].map((r) => r.clientId);
  const suggestions = await getSuggestions(ids, asOf);
  const withSuggestion = <T extends { clientId: string }>(r: T): T & Suggested => {
    const s = suggestions.get(r.clientId);
    return { ...r, suggestedType: s?.type ?? 'regular', reason: s?.reason ?? '' };
  };
  const strip = <T extends { total: number }>({ total: _t, ...r }: T) => r;
  return {
    asOf,
    today: { rows: today.map(strip).map(withSuggestion), total: today[0]?.total ?? 0 },
    overdue: { rows: overdue.map(strip).map(withSuggestion), total: overdue[0]?.total ?? 0 },
    agreements: { rows: agreements.map(strip).map(withSuggestion), total: agreements[0]?.total ?? 0 },
    threats: { rows: threats.map(strip).map(withSuggestion), total: threats[0]?.total ?? 0 },
  };
}
