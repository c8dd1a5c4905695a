// What every derived table (payment, KPI and sales marts, the search index) asks before it is
// rebuilt: which applied load is the newest, which load it was built from (mart_state), and whether
// a load since then changed a table it is made of (load_log.files). One copy, so the marts agree
// on what "current" means.
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable } from './index';

/** The newest applied load's id, or null before any. */
export async function latestAppliedLoadId(con: DuckDBConnection): Promise<number | null> {
  const r = (await con.runAndReadAll(`SELECT max(load_id)::BIGINT AS id FROM load_log WHERE outcome = 'applied'`)).getRowObjectsJson();
  return r[0]?.id == null ? null : Number(r[0].id);
}

/** The load a derived table `name` was built from: a number, null (built before any load), or undefined (never built). */
export async function martBuiltFor(con: DuckDBConnection, name: string): Promise<number | null | undefined> {
  const state = (await con.runAndReadAll(`SELECT load_id::BIGINT AS id FROM mart_state WHERE name = $n`, { n: name })).getRowObjectsJson();
  return state.length ? (state[0].id == null ? null : Number(state[0].id)) : undefined;
}

/** Whether an applied load after `built` inserted, updated or deleted a row of one of `tables`. */
export async function tablesChangedSince(con: DuckDBConnection, built: number | null, tables: readonly string[]): Promise<boolean> {
  const r = (await con.runAndReadAll(/* sql */ `
SELECT count(*)::INTEGER AS n FROM load_log l
WHERE l.outcome = 'applied' AND l.load_id > $built AND EXISTS (
  SELECT 1 FROM (SELECT unnest(from_json(l.files, '[{"table":"VARCHAR","inserted":"BIGINT","updated":"BIGINT","deleted":"BIGINT"}]')) AS f)
  WHERE list_contains($tables::VARCHAR[], f.table) AND coalesce(f.inserted, 0) + coalesce(f.updated, 0) + coalesce(f.deleted, 0) > 0)`,
  bindable({ built: built ?? -1, tables: [...tables] }) as never)).getRowObjectsJson();
  return Number(r[0]?.n ?? 0) > 0;
}

/** Record `name` as current for `loadId` without rebuilding it. */
export async function markMartCurrent(con: DuckDBConnection, name: string, loadId: number | null): Promise<void> {
  await con.run(`UPDATE mart_state SET load_id = $id WHERE name = $n`, { id: loadId, n: name });
}
