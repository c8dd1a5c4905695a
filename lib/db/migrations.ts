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
];
