// Versioned migrations of the warehouse. A migration is never edited once landed: add a new one.
// The extract tables are derived from lib/load/contract.ts so that DDL and validation agree.
import { contract, tableNames, sqlTypeOf, type TableName, type TableSpec } from '../load/contract';

export interface Migration { version: number; name: string; sql: string }

/**
 * Fact tables carry no PRIMARY KEY index: maintaining and checkpointing an ART index over tens of
 * millions of rows tripled load time (scripts/bench), while the loader already guarantees one row
 * per key (duplicates in a file are quarantined; an upsert deletes the key before inserting).
 * Dimension tables keep theirs: they are small and looked up by key.
 */
export const unindexedFactTables = new Set<TableName>(['invoices', 'payments', 'acts', 'interactions', 'agreements', 'usage', 'sales']);

function extractTableDdl(t: TableSpec): string {
  const keyDdl = unindexedFactTables.has(t.name) ? ' NOT NULL' : ' PRIMARY KEY';
  const cols = t.columns.map((col) => `  ${col.name} ${sqlTypeOf(col.kind)}${col.name === t.key ? keyDdl : col.required ? ' NOT NULL' : ''}`);
  // Which extract last wrote the row: traceability, and lets a failed load be reasoned about.
  cols.push('  _extract_id VARCHAR NOT NULL');
  return `CREATE TABLE ${t.name} (\n${cols.join(',\n')}\n);`;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'extract tables',
    sql: tableNames.map((n) => extractTableDdl(contract[n])).join('\n'),
  },
  {
    version: 2,
    name: 'app tables: users, api keys, load log, rejected rows',
    sql: /* sql */ `
CREATE TABLE users (
  login VARCHAR PRIMARY KEY,
  role VARCHAR NOT NULL CHECK (role IN ('head', 'specialist', 'executive')),
  password_hash VARCHAR NOT NULL,            -- scrypt$N$r$p$salt$hash, never plain text
  specialist_id VARCHAR,                      -- role specialist: whose clients
  team_ids VARCHAR[],                         -- role head: the teams assigned; NULL = all
  display_name VARCHAR,
  created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
CREATE TABLE api_keys (
  key_hash VARCHAR PRIMARY KEY,               -- sha256 of the key; the key itself is shown once
  login VARCHAR NOT NULL,
  prefix VARCHAR NOT NULL,                    -- first characters, to recognise a key in lists
  created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
  last_used_at TIMESTAMP
);
CREATE SEQUENCE load_log_seq;
CREATE TABLE load_log (
  load_id BIGINT PRIMARY KEY DEFAULT nextval('load_log_seq'),
  extract_id VARCHAR NOT NULL,
  as_of DATE,
  created_at VARCHAR,                         -- manifest's created_at as given
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  duration_ms INTEGER,
  outcome VARCHAR NOT NULL,                   -- applied | unchanged | rejected | refused
  message VARCHAR,
  files JSON,                                 -- [{table, file, mode, rows, sha256, inserted, updated, deleted, rejected}]
  rows_inserted BIGINT NOT NULL DEFAULT 0,
  rows_updated BIGINT NOT NULL DEFAULT 0,
  rows_deleted BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  report_path VARCHAR,
  checksums VARCHAR                           -- canonical table:sha256 list, for idempotent re-apply
);
CREATE TABLE rejected_rows (
  load_id BIGINT NOT NULL,
  extract_id VARCHAR NOT NULL,
  table_name VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  line INTEGER,                               -- 1-based line in the file, header is line 1
  rule VARCHAR NOT NULL,                      -- short rule id, e.g. type, key, reference, range
  reason VARCHAR NOT NULL,                    -- readable Russian message
  raw VARCHAR                                 -- the offending line or values, for the report
);
`,
  },
  {
    version: 3,
    name: 'payment mart: dated billed/collected increments per invoice',
    // Rebuilt from invoices, payments, clients and specialists by lib/metrics/payment-mart.ts
    // after each applied load; every payment figure is a sum over it "as known on D".
    sql: /* sql */ `
CREATE TABLE mart_payment_events (
  period VARCHAR NOT NULL,          -- the invoice's billing month YYYY-MM
  on_date DATE NOT NULL,            -- the day the change counts: issued_on, or greatest(paid_on, issued_on)
  invoice_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,            -- the client's current specialist: the scope key (lib/db/scope.ts)
  owner_id VARCHAR,                 -- invoice's specialist, else the client's current one: the grouping
  team_id VARCHAR,                  -- the owner's team
  due_on DATE NOT NULL,
  full_on DATE,                     -- the day the invoice became fully collected; NULL: not yet
  billed DECIMAL(18,2) NOT NULL,    -- increment on on_date
  collected DECIMAL(18,2) NOT NULL  -- increment on on_date, capped so an invoice never exceeds its amount
);
CREATE TABLE mart_state (
  name VARCHAR PRIMARY KEY,
  load_id BIGINT,                   -- the newest applied load the mart was built from
  built_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
  build_ms INTEGER
);
`,
  },
  {
    version: 4,
    name: 'payment, debt and act marts for reads at 200,000 clients',
    // Derived from the extracts by lib/metrics/payment-mart.ts in the load's own transaction.
    sql: /* sql */ `
-- Cumulative billed / collected per (period, day of the month 1–31, owner, team, client's current
-- specialist): the sums of mart_payment_events rows with on_date ≤ the period's day d (d past the
-- month's end: its last day), as known on the period's last day (_end) and on its quarter's last
-- day (_qend). The forecast reads one day; the history day 31.
CREATE TABLE mart_payment_daycum (
  day TINYINT NOT NULL,
  period VARCHAR NOT NULL,
  owner_id VARCHAR,
  team_id VARCHAR,
  specialist_id VARCHAR,
  billed DECIMAL(18,2) NOT NULL,
  collected DECIMAL(18,2) NOT NULL,
  billed_end DECIMAL(18,2) NOT NULL,
  collected_end DECIMAL(18,2) NOT NULL,
  billed_qend DECIMAL(18,2) NOT NULL,
  collected_qend DECIMAL(18,2) NOT NULL
);
-- mart_payment_events rows that can be open debt on some day: on_date < open_until, where
-- open_until = the day the invoice became fully collected (9999-12-31: not yet). Sorted by
-- open_until, so "open on D" (open_until > D) reads only the tail.
CREATE TABLE mart_debt_events (
  open_until DATE NOT NULL,
  period VARCHAR NOT NULL,
  on_date DATE NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,
  team_id VARCHAR,
  due_on DATE NOT NULL,
  billed DECIMAL(18,2) NOT NULL,
  collected DECIMAL(18,2) NOT NULL
);
-- Acts with their owner (act's specialist, else the client's current one) and team, sorted by
-- open_until = returned_on (9999-12-31: not returned), so "not returned on D" reads only the tail.
CREATE TABLE mart_act_events (
  open_until DATE NOT NULL,
  issued_on DATE NOT NULL,
  period VARCHAR NOT NULL,
  act_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,
  team_id VARCHAR
);
`,
  },
  {
    version: 5,
    name: 'client search index: sorted terms and one-typo neighbourhood',
    // Rebuilt from clients and contacts by lib/search/search-index.ts once per applied load.
    sql: /* sql */ `
-- One row per searchable term of a client: name words, contact person name words, phones, INN,
-- contract number. term = namespace letter + normalised value (lib/search/normalize.ts); sorted by
-- (term, specialist_id) so a lookup reads only the row groups whose zone map can hold the term.
CREATE TABLE search_postings (
  term VARCHAR NOT NULL,
  field UTINYINT NOT NULL,          -- 1 name, 2 INN, 3 contract, 4 phone, 5 contact person
  client_id VARCHAR NOT NULL,
  contact_id VARCHAR,               -- the contact person whose name or phone it is; NULL: the client's own
  specialist_id VARCHAR,            -- the client's current specialist: the scope key (lib/db/scope.ts)
  rest VARCHAR                      -- name words: the words after this one, for "Иванов И.П."
);
-- Every vocabulary word with one letter deleted (and the word itself): one-typo lookups (SymSpell).
CREATE TABLE search_deletes (
  del VARCHAR NOT NULL,
  word VARCHAR NOT NULL
);
CREATE INDEX search_deletes_del ON search_deletes (del);
`,
  },
  {
    version: 7,
    name: 'preparation checklist ticks per login, client, day and item',
    // The app's own table (lib/prep/reviews.ts): loads never touch it.
    sql: /* sql */ `
CREATE TABLE prep_reviews (
  login VARCHAR NOT NULL,           -- who ticked (users.login)
  client_id VARCHAR NOT NULL,
  reviewed_on DATE NOT NULL,        -- the company calendar day of the preparation
  item_key VARCHAR NOT NULL,        -- <section>:<what>, lib/prep/preparation.ts
  reviewed_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
  PRIMARY KEY (login, client_id, reviewed_on, item_key)
);
`,
  },
  {
    version: 9,
    name: 'sales marts for ABC/XYZ and growth × share',
    // Rebuilt from sales, clients and specialists by lib/abc/sales-mart.ts once per applied load.
    sql: /* sql */ `
-- One row per client: dense integer key in client_id order, scope and grouping keys, first sale ever.
CREATE TABLE mart_sales_client (
  ck INTEGER NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,            -- the client's current specialist: the scope key (lib/db/scope.ts)
  team_id VARCHAR,
  holding_id VARCHAR,
  segment VARCHAR,
  first_on DATE                     -- the day of the first sale ever; NULL: no sales
);
-- Σ revenue and Σ (revenue − cost) in kopecks, count(sales), per (day, client), sorted by day.
CREATE TABLE mart_sales_day (
  on_date DATE NOT NULL,
  ck INTEGER NOT NULL,
  revenue BIGINT NOT NULL,
  gross_profit BIGINT NOT NULL,
  sales INTEGER NOT NULL
);
-- The same per (month, client), sorted by month.
CREATE TABLE mart_sales_month (
  month DATE NOT NULL,              -- first day of the month
  ck INTEGER NOT NULL,
  revenue BIGINT NOT NULL,
  gross_profit BIGINT NOT NULL,
  sales INTEGER NOT NULL
);
-- The default windows (D = the newest as-of, 12 months; and the 12 months before) per metric and
-- client with sales in the window: what ABC and XYZ need, ranked company-wide.
CREATE TABLE mart_abc_windows (
  metric VARCHAR NOT NULL,          -- revenue | gross_profit | sales_count
  win TINYINT NOT NULL,             -- 0: the window ending with the month of D; 1: the one before
  as_of DATE NOT NULL,              -- D of that window
  ck INTEGER NOT NULL,
  v BIGINT NOT NULL,                -- the metric over the window (kopecks or a count)
  s2 HUGEINT NOT NULL,              -- Σ of the squared monthly sums
  n SMALLINT NOT NULL,              -- XYZ span in months
  before BIGINT                     -- Σ of the positive values ranked above; NULL when v ≤ 0
);
`,
  },
  {
    version: 8,
    name: 'manager KPI marts: interactions, agreements, threats, open items, clients, sales, acts',
    // Rebuilt from the extracts by lib/kpi/mart.ts (rebuildKpiMarts) once per applied load; every
    // KPI figure (metrics.md "Manager KPIs") is a filtered sum over them, "as known on D". Each
    // row carries its grouping keys (owner_id, team_id) and the scope key (specialist_id: the
    // client's current specialist, lib/db/scope.ts), so no read joins clients or specialists.
    sql: /* sql */ `
-- Controls 1 and 2, contacts done: one row per interaction, sorted by sort_on (planned_on, else
-- the day it occurred), so a period's planned or occurred rows sit in a few row groups.
CREATE TABLE mart_kpi_interactions (
  sort_on DATE NOT NULL,
  planned_on DATE,
  occurred_on DATE,                 -- occurred_at's day (company time)
  occurred_at TIMESTAMP,
  entered_at TIMESTAMP,
  on_time BOOLEAN NOT NULL,         -- control 1: done (occurred_at set) no later than planned_on
  entered_24h BOOLEAN NOT NULL,     -- control 2: entered_at − occurred_at ≤ 24 h (missing entered_at: false)
  interaction_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,            -- the client's current specialist: the scope key
  owner_id VARCHAR,                 -- the interaction's specialist: the grouping
  team_id VARCHAR,                  -- the owner's team
  channel VARCHAR,
  contact_type VARCHAR
);
-- Controls 4 and 5: one row per agreement, sorted by due_on.
CREATE TABLE mart_kpi_agreements (
  due_on DATE NOT NULL,
  done_on DATE,
  kept BOOLEAN NOT NULL,            -- control 4: done on or before due_on
  has_feedback BOOLEAN NOT NULL,    -- control 5: feedback text recorded (feedback_on, if given, must be ≤ D)
  feedback_on DATE,
  agreement_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,                 -- the agreement's specialist, else the client's current one
  team_id VARCHAR,
  text VARCHAR
);
-- Control 6: one row per threat (few), sorted by raised_at; owner: the client's current specialist.
CREATE TABLE mart_kpi_threats (
  raised_at TIMESTAMP NOT NULL,
  first_reaction_at TIMESTAMP,
  resolved_at TIMESTAMP,
  threat_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,
  team_id VARCHAR,
  kind VARCHAR NOT NULL,
  description VARCHAR
);
-- Overdue planned contacts and overdue open agreements "now": an item is overdue on D when
-- since ≤ D < open_until (since = planned_on / due_on + 1; open_until = the day it was done,
-- 9999-12-31 when never). Sorted by open_until, so "overdue on D" reads only the table's tail.
CREATE TABLE mart_kpi_open (
  open_until DATE NOT NULL,
  since DATE NOT NULL,
  kind VARCHAR NOT NULL,            -- contact | agreement
  item_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,
  team_id VARCHAR,
  due_on DATE NOT NULL,             -- planned_on / due_on
  detail VARCHAR                    -- contact: its contact_type; agreement: its text
);
-- Control 3, active and churned clients: one row per client with the six completeness checks.
CREATE TABLE mart_kpi_clients (
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,                 -- = specialist_id: clients are counted for their current specialist
  team_id VARCHAR,
  status VARCHAR NOT NULL,
  churned_on DATE,
  contract_start DATE,
  has_phone BOOLEAN NOT NULL,
  has_email BOOLEAN NOT NULL,
  has_tax_system BOOLEAN NOT NULL,
  has_segment BOOLEAN NOT NULL,
  has_specifics BOOLEAN NOT NULL,
  has_decision_maker BOOLEAN NOT NULL,  -- a decision maker with a phone or an email
  passed TINYINT NOT NULL           -- how many of the six pass
);
-- Revenue (sales in the period): Σ revenue and count per (day, client), sorted by day.
CREATE TABLE mart_kpi_sales (
  on_date DATE NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,
  team_id VARCHAR,
  revenue DECIMAL(18,2) NOT NULL,
  sales INTEGER NOT NULL
);
-- Acts returned %: every act with its owner (the act's specialist, else the client's current one,
-- as in mart_act_events), sorted by period; the not-returned count is read from mart_act_events.
CREATE TABLE mart_kpi_acts (
  period VARCHAR NOT NULL,
  issued_on DATE NOT NULL,
  returned_on DATE,
  act_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  specialist_id VARCHAR,
  owner_id VARCHAR,
  team_id VARCHAR
);
`,
  },
  {
    version: 10,
    name: 'open-debt mart rows carry their invoice, so a delta refreshes only the invoices it touched',
    sql: /* sql */ `
ALTER TABLE mart_debt_events ADD COLUMN invoice_id VARCHAR;
`,
  },
  {
    version: 11,
    name: 'sales client mart: the holding key, so growth × share by holding groups on an integer',
    // lib/abc/sales-mart.ts fills it (the state name's suffix changed, so the marts are rebuilt once).
    sql: /* sql */ `
ALTER TABLE mart_sales_client ADD COLUMN hk INTEGER;
`,
  },
  {
    version: 12,
    name: 'sales running sums per client and month, so an ABC window other than the default is two columns apart',
    // lib/abc/sales-mart.ts recreates both with one column per stored month; empty until the first load.
    sql: /* sql */ `
CREATE TABLE mart_sales_wide (ck INTEGER NOT NULL, first_on DATE, first_mi INTEGER);
CREATE TABLE mart_sales_wide_months (month DATE NOT NULL, last_on DATE NOT NULL, part_on DATE);
`,
  },
  {
    version: 13,
    name: 'KPI marts: integer codes of the owner and the team, so a ranking groups by a perfect hash',
    // lib/kpi/mart.ts fills them (the state name's suffix changed, so the marts are rebuilt once):
    // owner_code and team_code are the owner's and team's places in mart_kpi_codes, by id.
    sql: /* sql */ `
CREATE TABLE mart_kpi_codes (kind VARCHAR NOT NULL, id VARCHAR NOT NULL, code INTEGER NOT NULL);
${['interactions', 'agreements', 'threats', 'open', 'clients', 'sales', 'acts'].map((t) => `ALTER TABLE mart_kpi_${t} ADD COLUMN owner_code INTEGER;
ALTER TABLE mart_kpi_${t} ADD COLUMN team_code INTEGER;`).join('\n')}
`,
  },
  {
    version: 14,
    name: 'users: a session epoch (remove and passwd end sessions), and the addresses each signed in from (the lockout spares them)',
    // lib/users/users.ts sets a fresh random epoch on add and on passwd; the JWT carries the epoch
    // it was signed in with and lib/auth/session.ts refuses it once they differ. Every existing user
    // gets one here, so sessions signed in before this migration (they carry none) end once.
    // sign_in_addresses: lib/auth/known-addresses.ts.
    sql: /* sql */ `
ALTER TABLE users ADD COLUMN session_epoch VARCHAR;
UPDATE users SET session_epoch = gen_random_uuid()::VARCHAR;
CREATE TABLE sign_in_addresses (
  login VARCHAR NOT NULL,
  address VARCHAR NOT NULL,               -- lib/auth/lockout.ts clientAddress
  last_at TIMESTAMP NOT NULL,             -- the last successful sign-in from it
  PRIMARY KEY (login, address)
);
`,
  },
  {
    version: 15,
    name: 'no ART index on search_deletes: the search index is rebuilt as new tables, never deleted from',
    // Deleting from a table with a secondary ART index invalidated the database in DuckDB 1.5
    // ("Failed to delete all rows from index", docs/stack-notes.md §4a); lib/search/search-index.ts
    // now builds search_deletes_next and swaps it in, and the lookup relies on the table's sort.
    sql: /* sql */ `DROP INDEX IF EXISTS search_deletes_del;`,
  },
  {
    version: 16,
    name: 'invoice mart: one row per invoice, for the invoice-level forecast and the calls list',
    // lib/metrics/payment-mart.ts fills it with the other payment marts (their state version moved
    // on, so they are rebuilt once); lib/metrics/invoice-forecast.ts reads it.
    sql: /* sql */ `
CREATE TABLE mart_invoice (
  period VARCHAR NOT NULL,          -- the invoice's billing month YYYY-MM
  invoice_id VARCHAR NOT NULL,
  client_id VARCHAR NOT NULL,
  segment VARCHAR,                  -- the client's segment (the forecast's middle prior)
  specialist_id VARCHAR,            -- the client's current specialist: the scope key (lib/db/scope.ts)
  owner_id VARCHAR,                 -- as in mart_payment_events: the grouping
  team_id VARCHAR,
  issued_on DATE NOT NULL,
  due_on DATE NOT NULL,
  full_on DATE,                     -- the day it became fully collected; NULL: not yet
  amount DECIMAL(18,2) NOT NULL,
  collected_end DECIMAL(18,2) NOT NULL, -- collected by the last day of its period
  late SMALLINT NOT NULL            -- full_on − due_on in days (lib/metrics/invoice-forecast.ts lateSql)
);
-- The latenesses counted by due date and segment: the company's and segments' priors of a window.
CREATE TABLE mart_late_hist (due_on DATE NOT NULL, segment VARCHAR, late SMALLINT NOT NULL, n INTEGER NOT NULL);
-- Each client's invoices' due dates and latenesses, in due order: its own history, one row to read.
CREATE TABLE mart_client_late (client_id VARCHAR NOT NULL, dues DATE[] NOT NULL, lates SMALLINT[] NOT NULL);
-- The newest as-of's points (its day and the same day of the 12 months before): each open
-- invoice's probability of being paid by its month's end, and the points' later-invoice ratios.
CREATE TABLE mart_invoice_p (
  period VARCHAR NOT NULL, as_of DATE NOT NULL, invoice_id VARCHAR NOT NULL, client_id VARCHAR NOT NULL,
  owner_id VARCHAR, team_id VARCHAR, specialist_id VARCHAR,
  amount DOUBLE NOT NULL, collected DOUBLE NOT NULL, due_on DATE NOT NULL,
  p DOUBLE NOT NULL,                -- probability paid by the month's end
  usual DOUBLE,                     -- the client's median lateness in its history window (days)
  seen INTEGER NOT NULL             -- invoices in that history
);
CREATE TABLE mart_invoice_points (period VARCHAR NOT NULL, as_of DATE NOT NULL, r_billed DOUBLE NOT NULL, r_collected DOUBLE NOT NULL);
-- The same points' billed and collected on their day and Σ open × p, per (owner, team, client's specialist).
CREATE TABLE mart_invoice_sums (
  period VARCHAR NOT NULL, as_of DATE NOT NULL, owner_id VARCHAR, team_id VARCHAR, specialist_id VARCHAR,
  billed DOUBLE NOT NULL, collected DOUBLE NOT NULL, expected DOUBLE NOT NULL
);
`,
  },
  {
    version: 17,
    name: 'day lists: the newest as-of\'s Мой день and bell rows, and their clients\' suggestion facts',
    // lib/day/day-mart.ts fills them for the newest as-of (D₀) with every load; Мой день and the bell
    // read them on D₀ (any other date is computed on request by the same SQL).
    sql: /* sql */ `
CREATE TABLE mart_day (
  list VARCHAR NOT NULL,            -- today | overdue | agreement | threat
  id VARCHAR NOT NULL,              -- interaction_id, agreement_id or threat_id
  client_id VARCHAR NOT NULL,
  client_name VARCHAR NOT NULL,
  specialist_id VARCHAR,            -- the client's current specialist: the scope key (lib/db/scope.ts)
  team_id VARCHAR,                  -- that specialist's team: the summary of heads and executives
  on_date DATE NOT NULL,            -- planned_on, due_on, or the day raised
  days INTEGER NOT NULL,            -- D − on_date
  channel VARCHAR, contact_type VARCHAR, topic VARCHAR, contact_id VARCHAR, done BOOLEAN,
  text VARCHAR,                     -- the agreement's text, or the threat's description
  kind VARCHAR,                     -- the threat's kind
  raised_at TIMESTAMP, reacted_at TIMESTAMP, is_new BOOLEAN
);
-- The first rows of each list of the whole company (DAY_HEAD_ROWS, in the lists' order): what an
-- executive's Мой день shows, without ordering the company's rows per request.
CREATE TABLE mart_day_head AS SELECT * FROM mart_day LIMIT 0;
-- The D₀ mart_day was built for (one row; none before the first load).
CREATE TABLE mart_day_asof (as_of DATE NOT NULL);
-- The suggestion facts (lib/prep/suggest-batch.ts) of every client in mart_day, as known on D₀.
CREATE TABLE mart_day_facts (
  client_id VARCHAR NOT NULL,
  threats STRUCT(kind VARCHAR, "raisedAt" VARCHAR)[] NOT NULL,
  debt_count INTEGER NOT NULL, debt_amount DOUBLE NOT NULL, debt_oldest VARCHAR,
  act_count INTEGER NOT NULL, act_oldest VARCHAR, act_period VARCHAR,
  usage_current INTEGER NOT NULL, usage_previous INTEGER NOT NULL, usage_days INTEGER NOT NULL,
  planned_type VARCHAR, planned_on VARCHAR
);
`,
  },
];
