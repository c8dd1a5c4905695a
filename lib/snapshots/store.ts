// The snapshot folder (issue 18): the loader publishes each warehouse as a new immutable file
// $SNAPSHOT_DIR/<load-id>.duckdb and names the current one in current.json (written to a temporary
// name, fsynced, renamed: a reader sees the old or the new, never half of one). Web workers open the
// published file READ_ONLY and follow current.json (lib/snapshots/follow.ts); nothing ever writes a
// published file. Files whose name starts with a dot are the loader's work in progress: discarded
// at its next start when it dies mid-build.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../env';
import type { LoadEvent } from '../live/events';

/** The published state, $SNAPSHOT_DIR/current.json. */
export interface CurrentSnapshot {
  /** The newest load recorded in the file (applied or not), null before any. */
  loadId: number | null;
  /** File name inside the snapshot folder. */
  file: string;
  publishedAt: string;
  /** Load attempts announced to open pages, oldest first, at most EVENTS_KEPT (lib/live/events.ts). */
  events: LoadEvent[];
  /** Files that were current before, newest first (fallback and restore). */
  previous: string[];
}

export const EVENTS_KEPT = 20;

export const snapshotDir = (): string => path.resolve(/*turbopackIgnore: true*/ process.env.SNAPSHOT_DIR || path.join(dataDir(), 'snapshots'));
export const currentFile = (): string => path.join(snapshotDir(), 'current.json');
export const runDir = (): string => path.join(dataDir(), 'run');

/** How many published snapshots are kept (SNAPSHOTS_KEEP, default 3, at least 1). */
export function snapshotsKeep(): number {
  const n = Number(process.env.SNAPSHOTS_KEEP ?? '3');
  return Number.isInteger(n) && n >= 1 ? n : 3;
}

/** The published state, or null when nothing has been published (or current.json is unreadable). */
export function readCurrent(): CurrentSnapshot | null {
  try {
    const c = JSON.parse(fs.readFileSync(currentFile(), 'utf8')) as CurrentSnapshot;
    return typeof c.file === 'string' && /^[^./][^/]*\.duckdb$/.test(c.file) ? { ...c, events: c.events ?? [], previous: c.previous ?? [] } : null;
  } catch {
    return null;
  }
}

/** Full path of a snapshot file named in current.json. */
export const snapshotPath = (file: string): string => path.join(snapshotDir(), file);

/** fsync a file or a folder (a rename is durable once its folder is synced). */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Write `text` to `file` atomically and durably: temporary name, fsync, rename, fsync the folder. */
export function writeFileDurably(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncPath(path.dirname(file));
}

/** The published file name for a load id: zero-padded so names sort by id; a suffix when taken. */
export function snapshotName(loadId: number | null): string {
  const base = String(loadId ?? 0).padStart(6, '0');
  return fs.existsSync(snapshotPath(`${base}.duckdb`)) ? `${base}-${Date.now()}.duckdb` : `${base}.duckdb`;
}

/**
 * Publish a built, closed, checkpointed warehouse file: fsync it, move it into place under its
 * final name, then point current.json at it. `event` (a load attempt) is added to the events
 * that open pages are told about. Returns the new state.
 */
export function publishSnapshot(built: string, loadId: number | null, event?: LoadEvent): CurrentSnapshot {
  fsyncPath(built);
  const file = snapshotName(loadId);
  fs.renameSync(built, snapshotPath(file));
  fsyncPath(snapshotDir());
  const before = readCurrent();
  const next: CurrentSnapshot = {
    loadId,
    file,
    publishedAt: new Date().toISOString(),
    events: [...(before?.events ?? []), ...(event ? [event] : [])].slice(-EVENTS_KEPT),
    previous: before ? [before.file, ...before.previous.filter((f) => f !== before.file && f !== file)].slice(0, 10) : [],
  };
  writeFileDurably(currentFile(), JSON.stringify(next, null, 1));
  return next;
}

/** Point current.json at an already published file (restore); its events are kept. */
export function republish(file: string, loadId: number | null): CurrentSnapshot {
  const before = readCurrent();
  const next: CurrentSnapshot = {
    loadId,
    file,
    publishedAt: new Date().toISOString(),
    events: before?.events ?? [],
    previous: before ? [before.file, ...before.previous].filter((f, i, a) => f !== file && a.indexOf(f) === i).slice(0, 10) : [],
  };
  writeFileDurably(currentFile(), JSON.stringify(next, null, 1));
  return next;
}

/** Published snapshot files in the folder (no work in progress), newest name first. */
export function listSnapshots(): string[] {
  if (!fs.existsSync(snapshotDir())) return [];
  return fs.readdirSync(snapshotDir()).filter((f) => /^[0-9][^/]*\.duckdb$/.test(f)).sort().reverse();
}

/**
 * Delete published files beyond the newest SNAPSHOTS_KEEP (the current one and those that were
 * current before it). A worker still reading a deleted file keeps it until it closes it (unlink).
 */
export function pruneSnapshots(keep = snapshotsKeep()): string[] {
  const cur = readCurrent();
  if (!cur) return [];
  const kept = new Set([cur.file, ...cur.previous].slice(0, keep));
  const gone: string[] = [];
  for (const f of listSnapshots()) {
    if (kept.has(f)) continue;
    for (const p of [f, `${f}.wal`]) fs.rmSync(snapshotPath(p), { force: true });
    gone.push(f);
  }
  return gone;
}

/** Remove the loader's unfinished work (files starting with a dot) left by a process that died. */
export function discardUnfinished(): string[] {
  if (!fs.existsSync(snapshotDir())) return [];
  const gone = fs.readdirSync(snapshotDir()).filter((f) => f.startsWith('.'));
  for (const f of gone) fs.rmSync(snapshotPath(f), { force: true, recursive: true });
  return gone;
}
