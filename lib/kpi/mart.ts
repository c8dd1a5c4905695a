// The KPI marts (migration v8; spec/metrics.md "Manager KPIs: the six controls and sales results"):
// the extract rows each control and sales result counts, with their grouping keys (owner_id, the
// owner's team_id) and the scope key (specialist_id, the client's current specialist) resolved
// once per load, and sorted by the day a period filter cuts on. Every KPI read is then one pruned,
// join-free scan grouped by owner or team (scripts/bench/KPI.md: raw extract scans joined to
// clients cost several times the 100 ms budget at 200,000 clients).
//
// Owners (who a row counts for), the same rule as invoices in "Payment %" → Grouping:
//   interactions: the interaction's specialist (who planned / made the contact);
//   agreements:   the agreement's specialist, else the client's current one;
//   acts:         the act's specialist, else the client's current one (as mart_act_events);
//   threats, clients, sales: the client's current specialist (they carry no specialist).
// A team is its owner's team.
//
// Codes (migration v13): every row also carries owner_code and team_code, the owner's and team's
// places by id in mart_kpi_codes (built first, from every id the marts can hold). Rankings group
// by them: DuckDB then aggregates by a perfect hash instead of hashing strings, and the result's
// keys come back as numbers (getKpi turns them into ids): the ten reads of a ranking of 5,400
// specialists on a past D, run together, p50 49 → 34 ms at 200,000 clients (scripts/bench/KPI.md).
//
// The loader rebuilds them inside a load's transaction, through lib/derived/registry.ts, when the
// load changed one of the tables they are made of; readers only query them.
import type { DuckDBConnection } from '@duckdb/node-api';
import { touchedClients } from '../derived/touched';
import { logger } from '../log';

const log = logger('kpi-mart');

/* sql */
const CODES_SQL = `
INSERT INTO mart_kpi_codes
SELECT 'specialist', id, (row_number() OVER (ORDER BY id) - 1)::INTEGER FROM (
  SELECT specialist_id AS id FROM specialists UNION SELECT specialist_id FROM clients UNION SELECT specialist_id FROM interactions
  UNION SELECT specialist_id FROM agreements UNION SELECT specialist_id FROM acts
) WHERE id IS NOT NULL
UNION ALL
SELECT 'team', id, (row_number() OVER (ORDER BY id) - 1)::INTEGER FROM (SELECT team_id AS id FROM teams UNION SELECT team_id FROM specialists)
WHERE id IS NOT NULL`;

/** The owner's and team's codes joined to a build, for owner expression \`owner\` and team \`team\`. */
const codeJoins = (owner: string, team: string) => `
LEFT JOIN (SELECT id, code FROM mart_kpi_codes WHERE kind = 'specialist') oc ON oc.id = ${owner}
LEFT JOIN (SELECT id, code FROM mart_kpi_codes WHERE kind = 'team') tc ON tc.id = ${team}`;
const CODES = 'oc.code AS owner_code, tc.code AS team_code';

/* sql */
const INTERACTIONS_SQL = (of: Of) => `
INSERT INTO mart_kpi_interactions
SELECT coalesce(i.planned_on, i.occurred_at::DATE) AS sort_on, i.planned_on, i.occurred_at::DATE AS occurred_on,
       i.occurred_at, i.entered_at,
       -- Control 1: done no later than the planned day (a day, not an hour: planned_on is a date).
       coalesce(i.occurred_at::DATE <= i.planned_on, false) AS on_time,
       -- Control 2: entered within 24 h of the contact, exactly 24 h included; no entered_at is late.
       coalesce(i.entered_at <= i.occurred_at + INTERVAL 24 HOUR, false) AS entered_24h,
       i.interaction_id, i.client_id, c.specialist_id, i.specialist_id AS owner_id, s.team_id, i.channel, i.contact_type, ${CODES}
FROM interactions i
JOIN clients c ON c.client_id = i.client_id
LEFT JOIN specialists s ON s.specialist_id = i.specialist_id${codeJoins('i.specialist_id', 's.team_id')}
-- Neither planned nor done: no control counts it.
WHERE (i.planned_on IS NOT NULL OR i.occurred_at IS NOT NULL) AND ${of.byKey('interactions', 'i.', 'interaction_id')}
ORDER BY sort_on`;

/* sql */
const AGREEMENTS_SQL = (of: Of) => `
INSERT INTO mart_kpi_agreements
SELECT a.due_on, a.done_on, coalesce(a.done_on <= a.due_on, false) AS kept,
       coalesce(trim(a.feedback) <> '', false) AS has_feedback, a.feedback_on,
       a.agreement_id, a.client_id, c.specialist_id, coalesce(a.specialist_id, c.specialist_id) AS owner_id, s.team_id, a.text, ${CODES}
FROM agreements a
JOIN clients c ON c.client_id = a.client_id
LEFT JOIN specialists s ON s.specialist_id = coalesce(a.specialist_id, c.specialist_id)${codeJoins('coalesce(a.specialist_id, c.specialist_id)', 's.team_id')}
WHERE ${of.byKey('agreements', 'a.', 'agreement_id')}
ORDER BY a.due_on`;

/* sql */
const THREATS_SQL = (of: Of) => `
INSERT INTO mart_kpi_threats
SELECT t.raised_at, t.first_reaction_at, t.resolved_at, t.threat_id, t.client_id, c.specialist_id, c.specialist_id AS owner_id,
       s.team_id, t.kind, t.description, ${CODES}
FROM threats t
JOIN clients c ON c.client_id = t.client_id
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id${codeJoins('c.specialist_id', 's.team_id')}
WHERE ${of.byKey('threats', 't.', 'threat_id')}
ORDER BY t.raised_at`;

/* sql */
const OPEN_SQL = (of: Of) => `
INSERT INTO mart_kpi_open
SELECT * FROM (
  -- A planned contact is overdue on D when planned_on < D and it was not done by D: only rows done
  -- two or more days after the planned day (or never) are overdue on some day.
  SELECT coalesce(occurred_on, DATE '9999-12-31') AS open_until, planned_on + 1 AS since, 'contact' AS kind, interaction_id AS item_id,
         client_id, specialist_id, owner_id, team_id, planned_on AS due_on, contact_type AS detail, owner_code, team_code
  FROM mart_kpi_interactions WHERE planned_on IS NOT NULL AND (occurred_on IS NULL OR occurred_on > planned_on + 1) AND ${of.byKey('interactions', '', 'interaction_id')}
  UNION ALL
  SELECT coalesce(done_on, DATE '9999-12-31'), due_on + 1, 'agreement', agreement_id, client_id, specialist_id, owner_id, team_id, due_on, text,
         owner_code, team_code
  FROM mart_kpi_agreements WHERE (done_on IS NULL OR done_on > due_on + 1) AND ${of.byKey('agreements', '', 'agreement_id')}
)
ORDER BY open_until, kind`;

/* sql */
const CLIENTS_SQL = (of: Of) => `
INSERT INTO mart_kpi_clients
WITH dm AS (
  -- The sixth check: at least one decision maker (ЛПР) with a phone or an email.
  SELECT DISTINCT client_id FROM contacts
  WHERE role = 'decision_maker' AND (coalesce(trim(phone) <> '', false) OR coalesce(trim(email) <> '', false)) AND ${of.clients('')}
),
checks AS (
  SELECT c.client_id, c.specialist_id, s.team_id, c.status, c.churned_on, c.contract_start,
         oc.code AS owner_code, tc.code AS team_code,
         coalesce(trim(c.phone) <> '', false) AS has_phone,
         coalesce(trim(c.email) <> '', false) AS has_email,
         coalesce(trim(c.tax_system) <> '', false) AS has_tax_system,
         coalesce(trim(c.segment) <> '', false) AS has_segment,
         coalesce(trim(c.specifics) <> '', false) AS has_specifics,
         dm.client_id IS NOT NULL AS has_decision_maker
  FROM clients c
  LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
  LEFT JOIN dm ON dm.client_id = c.client_id${codeJoins('c.specialist_id', 's.team_id')}
  WHERE ${of.clients('c.')}
)
SELECT client_id, specialist_id, specialist_id AS owner_id, team_id, status, churned_on, contract_start,
       has_phone, has_email, has_tax_system, has_segment, has_specifics, has_decision_maker,
       (has_phone::TINYINT + has_email::TINYINT + has_tax_system::TINYINT + has_segment::TINYINT
        + has_specifics::TINYINT + has_decision_maker::TINYINT)::TINYINT AS passed, owner_code, team_code
FROM checks
-- By specialist: a specialist's own clients then sit in one or two row groups.
ORDER BY specialist_id, client_id`;

/* sql */
const SALES_SQL = (of: Of) => `
INSERT INTO mart_kpi_sales
WITH x AS (SELECT date, client_id, sum(revenue) AS revenue, count(*)::INTEGER AS sales FROM sales WHERE ${of.sales('', 'date')} GROUP BY date, client_id)
SELECT x.date AS on_date, x.client_id, c.specialist_id, c.specialist_id AS owner_id, s.team_id, x.revenue, x.sales, ${CODES}
FROM x
JOIN clients c ON c.client_id = x.client_id
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id${codeJoins('c.specialist_id', 's.team_id')}
ORDER BY on_date`;

/* sql */
const ACTS_SQL = (of: Of) => `
INSERT INTO mart_kpi_acts
SELECT a.period, a.issued_on, a.returned_on, a.act_id, a.client_id, c.specialist_id,
       coalesce(a.specialist_id, c.specialist_id) AS owner_id, s.team_id, ${CODES}
FROM acts a
JOIN clients c ON c.client_id = a.client_id
LEFT JOIN specialists s ON s.specialist_id = coalesce(a.specialist_id, c.specialist_id)${codeJoins('coalesce(a.specialist_id, c.specialist_id)', 's.team_id')}
WHERE ${of.byKey('acts', 'a.', 'act_id')}
ORDER BY a.period, a.issued_on`;

/**
 * Which rows a build writes, as predicates on a relation's columns (prefix `p`, e.g. 'i.'): every
 * row (a full build), or those a load's deltas touched (lib/derived/touched.ts): the rows noted by
 * their key, and every row of a client whose own row changed (its specialist, the scope key).
 */
interface Of {
  byKey(tab: string, p: string, keyCol: string): string;
  /** mart_kpi_clients: a client whose row or one of whose contacts changed. */
  clients(p: string): string;
  /** mart_kpi_sales, by client and day (`day`: the day column). */
  sales(p: string, day: string): string;
}
const EVERY: Of = { byKey: () => 'TRUE', clients: () => 'TRUE', sales: () => 'TRUE' };
const noted = (col: 'key' | 'client_id' | 'on_date', tab: string) => `(SELECT ${col} FROM _touched WHERE tab = '${tab}')`;
const movedClient = (p: string) => `${p}client_id IN ${noted('key', 'clients')}`;
const TOUCHED: Of = {
  byKey: (tab, p, keyCol) => `(${p}${keyCol} IN ${noted('key', tab)} OR ${movedClient(p)})`,
  clients: (p) => `(${movedClient(p)} OR ${p}client_id IN ${noted('client_id', 'contacts')})`,
  // Every (client, day) of a touched sale's client and a touched sale's day: a few more groups than
  // touched, the same ones deleted and written.
  sales: (p, day) => `(${movedClient(p)} OR (${p}client_id IN ${noted('client_id', 'sales')} AND ${p}${day} IN ${noted('on_date', 'sales')}))`,
};

/** The marts made of client rows, in build order (mart_kpi_open reads the interactions and agreements), and the rows of each a touched build replaces. */
const CLIENT_MARTS: ReadonlyArray<{ table: string; sql: (of: Of) => string; rows: (of: Of) => string }> = [
  { table: 'mart_kpi_interactions', sql: INTERACTIONS_SQL, rows: (of) => of.byKey('interactions', '', 'interaction_id') },
  { table: 'mart_kpi_agreements', sql: AGREEMENTS_SQL, rows: (of) => of.byKey('agreements', '', 'agreement_id') },
  { table: 'mart_kpi_threats', sql: THREATS_SQL, rows: (of) => of.byKey('threats', '', 'threat_id') },
  {
    table: 'mart_kpi_open', sql: OPEN_SQL,
    rows: (of) => `((kind = 'contact' AND ${of.byKey('interactions', '', 'item_id')}) OR (kind = 'agreement' AND ${of.byKey('agreements', '', 'item_id')}))`,
  },
  { table: 'mart_kpi_clients', sql: CLIENTS_SQL, rows: (of) => of.clients('') },
  { table: 'mart_kpi_sales', sql: SALES_SQL, rows: (of) => of.sales('', 'on_date') },
  { table: 'mart_kpi_acts', sql: ACTS_SQL, rows: (of) => of.byKey('acts', '', 'act_id') },
];

/**
 * The KPI marts in build order (the codes first, every mart joins them). For the loader: rebuild
 * these inside the extract's transaction, as payment-mart.ts's martBuilds, then record the state
 * (rebuildKpiMarts does both).
 */
export const kpiMartBuilds: ReadonlyArray<{ table: string; sql: string }> = [
  { table: 'mart_kpi_codes', sql: CODES_SQL },
  ...CLIENT_MARTS.map((m) => ({ table: m.table, sql: m.sql(EVERY) })),
];

/** How each build went, in order (tests: which path a load took). */
const builds: Array<'full' | 'touched'> = [];
export const kpiMartRefreshes = (): ReadonlyArray<'full' | 'touched'> => builds;

/**
 * Rebuild every KPI mart from the extract tables on `con`, inside the caller's open transaction
 * (the registry records `loadId` as the load they reflect). Returns the build time in ms.
 */
export async function rebuildKpiMarts(con: DuckDBConnection, loadId: number | null): Promise<number> {
  const started = Date.now();
  builds.push('full');
  for (const b of kpiMartBuilds) {
    await con.run(`DELETE FROM ${b.table}`);
    await con.run(b.sql);
  }
  const ms = Date.now() - started;
  log.info(`KPI marts rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

/**
 * After a load of deltas that touched no specialist or team (whose rows move whole groups): only
 * the rows its deltas touched (lib/derived/touched.ts) of every mart again, by the same statements,
 * so the marts stay in their day order but for a few rows. The codes stay when every owner and team
 * of those rows has one (else a full rebuild; an id no row names any more keeps its code, which
 * groups nothing). Returns false when it did nothing (the caller rebuilds in full).
 */
export async function refreshKpiMarts(con: DuckDBConnection, loadId: number | null): Promise<boolean> {
  const started = Date.now();
  const touched = await touchedClients(con, '_kpi_touched', ['specialists', 'teams']);
  if (!touched.ok) {
    log.debug(`KPI marts rebuilt in full: ${touched.why}`);
    return false;
  }
  for (const m of CLIENT_MARTS) {
    await con.run(`DELETE FROM ${m.table} WHERE ${m.rows(TOUCHED)}`);
    await con.run(m.sql(TOUCHED));
  }
  // A new owner or team has no code yet: the rows just written say so.
  const uncoded = (await con.runAndReadAll(CLIENT_MARTS.filter((m) => m.table !== 'mart_kpi_open')
    .map((m) => `SELECT count(*)::INTEGER AS n FROM ${m.table} WHERE ${m.rows(TOUCHED)} AND ((owner_id IS NOT NULL AND owner_code IS NULL) OR (team_id IS NOT NULL AND team_code IS NULL))`)
    .join(' UNION ALL '))).getRowObjectsJson().reduce((a, r) => a + Number(r.n), 0);
  if (uncoded > 0) {
    log.debug('KPI marts rebuilt in full: an owner or team without a code');
    return false;
  }
  builds.push('touched');
  log.info(`KPI marts: touched rows redone for load ${loadId ?? '—'} in ${Date.now() - started} ms`);
  return true;
}
