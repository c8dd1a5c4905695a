// The inbox watcher (issue 8, extracts.md "manifest last"): the running app polls
// $DATA_DIR/inbox every second and loads each extract whose manifest.json has appeared, with the
// same loader and rules as `npm run load`, one at a time (lib/load/queue.ts). A folder without a
// manifest is still being copied and is left alone. Polling rather than fs.watch: one stat per
// folder per second is nothing, and it behaves the same on every filesystem (fs.watch misses
// events on network and overlay mounts).
import fs from 'node:fs';
import path from 'node:path';
import { inboxDir } from '../env';
import { loadExtract, listInbox } from '../load';
import { logger } from '../log';

const log = logger('watcher');

/** How often the inbox is looked at. Keeps "loaded within 5 seconds" with room to spare. */
export const WATCH_INTERVAL_MS = 1000;
/** A folder whose load threw (not a rejection: e.g. a full disk) is retried after this long. */
const RETRY_AFTER_MS = 60_000;

interface WatchState {
  timer: NodeJS.Timeout;
  busy: boolean;
  failedAt: Map<string, number>;
}
const g = globalThis as unknown as { __inboxWatcher?: WatchState };

/** Folders in the inbox whose manifest is there, in id order. */
export function readyExtracts(inbox = inboxDir()): string[] {
  return listInbox(inbox).filter((dir) => fs.existsSync(path.join(dir, 'manifest.json')));
}

/** One look at the inbox: load every ready extract (awaited; exported for tests). */
export async function scanInbox(state: Pick<WatchState, 'failedAt'> = { failedAt: new Map() }): Promise<number> {
  let loaded = 0;
  for (const dir of readyExtracts()) {
    const failed = state.failedAt.get(dir);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) continue;
    try {
      const r = await loadExtract(dir);
      state.failedAt.delete(dir);
      loaded++;
      log.info(`${r.extractId}: ${r.outcome}${r.message ? ` — ${r.message}` : ''}`);
    } catch (e) {
      state.failedAt.set(dir, Date.now());
      log.error(`${path.basename(dir)}: load failed, retrying in ${RETRY_AFTER_MS / 1000} s: ${(e as Error).stack ?? e}`);
    }
  }
  return loaded;
}

/** Start watching the inbox (once per process); INBOX_WATCH=0 turns it off. */
export function startInboxWatcher(): void {
  if (g.__inboxWatcher || process.env.INBOX_WATCH === '0') return;
  const state: WatchState = {
    busy: false,
    failedAt: new Map(),
    timer: setInterval(() => {
      if (state.busy) return;
      state.busy = true;
      scanInbox(state).catch((e) => log.error(`inbox scan failed: ${(e as Error).stack ?? e}`)).finally(() => { state.busy = false; });
    }, WATCH_INTERVAL_MS),
  };
  state.timer.unref();
  g.__inboxWatcher = state;
  log.info(`watching ${inboxDir()} every ${WATCH_INTERVAL_MS} ms`);
}

/** Stop watching (tests). */
export function stopInboxWatcher(): void {
  if (g.__inboxWatcher) clearInterval(g.__inboxWatcher.timer);
  g.__inboxWatcher = undefined;
}
