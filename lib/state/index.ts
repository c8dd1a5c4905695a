// The door to the app's own state: users, API keys, sign-in addresses and lockout counters,
// checklist ticks, in one SQLite file ($DATA_DIR/app.sqlite) apart from the warehouse. Loads never
// touch it, and every process writes it at once: each web worker, the loader and `npm run users`
// open it themselves (one connection per process) and SQLite serialises their writes.
// - WAL: readers never wait for the writer, and a writer only for another writer;
// - busy_timeout: a writer that finds the file locked waits (up to BUSY_TIMEOUT_MS) instead of
//   failing with SQLITE_BUSY; a transaction that reads and then writes starts with BEGIN IMMEDIATE
//   (writeTransaction), since one that upgrades a read to a write after another process committed
//   fails at once, without waiting;
// - foreign_keys: a user's API keys and known addresses go with the user.
// better-sqlite3 is synchronous: every statement here is short (a key lookup or one row written),
// so it costs the request less than a round trip through the event loop would.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { appStatePath } from '../env';
import { logger } from '../log';
import { makePrivate } from '../private-data';
import { stateMigrations } from './migrations';

export type StateDb = Database.Database;

const log = logger('state');

/** How long a statement waits for another process's write to finish before SQLITE_BUSY (ms). */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * The file and its WAL companions, 0600 before SQLite opens them: SQLite creates the database
 * 0644 less the umask, and the -wal and -shm files with the database file's own mode, so a private
 * database file keeps all three private whatever the umask of the process that creates them.
 */
function prepareFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) makePrivate(f);
}

/**
 * Apply the migrations `db` lacks (lib/state/migrations.ts) in one BEGIN IMMEDIATE transaction,
 * so that processes starting at once apply each step exactly once: the first takes the write
 * lock, the others wait for it and then find nothing left to do. Returns the number applied.
 */
export function migrateAppState(db: StateDb): number {
  return db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
    const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const known = Math.max(...stateMigrations.map((m) => m.version));
    const newer = [...done].filter((v) => v > known);
    if (newer.length) log.warn('app.sqlite has migrations this version does not know (%s): written by a newer version', newer.join(', '));
    const add = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)');
    let applied = 0;
    for (const m of stateMigrations) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      add.run({ version: m.version, name: m.name, at: Date.now() });
      applied++;
    }
    return applied;
  }).immediate();
}

/** Open an app-state database (a file, or ':memory:' for a private one), set it up and migrate it. */
export function openAppStateDb(file: string): StateDb {
  if (file !== ':memory:') prepareFile(file);
  // `timeout` is SQLite's busy_timeout for this connection.
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Switching a new file to WAL takes the write lock briefly; the busy timeout covers processes starting together.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const applied = migrateAppState(db);
    if (applied && file !== ':memory:') log.info('app state %s: %d migration(s) applied', file, applied);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

const g = globalThis as unknown as { __appState?: { file: string; db: StateDb } };

/** This process's connection to $DATA_DIR/app.sqlite, opened and migrated on first use. */
export function appState(): StateDb {
  const file = appStatePath();
  const cur = g.__appState;
  if (cur?.file === file && cur.db.open) return cur.db;
  // DATA_DIR changed (tests): the old file is closed, the new one opened.
  if (cur?.db.open) cur.db.close();
  const db = openAppStateDb(file);
  g.__appState = { file, db };
  return db;
}

/** Close this process's connection (CLIs before exit, tests before removing their folder). */
export function closeAppState(): void {
  const cur = g.__appState;
  g.__appState = undefined;
  if (cur?.db.open) cur.db.close();
}

/**
 * Run `fn` in one write transaction (BEGIN IMMEDIATE: the write lock is taken first, waiting for
 * another process's write if need be, so what `fn` reads is still true when it writes).
 */
export function writeTransaction<T>(fn: (db: StateDb) => T, db: StateDb = appState()): T {
  return db.transaction(() => fn(db)).immediate();
}

/** True for SQLite's "constraint failed" errors of the given kind (e.g. 'PRIMARYKEY', 'FOREIGNKEY'). */
export function isConstraintError(e: unknown, kind: string): boolean {
  return e instanceof Database.SqliteError && e.code === `SQLITE_CONSTRAINT_${kind}`;
}
