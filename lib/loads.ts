// The load journal as the UI and /api/v1/loads show it, over the loader's own getters
// (lib/load/log.ts). What this adds: one load by id, the rejected-row total, the report path kept
// server-side (callers see only hasReport), nothing that a client could use to read files, and
// the texts as the viewer may read them (lib/load/redact.ts: no field values for specialists).
// Every getter that returns load text takes the viewer, so no page or route can forget it.
import { query } from './db';
import { loadMessageFor, rejectedRowFor, type Viewer } from './load/redact';
import { getLatestAsOf as getLatestApplied, getLoad as getLoaderLoad, getLoadLog as getLoaderLog, getRejectedRows as getLoaderRejected, type LoadLogRow, type RejectedRowRow } from './load/log';

/** A load as shown: the journal row without the server-side report path. */
export type LoadRow = Omit<LoadLogRow, 'reportPath' | 'files'> & { hasReport: boolean };
export type LoadFile = LoadLogRow['files'][number];
export type RejectedRow = Omit<RejectedRowRow, 'loadId' | 'extractId'>;

function shown(v: Viewer, { reportPath, files: _files, ...rest }: LoadLogRow): LoadRow {
  return { ...rest, message: rest.message === null ? null : loadMessageFor(v, rest.message, rest.outcome), hasReport: !!reportPath };
}

/** The newest `limit` loads, latest first (every outcome), as `v` may read them. */
export async function getLoadLog(v: Viewer, limit = 50): Promise<LoadRow[]> {
  return (await getLoaderLog(limit)).map((r) => shown(v, r));
}

/** One load with its per-file figures, as `v` may read it, or null. */
export async function getLoad(v: Viewer, loadId: number): Promise<(LoadRow & { files: LoadFile[] }) | null> {
  const row = await getLoaderLoad(loadId);
  return row ? { ...shown(v, row), files: row.files } : null;
}

/**
 * Rejected rows of a load in file and line order (at most `limit`), and how many there are in
 * all; for specialists without raw lines and with reasons that quote no value.
 */
export async function getRejectedRows(v: Viewer, loadId: number, limit = 500): Promise<{ rows: RejectedRow[]; total: number }> {
  const rows = (await getLoaderRejected(loadId, limit)).map(({ loadId: _l, extractId: _e, ...r }) => rejectedRowFor(v, r));
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
export async function getOpenLoadProblem(v: Viewer): Promise<LoadProblem | null> {
  const [last] = await getLoaderLog(1);
  if (!last || (last.outcome !== 'rejected' && last.outcome !== 'refused')) return null;
  const message = last.message ? loadMessageFor(v, last.message, last.outcome) : '';
  return { loadId: last.loadId, extractId: last.extractId, outcome: last.outcome, message, finishedAt: last.finishedAt };
}
