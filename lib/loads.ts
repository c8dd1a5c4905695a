// Reads of the load log for Загрузки and /api/v1/loads (tables load_log / rejected_rows,
// lib/db/migrations.ts v2). The loader (lib/load) writes them; these small queries are the UI's
// until it exports its own getters. Timestamps are company-local (TIMESTAMP without zone).
import { z } from 'zod';
import { query } from './db';

const ts = (col: string) => `strftime(${col}, '%Y-%m-%d %H:%M:%S')`;

const fileSchema = z.object({
  table: z.string().optional(),
  file: z.string().optional(),
  mode: z.string().optional(),
  rows: z.coerce.number().optional(),
  inserted: z.coerce.number().optional(),
  updated: z.coerce.number().optional(),
  deleted: z.coerce.number().optional(),
  rejected: z.coerce.number().optional(),
}).passthrough();
export type LoadFile = z.infer<typeof fileSchema>;

export const loadRowSchema = z.object({
  loadId: z.coerce.number(),
  extractId: z.string(),
  asOfOn: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.coerce.number().nullable(),
  outcome: z.string(),
  message: z.string().nullable(),
  rowsInserted: z.coerce.number(),
  rowsUpdated: z.coerce.number(),
  rowsDeleted: z.coerce.number(),
  rowsRejected: z.coerce.number(),
  hasReport: z.boolean(),
});
export type LoadRow = z.infer<typeof loadRowSchema>;

export const rejectedRowSchema = z.object({
  tableName: z.string(),
  file: z.string(),
  line: z.coerce.number().nullable(),
  rule: z.string(),
  reason: z.string(),
  raw: z.string().nullable(),
});
export type RejectedRow = z.infer<typeof rejectedRowSchema>;

const SELECT_LOAD = /* sql */ `SELECT load_id::BIGINT::VARCHAR AS loadId, extract_id AS extractId, as_of::VARCHAR AS asOfOn,
  ${ts('started_at')} AS startedAt, ${ts('finished_at')} AS finishedAt, duration_ms AS durationMs, outcome, message,
  rows_inserted::VARCHAR AS rowsInserted, rows_updated::VARCHAR AS rowsUpdated, rows_deleted::VARCHAR AS rowsDeleted,
  rows_rejected::VARCHAR AS rowsRejected, (report_path IS NOT NULL) AS hasReport
FROM load_log`;

/** The newest `limit` loads, latest first. */
export async function getLoadLog(limit = 50): Promise<LoadRow[]> {
  const rows = await query(`${SELECT_LOAD} ORDER BY started_at DESC, load_id DESC LIMIT $limit`, { limit });
  return rows.map((r) => loadRowSchema.parse(r));
}

/** One load with its per-file figures, or null. */
export async function getLoad(loadId: number): Promise<(LoadRow & { files: LoadFile[] }) | null> {
  const rows = await query<Record<string, unknown>>(`${SELECT_LOAD.replace('FROM load_log', ', files::VARCHAR AS filesJson FROM load_log')} WHERE load_id = $loadId`, { loadId });
  if (!rows.length) return null;
  return { ...loadRowSchema.parse(rows[0]), files: parseFiles(rows[0].filesJson) };
}

function parseFiles(v: unknown): LoadFile[] {
  if (typeof v !== 'string' || !v) return [];
  try {
    const parsed = z.array(fileSchema).safeParse(JSON.parse(v));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Rejected rows of a load, in file and line order (at most `limit`), and how many there are in all. */
export async function getRejectedRows(loadId: number, limit = 500): Promise<{ rows: RejectedRow[]; total: number }> {
  const rows = await query(
    `SELECT table_name AS tableName, file, line, rule, reason, raw FROM rejected_rows WHERE load_id = $loadId
     ORDER BY file, line NULLS LAST LIMIT $limit`, { loadId, limit });
  const n = await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rejected_rows WHERE load_id = $loadId', { loadId });
  return { rows: rows.map((r) => rejectedRowSchema.parse(r)), total: Number(n[0]?.n ?? 0) };
}

/** The path of a load's report file, or null. */
export async function getLoadReportPath(loadId: number): Promise<string | null> {
  const rows = await query<{ p: string | null }>('SELECT report_path AS p FROM load_log WHERE load_id = $loadId', { loadId });
  return rows[0]?.p ?? null;
}

/** As-of of the newest applied extract (the data is complete up to this date) and when its load finished; null if none. */
export async function getLatestAsOf(): Promise<{ asOf: string; extractId: string; finishedAt: string | null } | null> {
  const rows = await query<{ asOf: string; extractId: string; finishedAt: string | null }>(
    `SELECT as_of::VARCHAR AS asOf, extract_id AS extractId, ${ts('finished_at')} AS finishedAt FROM load_log
     WHERE outcome = 'applied' AND as_of IS NOT NULL ORDER BY as_of DESC, finished_at DESC NULLS LAST LIMIT 1`);
  return rows[0] ?? null;
}
