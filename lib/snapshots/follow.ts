// A web worker follows the published snapshot (issue 18): it opens the file current.json names,
// READ_ONLY, through the door, looks at current.json every FOLLOW_INTERVAL_MS, and moves to a new
// snapshot without failing a request in flight (lib/db switchWarehouse: new requests go to the new
// file, the old one closes when its last request is done). When the current file will not open it
// serves the one before, and says so (snapshotFallback: an alert for heads). Load events written
// by the loader into current.json are passed to this worker's open pages (lib/live/events.ts)
// once the worker reads the snapshot that holds them.
import fs from 'node:fs';
import { switchWarehouse, warehouseTarget } from '../db';
import { publishLoadEvent, type LoadEvent } from '../live/events';
import { logger } from '../log';
import { currentFile, readCurrent, snapshotPath, type CurrentSnapshot } from './store';

const log = logger('follow');

/** How often current.json is looked at: a new snapshot is served within about this long. */
export const FOLLOW_INTERVAL_MS = 200;

export interface SnapshotFallback {
  /** The published file that would not open. */
  wanted: string;
  /** The file served instead. */
  serving: string;
  error: string;
  since: string;
}

interface FollowState {
  timer?: NodeJS.Timeout;
  /** current.json's text as last acted on. */
  seenText?: string;
  seenEvents: Set<string>;
  serving?: string;
  fallback?: SnapshotFallback;
  /** current.json's inode and mtime when last read: a request compares them (catchUp). */
  seenStat?: string;
  /** The look at current.json under way, if any. */
  inflight?: Promise<void>;
}
const g = globalThis as unknown as { __follow?: FollowState };
const state = (): FollowState => (g.__follow ??= { seenEvents: new Set() });

const eventKey = (e: LoadEvent) => `${e.loadId}|${e.extractId}|${e.at}`;

/** The published snapshot would not open and an older one is served (null when all is well). */
export function snapshotFallback(): SnapshotFallback | null {
  return state().fallback ?? null;
}

/** The snapshot file this worker serves. */
export function servingSnapshot(): string | null {
  return state().serving ?? null;
}

/** Open `cur.file`, or the newest of the files before it that opens; returns the one served. */
async function openPublished(cur: CurrentSnapshot): Promise<string> {
  const s = state();
  let firstError: unknown;
  for (const file of [cur.file, ...cur.previous]) {
    if (!fs.existsSync(snapshotPath(file))) continue;
    if (file === s.serving && file !== cur.file && warehouseTarget().open === snapshotPath(file)) {
      // Already serving the fallback: keep it.
    } else {
      try {
        await switchWarehouse(snapshotPath(file));
      } catch (e) {
        firstError ??= e;
        log.error(`snapshot ${file} will not open: ${(e as Error).message}`);
        continue;
      }
    }
    s.serving = file;
    s.fallback = file === cur.file ? undefined : {
      wanted: cur.file, serving: file, error: String((firstError as Error)?.message ?? firstError), since: s.fallback?.since ?? new Date().toISOString(),
    };
    return file;
  }
  throw firstError ?? new Error(`no snapshot file of ${currentFile()} exists`);
}

/** One look at current.json: switch when it names another file, then announce its new events. */
export async function followOnce(): Promise<void> {
  const s = state();
  let text: string;
  let stat: string;
  try {
    stat = statKey(fs.statSync(currentFile()));
    text = fs.readFileSync(currentFile(), 'utf8');
  } catch {
    return; // not published yet
  }
  if (text === s.seenText && !s.fallback) {
    s.seenStat = stat;
    return;
  }
  const cur = readCurrent();
  if (!cur) return;
  const first = s.seenText === undefined;
  if (cur.file !== s.serving || s.fallback) await openPublished(cur);
  s.seenText = text;
  s.seenStat = stat;
  for (const e of cur.events) {
    const k = eventKey(e);
    if (s.seenEvents.has(k)) continue;
    s.seenEvents.add(k);
    if (!first) publishLoadEvent(e);
  }
}

const statKey = (st: fs.Stats) => `${st.ino}:${st.mtimeMs}:${st.size}`;

/** followOnce, one at a time: a caller while one runs gets that one. */
function followShared(): Promise<void> {
  const s = state();
  s.inflight ??= followOnce()
    .catch((e) => log.error(`following snapshots failed: ${(e as Error).stack ?? e}`))
    .finally(() => { s.inflight = undefined; });
  return s.inflight;
}

/**
 * Before a request: when current.json changed since this worker last read it (one stat, no read),
 * the promise of moving to the new snapshot (at most `maxMs`); else null, and the request goes on
 * at once. So a page loaded after a publication, or refreshed on its load event, never gets the
 * previous snapshot from a worker whose timer has not fired yet (several workers, one port).
 */
export function catchUp(maxMs = 2_000): Promise<void> | null {
  const s = state();
  if (!s.serving) return null;
  let key: string;
  try {
    key = statKey(fs.statSync(currentFile()));
  } catch {
    return null;
  }
  if (key === s.seenStat) return null;
  return Promise.race([followShared(), new Promise<void>((r) => setTimeout(r, maxMs).unref())]);
}

/** Start following (once per process); resolves once the first snapshot is open (or after `waitMs`). */
export async function followSnapshots(waitMs = 120_000): Promise<void> {
  const s = state();
  if (s.timer) return;
  s.timer = setInterval(() => {
    if (s.inflight) return;
    void followShared();
  }, FOLLOW_INTERVAL_MS);
  s.timer.unref();
  const until = Date.now() + waitMs;
  while (!s.serving && Date.now() < until) {
    await followShared();
    if (!s.serving) await new Promise((r) => setTimeout(r, FOLLOW_INTERVAL_MS));
  }
}

/** Stop following (tests). */
export function stopFollowing(): void {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  g.__follow = undefined;
}
