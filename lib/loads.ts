// The load journal as the UI and /api/v1/loads show it, over the loader's own getters
// (lib/load/log.ts). What this adds: one load by id, the rejected-row total, the report path kept
// server-side (callers see only hasReport), and nothing that a client could use to read files.
import { query } from './db';
import { getLatestAsOf as getLatestApplied, getLoad as getLoaderLoad, getLoadLog as getLoaderLog, getRejectedRows as getLoaderRejected, type LoadLogRow, type RejectedRowRow } from './load/log';

/** A load as shown: the journal row without the server-side report path. */
export type LoadRow = Omit<LoadLogRow, 'reportPath' | 'files'> & { hasReport: boolean };
export type LoadFile = LoadLogRow['files'][number];
export type RejectedRow = Omit<RejectedRowRow, 'loadId' | 'extractId'>;

function shown({ reportPath, files: _files, ...rest }: LoadLogRow): LoadRow {
  return { ...rest, hasReport: !!reportPath };
}

/** The newest `limit` loads, latest first (every outcome). */
export async function getLoadLog(limit = 50): Promise<LoadRow[]> {
  return (await getLoaderLog(limit)).map(shown);
}

/** One load with its per-file figures, or null. */
export async function getLoad(loadId: number): Promise<(LoadRow & { files: LoadFile[] }) | null> {
  const row = await getLoaderLoad(loadId);
  return row ? { ...shown(row), files: row.files } : null;
}

/** Rejected rows of a load in file and line order (at most `limit`), and how many there are in all. */
export async function getRejectedRows(loadId: number, limit = 500): Promise<{ rows: RejectedRow[]; total: number }> {
  const rows = (await getLoaderRejected(loadId, limit)).map(({ loadId: _l, extractId: _e, ...r }) => r);
  const n = await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rejected_rows WHERE load_id = $loadId', { loadId });
  return { rows, total: Number(n[0]?.n ?? 0) };
}

/** Where a load's report file is (server-side only), or null. */
export async function getLoadReportPath(loadId: number): Promise<string | null> {
  return (await getLoaderLoad(loadId))?.reportPath ?? null;
}

/** As-of of the newest applied extract and when its load finished (company time); null before the first load. */
export const getLatestAsOf = getLatestApplied;

/** A failed load the heads should know about: newest attempt rejected or refused, nothing applied since. */
export interface LoadProblem { loadId: number; extractId: string; outcome: 'rejected' | 'refused'; message: string; finishedAt: string | null }

/**
 * The newest load attempt when it was rejected or refused and no extract has been applied after
 * it (issue 8: the heads' alert; the app meanwhile serves the previous data); else null.
 */
export async function getOpenLoadProblem(): Promise<LoadProblem | null> {
  const [last] = await getLoaderLog(1);
  if (!last || (last.outcome !== 'rejected' && last.outcome !== 'refused')) return null;
  return { loadId: last.loadId, extractId: last.extractId, outcome: last.outcome, message: last.message ?? '', finishedAt: last.finishedAt };
}
