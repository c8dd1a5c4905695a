// The snapshot loader (issue 18): each load is a new published file; the published file is never
// written; a failed or interrupted build leaves the published state and the extract where they
// were; restore, prune and rebuild; a web worker's door follows current.json without failing a
// read in flight and falls back to the previous file when the current one will not open.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query, setWarehouseTarget, switchWarehouse, warehouseTarget, withConnection } from '@/lib/db';
import { getAlerts } from '@/lib/alerts/alerts';
import { onLoad, type LoadEvent } from '@/lib/live/events';
import { rebuildFromArchive } from '@/lib/snapshots/command';
import { followOnce, snapshotFallback, servingSnapshot, stopFollowing } from '@/lib/snapshots/follow';
import { acquireLoaderLock, ensurePublished, LoaderBusyError, loadIntoSnapshot, releaseLoaderLock, restoreSnapshot } from '@/lib/snapshots/loader';
import { listSnapshots, readCurrent, snapshotDir, snapshotPath } from '@/lib/snapshots/store';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, baseFiles, writeExtract } from '../load/build-extract';

let dir = '';
beforeEach(async () => {
  dir = await freshDataDir('sa-snap-');
  acquireLoaderLock();
});
afterEach(async () => {
  stopFollowing();
  await setWarehouseTarget(undefined);
  releaseLoaderLock();
  delete process.env.SNAPSHOTS_KEEP;
  await cleanupDataDir(dir);
});

const inbox = () => path.join(dir, 'inbox');
const payDelta = (id: string, amount = '100') => ({ table: 'payments' as const, mode: 'delta' as const,
  rows: [{ payment_id: id, invoice_id: base.invoices[0].invoice_id, client_id: base.invoices[0].client_id, paid_on: '2026-11-02', amount }] });
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** Read `sql` from the published snapshot, read-only, as a web worker would. */
async function readPublished<T>(sql: string): Promise<T[]> {
  await switchWarehouse(snapshotPath(readCurrent()!.file));
  try {
    return await query<T>(sql);
  } finally {
    await setWarehouseTarget(undefined);
  }
}

describe('the snapshot loader', () => {
  it('publishes an empty snapshot first, then each load as a new file, and never writes a published file', async () => {
    const first = await ensurePublished();
    expect(first.file).toBe('000000.duckdb');
    const before = sha(snapshotPath(first.file));
    const ext = writeExtract(inbox(), '2026-11-22T08-00', { asOf: '2026-11-21', files: baseFiles() });
    const r = await loadIntoSnapshot(ext);
    expect(r.outcome).toBe('applied');
    const cur = readCurrent()!;
    expect(cur.file).toBe(`${String(r.loadId).padStart(6, '0')}.duckdb`);
    expect(cur.previous).toEqual([first.file]);
    expect(cur.events.map((e) => [e.extractId, e.outcome])).toEqual([['2026-11-22T08-00', 'applied']]);
    expect(sha(snapshotPath(first.file))).toBe(before);
    // The folder left the inbox for the archive only with the publication.
    expect(fs.existsSync(ext)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'archive', '2026-11-22T08-00', 'report.txt'))).toBe(true);
    const n = await readPublished<{ n: number }>('SELECT count(*)::INTEGER AS n FROM clients');
    expect(n[0].n).toBe(base.clients.length);
    // No unfinished file is left; a staging copy for the next load may be.
    expect(fs.readdirSync(snapshotDir()).filter((f) => f.startsWith('.building'))).toEqual([]);
  });

  it('publishes a rejection too (the load log says why) and moves the folder to rejected/ after it', async () => {
    await ensurePublished();
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-22T08-00', { files: baseFiles() }));
    const bad = writeExtract(inbox(), '2026-11-22T12-30', { files: [{ table: 'invoices', mode: 'delta', rows: [{ ...base.invoices[0], amount: '-1' }], manifestRows: 1 }] });
    const r = await loadIntoSnapshot(bad);
    expect(r.outcome).toBe('rejected');
    expect(readCurrent()!.events.at(-1)).toMatchObject({ extractId: '2026-11-22T12-30', outcome: 'rejected' });
    expect(fs.existsSync(path.join(dir, 'rejected', '2026-11-22T12-30'))).toBe(true);
    const log = await readPublished<{ o: string }>(`SELECT outcome AS o FROM load_log ORDER BY load_id`);
    expect(log.map((l) => l.o)).toEqual(['applied', 'rejected']);
  });

  it('a load that fails part-way changes nothing published and leaves the extract in the inbox', async () => {
    await ensurePublished();
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-22T08-00', { files: baseFiles() }));
    const cur = readCurrent()!;
    const hash = sha(snapshotPath(cur.file));
    const ext = writeExtract(inbox(), '2026-11-23T08-00', { files: [payDelta('p-new')] });
    // A failure that is not the extract's fault (here: the progress callback throws as an engine
    // fault would, mid-apply) is thrown, not logged as a rejection.
    await expect(loadIntoSnapshot(ext, { onProgress: (p) => { if (p.step === 'apply') throw new Error('FATAL Error: simulated crash'); } })).rejects.toThrow(/simulated/);
    expect(readCurrent()).toEqual(cur);
    expect(sha(snapshotPath(cur.file))).toBe(hash);
    expect(fs.existsSync(ext)).toBe(true);
    expect(fs.readdirSync(snapshotDir()).filter((f) => f.startsWith('.building'))).toEqual([]);
    // Run again: it completes.
    expect((await loadIntoSnapshot(ext)).outcome).toBe('applied');
    const p = await readPublished<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM payments WHERE payment_id = 'p-new'`);
    expect(p[0].n).toBe(1);
  });

  it('discards unfinished files at start, keeps SNAPSHOTS_KEEP files, and restores an older one', async () => {
    process.env.SNAPSHOTS_KEEP = '2';
    await ensurePublished();
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-22T08-00', { files: baseFiles() }));
    const afterBase = readCurrent()!;
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-23T08-00', { files: [payDelta('px1')] }));
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-24T08-00', { files: [payDelta('px2')] }));
    expect(listSnapshots()).toHaveLength(2);
    fs.writeFileSync(snapshotPath('.building-123-1-1.duckdb'), 'half a file');
    await ensurePublished();
    expect(fs.existsSync(snapshotPath('.building-123-1-1.duckdb'))).toBe(false);
    // Restore the one before the newest.
    const older = readCurrent()!.previous[0];
    const olderId = Number(older.slice(0, 6));
    expect(restoreSnapshot(olderId).file).toBe(older);
    const n = await readPublished<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM payments WHERE payment_id = 'px2'`);
    expect(n[0].n).toBe(0);
    expect(() => restoreSnapshot(afterBase.loadId!)).toThrow(/Снимка загрузки/); // pruned
  });

  it('a second loader is refused while one lives', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', `
      const { acquireLoaderLock, LoaderBusyError } = require('./lib/snapshots/loader');
      try { acquireLoaderLock(); console.log('got'); } catch (e) { console.log(e instanceof LoaderBusyError ? 'busy' : 'other ' + e.message); }`],
    { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(out.trim()).toBe('busy');
    expect(new LoaderBusyError(1).message).toMatch(/Загрузчик уже работает/);
  });

  it('npm run rebuild replays archive/ into a fresh snapshot with the same data', async () => {
    await ensurePublished();
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-22T08-00', { files: baseFiles() }));
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-23T08-00', { files: [payDelta('px1', '250')] }));
    const sum = 'SELECT sum(amount)::DOUBLE AS s, count(*)::INTEGER AS n FROM payments';
    const before = await readPublished<{ s: number; n: number }>(sum);
    releaseLoaderLock();
    const lines: string[] = [];
    expect(await rebuildFromArchive((l) => lines.push(l))).toBe(0);
    acquireLoaderLock();
    expect(lines.at(-1)).toMatch(/Опубликован снимок/);
    expect(await readPublished<{ s: number; n: number }>(sum)).toEqual(before);
    // The archive is the replay log: it stays.
    expect(fs.readdirSync(path.join(dir, 'archive')).sort()).toEqual(['2026-11-22T08-00', '2026-11-23T08-00']);
  });
});

/** Load `ext` as the loader process would, in a child process (the door here stays a reader's). */
async function loadInChild(ext: string): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  releaseLoaderLock();
  try {
    execFileSync(process.execPath, ['--import', 'tsx', '-e', `
      const { acquireLoaderLock, loadIntoSnapshot } = require('./lib/snapshots/loader');
      acquireLoaderLock();
      loadIntoSnapshot(${JSON.stringify(ext)}).then((r) => { if (r.outcome !== 'applied') { console.error(r.message); process.exit(1); } process.exit(0); },
        (e) => { console.error(e); process.exit(1); });`], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
  } finally {
    acquireLoaderLock();
  }
}

describe('a web worker following current.json', () => {
  it('switches to a new snapshot without failing a read in flight, and announces the load once', async () => {
    await ensurePublished();
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-22T08-00', { files: baseFiles() }));
    await setWarehouseTarget(undefined);
    await followOnce();
    const first = servingSnapshot();
    expect(first).toBe(readCurrent()!.file);
    const events: LoadEvent[] = [];
    const off = onLoad((e) => events.push(e));
    await loadInChild(writeExtract(inbox(), '2026-11-23T08-00', { files: [payDelta('px1')] }));
    expect(readCurrent()!.file).not.toBe(first);
    // A read on the old file, still running when the worker switches.
    const inFlight = withConnection(async (con) => {
      await new Promise((r) => setTimeout(r, 300));
      return (await con.runAndReadAll('SELECT count(*)::INTEGER AS n FROM payments')).getRowObjectsJson();
    });
    await followOnce();
    expect(servingSnapshot()).toBe(readCurrent()!.file);
    expect(warehouseTarget().open).toBe(snapshotPath(readCurrent()!.file));
    expect((await inFlight)[0].n).toBe(base.payments.length);
    const now = await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM payments');
    expect(now[0].n).toBe(base.payments.length + 1);
    await followOnce();
    off();
    expect(events.map((e) => e.extractId)).toEqual(['2026-11-23T08-00']);
  });

  it('serves the previous snapshot, and says so, when the current one will not open', async () => {
    await ensurePublished();
    await loadIntoSnapshot(writeExtract(inbox(), '2026-11-22T08-00', { files: baseFiles() }));
    await setWarehouseTarget(undefined);
    await followOnce();
    const good = readCurrent()!.file;
    // The loader publishes a file that turns out unreadable (say, a disk fault after publication).
    await loadInChild(writeExtract(inbox(), '2026-11-23T08-00', { files: [payDelta('px1')] }));
    const bad = readCurrent()!.file;
    fs.writeFileSync(snapshotPath(bad), Buffer.alloc(64 * 1024, 7));
    await followOnce();
    expect(servingSnapshot()).toBe(good);
    expect(snapshotFallback()).toMatchObject({ wanted: bad, serving: good });
    const n = await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM payments');
    expect(n[0].n).toBe(base.payments.length);
    // Heads and executives are told in the bell; a specialist is not.
    const head = await getAlerts({ login: 'h', role: 'head' }, '2026-11-21');
    expect(head.system).toEqual([expect.objectContaining({ kind: 'snapshotFallback', text: expect.stringContaining(bad) })]);
    expect(head.total).toBe(head.items.length + 1);
    expect((await getAlerts({ login: 's', role: 'specialist', specialistId: 's1' }, '2026-11-21')).system).toEqual([]);
  });
});
