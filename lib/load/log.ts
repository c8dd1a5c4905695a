// Reading the load journal for the Загрузки page: load_log and rejected_rows as zod-checked rows
// with camelCase names. Times are company local time as stored.
import { z } from 'zod';
import { query } from '../db';
import { encodings } from './files';

const int = z.coerce.number().int();
const filesSchema = z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v ?? []), z.array(z.object({
  table: z.string(), file: z.string(), mode: z.enum(['full', 'delta']), rows: z.number(), sha256: z.string().nullable().optional(),
  inserted: z.number(), updated: z.number(), unchanged: z.number().optional(), deleted: z.number(), rejected: z.number(), unknownColumns: z.array(z.string()).default([]),
  encoding: z.enum(encodings).optional(),
})));

export const loadLogRowSchema = z.object({
  loadId: int,
  extractId: z.string(),
  asOf: z.string().nullable(),
  createdAt: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: int.nullable(),
  outcome: z.enum(['applied', 'unchanged', 'rejected', 'refused']),
  message: z.string().nullable(),
  files: filesSchema,
  rowsInserted: int,
  rowsUpdated: int,
  rowsDeleted: int,
  rowsRejected: int,
  reportPath: z.string().nullable(),
});
export type LoadLogRow = z.infer<typeof loadLogRowSchema>;

export const rejectedRowRowSchema = z.object({
  loadId: int,
  extractId: z.string(),
  tableName: z.string(),
  file: z.string(),
  line: int.nullable(),
  rule: z.string(),
  reason: z.string(),
  raw: z.string().nullable(),
});
export type RejectedRowRow = z.infer<typeof rejectedRowRowSchema>;

/** The load_log columns as loadLogRowSchema names them (one list for every reader). */
const LOAD_LOG_COLUMNS = /* sql */ `load_id AS loadId, extract_id AS extractId, strftime(as_of, '%Y-%m-%d') AS asOf, created_at AS createdAt,
      strftime(started_at, '%Y-%m-%d %H:%M:%S') AS startedAt, strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finishedAt,
      duration_ms AS durationMs, outcome, message, files::VARCHAR AS files, rows_inserted AS rowsInserted, rows_updated AS rowsUpdated,
      rows_deleted AS rowsDeleted, rows_rejected AS rowsRejected, report_path AS reportPath`;

/** Newest loads first (every attempt, whatever its outcome). */
export async function getLoadLog(limit = 100): Promise<LoadLogRow[]> {
  const rows = await query(`SELECT ${LOAD_LOG_COLUMNS} FROM load_log ORDER BY load_id DESC LIMIT $limit`, { limit: Math.max(1, Math.floor(limit)) });
  return rows.map((r) => loadLogRowSchema.parse(r));
}

/** One load by id, or null. */
export async function getLoad(loadId: number): Promise<LoadLogRow | null> {
  const rows = await query(`SELECT ${LOAD_LOG_COLUMNS} FROM load_log WHERE load_id = $loadId`, { loadId });
  return rows.length ? loadLogRowSchema.parse(rows[0]) : null;
}

/** Quarantined rows of one load, in file and line order. */
export async function getRejectedRows(loadId: number, limit = 1000): Promise<RejectedRowRow[]> {
  const rows = await query(`SELECT load_id AS loadId, extract_id AS extractId, table_name AS tableName, file, line, rule, reason, raw
    FROM rejected_rows WHERE load_id = $loadId ORDER BY table_name, line NULLS LAST LIMIT $limit`, { loadId, limit: Math.max(1, Math.floor(limit)) });
  return rows.map((r) => rejectedRowRowSchema.parse(r));
}

/** The newest applied extract (highest id): its as_of is the app's default "today" (D). */
export const LATEST_AS_OF_SQL = `SELECT strftime(as_of, '%Y-%m-%d') AS asOf, extract_id AS extractId, strftime(finished_at, '%Y-%m-%d %H:%M:%S') AS finishedAt
    FROM load_log WHERE outcome = 'applied' AND as_of IS NOT NULL ORDER BY extract_id DESC, load_id DESC LIMIT 1`;

/** The newest applied extract (highest id): its as_of is the app's default "today". */
export async function getLatestAsOf(): Promise<{ asOf: string; extractId: string; finishedAt: string } | null> {
  const rows = await query(LATEST_AS_OF_SQL);
  if (!rows.length) return null;
  return z.object({ asOf: z.string(), extractId: z.string(), finishedAt: z.string() }).parse(rows[0]);
}
