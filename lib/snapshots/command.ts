// The CLIs around snapshots (issue 18): `npm run load`, `npm run restore`, `npm run rebuild`.
// `npm run load` loads as the loader when none runs (taking its lock), else hands the extracts to
// the running loader through the inbox (moved there whole, manifest included) and waits for their
// outcome in current.json: no loopback hand-off, the folder is the interface.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, exec, query, setWarehouseTarget } from '../db';
import { archiveDir, inboxDir } from '../env';
import { copyExtract } from '../live/simulate';
import { loadExtract, listInbox } from '../load';
import { OUTCOME_RU, runLoadCommand, USAGE } from '../load/command';
import { acquireLoaderLock, ensurePublished, LoaderBusyError, loaderPid, loadIntoSnapshot, releaseLoaderLock, withoutStaging } from './loader';
import { loaderMemoryMb } from '../serve/memory';
import { publishSnapshot, readCurrent, snapshotDir, snapshotPath } from './store';

type Out = (line: string) => void;

/** `npm run load`: here as the loader, or through the running loader's inbox. */
export async function runLoadCli(argv: string[], out: Out): Promise<number> {
  for (;;) {
    const pid = loaderPid();
    if (pid && pid !== process.pid) return handOff(argv, out, pid);
    try {
      acquireLoaderLock();
    } catch (e) {
      if (e instanceof LoaderBusyError) continue;
      throw e;
    }
    try {
      // Within the loader's memory budget, as the app's loader is (lib/serve/memory.ts).
      process.env.DUCKDB_MEMORY_MB ||= loaderMemoryMb();
      withoutStaging();
      await ensurePublished();
      return await runLoadCommand(argv, out, loadIntoSnapshot);
    } finally {
      await closeDb();
      releaseLoaderLock();
    }
  }
}

/** Move (or copy, manifest last) each extract into the running loader's inbox and wait for its outcome. */
async function handOff(argv: string[], out: Out, pid: number): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: {
      inbox: { type: 'string' }, force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    } });
  } catch (e) {
    out(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) { out(USAGE); return 0; }
  if (args.values.force) {
    out(`Загрузчик работает (процесс ${pid}): --force применяется только без него; остановите приложение и повторите.`);
    return 2;
  }
  const started = Date.now();
  const inbox = inboxDir();
  const sources = args.positionals.length ? args.positionals.map((d) => path.resolve(d))
    : args.values.inbox ? listInbox(path.resolve(args.values.inbox)).filter((d) => fs.existsSync(path.join(d, 'manifest.json'))) : [];
  const ids: string[] = [];
  fs.mkdirSync(inbox, { recursive: true });
  for (const src of sources) {
    const id = path.basename(src);
    const dst = path.join(inbox, id);
    if (path.resolve(src) !== dst) {
      try {
        fs.renameSync(src, dst);
      } catch {
        copyExtract(src, inbox);
        fs.rmSync(src, { recursive: true, force: true });
      }
    }
    ids.push(id);
  }
  if (!args.positionals.length && !args.values.inbox) {
    for (const d of listInbox()) if (fs.existsSync(path.join(d, 'manifest.json'))) ids.push(path.basename(d));
  }
  if (!ids.length) { out('Во входящей папке нет выгрузок.'); return 0; }
  out(`Загрузчик работает (процесс ${pid}): выгрузки переданы ему через входящую папку, жду результата…`);
  const seen = new Map<string, { outcome: string; message: string }>();
  while (seen.size < ids.length) {
    for (const e of readCurrent()?.events ?? []) {
      if (ids.includes(e.extractId) && Date.parse(e.at) >= started - 1000) seen.set(e.extractId, e);
    }
    if (seen.size < ids.length) await new Promise((r) => setTimeout(r, 200));
  }
  if (args.values.json) out(JSON.stringify(ids.map((id) => ({ extractId: id, ...seen.get(id) })), null, 2));
  else for (const id of ids) out(`${id}: ${OUTCOME_RU[seen.get(id)!.outcome as keyof typeof OUTCOME_RU] ?? seen.get(id)!.outcome} — ${seen.get(id)!.message}`);
  return [...seen.values()].some((e) => e.outcome === 'rejected' || e.outcome === 'refused') ? 1 : 0;
}

/**
 * `npm run rebuild`: replay archive/ (the replay log) in extract id order into a fresh snapshot and
 * publish it. The archive stays as it is. Needs the loader's lock (the app stopped).
 */
export async function rebuildFromArchive(out: Out): Promise<number> {
  acquireLoaderLock();
  withoutStaging();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-rebuild-'));
  fs.mkdirSync(snapshotDir(), { recursive: true, mode: 0o700 });
  const built = snapshotPath(`.building-rebuild-${process.pid}.duckdb`);
  try {
    const folders = fs.existsSync(archiveDir()) ? fs.readdirSync(archiveDir()).filter((f) => !f.startsWith('.')).sort() : [];
    await setWarehouseTarget({ file: built, readOnly: false });
    let n = 0;
    for (const f of folders) {
      // The folder is read from a copy named by its extract id (a repeated id is archived as id~2).
      const id = f.replace(/~\d+$/, '');
      const copy = path.join(tmp, id);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(path.join(archiveDir(), f), copy, { recursive: true });
      fs.rmSync(path.join(copy, 'report.txt'), { force: true });
      const r = await loadExtract(copy, { deferFinish: true });
      out(`${++n}/${folders.length} ${f}: ${OUTCOME_RU[r.outcome]}`);
    }
    await exec('CHECKPOINT');
    const id = (await query<{ id: string | null }>('SELECT max(load_id)::BIGINT AS id FROM load_log'))[0]?.id;
    await closeDb();
    const pub = publishSnapshot(built, id == null ? null : Number(id));
    out(`Опубликован снимок ${pub.file}: ${folders.length} выгрузок из ${archiveDir()}`);
    return 0;
  } finally {
    await closeDb();
    fs.rmSync(built, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
    releaseLoaderLock();
  }
}
