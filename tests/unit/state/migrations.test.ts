// app.sqlite (lib/state): opened once per process, WAL, busy timeout, foreign keys, versioned
// migrations applied once even when several processes open a new file at the same moment, and
// the file and its WAL companions owner-only whatever the umask.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appStatePath } from '@/lib/env';
import { appState, BUSY_TIMEOUT_MS, closeAppState, migrateAppState, openAppStateDb } from '@/lib/state';
import { stateMigrations } from '@/lib/state/migrations';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { CHILD, run } from './processes';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('app.sqlite', () => {
  let dir: string;
  beforeAll(async () => { dir = await freshDataDir('sa-state-'); });
  afterAll(() => cleanupDataDir(dir));

  it('is $DATA_DIR/app.sqlite, opened once per process, in WAL mode with a busy timeout and foreign keys', () => {
    expect(appStatePath()).toBe(path.join(dir, 'app.sqlite'));
    const db = appState();
    expect(appState()).toBe(db);
    expect(db.name).toBe(path.join(dir, 'app.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('records each migration once; opening it again applies none', () => {
    const versions = () => appState().prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions()).toEqual(stateMigrations.map((m) => m.version));
    const tables = appState().prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['alerts_seen', 'api_keys', 'lockout_counters', 'prep_reviews', 'schema_migrations', 'sign_in_addresses', 'users']);
    expect(migrateAppState(appState())).toBe(0);
    closeAppState();
    expect(versions()).toEqual(stateMigrations.map((m) => m.version));
  });

  it('a user\'s API keys and addresses go with the user (foreign keys are enforced)', () => {
    const db = appState();
    expect(() => db.prepare("INSERT INTO api_keys (key_hash, login, prefix, created_at) VALUES ('h', 'nobody', 'sa_', 0)").run())
      .toThrow(/FOREIGN KEY/);
  });

  it('the file and its -wal and -shm are 0600 even under umask 022', async () => {
    const sub = path.join(dir, 'umask');
    const keep = process.umask(0o022);
    try {
      const db = openAppStateDb(path.join(sub, 'app.sqlite'));
      db.prepare("INSERT INTO prep_reviews VALUES ('a', 'c', '2026-11-20', 'payments:x', 0)").run();
      for (const f of ['app.sqlite', 'app.sqlite-wal', 'app.sqlite-shm']) expect(mode(path.join(sub, f)).toString(8), f).toBe('600');
      expect(mode(sub).toString(8)).toBe('700');
      db.close();
    } finally {
      process.umask(keep);
    }
  });

  it('four processes opening a new file at the same moment: all succeed, each migration applied once', async () => {
    const sub = path.join(dir, 'together');
    fs.mkdirSync(sub);
    const at = String(Date.now() + 4_000); // after every child has loaded its code
    const runs = await Promise.all(Array.from({ length: 4 }, () => run(sub, CHILD, ['open', at])));
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.lines[0]).toEqual({ versions: stateMigrations.map((m) => m.version) });
    }
    const db = openAppStateDb(path.join(sub, 'app.sqlite'));
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(stateMigrations.length);
    db.close();
  }, 60_000);
});
