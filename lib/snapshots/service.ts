// The loader service (issue 18): one process per data folder that takes each complete extract from
// the inbox in id order and publishes the next snapshot (lib/snapshots/loader.ts). Polls the inbox
// every second (lib/live/watcher.ts readyExtracts: a folder counts once its manifest.json is there).
// A load that threw (not a rejection: a full disk, an engine fault) is retried after RETRY_AFTER_MS,
// its folder left in the inbox.
import path from 'node:path';
import { readyExtracts, WATCH_INTERVAL_MS } from '../live/watcher';
import { logger } from '../log';
import { acquireLoaderLock, ensurePublished, loadIntoSnapshot, prepareStaging } from './loader';

const log = logger('loader');
const RETRY_AFTER_MS = 30_000;

/** Start the loader: lock, publish what is needed, then watch the inbox. Resolves once ready. */
export async function startLoaderService(opts: { onLoaded?: (extractId: string) => void } = {}): Promise<void> {
  acquireLoaderLock();
  const t = Date.now();
  const cur = await ensurePublished();
  log.info(`serving snapshot ${cur.file} (ready in ${Date.now() - t} ms); watching the inbox every ${WATCH_INTERVAL_MS} ms`);
  void prepareStaging();
  const failedAt = new Map<string, number>();
  let busy = false;
  const scan = async () => {
    for (const dir of readyExtracts()) {
      const failed = failedAt.get(dir);
      if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) continue;
      try {
        const r = await loadIntoSnapshot(dir);
        failedAt.delete(dir);
        log.info(`${r.extractId}: ${r.outcome}${r.message ? ` — ${r.message}` : ''}`);
        opts.onLoaded?.(r.extractId);
      } catch (e) {
        failedAt.set(dir, Date.now());
        log.error(`${path.basename(dir)}: load failed, retrying in ${RETRY_AFTER_MS / 1000} s: ${(e as Error).stack ?? e}`);
      }
    }
  };
  setInterval(() => {
    if (busy) return;
    busy = true;
    scan().catch((e) => log.error(`inbox scan failed: ${(e as Error).stack ?? e}`)).finally(() => { busy = false; });
  }, WATCH_INTERVAL_MS);
}
