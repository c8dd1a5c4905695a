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
  await con.run(`INSERT INTO mart_day WITH ${LATE_INTERACTIONS_CTE}, ${clientsWithTeam(of('c.client_id'))} ${itemsSql('cl')}`, bindable({ asOf }) as never);
  // The facts of each client with a row (what the rows' suggested contact types are made of).
  await con.run(`INSERT INTO mart_day_facts
    SELECT "clientId", threats, "debtCount", "debtAmount", "debtOldest", "actCount", "actOldest", "actPeriod",
      "usageCurrent", "usagePrevious", "usageDays", "plannedType", "plannedOn"
    FROM (${factsSql(`SELECT DISTINCT client_id FROM mart_day WHERE ${of('client_id')}`)})`, bindable({ asOf }) as never);
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
  const asOf = await newestAsOf(con);
  if (!asOf) return;
  await insertFor(con, asOf, null);
  await con.run('INSERT INTO mart_day_asof VALUES ($d::DATE)', { d: asOf });
  log.info(`day lists for ${asOf} built for load ${loadId ?? '—'} in ${Date.now() - started} ms`);
}

/**
 * Tables whose delta rows touch only their own clients' rows and facts, by their client column.
 * (Payments touch their invoices' clients, a client row itself, a specialist row all their clients;
 * a full file of any table the rows are made of makes the next build a full one.)
 */
const DAY_CLIENT_TABLES: Record<string, string> = {
  interactions: 'client_id', agreements: 'client_id', threats: 'client_id', usage: 'client_id', invoices: 'client_id', acts: 'client_id',
};

/**
 * Start noting which clients a load's files touch: a temporary table on the load's connection, where
 * a NULL client means "all of them".
 */
export async function startDayChanges(con: DuckDBConnection, all: boolean): Promise<void> {
  await con.run('CREATE OR REPLACE TEMP TABLE _day_cli (client_id VARCHAR)');
  if (all) await con.run('INSERT INTO _day_cli VALUES (NULL)');
}

/**
 * Note the clients one file touches, before it is applied (a deleted or moved row's client is only
 * known before): `val` is the validated relation (`_e IS NULL` on good rows, `_del` on deletions),
 * `key` its typed key column and `keyName` the table's, `col(name)` a typed column.
 */
export async function noteDayChanges(
  con: DuckDBConnection, file: { table: string; mode: 'full' | 'delta'; val: string; key: string; keyName: string; col: (name: string) => string },
): Promise<void> {
  const col = DAY_CLIENT_TABLES[file.table];
  if (!col && !['payments', 'clients', 'specialists'].includes(file.table)) return;
  const good = `FROM ${file.val} WHERE _e IS NULL`;
  if (file.mode === 'full') {
    await con.run('INSERT INTO _day_cli VALUES (NULL)');
    return;
  }
  if (file.table === 'clients') {
    // A rename or a move changes only that client's rows (their name, specialist and team).
    await con.run(`INSERT INTO _day_cli SELECT ${file.key} ${good}`);
    return;
  }
  if (file.table === 'specialists') {
    // A specialist moved to another team: the team of each of their clients' rows.
    await con.run(`INSERT INTO _day_cli SELECT client_id FROM clients WHERE specialist_id IN (SELECT ${file.key} ${good})`);
    return;
  }
  if (file.table === 'payments') {
    await con.run(`INSERT INTO _day_cli SELECT client_id FROM invoices WHERE invoice_id IN (SELECT invoice_id FROM payments WHERE payment_id IN (SELECT ${file.key} ${good}))`);
    await con.run(`INSERT INTO _day_cli SELECT client_id FROM invoices WHERE invoice_id IN (SELECT ${file.col('invoice_id')} ${good} AND NOT _del)`);
    return;
  }
  await con.run(`INSERT INTO _day_cli SELECT ${col} FROM ${file.table} WHERE ${file.keyName} IN (SELECT ${file.key} ${good})`);
  await con.run(`INSERT INTO _day_cli SELECT ${file.col(col)} ${good} AND NOT _del`);
}

/**
 * After a load on the same D₀ whose files were deltas of DAY_CLIENT_TABLES and payments only (the
 * midday delta, a morning delta of interactions): the touched clients' rows and facts again, from
 * the same statement. Returns false (the caller builds in full) otherwise.
 */
function why(reason: string): false {
  log.debug(`day lists built in full: ${reason}`);
  return false;
}

export async function refreshDayMart(con: DuckDBConnection, loadId: number | null): Promise<boolean> {
  const asOf = await newestAsOf(con);
  const [stored] = (await con.runAndReadAll(`SELECT strftime(max(as_of), '%Y-%m-%d') AS d FROM mart_day_asof`)).getRowObjectsJson();
  if (!asOf || stored?.d !== asOf) return why(`the newest as-of ${asOf ?? '—'} is not the stored ${String(stored?.d ?? '—')}`);
  const noted = (await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = '_day_cli' AND temporary`)).getRowObjectsJson()[0];
  if (Number(noted?.n ?? 0) === 0) return why('nothing noted of what the load touched');
  const all = (await con.runAndReadAll('SELECT count(*)::INTEGER AS n FROM _day_cli WHERE client_id IS NULL')).getRowObjectsJson()[0];
  if (Number(all?.n ?? 0) > 0) return why('a full file of a table the rows are made of');
  const started = Date.now();
  await con.run('CREATE OR REPLACE TEMP TABLE _day_touched AS SELECT DISTINCT client_id FROM _day_cli WHERE client_id IS NOT NULL');
  await con.run('DELETE FROM mart_day WHERE client_id IN (SELECT client_id FROM _day_touched)');
  await con.run('DELETE FROM mart_day_facts WHERE client_id IN (SELECT client_id FROM _day_touched)');
  await insertFor(con, asOf, '_day_touched');
  builds.push('touched');
  log.info(`day lists for ${asOf}: touched clients redone for load ${loadId ?? '—'} in ${Date.now() - started} ms`);
  return true;
}
