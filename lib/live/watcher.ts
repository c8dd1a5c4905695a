// The inbox watcher (issue 8, extracts.md "manifest last"): the loader process polls
// $DATA_DIR/inbox every second and loads each extract whose manifest.json has appeared, with the
// same loader and rules as `npm run load`, one at a time (lib/snapshots/service.ts). A folder without a
// manifest is still being copied and is left alone. Polling rather than fs.watch: one stat per
// folder per second is nothing, and it behaves the same on every filesystem (fs.watch misses
// events on network and overlay mounts).
import fs from 'node:fs';
import path from 'node:path';
import { inboxDir } from '../env';
import { loadExtract, listInbox, type LoadResult } from '../load';
import { logger } from '../log';

const log = logger('watcher');

/** How often the inbox is looked at. Keeps "loaded within 5 seconds" with room to spare. */
export const WATCH_INTERVAL_MS = 1000;
/** A folder whose load threw (not a rejection: e.g. a full disk) is retried after this long. */
const RETRY_AFTER_MS = 60_000;

interface WatchState {
  failedAt: Map<string, number>;
}

type LoadOne = (dir: string) => Promise<LoadResult>;

/** Folders in the inbox whose manifest is there, in id order. */
export function readyExtracts(inbox = inboxDir()): string[] {
  return listInbox(inbox).filter((dir) => fs.existsSync(path.join(dir, 'manifest.json')));
}

/** One look at the inbox: load every ready extract with `load` (awaited; exported for tests). */
export async function scanInbox(state: WatchState = { failedAt: new Map() }, load: LoadOne = loadExtract): Promise<number> {
  let loaded = 0;
  for (const dir of readyExtracts()) {
    const failed = state.failedAt.get(dir);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) continue;
    try {
      const r = await load(dir);
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

/**
 * Look at the inbox every WATCH_INTERVAL_MS and load what is ready with `load` (the loader
 * service passes lib/snapshots/loader.ts loadIntoSnapshot); returns the function that stops it.
 */
export function watchInbox(load: LoadOne = loadExtract): () => void {
  const state: WatchState = { failedAt: new Map() };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    scanInbox(state, load).catch((e) => log.error(`inbox scan failed: ${(e as Error).stack ?? e}`)).finally(() => { busy = false; });
  }, WATCH_INTERVAL_MS);
  log.info(`watching ${inboxDir()} every ${WATCH_INTERVAL_MS} ms`);
  return () => clearInterval(timer);
}
