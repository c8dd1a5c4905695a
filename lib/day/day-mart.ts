// The day's rows (issue 21): every row Мой день and the bell can show, as known on D, for a set of
// clients, by one statement (itemsSql). The loader stores them for the newest as-of D₀ of the whole
// company (mart_day, with each row's client name, specialist and team), and the suggestion facts of
// their clients (mart_day_facts); Мой день and the bell read those on D₀, filtered by the caller's
// scope, and run the same statement over the caller's clients on any other date. So a head's or an
// executive's day is a read of a stored table, not the company's interactions scanned per request.
//
// The lists (metrics.md controls 1, 4 and 6; lib/day/my-day.ts, lib/alerts/alerts.ts):
//   - today: contacts planned for D (done by D or not yet);
//   - overdue: contacts planned before D and not done by D;
//   - agreement: agreements made by D, due on or before D, not done by D;
//   - threat: threats open on D that are new (raised within NEW_THREAT_DAYS) or that nobody reacted
//     to yet (lib/day/reaction.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable, query } from '../db';
import { LATEST_AS_OF_SQL } from '../load/log';
import { logger } from '../log';
import { LATE_INTERACTIONS_CTE, madeByD, NEW_THREAT_DAYS, openOnD, reactionAtSql } from './reaction';
import { touchedClients } from '../derived/touched';
import { factsSql } from '../prep/suggest-batch';

const log = logger('day');

/** How each build went, in order (tests: which path a load took). */
const builds: Array<'full' | 'touched'> = [];
export const dayMartBuilds = (): ReadonlyArray<'full' | 'touched'> => builds;

const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;

/** mart_day's columns, in its order. */
export const DAY_COLUMNS = [
  'list', 'id', 'client_id', 'client_name', 'specialist_id', 'team_id', 'on_date', 'days', 'channel', 'contact_type', 'topic',
  'contact_id', 'done', 'text', 'kind', 'raised_at', 'reacted_at', 'is_new',
] as const;

/**
 * The day's rows on $asOf of the clients in relation `cl` (client_id, name, specialist_id,
 * team_id), in mart_day's columns; needs LATE_INTERACTIONS_CTE (`late_int`) in the statement.
 * Each table is filtered by its cheap columns first and keeps `cl`'s clients by a semi-join, then
 * the few rows left are named: joining the clients to the whole table instead made DuckDB build on
 * the wrong side (2.5 times slower at 200,000 clients).
 */
export function itemsSql(cl: string): string {
  return /* sql */ `
SELECT CASE WHEN i.planned_on = $asOf::DATE THEN 'today' ELSE 'overdue' END AS list, i.interaction_id AS id, i.client_id,
  c.name AS client_name, c.specialist_id, c.team_id, i.planned_on AS on_date, ($asOf::DATE - i.planned_on)::INTEGER AS days,
  i.channel, i.contact_type, i.topic, i.contact_id, (i.occurred_at IS NOT NULL AND ${byD('i.occurred_at')}) AS done,
  NULL::VARCHAR AS text, NULL::VARCHAR AS kind, NULL::TIMESTAMP AS raised_at, NULL::TIMESTAMP AS reacted_at, NULL::BOOLEAN AS is_new
FROM (
  SELECT * FROM interactions i
  WHERE i.planned_on <= $asOf::DATE AND (i.planned_on = $asOf::DATE OR i.occurred_at IS NULL OR NOT ${byD('i.occurred_at')})
    AND i.client_id IN (SELECT client_id FROM ${cl})
) i JOIN ${cl} c ON c.client_id = i.client_id
UNION ALL
SELECT 'agreement', a.agreement_id, a.client_id, c.name, c.specialist_id, c.team_id, a.due_on, ($asOf::DATE - a.due_on)::INTEGER,
  NULL, NULL, NULL, NULL, NULL, a.text, NULL, NULL, NULL, NULL
FROM (
  SELECT * FROM agreements a
  WHERE a.due_on <= $asOf::DATE AND (a.done_on IS NULL OR a.done_on > $asOf::DATE) AND ${madeByD('a')}
    AND a.client_id IN (SELECT client_id FROM ${cl})
) a JOIN ${cl} c ON c.client_id = a.client_id
UNION ALL
SELECT * FROM (
  SELECT 'threat', th.threat_id, th.client_id, c.name, c.specialist_id, c.team_id, th.raised_at::DATE, ($asOf::DATE - th.raised_at::DATE)::INTEGER,
    NULL, NULL, NULL, NULL, NULL, th.description, th.kind, th.raised_at, ${reactionAtSql('th')} AS reacted_at,
    (th.raised_at::DATE > $asOf::DATE - ${NEW_THREAT_DAYS}) AS is_new
  FROM threats th JOIN ${cl} c ON c.client_id = th.client_id
  WHERE ${openOnD('th')}
) WHERE is_new OR reacted_at IS NULL`;
}

/** Each list's order (Мой день shows its first rows): not done first, then the most urgent. */
export const LIST_ORDER = {
  today: 'done, client_name, id',
  overdue: 'done, on_date DESC, client_name, id',
  agreement: 'on_date DESC, client_name, id',
  threat: 'reacted_at IS NOT NULL, raised_at DESC, id',
} as const;
export type DayList = keyof typeof LIST_ORDER;

/** The first rows of each list of the whole company stored in mart_day_head. */
export const DAY_HEAD_ROWS = 200;

/** The first `limit` rows of each list in relation `rel`, in the lists' order (a top-N each). */
export const firstRowsSql = (rel: string, limit: string) => (Object.keys(LIST_ORDER) as DayList[])
  .map((l) => `(SELECT * FROM ${rel} WHERE list = '${l}' ORDER BY ${LIST_ORDER[l]} LIMIT ${limit})`).join('\n  UNION ALL ');

/** A relation `cl` of clients with their specialist's team, from `clients` filtered by `where`. */
export const clientsWithTeam = (where = 'TRUE') => /* sql */ `cl AS MATERIALIZED (
  SELECT c.client_id, c.name, c.specialist_id, s.team_id FROM clients c LEFT JOIN specialists s ON s.specialist_id = c.specialist_id WHERE ${where})`;

/** The D₀ mart_day holds, or null when it holds none (before the first load). */
export async function storedDayAsOf(): Promise<string | null> {
  const [r] = await query<{ d: string | null }>(`SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM mart_day_asof`);
  return r?.d ?? null;
}

/** Store the rows and facts on D₀ of every client, or of those in table `only` (client_id). */
async function insertFor(con: DuckDBConnection, asOf: string, only: string | null): Promise<void> {
  const of = (col: string) => (only ? `${col} IN (SELECT client_id FROM ${only})` : 'TRUE');
  // By team and specialist: a team's or specialist's rows sit in a few row groups.
  await con.run(`INSERT INTO mart_day WITH ${LATE_INTERACTIONS_CTE}, ${clientsWithTeam(of('c.client_id'))}
    SELECT * FROM (${itemsSql('cl')}) ORDER BY team_id, specialist_id, list`, bindable({ asOf }) as never);
  // The facts of each client with a row (what the rows' suggested contact types are made of).
  await con.run(`INSERT INTO mart_day_facts
    SELECT "clientId", threats, "debtCount", "debtAmount", "debtOldest", "actCount", "actOldest", "actPeriod",
      "usageCurrent", "usagePrevious", "usageDays", "plannedType", "plannedOn"
    FROM (${factsSql(`SELECT DISTINCT client_id FROM mart_day WHERE ${of('client_id')}`)})`, bindable({ asOf }) as never);
  await con.run('DELETE FROM mart_day_head');
  await con.run(`INSERT INTO mart_day_head ${firstRowsSql('mart_day', String(DAY_HEAD_ROWS))}`);
}

/** D₀: the newest applied extract's as-of, or null before any. */
async function newestAsOf(con: DuckDBConnection): Promise<string | null> {
  const r = (await con.runAndReadAll(LATEST_AS_OF_SQL)).getRowObjectsJson()[0];
  return r?.asOf == null ? null : String(r.asOf);
}

/** Build the day's rows and facts of the whole company on D₀, inside the caller's transaction. */
export async function buildDayMart(con: DuckDBConnection, loadId: number | null): Promise<void> {
  const started = Date.now();
  builds.push('full');
  await con.run('DELETE FROM mart_day');
  await con.run('DELETE FROM mart_day_facts');
  await con.run('DELETE FROM mart_day_asof');
  await con.run('DELETE FROM mart_day_head');
  const asOf = await newestAsOf(con);
  if (!asOf) return;
  await insertFor(con, asOf, null);
  await con.run('INSERT INTO mart_day_asof VALUES ($d::DATE)', { d: asOf });
  log.info(`day lists for ${asOf} built for load ${loadId ?? '—'} in ${Date.now() - started} ms`);
}

function why(reason: string): false {
  log.debug(`day lists built in full: ${reason}`);
  return false;
}

export async function refreshDayMart(con: DuckDBConnection, loadId: number | null): Promise<boolean> {
  const asOf = await newestAsOf(con);
  const [stored] = (await con.runAndReadAll(`SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM mart_day_asof`)).getRowObjectsJson();
  if (!asOf || stored?.d !== asOf) return why(`the newest as-of ${asOf ?? '—'} is not the stored ${String(stored?.d ?? '—')}`);
  const touched = await touchedClients(con, '_day_touched');
  if (!touched.ok) return why(touched.why);
  const started = Date.now();
  await con.run('DELETE FROM mart_day WHERE client_id IN (SELECT client_id FROM _day_touched)');
  await con.run('DELETE FROM mart_day_facts WHERE client_id IN (SELECT client_id FROM _day_touched)');
  await insertFor(con, asOf, '_day_touched');
  builds.push('touched');
  log.info(`day lists for ${asOf}: touched clients redone for load ${loadId ?? '—'} in ${Date.now() - started} ms`);
  return true;
}
