// The company's data stays readable by the app's own user only: the warehouse, app.sqlite, .secrets/, and
// the extracts kept in archive/ and rejected/ are files 0600 in folders 0700. Every process entry
// that creates data (scripts/start, load, users, demo; lib/cli/server; instrumentation.ts for the
// Next server) calls securePrivateData() first, so DuckDB's own files (warehouse, WAL, spill
// folder) are created private too: DuckDB takes no mode, only the process umask reaches it.
import fs from 'node:fs';
import path from 'node:path';
import { appStatePath, archiveDir, dataDir, rejectedDir, warehousePath } from './env';
import { logger } from './log';

const log = logger('private-data');

/** Mode bits that let anyone but the owner in. */
const OPEN_TO_OTHERS = 0o077;

/** New files of this process: 0600, folders 0700 (the umask clears group and other bits). */
export function restrictNewFiles(): void {
  try {
    process.umask(OPEN_TO_OTHERS);
  } catch (e) {
    // Worker threads may not set the umask; the explicit chmods below still hold.
    log.warn(`umask not set: ${(e as Error).message}`);
  }
}

function chmod(p: string, mode: number): void {
  try {
    fs.chmodSync(p, mode);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') log.warn(`chmod ${mode.toString(8)} ${p}: ${code ?? (e as Error).message}`);
  }
}

/**
 * Folder `dir` and everything in it: folders 0700, files 0600; with `parent`, its parent folder
 * 0700 too (archive/ for archive/<id>). Symbolic links are neither followed nor changed (chmod
 * would change what they point at). Failures are logged, not thrown: the data is already in.
 */
export function makePrivate(dir: string, opts: { parent?: boolean } = {}): void {
  if (opts.parent) chmod(path.dirname(dir), 0o700);
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!st || st.isSymbolicLink()) return;
  if (!st.isDirectory()) {
    chmod(dir, 0o600);
    return;
  }
  chmod(dir, 0o700);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makePrivate(p);
    else if (e.isFile()) chmod(p, 0o600);
  }
}

/** True when `p` exists and group or others have any access to it. */
function openToOthers(p: string): boolean {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  return !!st && !st.isSymbolicLink() && (st.mode & OPEN_TO_OTHERS) !== 0;
}

/**
 * At process start: restrict new files (restrictNewFiles), and close up what an earlier version
 * left open: the warehouse and its WAL, .secrets/, archive/ and rejected/. A tree is walked only
 * when its folder is still open to others, so a start on a large archive costs one stat.
 */
export function securePrivateData(): void {
  restrictNewFiles();
  const warehouse = warehousePath();
  if (warehouse !== ':memory:') {
    for (const f of [warehouse, `${warehouse}.wal`]) if (openToOthers(f)) chmod(f, 0o600);
  }
  // app.sqlite (users, password hashes) and its WAL companions; lib/state also creates them 0600.
  const state = appStatePath();
  for (const f of [state, `${state}-wal`, `${state}-shm`]) if (openToOthers(f)) chmod(f, 0o600);
  for (const d of [path.join(dataDir(), '.secrets'), archiveDir(), rejectedDir()]) {
    if (openToOthers(d)) makePrivate(d);
  }
}
