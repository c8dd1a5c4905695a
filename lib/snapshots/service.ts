// The loader service (issue 18): one process per data folder that takes each complete extract from
// the inbox in id order and publishes the next snapshot (lib/snapshots/loader.ts). Polls the inbox
// every second (lib/live/watcher.ts: a folder counts once its manifest.json is there). A load that
// threw (not a rejection: a full disk, an engine fault) is retried a minute later, its folder left
// in the inbox.
import { watchInbox, WATCH_INTERVAL_MS } from '../live/watcher';
import { logger } from '../log';
import { acquireLoaderLock, ensurePublished, loadIntoSnapshot, prepareStaging } from './loader';

const log = logger('loader');

/** Start the loader: lock, publish what is needed, then watch the inbox. Resolves once ready. */
export async function startLoaderService(): Promise<void> {
  acquireLoaderLock();
  const t = Date.now();
  const cur = await ensurePublished();
  log.info(`serving snapshot ${cur.file} (ready in ${Date.now() - t} ms); watching the inbox every ${WATCH_INTERVAL_MS} ms`);
  void prepareStaging();
  watchInbox(loadIntoSnapshot);
}
