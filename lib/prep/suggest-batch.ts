// The suggestion facts (lib/prep/suggest.ts) of many clients in one statement, for lists that show a
// suggested contact type on every row (Мой день). The same facts as the checklist computes for one
// client (lib/prep/preparation.ts), set-based: the window from each client's last completed contact
// (lib/prep/window.ts), open threats, overdue invoices from the open-debt mart, unreturned acts past
// the grace from the acts mart, usage totals, the earliest planned contact not done on D (and not
// stale: dated on or after the last completed contact's day).
// tests/unit/prep checks that both give the same facts for every client of the fixture.
import { z } from 'zod';
import { query } from '../db';
import type { ContactType, ThreatKind } from './contact-types';
import { ACT_RETURN_GRACE_DAYS, suggestContactType, type Suggestion, type SuggestionFacts } from './suggest';
import { MIN_USAGE_WINDOW_DAYS } from './window';

const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;

/** The clients bound as $c0..$c{n-1}, as a relation of client_id. */
export const boundIds = (n: number): string => `SELECT unnest([${Array.from({ length: n }, (_, i) => `$c${i}`).join(', ')}]::VARCHAR[]) AS client_id`;

/**
 * The facts statement for the clients of `idsSql` (a relation of distinct client_id), each table
 * read once (interactions once for both the window and the plan). A few dozen clients are spread
 * over nearly every row group, so this reads the tables through; the one-client checklist reads by
 * client_id instead (lib/prep/prep-reads.ts), and Мой день on the newest as-of reads the facts the
 * loader stored (lib/day/day-mart.ts builds them with this statement).
 */
export function factsSql(idsSql: string): string {
  return /* sql */ `
WITH ids AS MATERIALIZED (${idsSql}),
int AS (
  -- The plan: not done by D and not dated before the last completed contact's day (a stale plan,
  -- lib/prep/prep-parts.ts nextPlannedOf).
  SELECT client_id, max(since) AS since,
    arg_min(contact_type, (planned_on, interaction_id)) FILTER (WHERE planned_on IS NOT NULL AND (occurred_at IS NULL OR NOT ${byD('occurred_at')}) AND (since IS NULL OR planned_on >= since::DATE)) AS plan_type,
    min(planned_on) FILTER (WHERE planned_on IS NOT NULL AND (occurred_at IS NULL OR NOT ${byD('occurred_at')}) AND (since IS NULL OR planned_on >= since::DATE)) AS plan_on
  FROM (
    SELECT client_id, occurred_at, planned_on, contact_type, interaction_id,
      max(occurred_at) FILTER (WHERE ${byD('occurred_at')}) OVER (PARTITION BY client_id) AS since
    FROM interactions WHERE client_id IN (SELECT client_id FROM ids)
  )
  GROUP BY client_id
),
wd AS (
  -- lib/prep/window.ts: at least ${MIN_USAGE_WINDOW_DAYS} days, else from the last contact's day to D.
  SELECT ids.client_id, int.since, int.plan_type, int.plan_on,
    greatest(CASE WHEN int.since IS NULL THEN 0 ELSE ($asOf::DATE - int.since::DATE) + 1 END, ${MIN_USAGE_WINDOW_DAYS})::INTEGER AS days
  FROM ids LEFT JOIN int USING (client_id)
),
use AS (
  SELECT wd.client_id,
    coalesce(sum(u.count) FILTER (WHERE u.date > $asOf::DATE - wd.days), 0)::INTEGER AS cur,
    coalesce(sum(u.count) FILTER (WHERE u.date <= $asOf::DATE - wd.days), 0)::INTEGER AS prev
  FROM usage u JOIN wd ON wd.client_id = u.client_id
  WHERE u.client_id IN (SELECT client_id FROM ids) AND u.date <= $asOf::DATE AND u.date > $asOf::DATE - 2 * wd.days
  GROUP BY wd.client_id
),
thr AS (
  SELECT client_id, list({'kind': kind, 'raisedAt': strftime(raised_at, '%Y-%m-%dT%H:%M:%S')} ORDER BY raised_at, threat_id) AS threats
  FROM threats
  WHERE client_id IN (SELECT client_id FROM ids) AND ${byD('raised_at')} AND (resolved_at IS NULL OR NOT ${byD('resolved_at')})
  GROUP BY client_id
),
debt AS (
  SELECT client_id, count(*) FILTER (WHERE billed <> 0)::INTEGER AS n, sum(billed - collected)::DOUBLE AS amount,
    strftime(min(due_on), '%Y-%m-%d') AS oldest
  FROM mart_debt_events
  WHERE open_until > $asOf::DATE AND on_date <= $asOf::DATE AND due_on < $asOf::DATE AND client_id IN (SELECT client_id FROM ids)
  GROUP BY client_id
),
act AS (
  SELECT client_id, count(*)::INTEGER AS n, strftime(min(issued_on), '%Y-%m-%d') AS oldest, arg_min(period, (issued_on, act_id)) AS period
  FROM mart_act_events
  WHERE open_until > $asOf::DATE AND issued_on <= $asOf::DATE AND $asOf::DATE - issued_on >= ${ACT_RETURN_GRACE_DAYS}
    AND client_id IN (SELECT client_id FROM ids)
  GROUP BY client_id
)
SELECT wd.client_id AS "clientId", coalesce(thr.threats, []) AS threats,
  coalesce(debt.n, 0) AS "debtCount", coalesce(debt.amount, 0) AS "debtAmount", debt.oldest AS "debtOldest",
  coalesce(act.n, 0) AS "actCount", act.oldest AS "actOldest", act.period AS "actPeriod",
  coalesce(use.cur, 0) AS "usageCurrent", coalesce(use.prev, 0) AS "usagePrevious", wd.days AS "usageDays",
  wd.plan_type AS "plannedType", strftime(wd.plan_on, '%Y-%m-%d') AS "plannedOn"
FROM wd
LEFT JOIN use USING (client_id)
LEFT JOIN thr USING (client_id)
LEFT JOIN debt USING (client_id)
LEFT JOIN act USING (client_id)`;
}

const int = z.coerce.number().int();
const factsRowSchema = z.object({
  clientId: z.string(),
  threats: z.array(z.object({ kind: z.enum(['disconnect', 'competitor', 'complaint']), raisedAt: z.string() })),
  debtCount: int, debtAmount: z.coerce.number(), debtOldest: z.string().nullable(),
  actCount: int, actOldest: z.string().nullable(), actPeriod: z.string().nullable(),
  usageCurrent: int, usagePrevious: int, usageDays: int,
  plannedType: z.string().nullable(), plannedOn: z.string().nullable(),
});

/** mart_day_facts' columns under the names factsSql gives them. */
const STORED_FACTS_COLUMNS = `client_id AS "clientId", threats, debt_count AS "debtCount", debt_amount AS "debtAmount", debt_oldest AS "debtOldest",
  act_count AS "actCount", act_oldest AS "actOldest", act_period AS "actPeriod", usage_current AS "usageCurrent",
  usage_previous AS "usagePrevious", usage_days AS "usageDays", planned_type AS "plannedType", planned_on AS "plannedOn"`;

/**
 * Suggestion facts of `clientIds` as known on `asOf`, keyed by client id. `stored`: `asOf` is the
 * newest as-of the loader stored facts for (mart_day_facts, lib/day/day-mart.ts); clients without
 * stored facts are computed as on any other date. The caller has already
 * limited the ids to its scope (the lists that call this start from scopedClientsCte).
 */
export async function getSuggestionFacts(clientIds: readonly string[], asOf: string, opts: { stored?: boolean } = {}): Promise<Map<string, SuggestionFacts>> {
  const out = new Map<string, SuggestionFacts>();
  if (clientIds.length === 0) return out;
  const ids = [...new Set(clientIds)];
  const bound = (list: string[]) => Object.fromEntries(list.map((v, i) => [`c${i}`, v]));
  const rows = opts.stored ? await query(`SELECT ${STORED_FACTS_COLUMNS} FROM mart_day_facts WHERE client_id IN (${boundIds(ids.length)})`, bound(ids)) : [];
  const found = new Set(rows.map((r) => String((r as { clientId: unknown }).clientId)));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) rows.push(...await query(factsSql(boundIds(missing.length)), { ...bound(missing), asOf }));
  for (const raw of rows) {
    const r = factsRowSchema.parse(raw);
    out.set(r.clientId, {
      openThreats: r.threats.map((x) => ({ kind: x.kind as ThreatKind, raisedAt: x.raisedAt })),
      overdueInvoices: { count: r.debtCount, amount: r.debtAmount, oldestDueOn: r.debtOldest },
      unreturnedActs: { count: r.actCount, oldestIssuedOn: r.actOldest, oldestPeriod: r.actPeriod },
      usage: { current: r.usageCurrent, previous: r.usagePrevious, days: r.usageDays },
      planned: r.plannedType && r.plannedOn ? { contactType: r.plannedType as ContactType, plannedOn: r.plannedOn } : null,
    });
  }
  return out;
}

/** The suggested contact type of each of `clientIds` as known on `asOf`. */
export async function getSuggestions(clientIds: readonly string[], asOf: string, opts: { stored?: boolean } = {}): Promise<Map<string, Suggestion>> {
  const facts = await getSuggestionFacts(clientIds, asOf, opts);
  return new Map([...facts].map(([id, f]) => [id, suggestContactType(f, asOf)]));
}
