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
  busy: boolean;
}
const g = globalThis as unknown as { __follow?: FollowState };
const state = (): FollowState => (g.__follow ??= { seenEvents: new Set(), busy: false });

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
  try {
    text = fs.readFileSync(currentFile(), 'utf8');
  } catch {
    return; // not published yet
  }
  if (text === s.seenText && !s.fallback) return;
  const cur = readCurrent();
  if (!cur) return;
  const first = s.seenText === undefined;
  if (cur.file !== s.serving || s.fallback) await openPublished(cur);
  s.seenText = text;
  for (const e of cur.events) {
    const k = eventKey(e);
    if (s.seenEvents.has(k)) continue;
    s.seenEvents.add(k);
    if (!first) publishLoadEvent(e);
  }
}

/** Start following (once per process); resolves once the first snapshot is open (or after `waitMs`). */
export async function followSnapshots(waitMs = 120_000): Promise<void> {
  const s = state();
  if (s.timer) return;
  s.timer = setInterval(() => {
    if (s.busy) return;
    s.busy = true;
    followOnce().catch((e) => log.error(`following snapshots failed: ${(e as Error).stack ?? e}`)).finally(() => { s.busy = false; });
  }, FOLLOW_INTERVAL_MS);
  s.timer.unref();
  const until = Date.now() + waitMs;
  while (!s.serving && Date.now() < until) {
    if (!s.busy) {
      s.busy = true;
      try {
        await followOnce();
      } catch (e) {
        log.error(`opening the published snapshot failed: ${(e as Error).message}`);
      } finally {
        s.busy = false;
      }
    }
    if (!s.serving) await new Promise((r) => setTimeout(r, FOLLOW_INTERVAL_MS));
  }
}

/** Stop following (tests). */
export function stopFollowing(): void {
  const s = state();
  if (s.timer) clearInterval(s.timer);
  g.__follow = undefined;
}
