// The app-state schema (app.sqlite), as numbered steps applied once each, in order, by
// migrateAppState (lib/state/index.ts). Append a step to change it; never edit an applied one.
// Times are INTEGER milliseconds since the epoch (UTC): comparisons do not depend on a time zone,
// and lib/users/users.ts shows them in the company's (COMPANY_TZ).
// The warehouse kept these tables before (lib/db/migrations.ts v2, v7, v14); they stay there
// unused, and importLegacyAppState copies their rows over once.

export interface StateMigration {
  version: number;
  name: string;
  sql: string;
}

export const stateMigrations: StateMigration[] = [
  {
    version: 1,
    name: 'users, API keys, sign-in addresses, sign-in lockout counters, checklist ticks',
    sql: /* sql */ `
CREATE TABLE users (
  login TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('head', 'specialist', 'executive')),
  password_hash TEXT NOT NULL,                -- scrypt$N$r$p$salt$hash, never plain text
  specialist_id TEXT,                         -- role specialist: whose clients
  team_ids TEXT CHECK (team_ids IS NULL OR json_valid(team_ids)), -- role head: JSON array of team ids; NULL = all
  display_name TEXT,
  created_at INTEGER NOT NULL,
  session_epoch TEXT NOT NULL                 -- lib/users/users.ts newSessionEpoch: sessions carry it
) STRICT;
-- A user's keys and known addresses go with the user (foreign_keys is on in every connection).
CREATE TABLE api_keys (
  key_hash TEXT PRIMARY KEY,                  -- sha256 of the key; the key itself is shown once
  login TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  prefix TEXT NOT NULL,                       -- first characters, to recognise a key in lists
  created_at INTEGER NOT NULL,
  last_used_at INTEGER                        -- written at most once a minute per key
) STRICT;
CREATE INDEX api_keys_login ON api_keys (login);
CREATE TABLE sign_in_addresses (
  login TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  address TEXT NOT NULL,                      -- lib/auth/lockout.ts clientAddress
  last_at INTEGER NOT NULL,                   -- the last successful sign-in from it
  PRIMARY KEY (login, address)
) STRICT;
-- lib/auth/lockout.ts: one row per rule and key, shared by every web process.
CREATE TABLE lockout_counters (
  rule TEXT NOT NULL CHECK (rule IN ('pair', 'login')), -- pair: login + address; login: all addresses
  key TEXT NOT NULL,
  failures TEXT NOT NULL CHECK (json_valid(failures)),  -- JSON array of failure times within the window
  locked_until INTEGER NOT NULL,              -- 0 when not locked
  last_at INTEGER NOT NULL,                   -- the latest failure: a row idle past its window is dropped
  PRIMARY KEY (rule, key)
) STRICT;
-- Ticks on the preparation checklist (lib/prep/reviews.ts); a removed user's ticks stay, as before.
CREATE TABLE prep_reviews (
  login TEXT NOT NULL,
  client_id TEXT NOT NULL,
  reviewed_on TEXT NOT NULL CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'), -- company calendar day
  item_key TEXT NOT NULL,                     -- <section>:<what>, lib/prep/preparation.ts
  reviewed_at INTEGER NOT NULL,
  PRIMARY KEY (login, client_id, reviewed_on, item_key)
) STRICT;
`,
  },
  {
    version: 2,
    name: 'what each user has seen in the bell, per alert kind',
    sql: /* sql */ `
-- The bell (lib/alerts/seen.ts): per login and alert kind, the newest alert time the user was shown
-- when they last opened it; the badge counts the alerts of each kind that happened after it. Like
-- the checklist ticks, a removed user's rows stay (no foreign key to users).
CREATE TABLE alerts_seen (
  login TEXT NOT NULL,
  kind TEXT NOT NULL,                         -- lib/alerts/alerts.ts alertKinds
  seen_up_to TEXT NOT NULL CHECK (seen_up_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'), -- company time, as alerts give it
  seen_at INTEGER NOT NULL,                   -- when they opened the bell
  PRIMARY KEY (login, kind)
) STRICT;
`,
  },
];
