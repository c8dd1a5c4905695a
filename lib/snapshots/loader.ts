// The loader (issue 18): the one process that writes DuckDB. Each extract is applied to a new file,
// a copy of the published snapshot, with the existing loader (lib/load: one transaction, every
// derived table built inside it), checkpointed, closed, fsynced and then published
// (lib/snapshots/store.ts). Only then does the extract's folder leave the inbox: a crash at any
// point leaves the published snapshot as it was and the extract where it was, and the unfinished
// file is discarded at the next start. The next build's copy is made in the background right
// after each publication, so a midday extract waits only for its own apply.
import fs from 'node:fs';
import path from 'node:path';
import { compactWarehouse, exec, migrationsAppliedOnOpen, query, setWarehouseTarget } from '../db';
import { warehousePath } from '../env';
import { toLoadEvent } from '../live/events';
import { loadExtract, type LoadOptions, type LoadResult } from '../load';
import { reconcileDerivedNow } from '../derived/registry';
import { logger } from '../log';
import { importLegacyAppState } from '../state/import-legacy';
import {
  discardUnfinished, fsyncPath, listSnapshots, publishSnapshot, pruneSnapshots, readCurrent, republish, runDir, snapshotDir, snapshotPath,
  type CurrentSnapshot,
} from './store';

const log = logger('loader');

/** The published snapshot changed under a build (a restore): the build is discarded and redone. */
export class SnapshotMovedError extends Error {}

/** Another live process is the loader. */
export class LoaderBusyError extends Error {
  constructor(readonly pid: number) {
    super(`Загрузчик уже работает (процесс ${pid}): выгрузку примет он — положите её во входящую папку`);
  }
}

// ---------------------------------------------------------------------------------------------
// One loader per data folder: a lock file holding its pid, taken with link() (atomic, fails when
// it exists); a lock whose process is gone is taken over.

const lockFile = () => path.join(runDir(), 'loader.lock');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the live loader of this data folder, or null. */
export function loaderPid(): number | null {
  try {
    const pid = Number(fs.readFileSync(lockFile(), 'utf8'));
    return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

const g = globalThis as unknown as { __loaderLock?: boolean; __staging?: Promise<void>; __noStaging?: boolean };

/**
 * One-shot loaders (`npm run load`, the demo) exit after their extracts: a staging copy started
 * after the last one would be left half-written (a dot-file removed at the next start), so they
 * make no staging copies; each build copies the published file itself.
 */
export function withoutStaging(): void {
  g.__noStaging = true;
}

/** Become the loader of this data folder; LoaderBusyError when a live process is. Released at exit. */
export function acquireLoaderLock(): void {
  if (g.__loaderLock) return;
  fs.mkdirSync(runDir(), { recursive: true, mode: 0o700 });
  const tmp = `${lockFile()}.${process.pid}`;
  fs.writeFileSync(tmp, String(process.pid), { mode: 0o600 });
  try {
    for (let i = 0; i < 3; i++) {
      try {
        fs.linkSync(tmp, lockFile());
        g.__loaderLock = true;
        process.once('exit', releaseLoaderLock);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = loaderPid();
        if (holder && holder !== process.pid) throw new LoaderBusyError(holder);
        fs.rmSync(lockFile(), { force: true }); // stale: its process is gone
      }
    }
    throw new Error('не удалось взять блокировку загрузчика');
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function releaseLoaderLock(): void {
  if (!g.__loaderLock) return;
  g.__loaderLock = false;
  try {
    if (Number(fs.readFileSync(lockFile(), 'utf8')) === process.pid) fs.rmSync(lockFile(), { force: true });
  } catch { /* gone */ }
}

// ---------------------------------------------------------------------------------------------
// Building files.

const stagingName = (file: string) => `.staging-${file}`;
let buildSeq = 0;
const newBuildPath = () => snapshotPath(`.building-${process.pid}-${Date.now()}-${++buildSeq}.duckdb`);

async function copyDurably(from: string, to: string): Promise<void> {
  const part = `${to}.part`;
  await fs.promises.copyFile(from, part);
  fsyncPath(part);
  fs.renameSync(part, to);
}

/**
 * Copy the current snapshot to a staging file for the next build, in the background (awaited by
 * the next build). One at a time; a staging copy of an older snapshot is removed.
 */
export function prepareStaging(): Promise<void> {
  if (g.__noStaging) return Promise.resolve();
  const run = async () => {
    const cur = readCurrent();
    if (!cur) return;
    for (const f of fs.readdirSync(snapshotDir())) {
      if (f.startsWith('.staging-') && f !== stagingName(cur.file)) fs.rmSync(snapshotPath(f), { force: true });
    }
    const target = snapshotPath(stagingName(cur.file));
    if (fs.existsSync(target)) return;
    const t = Date.now();
    await copyDurably(snapshotPath(cur.file), target);
    log.debug(`staging copy of ${cur.file} ready in ${Date.now() - t} ms`);
  };
  const p = (g.__staging ?? Promise.resolve()).then(run).catch((e) => log.warn(`staging copy failed: ${(e as Error).message}`));
  g.__staging = p;
  return p;
}

/** A new writable file holding the current snapshot: the staging copy when ready, else a copy now. */
async function takeBuildFile(cur: CurrentSnapshot): Promise<string> {
  await g.__staging;
  const file = newBuildPath();
  const staged = snapshotPath(stagingName(cur.file));
  if (fs.existsSync(staged)) fs.renameSync(staged, file);
  else await copyDurably(snapshotPath(cur.file), file);
  return file;
}

/** Open `file` read-write through the door (migrating it), run fn, checkpoint, close. */
async function onBuildFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  await setWarehouseTarget({ file, readOnly: false });
  try {
    const out = await fn();
    await exec('CHECKPOINT');
    return out;
  } finally {
    // Closed, and the door points nowhere in particular again: nothing (a late checkpoint retry)
    // can reopen a file that has been published or discarded.
    await setWarehouseTarget(undefined);
  }
}

async function newestLoadId(): Promise<number | null> {
  const r = await query<{ id: string | null }>('SELECT max(load_id)::BIGINT AS id FROM load_log');
  return r[0]?.id == null ? null : Number(r[0].id);
}

/** Publish `built` unless the published snapshot moved since `from` was read (then discard it). */
function publishIfCurrent(built: string, from: CurrentSnapshot, loadId: number | null, r?: LoadResult): CurrentSnapshot {
  const now = readCurrent();
  if (now?.file !== from.file) {
    fs.rmSync(built, { force: true });
    throw new SnapshotMovedError(`опубликованный снимок сменился (${from.file} → ${now?.file ?? '—'}) во время сборки`);
  }
  return publishSnapshot(built, loadId, r && r.outcome !== 'incomplete' ? toLoadEvent(r) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Start-up.

/**
 * Make sure a snapshot is published and matches this version of the code: discard unfinished
 * work; the first time, publish the pre-snapshot warehouse ($DATA_DIR/warehouse.duckdb) or an
 * empty one; then migrate the current snapshot (in a copy) and publish it when anything changed.
 */
export async function ensurePublished(): Promise<CurrentSnapshot> {
  fs.mkdirSync(snapshotDir(), { recursive: true, mode: 0o700 });
  const gone = discardUnfinished();
  if (gone.length) log.warn(`discarded unfinished work: ${gone.join(', ')}`);
  let cur = readCurrent();
  if (cur && !fs.existsSync(snapshotPath(cur.file))) {
    const fallback = cur.previous.find((f) => fs.existsSync(snapshotPath(f))) ?? listSnapshots()[0];
    log.error(`current snapshot ${cur.file} is missing; publishing ${fallback ?? 'a new one'}`);
    cur = fallback ? republish(fallback, null) : null;
  }
  if (!cur) {
    const built = newBuildPath();
    const legacy = warehousePath();
    let loadId: number | null = null;
    if (legacy !== ':memory:' && fs.existsSync(legacy)) {
      // Users, keys and ticks an earlier version kept in the warehouse move to app.sqlite (once),
      // before this process opens the file read-write (the import reads it read-only).
      const users = await importLegacyAppState(legacy).catch((e: unknown) => {
        log.error(`importing app state from ${legacy} failed: ${(e as Error).message}`);
        return 0;
      });
      if (users) log.info(`${users} users, their keys and ticks copied from ${legacy} to app.sqlite`);
      // Replay its WAL and migrate it where it is (no process serves it any more), then copy.
      await setWarehouseTarget({ file: legacy, readOnly: false });
      try {
        await exec('CHECKPOINT');
        loadId = await newestLoadId();
      } finally {
        await setWarehouseTarget(undefined);
      }
      await copyDurably(legacy, built);
      log.info(`publishing the existing warehouse ${legacy} as the first snapshot (load ${loadId ?? '—'})`);
    } else {
      await onBuildFile(built, async () => undefined);
    }
    cur = publishSnapshot(built, loadId);
    return cur;
  }
  // The code may be newer than the snapshot: migrations (and derived tables) applied in a copy.
  const built = await takeBuildFile(cur);
  const changed = await onBuildFile(built, async () => (await reconcileHook()) > 0);
  if (!changed) {
    fs.renameSync(built, snapshotPath(stagingName(cur.file)));
    return cur;
  }
  return publishIfCurrent(built, cur, cur.loadId);
}

/**
 * What a start-up must bring up to date in the copy of the snapshot (the door has migrated it on
 * open): returns how many things changed. Derived tables are reconciled by the registry.
 */
async function reconcileHook(): Promise<number> {
  const migrated = await migrationsAppliedOnOpen();
  const report = await reconcileDerivedNow();
  const built = report.filter((r) => r.outcome !== 'current');
  if (built.length) log.info(`derived tables brought up to date at start: ${built.map((r) => `${r.name} ${r.outcome} ${r.ms} ms`).join(', ')}`);
  return migrated + built.length;
}

// ---------------------------------------------------------------------------------------------
// Loads.

/**
 * Apply one extract folder as the next snapshot and publish it (also a rejection: the load log
 * says why). The folder moves to archive/ or rejected/ only after the publication. The caller
 * holds the loader lock.
 */
export async function loadIntoSnapshot(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  for (let attempt = 0; ; attempt++) {
    const cur = readCurrent() ?? (await ensurePublished());
    // Where the time goes, for the log: copy (or wait for the staging copy), open, apply with the
    // derived tables, compaction, checkpoint and close, fsync and publish.
    const times: Array<[string, number]> = [];
    let t = Date.now();
    const lap = (name: string) => { const now = Date.now(); times.push([name, now - t]); t = now; };
    const built = await takeBuildFile(cur);
    lap('copy');
    let r: LoadResult;
    try {
      r = await onBuildFile(built, async () => {
        lap('open');
        const out = await loadExtract(dir, { ...opts, deferFinish: true });
        lap('apply');
        if (out.outcome === 'applied' && housekeepingDue(out, cur)) {
          const n = await compactWarehouse();
          lap(`compaction (${n} checkpoints)`);
        }
        return out;
      });
      lap('checkpoint');
    } catch (e) {
      fs.rmSync(built, { force: true });
      throw e;
    }
    if (r.outcome === 'incomplete') {
      // Nothing was written: keep the copy for the next build.
      if (!fs.existsSync(snapshotPath(stagingName(cur.file)))) fs.renameSync(built, snapshotPath(stagingName(cur.file)));
      else fs.rmSync(built, { force: true });
      return r;
    }
    try {
      const pub = publishIfCurrent(built, cur, r.loadId ?? cur.loadId, r);
      lap('publish');
      log.info(`${r.extractId}: ${r.outcome}, published ${pub.file} (${times.map(([k, ms]) => `${k} ${ms} ms`).join(', ')})`);
    } catch (e) {
      if (e instanceof SnapshotMovedError && attempt < 3) {
        log.warn(`${r.extractId}: ${e.message}; loading it again`);
        continue;
      }
      throw e;
    }
    r.finish?.();
    delete r.finish;
    for (const f of pruneSnapshots()) log.debug(`snapshot ${f} removed (SNAPSHOTS_KEEP)`);
    void prepareStaging();
    return r;
  }
}

/** Loads that change fewer rows than this, after another load of the same day, skip compaction. */
const SMALL_LOAD_ROWS = 100_000;

/**
 * Whether this load also compacts the snapshot (compactWarehouse): the first load of each as-of
 * day and any large one do; a small load after another of the same day (the midday payments
 * delta) does not, so its checkpoint writes only its own change and it is published in seconds.
 */
export function housekeepingDue(r: Pick<LoadResult, 'asOf' | 'inserted' | 'updated' | 'deleted'>, cur: Pick<CurrentSnapshot, 'events'>): boolean {
  if (r.inserted + r.updated + r.deleted >= SMALL_LOAD_ROWS) return true;
  const lastApplied = [...cur.events].reverse().find((e) => e.outcome === 'applied' && e.asOf);
  return !r.asOf || lastApplied?.asOf !== r.asOf;
}

/** Republish an older snapshot by its load id (`npm run restore`); the caller need not be the loader. */
export function restoreSnapshot(loadId: number): CurrentSnapshot {
  const prefix = String(loadId).padStart(6, '0');
  const file = listSnapshots().find((f) => f === `${prefix}.duckdb` || f.startsWith(`${prefix}-`));
  if (!file) throw new Error(`Снимка загрузки ${loadId} нет в ${snapshotDir()}; есть: ${listSnapshots().join(', ') || 'ни одного'}`);
  return republish(file, loadId);
}
