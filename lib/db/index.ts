// The one door to DuckDB: one instance per process, every value bound as $name, results in the
// JSON form (BIGINT as string, DATE as 'YYYY-MM-DD') so rows serialise; callers coerce with zod.
import { DuckDBInstance, DuckDBTypeId, listValue, type DuckDBConnection } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import fs from 'node:fs';
import path from 'node:path';
import { companyTimeZone, warehousePath } from '../env';
import { migrations } from './migrations';

type Params = Record<string, unknown>;
const g = globalThis as unknown as { __warehouse?: Promise<DuckDBInstance>; __warehousePath?: string };

/** True when an error is DuckDB's "file held by another process" lock error. */
export function isLockError(e: unknown): boolean {
  return e instanceof Error && /Could not set lock on file/.test(e.message);
}

async function openAndMigrate(file: string): Promise<DuckDBInstance> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const inst = await DuckDBInstance.fromCache(file, { threads: process.env.DUCKDB_THREADS || '2' });
  const con = await inst.connect();
  try {
    // current_localtimestamp() (column defaults) in company time, like every naive timestamp here.
    await con.run(`SET GLOBAL TimeZone = '${companyTimeZone().replace(/'/g, "''")}'`);
    // Group by integer keys of up to 2¹⁶ values with a perfect hash (DuckDB's default is 2¹²): the
    // KPI ranking groups 5,400 specialists by their codes (lib/kpi/mart.ts), ~40 % faster than hashing.
    await con.run('SET GLOBAL perfect_ht_threshold = 16');
    await migrate(con);
  } finally {
    con.closeSync();
  }
  return inst;
}

/** The process's warehouse instance, opened (and migrated) on first use. */
export function getDb(): Promise<DuckDBInstance> {
  const file = warehousePath();
  if (!g.__warehouse || g.__warehousePath !== file) {
    g.__warehousePath = file;
    g.__warehouse = openAndMigrate(file).catch((e) => {
      g.__warehouse = undefined; // let the next call retry (e.g. after a lock is released)
      throw e;
    });
  }
  return g.__warehouse;
}

/** Close the instance (CLIs and tests, so another process may open the file). */
export async function closeDb(): Promise<void> {
  const p = g.__warehouse;
  g.__warehouse = undefined;
  g.__warehousePath = undefined;
  if (p) (await p.catch(() => undefined))?.closeSync();
}

/** Run fn with a fresh connection, closed afterwards. */
export async function withConnection<T>(fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  const con = await (await getDb()).connect();
  try {
    return await fn(con);
  } finally {
    con.closeSync();
  }
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
  return withConnection(async (con) => (await con.runAndReadAll(sql, bindable(params) as never)).getRowObjectsJson() as T[]);
}

/**
 * Run a query with bound values and return its result by column: `{ column: values[] }`. For
 * results of tens of thousands of rows, where building one object per row costs more than the
 * query (65,000 rows × 7 columns: ~15 ms by column, ~80 ms by row at 200,000 clients).
 */
export async function queryColumns(sql: string, params: Params = {}): Promise<Record<string, unknown[]>> {
  return withConnection(async (con) => (await con.runAndReadAll(sql, bindable(params) as never)).getColumnsObjectJson() as Record<string, unknown[]>);
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
  return withConnection(async (con) => {
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
