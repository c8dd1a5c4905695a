// One-time move of the app state an earlier version kept in the warehouse (tables users, api_keys,
// sign_in_addresses, prep_reviews; lib/db/migrations.ts v2, v7, v14) into app.sqlite. Only while
// app.sqlite holds no user: once anyone is there (imported, or added with `npm run users`), the
// warehouse's copy is history and is never read again. The warehouse tables are left as they are.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fs from 'node:fs';
import { companyTimeZone } from '../env';
import { logger } from '../log';
import { newSessionEpoch } from '../users/users';
import { appState, writeTransaction } from './index';

const log = logger('state');

type Row = Record<string, unknown>;

async function rows(con: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

const noUsers = () => appState().prepare('SELECT 1 FROM users LIMIT 1').get() === undefined;

/**
 * Copy users, API keys, sign-in addresses and checklist ticks from the DuckDB file `duckdbFile`
 * (opened READ_ONLY here and closed again) into app.sqlite, when app.sqlite has no user yet.
 * Returns the number of users copied: 0 when app.sqlite already has users, or the file is missing
 * or has no users table or no users. Idempotent, also with several processes at once (the copy
 * is one write transaction that first checks again that app.sqlite has no user). The file must
 * not be open read-write in this process (DuckDB allows one writer or many readers per file).
 */
export async function importLegacyAppState(duckdbFile: string): Promise<number> {
  if (!noUsers() || !fs.existsSync(duckdbFile)) return 0;
  const instance = await DuckDBInstance.create(duckdbFile, { access_mode: 'READ_ONLY' });
  let data: { users: Row[]; keys: Row[]; addresses: Row[]; reviews: Row[] };
  try {
    const con = await instance.connect();
    try {
      // The warehouse's TIMESTAMPs are naive times on the company's clock (current_localtimestamp()
      // under this TimeZone, lib/db): read as instants in it. A SET takes no bound value; the name is
      // checked by companyTimeZone().
      await con.run(`SET TimeZone = '${companyTimeZone().replace(/'/g, "''")}'`);
      const tables = new Set((await rows(con, `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database()`)).map((r) => String(r.t)));
      if (!tables.has('users')) return 0;
      const cols = new Set((await rows(con, `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = 'users' AND schema_name = 'main' AND database_name = current_database()`)).map((r) => String(r.c)));
      const ms = (col: string) => `epoch_ms(${col}::TIMESTAMPTZ)`;
      data = {
        users: await rows(con, `SELECT login, role, password_hash AS passwordHash, specialist_id AS specialistId, team_ids AS teamIds,
          display_name AS displayName, ${ms('created_at')} AS createdAt, ${cols.has('session_epoch') ? 'session_epoch' : 'NULL'} AS sessionEpoch FROM users`),
        keys: tables.has('api_keys')
          ? await rows(con, `SELECT key_hash AS keyHash, login, prefix, ${ms('created_at')} AS createdAt, ${ms('last_used_at')} AS lastUsedAt FROM api_keys`)
          : [],
        addresses: tables.has('sign_in_addresses')
          ? await rows(con, `SELECT login, address, ${ms('last_at')} AS lastAt FROM sign_in_addresses`)
          : [],
        reviews: tables.has('prep_reviews')
          ? await rows(con, `SELECT login, client_id AS clientId, strftime(reviewed_on, '%Y-%m-%d') AS reviewedOn, item_key AS itemKey, ${ms('reviewed_at')} AS reviewedAt FROM prep_reviews`)
          : [],
      };
    } finally {
      con.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  if (!data.users.length) return 0;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const n = { keys: 0, addresses: 0, reviews: 0 };
  const copied = writeTransaction((db) => {
    if (db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined) return 0; // another process was first
    const user = db.prepare(`INSERT INTO users (login, role, password_hash, specialist_id, team_ids, display_name, created_at, session_epoch)
      VALUES ($login, $role, $passwordHash, $specialistId, $teamIds, $displayName, $createdAt, $sessionEpoch)`);
    for (const u of data.users) {
      user.run({
        login: u.login, role: u.role, passwordHash: u.passwordHash, specialistId: u.specialistId ?? null,
        teamIds: Array.isArray(u.teamIds) && u.teamIds.length ? JSON.stringify(u.teamIds) : null,
        displayName: u.displayName ?? null, createdAt: num(u.createdAt) ?? Date.now(),
        // Users from before session epochs (warehouse migration 14) get one, as that migration gave them.
        sessionEpoch: u.sessionEpoch ?? newSessionEpoch(),
      });
    }
    // Rows of users no longer there are left behind (the foreign keys would refuse them).
    const key = db.prepare(`INSERT OR IGNORE INTO api_keys (key_hash, login, prefix, created_at, last_used_at)
      SELECT $keyHash, $login, $prefix, $createdAt, $lastUsedAt WHERE EXISTS (SELECT 1 FROM users WHERE login = $login)`);
    for (const k of data.keys) n.keys += key.run({ keyHash: k.keyHash, login: k.login, prefix: k.prefix, createdAt: num(k.createdAt) ?? Date.now(), lastUsedAt: num(k.lastUsedAt) }).changes;
    const address = db.prepare(`INSERT OR IGNORE INTO sign_in_addresses (login, address, last_at)
      SELECT $login, $address, $lastAt WHERE EXISTS (SELECT 1 FROM users WHERE login = $login)`);
    for (const a of data.addresses) n.addresses += address.run({ login: a.login, address: a.address, lastAt: num(a.lastAt) ?? 0 }).changes;
    const review = db.prepare(`INSERT OR IGNORE INTO prep_reviews (login, client_id, reviewed_on, item_key, reviewed_at)
      VALUES ($login, $clientId, $reviewedOn, $itemKey, $reviewedAt)`);
    for (const r of data.reviews) n.reviews += review.run({ login: r.login, clientId: r.clientId, reviewedOn: r.reviewedOn, itemKey: r.itemKey, reviewedAt: num(r.reviewedAt) ?? Date.now() }).changes;
    return data.users.length;
  });
  if (copied) {
    log.info('app state: %d users, %d API keys, %d sign-in addresses, %d checklist ticks copied from %s to app.sqlite',
      copied, n.keys, n.addresses, n.reviews, duckdbFile);
  }
  return copied;
}
