// The one door to DuckDB: one instance per process, every value bound as $name, results in the
// JSON form (BIGINT as string, DATE as 'YYYY-MM-DD') so rows serialise; callers coerce with zod.
//
// Engine faults (docs/stack-notes.md §4a): after a FATAL or INTERNAL error DuckDB invalidates the
// whole database, and every later query on that instance fails until it is closed and opened
// again. The door recognises such an error on any connection it handed out, reopens the warehouse
// once (interrupting and draining the old instance's connections, then a fresh instance: the
// instance cache would wait for the old one's last reference), and retries the read that failed.
// While it reopens, callers wait (at most REOPEN_WAIT_MS) and then get WarehouseUnavailableError,
// which the API answers 503 with a Russian message: one fault is never a run of 500s.
import { DuckDBInstance, DuckDBTypeId, listValue, type DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import fs from 'node:fs';
import path from 'node:path';
import { companyTimeZone, warehousePath } from '../env';
import { logger } from '../log';
import { migrations } from './migrations';

type Params = Record<string, unknown>;
const log = logger('db');

/** How long a caller waits for a reopen after a fault before it is told to come back (503). */
export const REOPEN_WAIT_MS = 15_000;
/** How long a reopen lets the failed instance's connections finish after interrupting them. */
const DRAIN_MS = 3_000;
/** A failed reopen is tried again by the next caller, at most this often. */
const RETRY_OPEN_MS = 2_000;

/** The warehouse cannot answer now (it is reopening after an engine fault, or failed to open). */
export class WarehouseUnavailableError extends Error {
  constructor(readonly cause?: unknown) {
    super('Хранилище восстанавливается после сбоя, повторите запрос через несколько секунд');
  }
}

/**
 * Which file the door opens: by default $DATA_DIR/warehouse.duckdb read-write (CLIs, tests); the
 * snapshot loader points it at the file it builds, a web worker at the published snapshot, read-only.
 */
export interface WarehouseTarget { file: string; readOnly: boolean }

/** One opened instance of the warehouse; a reopen after a fault makes the next generation. */
interface Generation {
  file: string;
  readOnly: boolean;
  /** Callers that took this generation and have not finished with it (a retired one closes at 0). */
  users: number;
  /** Replaced by a newer snapshot: closed once no caller uses it. */
  retired: boolean;
  gen: number;
  instance: Promise<DuckDBInstance>;
  /** Connections handed out and not yet closed: interrupted and drained by a reopen. */
  open: Set<DuckDBConnection>;
  /** A fault was seen on this generation: it is being (or has been) replaced. */
  failed: boolean;
  /** Test hook state (injectDbFault): 'next' fails the next call, 'invalidated' every later one. */
  injected?: 'next' | 'invalidated';
}

interface DoorState {
  cur?: Generation;
  target?: WarehouseTarget;
  /** The reopen in progress after a fault, if any. */
  reopening?: Promise<void>;
  /** Set when the last open failed: when, and why (callers get 503 until a retry succeeds). */
  down?: { at: number; error: unknown };
  gens: number;
  faults: number;
  reopens: number;
  /** Set in web workers: never open $DATA_DIR/warehouse.duckdb, only the snapshot switched to. */
  snapshotsOnly?: boolean;
  /** Migrations the last open applied (the loader publishes a migrated snapshot). */
  migratedOnOpen?: number;
  /** Test hook: this many next opens fail (injectDbFault's reopenFails). */
  failOpens?: number;
  /**
   * Web workers: a second READ_ONLY instance of the current snapshot, opened ahead and unused, so an
   * engine fault swaps to it at once instead of waiting for an open (the fault test's 1 s budget).
   */
  standby?: { file: string; instance: Promise<DuckDBInstance> };
}
const g = globalThis as unknown as { __door?: DoorState };
const door = (): DoorState => (g.__door ??= { gens: 0, faults: 0, reopens: 0 });

/** True when an error is DuckDB's "file held by another process" lock error. */
export function isLockError(e: unknown): boolean {
  return e instanceof Error && /Could not set lock on file/.test(e.message);
}

/**
 * True when an error means the DuckDB instance is no longer usable: a FATAL or INTERNAL error
 * (DuckDB invalidates the database after either), or "database has been invalidated".
 */
export function isFatalDbError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return /^(Error: )?(FATAL|INTERNAL) Error\b/.test(m) || /database has been invalidated/i.test(m);
}

/** DuckDB's memory_limit for this process: $DUCKDB_MEMORY_MB when set (web workers get theirs from the supervisor). */
function memoryOptions(): Record<string, string> {
  const mb = Number(process.env.DUCKDB_MEMORY_MB);
  return Number.isFinite(mb) && mb > 0 ? { memory_limit: `${Math.round(mb)}MB` } : {};
}

async function openAndMigrate(file: string, fresh: boolean, readOnly = false): Promise<DuckDBInstance> {
  const d = door();
  if (d.failOpens) {
    d.failOpens--;
    throw new Error('IO Error: injected open failure (test hook)');
  }
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const options: Record<string, string> = { threads: process.env.DUCKDB_THREADS || '2', ...memoryOptions(), ...(readOnly ? { access_mode: 'READ_ONLY' } : {}) };
  // After a fault the cache would hand back (or wait for) the invalidated instance: open anew. A
  // snapshot is opened with create too: each file once, closed by the door when it is replaced.
  const inst = fresh || readOnly ? await DuckDBInstance.create(file, options) : await DuckDBInstance.fromCache(file, options);
  const con = await inst.connect();
  try {
    // current_localtimestamp() (column defaults) in company time, like every naive timestamp here.
    await con.run(`SET GLOBAL TimeZone = '${companyTimeZone().replace(/'/g, "''")}'`);
    // Group by integer keys of up to 2¹⁶ values with a perfect hash (DuckDB's default is 2¹²): the
    // KPI ranking groups 5,400 specialists by their codes (lib/kpi/mart.ts), ~40 % faster than hashing.
    await con.run('SET GLOBAL perfect_ht_threshold = 16');
    // No vacuum in a checkpoint unless asked for (compactWarehouse below): DuckDB merges a batch of
    // row groups that hold deleted rows at every checkpoint, of any table, however small the change;
    // on the 200k company that made the checkpoint after a midday payments delta take 5–7 s.
    if (!readOnly) await con.run('SET GLOBAL max_vacuum_tasks = 0');
    // Checkpointed at once, so no migration is left for a WAL replay: DuckDB 1.5.5 cannot replay
    // `ALTER TABLE … ADD COLUMN` on a table with a function DEFAULT (migration 14 on users), and a
    // process killed before its next checkpoint left a warehouse that no longer opened.
    // A published snapshot is read as the loader built it (it migrated it before publishing).
    const applied = readOnly ? 0 : await migrate(con);
    door().migratedOnOpen = applied;
    if (applied > 0 && file !== ':memory:') await con.run('CHECKPOINT');
  } catch (e) {
    con.closeSync();
    inst.closeSync();
    throw e;
  }
  con.closeSync();
  return inst;
}

function newGeneration(file: string, fresh: boolean, readOnly = false, opened?: Promise<DuckDBInstance>): Generation {
  const d = door();
  const instance = opened ?? openAndMigrate(file, fresh, readOnly);
  const gen: Generation = { file, readOnly, users: 0, retired: false, gen: ++d.gens, instance, open: new Set(), failed: false };
  gen.instance.then(() => { if (d.cur === gen) d.down = undefined; }, (e) => {
    // Let the next call retry (e.g. after a lock is released, or after a failed reopen).
    if (d.cur === gen) {
      d.cur = undefined;
      d.down = { at: Date.now(), error: e };
    }
  });
  return gen;
}

/** Open the standby instance of a snapshot (web workers), replacing one of another file. */
function prepareStandby(file: string): void {
  const d = door();
  if (!d.snapshotsOnly || d.standby?.file === file) return;
  const old = d.standby;
  const instance = openAndMigrate(file, true, true);
  instance.catch(() => { if (d.standby?.instance === instance) d.standby = undefined; });
  d.standby = { file, instance };
  old?.instance.then((i) => { try { i.closeSync(); } catch { /* closed */ } }, () => undefined);
}

/** Take the standby instance of `file` if there is one (it is then the caller's). */
function takeStandby(file: string): Promise<DuckDBInstance> | undefined {
  const d = door();
  if (d.standby?.file !== file) return undefined;
  const { instance } = d.standby;
  d.standby = undefined;
  return instance;
}

/** Wait for a reopen in progress, at most `ms`; WarehouseUnavailableError when it takes longer. */
async function awaitReopen(ms = REOPEN_WAIT_MS): Promise<void> {
  const p = door().reopening;
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new WarehouseUnavailableError()), ms); });
  try {
    await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The current generation for the configured file, opened (and migrated) on first use. */
async function current(): Promise<Generation> {
  const d = door();
  await awaitReopen();
  // A web worker reads published snapshots only: until its first one is open, it answers 503.
  if (!d.target && d.snapshotsOnly) throw new WarehouseUnavailableError();
  const target = d.target ?? { file: warehousePath(), readOnly: false };
  if (!d.cur || (!d.target && d.cur.file !== target.file)) {
    if (d.down && d.cur === undefined && Date.now() - d.down.at < RETRY_OPEN_MS && d.down.error && !isLockError(d.down.error)) {
      throw new WarehouseUnavailableError(d.down.error);
    }
    d.cur = newGeneration(target.file, d.reopens > 0 || !!d.target, target.readOnly);
  }
  return d.cur;
}

/** This process reads published snapshots only (web workers; lib/snapshots/follow.ts). */
export function readSnapshotsOnly(): void {
  door().snapshotsOnly = true;
}

/** How many migrations the last opening of the warehouse applied. */
export async function migrationsAppliedOnOpen(): Promise<number> {
  await (await current()).instance;
  return door().migratedOnOpen ?? 0;
}

/** The file the door opens from now on (undefined: $DATA_DIR/warehouse.duckdb); closes the one open. */
export async function setWarehouseTarget(target: WarehouseTarget | undefined): Promise<void> {
  await closeDb();
  door().target = target;
}

/** The door's target and the file its current generation has open (health checks, tests). */
export function warehouseTarget(): { target: WarehouseTarget | undefined; open: string | null } {
  const d = door();
  return { target: d.target, open: d.cur?.file ?? null };
}

/**
 * Move to another read-only file (a newly published snapshot) without failing a request in
 * flight: open it, send every new request to it, and close the old one once its last caller is
 * done. Throws (and keeps serving the old file) when the new one will not open.
 */
export async function switchWarehouse(file: string): Promise<void> {
  const d = door();
  await d.reopening?.catch(() => undefined);
  if (d.cur?.file === file && d.target?.file === file && !d.cur.failed) return;
  const next = newGeneration(file, true, true);
  await next.instance; // throws when the file will not open: nothing changed
  const old = d.cur;
  d.target = { file, readOnly: true };
  d.cur = next;
  d.down = undefined;
  if (old && old !== next) retire(old);
  prepareStandby(file);
}

/** Close a replaced generation as soon as no caller uses it. */
function retire(gen: Generation): void {
  gen.retired = true;
  closeIfIdle(gen);
}

function closeIfIdle(gen: Generation): void {
  if (!gen.retired || gen.users > 0 || gen.open.size > 0) return;
  // A timer, not now: a caller that took this generation in the same tick counts itself first.
  setTimeout(() => {
    if (gen.users > 0 || gen.open.size > 0) return;
    gen.instance.then((i) => { try { i.closeSync(); } catch { /* closed */ } }, () => undefined);
  }, 0);
}

/** The process's warehouse instance, opened (and migrated) on first use. */
export async function getDb(): Promise<DuckDBInstance> {
  return (await current()).instance;
}

/**
 * Replace a generation that hit an engine fault: interrupt its connections, let them close (at
 * most DRAIN_MS), close it and open a fresh instance (a read-only one opens at once, beside it). Idempotent per generation; callers of the
 * door wait for it (awaitReopen).
 */
function reopenAfterFault(failed: Generation, cause: unknown): Promise<void> {
  const d = door();
  if (failed.failed || d.cur !== failed) return d.reopening ?? Promise.resolve();
  failed.failed = true;
  d.faults++;
  log.error('engine fault on warehouse generation %d, reopening: %s', failed.gen, (cause as Error)?.message ?? cause);
  const started = Date.now();
  const p = (async () => {
    for (const con of failed.open) {
      try { con.interrupt(); } catch { /* already closed */ }
    }
    if (failed.readOnly) {
      // A published snapshot is never written: a second READ_ONLY instance on it may open beside
      // the failed one, so the worker serves again as soon as it is open (no drain wait); the
      // failed one closes when its last connection does (closeIfIdle).
      d.reopens++;
      const next = newGeneration(failed.file, true, true, takeStandby(failed.file));
      d.cur = next;
      failed.retired = true;
      closeIfIdle(failed);
      try {
        await next.instance;
        log.warn('snapshot reopened after the fault in %d ms (generation %d)', Date.now() - started, next.gen);
        prepareStandby(failed.file);
      } catch (e) {
        log.error('snapshot reopen failed: %s', (e as Error)?.message ?? e);
      }
      return;
    }
    for (const con of failed.open) {
      try { con.interrupt(); } catch { /* already closed */ }
    }
    while (failed.open.size && Date.now() - started < DRAIN_MS) await new Promise((r) => setTimeout(r, 20));
    if (failed.open.size) log.warn('%d connections still open on the failed instance; reopening anyway', failed.open.size);
    try {
      (await failed.instance).closeSync();
    } catch { /* it failed to open, or is gone */ }
    d.reopens++;
    const next = newGeneration(failed.file, true, failed.readOnly);
    d.cur = next;
    try {
      await next.instance;
      log.warn('warehouse reopened after the fault in %d ms (generation %d)', Date.now() - started, next.gen);
    } catch (e) {
      log.error('warehouse reopen failed: %s', (e as Error)?.message ?? e);
    }
  })().finally(() => { if (d.reopening === p) d.reopening = undefined; });
  d.reopening = p;
  return p;
}

/** Close the instance (CLIs and tests, so another process may open the file). */
export async function closeDb(): Promise<void> {
  const d = door();
  await d.reopening?.catch(() => undefined);
  const cur = d.cur;
  d.cur = undefined;
  d.down = undefined;
  takeStandby(d.standby?.file ?? '')?.then((i) => { try { i.closeSync(); } catch { /* closed */ } }, () => undefined);
  if (cur) (await cur.instance.catch(() => undefined))?.closeSync();
}

/**
 * Run fn with a fresh connection, closed afterwards. An engine fault on it starts the reopen
 * (the error is still thrown: only reads are retried, see `read`).
 */
export async function withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  const d = door();
  let gen = d.cur && !d.reopening && !d.cur.failed && !d.cur.retired ? d.cur : await current();
  if (gen.retired) gen = await current();
  gen.users++;
  let con: DuckDBConnection | undefined;
  try {
    con = await (await gen.instance).connect();
    gen.open.add(con);
    if (gen.injected) {
      const first = gen.injected === 'next';
      gen.injected = 'invalidated';
      throw new Error(first ? 'INTERNAL Error: injected fault at the data door (test hook)'
        : 'FATAL Error: Failed: database has been invalidated because of a previous fatal error (test hook)');
    }
    return await fn(con);
  } catch (e) {
    if (isFatalDbError(e)) void reopenAfterFault(gen, e);
    throw e;
  } finally {
    gen.users--;
    if (con) {
      gen.open.delete(con);
      con.closeSync();
    }
    closeIfIdle(gen);
  }
}

/** A read through withConnection, run once more on the reopened warehouse if an engine fault failed it. */
async function read<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  try {
    return await withConnection(fn);
  } catch (e) {
    if (!isFatalDbError(e)) throw e;
    await awaitReopen();
    return withConnection(fn);
  }
}

/**
 * Wait until the warehouse has been reopened after an engine fault, if one is under way (at most
 * REOPEN_WAIT_MS; then WarehouseUnavailableError). For callers that retry a whole request.
 */
export function warehouseReady(): Promise<void> {
  return awaitReopen();
}

/** Faults seen and reopens made by this process (health checks and tests). */
export function warehouseHealth(): { faults: number; reopens: number; reopening: boolean; generation: number | null } {
  const d = door();
  return { faults: d.faults, reopens: d.reopens, reopening: !!d.reopening, generation: d.cur?.gen ?? null };
}

/**
 * Test hook: the next call through the door fails as an engine fault would (an INTERNAL error,
 * then "database has been invalidated" on every later call until the reopen); `reopenFails` makes
 * that many following opens fail too. Only when NODE_ENV=test or SA_TEST_HOOKS=1; else it throws.
 */
export async function injectDbFault(opts: { reopenFails?: number } = {}): Promise<void> {
  if (!testHooksEnabled()) throw new Error('test hooks are off (SA_TEST_HOOKS=1)');
  const gen = await current();
  door().failOpens = opts.reopenFails ?? 0;
  gen.injected = 'next';
}

/** Whether test-only hooks may be used in this process. */
export function testHooksEnabled(): boolean {
  return process.env.NODE_ENV === 'test' || process.env.SA_TEST_HOOKS === '1';
}

/**
 * Merge the row groups that deletes have thinned (DuckDB's vacuum, off by default here: see
 * openAndMigrate). Vacuum runs only inside a checkpoint that has something to write, and each
 * checkpoint merges at most `max_vacuum_tasks` batches, so: a marker table is created or dropped
 * and checkpointed until a checkpoint finds nothing left to merge (it takes under `settledMs`) or
 * after `rounds` checkpoints. Returns how many checkpoints it took.
 */
export async function compactWarehouse(rounds = 8, settledMs = 500): Promise<number> {
  await exec('SET GLOBAL max_vacuum_tasks = 100');
  let n = 0;
  try {
    while (n < rounds) {
      await exec(n % 2 === 0 ? 'CREATE OR REPLACE TABLE vacuum_marker (x INTEGER)' : 'DROP TABLE IF EXISTS vacuum_marker');
      const t = Date.now();
      await exec('CHECKPOINT');
      n++;
      if (Date.now() - t < settledMs) break;
    }
  } finally {
    await exec('DROP TABLE IF EXISTS vacuum_marker');
    await exec('SET GLOBAL max_vacuum_tasks = 0');
  }
  return n;
}

/**
 * Write the WAL into the warehouse file (CHECKPOINT): now, or, while another write transaction is
 * open (DuckDB then refuses; readers do not stop it), again every second for up to two minutes in
 * the background. Resolves with the first attempt's outcome: 'done', 'later' (retrying) or 'failed'.
 */
export function checkpointSoon(reason: string, tries = 120): Promise<'done' | 'later' | 'failed'> {
  return new Promise((resolve) => {
    const attempt = (left: number) => {
      exec('CHECKPOINT').then(() => {
        log.debug('checkpoint after %s', reason);
        resolve('done');
      }, (e: unknown) => {
        if (/other write transactions|other transactions/i.test(String((e as Error)?.message ?? e)) && left > 1) {
          resolve('later');
          setTimeout(() => attempt(left - 1), 1000).unref();
          return;
        }
        log.warn('checkpoint after %s failed: %s', reason, (e as Error)?.message ?? e);
        resolve('failed');
      });
    };
    attempt(tries);
  });
}

/** Run fn inside a transaction on `con`: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(con: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await con.run('BEGIN TRANSACTION');
  try {
    const out = await fn();
    await con.run('COMMIT');
    return out;
  } catch (e) {
    await con.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Params ready to bind: node-api cannot bind a plain JS array ("Cannot create values of type
 * ANY"), so arrays (e.g. scopeClause's $scopeTeamIds) become DuckDB LISTs here, for every caller.
 */
export function bindable(params: Params): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? listValue(v) : v;
  return out;
}

/** Rows of a bound query in JSON form. Values are bound, never interpolated. */
export async function query<T = Record<string, unknown>>(sql: string, params: Params = {}): Promise<T[]> {
  return read(async (con) => (await con.runAndReadAll(sql, bindable(params) as never)).getRowObjectsJson() as T[]);
}

/**
 * Run a query with bound values and return its result by column: `{ column: values[] }`. For
 * results of tens of thousands of rows, where building one object per row costs more than the
 * query (65,000 rows × 7 columns: ~15 ms by column, ~80 ms by row at 200,000 clients).
 */
export async function queryColumns(sql: string, params: Params = {}): Promise<Record<string, unknown[]>> {
  return read(async (con) => (await con.runAndReadAll(sql, bindable(params) as never)).getColumnsObjectJson() as Record<string, unknown[]>);
}

/** A result by column: numbers as Float64Array (NaN for NULL), anything else as JS values. */
export interface TypedColumns {
  rows: number;
  numbers: Record<string, Float64Array>;
  values: Record<string, unknown[]>;
}

// Column types read into a Float64Array straight from the vector's memory (exact in a double;
// BIGINT and DECIMAL are not, and come as JS values): the typed array each is laid out as.
const NUMERIC: ReadonlyMap<DuckDBTypeId, { new (b: ArrayBuffer, o: number, n: number): ArrayLike<number>; BYTES_PER_ELEMENT: number }> = new Map<DuckDBTypeId, { new (b: ArrayBuffer, o: number, n: number): ArrayLike<number>; BYTES_PER_ELEMENT: number }>([
  [DuckDBTypeId.TINYINT, Int8Array], [DuckDBTypeId.SMALLINT, Int16Array], [DuckDBTypeId.INTEGER, Int32Array],
  [DuckDBTypeId.UTINYINT, Uint8Array], [DuckDBTypeId.USMALLINT, Uint16Array], [DuckDBTypeId.UINTEGER, Uint32Array],
  [DuckDBTypeId.FLOAT, Float32Array], [DuckDBTypeId.DOUBLE, Float64Array],
]);

/**
 * Run a query with bound values and return its numeric columns as Float64Arrays (NaN for NULL),
 * copied from each result vector's memory through the C API (@duckdb/node-bindings): the JSON
 * conversion (getColumnsObjectJson) and even item-by-item reads (getItem, ~40 ns a value with its
 * validity check) cost 10–20 ms for the 5,400 rows × 32 figures of a KPI ranking by specialist;
 * this, about 1 ms. Other columns are as getItem gives them (VARCHAR as strings).
 */
export async function queryTypedColumns(sql: string, params: Params = {}): Promise<TypedColumns> {
  return read(async (con) => {
    const result = await con.run(sql, bindable(params) as never);
    const names = result.columnNames();
    const layout = names.map((_, c) => NUMERIC.get(result.columnTypeId(c)));
    const chunks = await result.fetchAllChunks();
    const rows = chunks.reduce((n, ch) => n + ch.rowCount, 0);
    const out: TypedColumns = { rows, numbers: {}, values: {} };
    names.forEach((name, c) => {
      if (layout[c]) out.numbers[name] = new Float64Array(rows);
      else out.values[name] = [];
    });
    let at = 0;
    for (const chunk of chunks) {
      const n = chunk.rowCount;
      names.forEach((name, c) => {
        const kind = layout[c];
        if (!kind) {
          const v = chunk.getColumnVector(c);
          const list = out.values[name];
          for (let i = 0; i < n; i++) list.push(v.getItem(i));
          return;
        }
        const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
        const bytes = duckdb.vector_get_data(vector, n * kind.BYTES_PER_ELEMENT);
        const items = new kind(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
        // One bit per row, least significant first; no mask: every row valid.
        const valid = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
        const num = out.numbers[name];
        for (let i = 0; i < n; i++) num[at + i] = !valid || (valid[i >> 3] >> (i & 7)) & 1 ? items[i] : Number.NaN;
      });
      at += n;
    }
    return out;
  });
}

/** Run a statement with bound values. */
export async function exec(sql: string, params: Params = {}): Promise<void> {
  await withConnection(async (con) => {
    await con.run(sql, bindable(params) as never);
  });
}

/**
 * Apply every migration the warehouse has not recorded, in version order, each in its own
 * transaction. Recorded by version (not "newer than the max"), so migrations written on parallel
 * branches apply whatever order they land in.
 */
export async function migrate(con: DuckDBConnection): Promise<number> {
  await con.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())`);
  const rows = (await con.runAndReadAll('SELECT version::INTEGER AS v FROM schema_migrations')).getRowObjectsJson();
  const done = new Set(rows.map((r) => Number(r.v)));
  let applied = 0;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await con.run('BEGIN TRANSACTION');
    try {
      await con.run(m.sql);
      await con.run('INSERT INTO schema_migrations (version, name) VALUES ($v, $n)', { v: m.version, n: m.name });
      await con.run('COMMIT');
      applied++;
    } catch (e) {
      await con.run('ROLLBACK');
      throw new Error(`Миграция ${m.version} (${m.name}) не применена: ${(e as Error).message}`);
    }
  }
  return applied;
}
