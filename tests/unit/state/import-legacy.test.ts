// The one-time move of the app state an earlier version kept in the warehouse into app.sqlite
// (lib/state/import-legacy.ts): everything comes over and still works (password, key, known
// address, ticks), times keep their instant, and nothing is copied twice or over newer state.
import { createHash } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownAddress } from '@/lib/auth/known-addresses';
import { closeDb, exec } from '@/lib/db';
import { warehousePath } from '@/lib/env';
import { getReviewedKeys } from '@/lib/prep/reviews';
import { appState, closeAppState } from '@/lib/state';
import { importLegacyAppState } from '@/lib/state/import-legacy';
import { verifyApiKey } from '@/lib/users/api-keys';
import { hashPassword, verifyPassword } from '@/lib/users/password';
import { getPasswordHash, getUser, getUserForSession, listUsers } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

const KEY = `sa_${'k'.repeat(43)}`;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** A DuckDB file holding only the given statements' tables. */
async function duckdbFile(file: string, sql: string[]): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const con = await inst.connect();
  for (const s of sql) await con.run(s);
  con.closeSync();
  inst.closeSync();
}

describe('importLegacyAppState', () => {
  let dir: string;
  let legacy: string;
  const keepTz = process.env.COMPANY_TZ;
  beforeAll(async () => {
    process.env.COMPANY_TZ = 'Europe/Moscow'; // the warehouse's naive times are on this clock
    dir = await freshDataDir('sa-state-import-');
    // A warehouse as the previous version left it: its migrations made users, api_keys,
    // sign_in_addresses and prep_reviews; the rows are written as that version wrote them.
    legacy = warehousePath();
    const hash = await hashPassword('old-password-1');
    await exec(`INSERT INTO users (login, role, password_hash, specialist_id, team_ids, display_name, created_at, session_epoch) VALUES
      ('anna', 'head', $hash, NULL, ['T1', 'T2'], 'Анна', TIMESTAMP '2026-01-15 10:20:30', 'epoch-anna'),
      ('ivan', 'specialist', $hash, 'S7', NULL, NULL, TIMESTAMP '2026-02-01 08:00:00', 'epoch-ivan')`, { hash });
    await exec(`INSERT INTO api_keys (key_hash, login, prefix, created_at, last_used_at) VALUES
      ($h, 'ivan', $prefix, TIMESTAMP '2026-02-02 09:00:00', NULL),
      ('orphan-hash', 'gone', 'sa_xxxx', TIMESTAMP '2026-02-02 09:00:00', NULL)`, { h: sha256(KEY), prefix: KEY.slice(0, 9) });
    await exec(`INSERT INTO sign_in_addresses (login, address, last_at) VALUES ('anna', '10.0.0.5', current_localtimestamp() - INTERVAL 1 DAY)`);
    await exec(`INSERT INTO prep_reviews (login, client_id, reviewed_on, item_key) VALUES
      ('ivan', 'C1', DATE '2026-11-20', 'payments:debt'), ('ivan', 'C1', DATE '2026-11-20', 'history:last-contact')`);
    await closeDb(); // the import opens the file itself, READ_ONLY
  });
  afterAll(async () => {
    if (keepTz === undefined) delete process.env.COMPANY_TZ; else process.env.COMPANY_TZ = keepTz;
    await cleanupDataDir(dir);
  });

  it('copies users, API keys, sign-in addresses and ticks, which then work as before', async () => {
    expect(await importLegacyAppState(legacy)).toBe(2);
    expect(await listUsers()).toEqual([
      { login: 'anna', role: 'head', specialistId: null, teamIds: ['T1', 'T2'], displayName: 'Анна', createdAt: '2026-01-15 10:20:30' },
      { login: 'ivan', role: 'specialist', specialistId: 'S7', teamIds: null, displayName: null, createdAt: '2026-02-01 08:00:00' },
    ]);
    expect(await verifyPassword('old-password-1', (await getPasswordHash('anna'))!)).toBe(true);
    expect((await getUserForSession('anna'))?.sessionEpoch).toBe('epoch-anna'); // sessions signed in before go on
    expect((await verifyApiKey(KEY))?.login).toBe('ivan');
    expect(appState().prepare('SELECT count(*) FROM api_keys').pluck().get()).toBe(1); // the key of a removed user stays behind
    expect(await isKnownAddress('anna', '10.0.0.5')).toBe(true);
    expect([...await getReviewedKeys('ivan', 'C1', '2026-11-20')].sort()).toEqual(['history:last-contact', 'payments:debt']);
    // Moscow is UTC+3: 10:20:30 there is 07:20:30 UTC.
    expect(appState().prepare("SELECT created_at FROM users WHERE login = 'anna'").pluck().get()).toBe(Date.UTC(2026, 0, 15, 7, 20, 30));
  });

  it('runs once: a second call, or a call once app.sqlite has users, copies nothing', async () => {
    expect(await importLegacyAppState(legacy)).toBe(0);
    appState().prepare("DELETE FROM users WHERE login = 'ivan'").run();
    expect(await importLegacyAppState(legacy)).toBe(0); // anna is there: ivan is not brought back
    expect(await getUser('ivan')).toBeNull();
  });

  it('a file without those tables, without users, or missing: 0', async () => {
    closeAppState();
    fs.rmSync(path.join(dir, 'app.sqlite'));
    const other = path.join(dir, 'other.duckdb');
    await duckdbFile(other, ['CREATE TABLE notes (id INTEGER)']);
    expect(await importLegacyAppState(other)).toBe(0);
    const empty = path.join(dir, 'empty.duckdb');
    await duckdbFile(empty, ['CREATE TABLE users (login VARCHAR, role VARCHAR, password_hash VARCHAR, specialist_id VARCHAR, team_ids VARCHAR[], display_name VARCHAR, created_at TIMESTAMP)']);
    expect(await importLegacyAppState(empty)).toBe(0);
    expect(await importLegacyAppState(path.join(dir, 'missing.duckdb'))).toBe(0);
    expect(await listUsers()).toEqual([]);
  });

  it('users from before session epochs get one; a file with users alone is enough', async () => {
    const old = path.join(dir, 'old.duckdb');
    await duckdbFile(old, [
      'CREATE TABLE users (login VARCHAR, role VARCHAR, password_hash VARCHAR, specialist_id VARCHAR, team_ids VARCHAR[], display_name VARCHAR, created_at TIMESTAMP)',
      "INSERT INTO users VALUES ('boss', 'executive', 'scrypt$x', NULL, NULL, NULL, TIMESTAMP '2025-06-01 12:00:00')",
    ]);
    expect(await importLegacyAppState(old)).toBe(1);
    expect((await getUserForSession('boss'))?.sessionEpoch).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
