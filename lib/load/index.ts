// The extract loader (docs/extracts.md). Plain Node + DuckDB, no Next imports.
import fs from 'node:fs';
import path from 'node:path';
import { inboxDir } from '../env';
import { publishLoad } from '../live/events';
import { loadExtractWith } from './load-extract';
import { serialized } from './queue';
import type { LoadOptions, LoadResult } from './types';

export type { LoadOptions, LoadProgress, LoadResult, LoadFileResult, LoadOutcome } from './types';
export { getLoad, getLoadLog, getRejectedRows, getLatestAsOf, type LoadLogRow, type RejectedRowRow } from './log';

/** Load one extract folder (all or nothing). Loads in this process run one at a time. */
export function loadExtract(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  return serialized(() => loadAndPublish(dir, opts));
}

/** One load, announced to open pages (lib/live/events.ts) once it has committed or failed. */
async function loadAndPublish(dir: string, opts: LoadOptions): Promise<LoadResult> {
  const r = await loadExtractWith(dir, opts);
  publishLoad(r);
  return r;
}

/** Folders in the inbox, in id order (hidden ones skipped). */
export function listInbox(inbox = inboxDir()): string[] {
  if (!fs.existsSync(inbox)) return [];
  return fs.readdirSync(inbox, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
    .map((n) => path.join(inbox, n));
}

/** Every extract in the inbox in id order; folders without manifest.json come back 'incomplete' and stay. */
export function loadInbox(opts: LoadOptions & { inbox?: string } = {}): Promise<LoadResult[]> {
  return serialized(async () => {
    const out: LoadResult[] = [];
    for (const dir of listInbox(opts.inbox)) out.push(await loadAndPublish(dir, opts));
    return out;
  });
}
