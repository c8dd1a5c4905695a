// Loading one extract folder into the warehouse, following docs/extracts.md:
// manifest-last, verified files, all or nothing, idempotent, in order, bad rows quarantined,
// traceable. CSV parsing is DuckDB's read_csv; validation is one set-based SELECT per file.
//
// Transactions: staging and validation write only TEMP tables of this connection (no warehouse
// change), so they run before BEGIN; every warehouse write of the extract (deletes, inserts, its
// load_log row and its rejected rows) is then one transaction. A rejected extract's rejected rows
// live in TEMP tables that survive the ROLLBACK and are logged in a separate transaction.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { checkpointSoon, isFatalDbError, withConnection } from '../db';
import { buildDerived, PAYMENT_MARTS } from '../derived/registry';
import { noteMartChanges, startMartChanges } from '../metrics/payment-mart';
import { noteTouched, startTouched } from '../derived/touched';
import { archiveDir, companyTimeZone, rejectedDir, rejectThresholdPct } from '../env';
import { logger } from '../log';
import { makePrivate } from '../private-data';
import { applyOrder, contract, sqlTypeOf, type TableName, type TableSpec } from './contract';
import { blankLines, chooseEncoding, decodeCp1251, linesAtOffsets, mayHaveBlankLines, scanFile, sniffHeader } from './files';
import { canonicalChecksums, readManifest, type Manifest, type ManifestFile } from './manifest';
import { checkRemovals } from './removals';
import { renderReport, saveReport } from './report';
import type { LoadFileResult, LoadOptions, LoadResult } from './types';
import { applyColumns, DIRECT_ABORT, ERR_SEP, ident, lit, typedCol, validationSelect, validationSql } from './validate-sql';

type Params = Record<string, string | number | boolean | null>;

/** A failure that ends the load with this outcome; the message names file, line and rule. */
class LoadStop extends Error {
  constructor(readonly outcome: 'rejected' | 'refused' | 'unchanged', message: string) {
    super(message);
  }
}

interface Work {
  mf: ManifestFile;
  spec: TableSpec;
  src: string; // the file in the extract folder
  read: string; // the UTF-8 (or Parquet) file DuckDB reads
  parquet: boolean;
  sha256: string;
  delim: string;
  stg: string;
  val: string;
  rej: string;
  staged: boolean;
  /** Header names, lower-cased, in file order (staging column cI is header[I]). */
  header: string[];
  /** Parquet column names as in the file (for the staging SELECT). */
  parquetColumns: string[];
  result: LoadFileResult;
}

const READER_REASONS: Record<string, string> = {
  'MISSING COLUMNS': 'не хватает полей (строка обрезана?)',
  'TOO MANY COLUMNS': 'лишние поля',
  'UNQUOTED VALUE': 'незакрытая кавычка',
  'LINE SIZE OVER MAXIMUM': 'слишком длинная строка',
  'INVALID STATE': 'нарушен формат CSV',
};

const log = logger('load');

const ENCODING_REASON = 'в строке байты, недопустимые в UTF-8 (файл прочитан как UTF-8, строка отложена)';

async function all(con: DuckDBConnection, sql: string, params: Params = {}): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql, params as never)).getRowObjectsJson() as Record<string, unknown>[];
}
async function num(con: DuckDBConnection, sql: string, params: Params = {}): Promise<number> {
  const rows = await all(con, sql, params);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}
async function run(con: DuckDBConnection, sql: string, params: Params = {}): Promise<number> {
  return Number((await con.run(sql, params as never)).rowsChanged);
}

/** Unused folder name under root for this extract id (id, id~2, id~3, ...). */
function targetDir(root: string, id: string): string {
  let t = path.join(root, id);
  for (let n = 2; fs.existsSync(/*turbopackIgnore: true*/ t); n++) t = path.join(root, `${id}~${n}`);
  return t;
}

function moveDir(src: string, dest: string): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  try {
    fs.renameSync(src, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    fs.cpSync(src, dest, { recursive: true });
    fs.rmSync(src, { recursive: true, force: true });
  }
}

/**
 * Move the folder (null: leave it, a link) to `target` and write its report there: now, or, with
 * `deferFinish`, when the caller runs `result.finish` (after it has made the load durable).
 */
function finishWith(result: LoadResult, dir: string | null, target: string, reportPath: string, report: string, opts: LoadOptions): void {
  const finish = () => {
    if (dir) moveDir(dir, target);
    saveReport(reportPath, report);
    makePrivate(target, { parent: true });
  };
  if (opts.deferFinish) result.finish = finish;
  else finish();
}

/** Load one extract folder on a connection. Callers serialise (see queue.ts). */
export async function loadExtractOn(con: DuckDBConnection, dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const started = Date.now();
  const startedAt = new Date();
  const extractId = path.basename(path.resolve(dir));
  const result: LoadResult = {
    extractId, outcome: 'incomplete', message: '', inserted: 0, updated: 0, deleted: 0, rejected: 0, durationMs: 0, files: [],
  };
  // A linked folder would be read (and its report written) wherever it points: refused, and the
  // link is left where it is (it is not the loader's to move).
  const linked = fs.lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  const manifestRead: ReturnType<typeof readManifest> = linked
    ? { kind: 'invalid', message: `${extractId}: папка выгрузки — символическая ссылка; загружаются только настоящие папки, ссылка оставлена на месте [правило file]` }
    : readManifest(dir, extractId, applyOrder);
  if (manifestRead.kind === 'missing') {
    result.message = 'нет manifest.json: выгрузка ещё не завершена, папка не тронута';
    result.durationMs = Date.now() - started;
    return result;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-load-'));
  const works: Work[] = [];
  let manifest: Manifest | undefined;
  let checksums: string | null = null;
  let errsReady = false;
  // Set once the apply transaction has committed: from then on nothing may log a failure.
  let committed: { target: string; reportPath: string } | undefined;
  let total = 1;
  let done = 0;
  // Where the load is, so an unexpected failure can name its file and step (failureStop).
  const at: At = { step: 'manifest' };
  const progress = (step: string, table?: string) => {
    at.step = step;
    at.file = manifest?.files.find((f) => f.table === table)?.file;
    opts.onProgress?.({ extractId, table, step, done, total });
  };
  try {
    if (manifestRead.kind === 'invalid') throw new LoadStop('rejected', manifestRead.message);
    manifest = manifestRead.manifest;
    result.asOf = manifest.asOf;
    total = manifest.files.length * 4 + 3;
    progress('verify');

    // Rule: every listed file exists, is not empty and matches its sha256 (row counts after staging).
    for (const mf of manifest.files) {
      at.file = mf.file;
      const src = path.join(dir, mf.file);
      const st = fs.lstatSync(src, { throwIfNoEntry: false });
      if (st?.isSymbolicLink()) {
        throw new LoadStop('rejected', `${mf.file}: символическая ссылка, а не файл; файлы читаются только из самой папки выгрузки [правило file]`);
      }
      if (!st?.isFile()) {
        throw new LoadStop('rejected', `${mf.file}: файл указан в manifest.json, но его нет в папке [правило file]`);
      }
      const parquet = /\.parquet$/i.test(mf.file);
      const scan = await scanFile(src, !parquet);
      if (scan.bytes === 0) throw new LoadStop('rejected', `${mf.file}: пустой файл (0 байт), нет даже строки заголовка [правило empty]`);
      if (scan.sha256 !== mf.sha256.toLowerCase()) {
        throw new LoadStop('rejected', `${mf.file}: контрольная сумма sha256 ${scan.sha256} не совпадает с manifest.json (${mf.sha256}) [правило checksum]`);
      }
      // Rule 6: the encoding is decided per file and recorded in its result (never silently).
      let read = src;
      const enc = parquet ? undefined : await chooseEncoding(src, scan, mf.encoding);
      if (enc && !enc.headerOk) {
        throw new LoadStop('rejected', `${mf.file}:1: в строке заголовка байты, недопустимые в UTF-8, — столбцы не прочитать (файл читается как UTF-8; если он в Windows-1251, укажите "encoding": "windows-1251" в manifest.json) [правило encoding]`);
      }
      if (enc?.encoding === 'windows-1251') {
        read = path.join(tmp, `${mf.table}.utf8.csv`);
        await decodeCp1251(src, read);
      }
      const i = works.length;
      works.push({
        mf, spec: contract[mf.table], src, read, parquet, sha256: scan.sha256, delim: ',',
        stg: `_stg_${i}`, val: `_val_${i}`, rej: `_rej_${i}`, staged: false, header: [], parquetColumns: [],
        result: { table: mf.table, file: mf.file, mode: mf.mode, rows: mf.rows, inserted: 0, updated: 0, deleted: 0, rejected: 0, unknownColumns: [], encoding: enc?.encoding },
      });
      result.files.push(works[i].result);
    }
    checksums = canonicalChecksums(works.map((w) => ({ table: w.mf.table, sha256: w.sha256 })));

    // Rule 2: idempotent. Rule 3: in order.
    const prior = await all(con, `SELECT checksums FROM load_log WHERE extract_id = $id AND outcome = 'applied' ORDER BY load_id DESC LIMIT 1`, { id: extractId });
    if (prior.length) {
      if (prior[0].checksums === checksums) throw new LoadStop('unchanged', `выгрузка ${extractId} уже применена, ничего не изменилось`);
      throw new LoadStop('refused', `выгрузка ${extractId} уже применена с другим содержимым (контрольные суммы отличаются); повторная выгрузка под тем же именем отклонена [правило idempotent]`);
    }
    const applied = await all(con, `SELECT extract_id, checksums FROM load_log WHERE outcome = 'applied'`);
    const lastId = applied.map((r) => String(r.extract_id)).sort().pop();
    if (lastId !== undefined && extractId < lastId && !opts.force) {
      throw new LoadStop('refused', `выгрузка ${extractId} старше уже применённой ${lastId}; применить можно только принудительно (--force) [правило order]`);
    }
    const loadedTables = new Set<string>();
    for (const r of applied) for (const part of String(r.checksums ?? '').split(',')) loadedTables.add(part.split(':')[0]);
    for (const w of works) {
      if (w.mf.mode === 'delta' && !loadedTables.has(w.mf.table)) {
        throw new LoadStop('rejected', `${w.mf.file}: таблица ${w.mf.table} ещё не загружалась, первая выгрузка должна быть full, а не delta [правило first_full]`);
      }
    }

    // Headers against the contract; Parquet is staged into an all-VARCHAR table, CSV is read by
    // the validation itself (staged only when a file turns out to have bad rows, see validate).
    for (const w of works) {
      progress('stage', w.mf.table);
      await prepare(con, w);
      if (w.parquet) await stage(con, w);
      done++;
    }
    const tz = companyTimeZone();
    // A first load (every table full into an empty table) is tried straight into the warehouse;
    // on any problem it is rolled back and the staged path below runs (see applyDirect).
    Object.assign(at, { step: 'apply', file: works[0]?.mf.file }); // the direct apply goes file by file in this order
    let open = (await directApplies(con, works)) && (await applyDirect(con, works, extractId, tz, (table) => {
      done += 3;
      progress('apply', table);
      at.file = works[works.findIndex((w) => w.mf.table === table) + 1]?.mf.file;
    }));
    if (!open) {
      await con.run(`CREATE TEMP TABLE _errs (table_name VARCHAR, file VARCHAR, ord BIGINT, bytepos BIGINT, line INTEGER, rule VARCHAR, reason VARCHAR, raw VARCHAR)`);
      errsReady = true;

      // Validation in apply order, so references can see the final key sets of earlier tables.
      for (const w of works) {
        progress('validate', w.mf.table);
        await validate(con, w, works, tz);
        done++;
      }
      // Rule: the data rows read (good, bad, and lines the reader could not read) match the manifest.
      for (const w of works) {
        const readerRejects = w.parquet ? 0 : await num(con, `SELECT count(DISTINCT line)::INTEGER FROM ${ident(w.rej)}`);
        const read = await num(con, `SELECT count(*)::INTEGER FROM ${ident(w.val)}`);
        if (read + readerRejects !== w.mf.rows) {
          throw new LoadStop('rejected', `${w.mf.file}: в файле ${read + readerRejects} строк данных, а в manifest.json указано ${w.mf.rows} [правило rows]`);
        }
      }
      for (const w of works) {
        progress('lines', w.mf.table);
        await collectErrors(con, w);
        done++;
      }
      // The raw staging copies have served (raw values and line numbers of bad rows are in _errs):
      // free them before the apply, which is when memory peaks (scripts/bench at 200,000 clients).
      for (const w of works) await con.run(`DROP TABLE IF EXISTS ${ident(w.stg)}`);

      // Rule 4: above the threshold the whole extract is rejected.
      const pct = rejectThresholdPct();
      for (const w of works) {
        if (w.result.rejected > 0 && w.result.rejected > (w.mf.rows * pct) / 100) {
          const first = await all(con, `SELECT line, rule, reason FROM _errs WHERE table_name = $t ORDER BY line NULLS LAST LIMIT 3`, { t: w.mf.table });
          const examples = first.map((e) => `${w.mf.file}:${e.line ?? '?'}: ${e.rule} — ${e.reason}`).join('; ');
          throw new LoadStop('rejected', `${w.mf.file}: отклонено ${w.result.rejected} из ${w.mf.rows} строк (${((100 * w.result.rejected) / Math.max(1, w.mf.rows)).toLocaleString('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %) — больше порога ${pct} %, выгрузка не применена [правило threshold]. Например: ${examples}`);
        }
      }

      // Rule 5: what a full replacement or a delete removes may not orphan rows or, unasked, shrink a table.
      const removal = await checkRemovals(con, works, opts.force === true);
      if (removal) throw new LoadStop('rejected', removal);

      // Apply: one transaction for every warehouse change of the extract.
      await con.run('BEGIN TRANSACTION');
      open = true;
    }
    try {
      // What the marts must catch up with (a first load straight into the warehouse: everything).
      const changes = await startMartChanges(con);
      if (!errsReady) changes.full = true;
      await startTouched(con, !errsReady);
      for (const w of errsReady ? works : []) {
        progress('apply', w.mf.table);
        await noteMartChanges(con, changes, { table: w.spec.name, mode: w.mf.mode, val: ident(w.val), key: typedCol(w.spec.key), col: typedCol });
        await noteTouched(con, { table: w.spec.name, mode: w.mf.mode, val: ident(w.val), key: typedCol(w.spec.key), keyName: ident(w.spec.key), col: typedCol });
        await apply(con, w, extractId);
        await con.run(`DROP TABLE ${ident(w.val)}`); // references were checked before the apply
        done++;
      }
      sumCounts(result);
      const target = targetDir(archiveDir(), extractId);
      const reportPath = path.join(target, 'report.txt');
      result.outcome = 'applied';
      result.message = appliedMessage(result);
      result.loadId = await logLoad(con, result, manifest, checksums, startedAt, started, reportPath, works, errsReady);
      // The marts and every derived table in the same transaction, in dependency order: no reader
      // ever sees new extracts with old marts, nor waits for a build after the load (lib/derived/registry.ts).
      await buildDerived(con, result.loadId ?? null, changes, (name) => progress(name === PAYMENT_MARTS ? 'marts' : 'derived', name));
      done += 2;
      // The journal's time covers the marts and derived tables too (logLoad ran before them).
      await con.run('UPDATE load_log SET finished_at = $f::TIMESTAMP, duration_ms = $ms WHERE load_id = $id',
        { f: localTimestamp(new Date()), ms: Date.now() - started, id: result.loadId ?? null });
      progress('commit');
      await con.run('COMMIT');
      committed = { target, reportPath };
      // Written into the file rather than left in the WAL: a process killed later replays little
      // (DuckDB's own checkpoints did not keep up under constant reads: the WAL grew to 219 MB in
      // the load test), and a WAL replay is where 1.5.5 has failed here. At once when nothing
      // else writes (a CLI load), else as soon as the other writers are done.
      await checkpointSoon(`load ${extractId}`);
    } catch (e) {
      await con.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    // Applied: only now does the folder leave the inbox. A failure here (say, a full disk) is
    // thrown, not logged as a rejection: the data is in; a retry finds it 'unchanged'.
    result.reportPath = committed.reportPath;
    result.durationMs = Date.now() - started;
    finishWith(result, dir, committed.target, committed.reportPath, await renderReport(con, result, errsReady), opts);
    done = total;
    progress('done');
    return result;
  } catch (e) {
    if (committed) throw e;
    // Not the extract's fault: an engine fault or an interrupted write in the snapshot being built.
    // Nothing was published; the extract stays in the inbox and is loaded again (the watcher retries
    // it into a fresh copy of the published snapshot), instead of being rejected for good.
    if (isTransientLoadError(e)) throw e;
    const stop = e instanceof LoadStop ? e : failureStop(e, extractId, at);
    for (const f of result.files) {
      f.inserted = f.updated = f.deleted = 0;
      delete f.shrink;
    }
    sumCounts(result);
    result.inserted = result.updated = result.deleted = 0;
    result.outcome = stop.outcome;
    result.message = stop.message;
    const root = stop.outcome === 'unchanged' ? archiveDir() : rejectedDir();
    const target = targetDir(root, extractId);
    const reportPath = path.join(target, 'report.txt');
    // Logged after the rollback, in its own transaction, so the failure is recorded.
    await con.run('BEGIN TRANSACTION');
    try {
      result.loadId = await logLoad(con, result, manifest, checksums, startedAt, started, reportPath, works, errsReady);
      await con.run('COMMIT');
    } catch (logErr) {
      await con.run('ROLLBACK').catch(() => undefined);
      throw logErr;
    }
    result.reportPath = reportPath;
    result.durationMs = Date.now() - started;
    finishWith(result, linked ? null : dir, target, reportPath, await renderReport(con, result, errsReady), opts);
    return result;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The step the load is at (its progress step names) and the file, when the step works on one. */
interface At { step: string; file?: string }

const STEP_NAMES: Record<string, string> = {
  manifest: 'чтение manifest.json', verify: 'проверка файлов', stage: 'чтение файлов', validate: 'проверка строк',
  lines: 'номера строк', apply: 'запись в хранилище', marts: 'пересчёт витрин', derived: 'построение производных таблиц', commit: 'фиксация',
};

/** An error that says nothing about the extract: retry the load later rather than reject it. */
export function isTransientLoadError(e: unknown): boolean {
  return isFatalDbError(e) || /Conflict on (update|tuple)|write-write conflict|INTERRUPT/i.test(String((e as Error)?.message ?? e));
}

/**
 * The stop for an unexpected failure (a DuckDB or file system error). The raw error can quote
 * SQL, absolute paths and row values, so it goes to the server log only; the load's message, seen
 * by every role, names the file, the step and the rule.
 */
function failureStop(e: unknown, extractId: string, at: At): LoadStop {
  log.error('extract %s: %s failed at %s: %s', extractId, at.file ?? '(no file)', at.step, (e as Error)?.stack ?? String(e));
  const text = String((e as Error)?.message ?? e);
  // Reading a file's columns or rows fails like this on a damaged file or one in another format;
  // running out of memory or disk is the server's problem, not the file's.
  if (at.file && at.step === 'stage' && !/out of memory|no space left/i.test(text)) {
    return new LoadStop('rejected', `${at.file}: файл не читается (повреждён или не тот формат) [правило file]`);
  }
  return new LoadStop('rejected', `${at.file ? `${at.file}: ` : ''}внутренняя ошибка загрузки на этапе «${STEP_NAMES[at.step] ?? at.step}»; подробности — в журнале сервера [правило internal]`);
}

function sumCounts(r: LoadResult): void {
  r.inserted = r.files.reduce((s, f) => s + f.inserted, 0);
  r.updated = r.files.reduce((s, f) => s + f.updated, 0);
  r.deleted = r.files.reduce((s, f) => s + f.deleted, 0);
  r.rejected = r.files.reduce((s, f) => s + f.rejected, 0);
}

function appliedMessage(r: LoadResult): string {
  const n = (x: number) => x.toLocaleString('ru-RU');
  const parts = [`выгрузка ${r.extractId} применена: добавлено ${n(r.inserted)}, обновлено ${n(r.updated)}, удалено ${n(r.deleted)}, отклонено строк ${n(r.rejected)}`];
  for (const f of r.files) {
    if (f.mode === 'full' && f.rows === 0) parts.push(`${f.file}: 0 строк в режиме full — таблица ${f.table} очищена`);
    if (f.shrink) {
      const pct = ((100 * (f.shrink.before - f.shrink.after)) / f.shrink.before).toFixed(1).replace('.', ',');
      const by = f.shrink.allowedBy === 'allow_shrink' ? '"allow_shrink": true в manifest.json' : 'принудительная загрузка (--force)';
      parts.push(`${f.file}: таблица ${f.table} уменьшилась с ${n(f.shrink.before)} до ${n(f.shrink.after)} строк (−${pct} %) — разрешено: ${by}`);
    }
    if (f.unknownColumns.length) parts.push(`${f.file}: неизвестные столбцы пропущены: ${f.unknownColumns.join(', ')}`);
  }
  return parts.join('; ');
}

async function logLoad(
  con: DuckDBConnection, r: LoadResult, m: Manifest | undefined, checksums: string | null, startedAt: Date, started: number,
  reportPath: string, works: Work[], withRejected = true,
): Promise<number> {
  const files = r.files.map((f) => ({ ...f, sha256: works.find((w) => w.result === f)?.sha256 ?? null }));
  const rows = await all(con, `INSERT INTO load_log (extract_id, as_of, created_at, started_at, finished_at, duration_ms, outcome, message, files,
      rows_inserted, rows_updated, rows_deleted, rows_rejected, report_path, checksums)
    VALUES ($id, TRY_CAST($asOf AS DATE), $createdAt, $startedAt::TIMESTAMP, $finishedAt::TIMESTAMP, $ms, $outcome, $message, $files::JSON,
      $ins, $upd, $del, $rej, $report, $checksums)
    RETURNING load_id::INTEGER AS id`, {
    id: r.extractId, asOf: m?.asOf ?? null, createdAt: m?.createdAt ?? null,
    startedAt: localTimestamp(startedAt), finishedAt: localTimestamp(new Date()), ms: Date.now() - started, outcome: r.outcome, message: r.message,
    files: JSON.stringify(files), ins: r.inserted, upd: r.updated, del: r.deleted, rej: r.rejected, report: reportPath, checksums,
  });
  const loadId = Number(rows[0].id);
  if (withRejected) {
    await con.run(`INSERT INTO rejected_rows (load_id, extract_id, table_name, file, line, rule, reason, raw)
      SELECT $loadId, $id, table_name, file, line, rule, reason, raw FROM _errs ORDER BY table_name, line`, { loadId, id: r.extractId });
  }
  return loadId;
}

/** A moment as a naive 'YYYY-MM-DD HH:MM:SS' in the company time zone: naive timestamps in the
 * warehouse are company local time (extracts.md), whatever the server's own zone is. */
function localTimestamp(d: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: companyTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(d);
}

/** Read one file's header and check it against the contract (sets w.header, w.delim). */
async function prepare(con: DuckDBConnection, w: Work): Promise<void> {
  const file = w.mf.file;
  let header: string[];
  if (w.parquet) {
    const cols = await all(con, `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${lit(w.read)}))`);
    header = cols.map((c) => String(c.column_name));
  } else {
    const h = sniffHeader(w.read);
    w.delim = h.delim;
    header = h.columns;
  }
  const lower = header.map((h) => h.trim().toLowerCase());
  const known = new Set(w.spec.columns.map((c) => c.name).concat('deleted'));
  const missing = w.spec.columns.filter((c) => c.required && !lower.includes(c.name)).map((c) => c.name);
  if (missing.length) {
    throw new LoadStop('rejected', `${file}:1: нет обязательного столбца ${missing.map((m) => `«${m}»`).join(', ')} [правило column]`);
  }
  w.result.unknownColumns = lower.filter((h, i) => !known.has(h) || lower.indexOf(h) !== i);
  w.header = lower;
  w.parquetColumns = header;
}

/** The CSV as an all-VARCHAR relation c0..cN; unreadable lines go to the rejects table w.rej. */
function csvRelation(w: Work): string {
  const cols = w.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `read_csv(${lit(w.read)}, columns = {${cols}}, header = true,
      auto_detect = false, delim = ${lit(w.delim)}, quote = '"', escape = '"', store_rejects = true,
      rejects_table = ${lit(w.rej)}, rejects_scan = ${lit(`${w.rej}_scan`)})`;
}

/** Stage one file into an all-VARCHAR temp table (c0..cN) whose rowid is the file order. */
async function stage(con: DuckDBConnection, w: Work): Promise<void> {
  if (w.parquet) {
    const sel = w.parquetColumns.map((h, i) => `CAST(${ident(h)} AS VARCHAR) AS c${i}`).join(', ');
    await con.run(`CREATE TEMP TABLE ${ident(w.stg)} AS SELECT ${sel} FROM read_parquet(${lit(w.read)})`);
  } else {
    await con.run(`CREATE TEMP TABLE ${ident(w.stg)} AS SELECT * FROM ${csvRelation(w)}`);
  }
  w.staged = true;
}

class DirectAbort extends Error {}

/** Direct apply fits: every file a CSV in full mode, going into a table that is empty now. */
async function directApplies(con: DuckDBConnection, works: Work[]): Promise<boolean> {
  for (const w of works) {
    if (w.parquet || w.mf.mode !== 'full') return false;
    if ((await num(con, `SELECT count(*)::BIGINT FROM (SELECT 1 FROM ${ident(w.spec.name)} LIMIT 1)`)) > 0) return false;
  }
  return works.length > 0;
}

/**
 * A first load straight into the warehouse: each file is inserted from the validating read_csv
 * (no temp copies; at 20,000 clients the copy-then-insert cost 42% more on the largest table),
 * and error() aborts the statement at the first bad row. Then, in the same transaction, the
 * checks the staged path makes before applying: unreadable lines, row count, duplicate keys,
 * references. Returns true with the transaction open and everything applied; on any problem it
 * rolls back and returns false, and the staged path redoes the extract with exact line numbers.
 */
async function applyDirect(con: DuckDBConnection, works: Work[], extractId: string, tz: string, step: (table: string) => void): Promise<boolean> {
  await con.run('BEGIN TRANSACTION');
  try {
    for (const w of works) {
      const T = ident(w.spec.name);
      const { names, values } = applyColumns(w.spec);
      const select = validationSelect(w.spec, csvRelation(w), '0::BIGINT', sourceColumns(w), tz, true);
      // References to tables applied earlier are checked in the insert itself (a hash semi-join:
      // at 200,000 clients 1.5 s less than a separate anti-join on usage); a table's references
      // to itself (clients.parent_client_id) can only be checked once it is in, below.
      const refs = w.spec.columns.filter((col) => col.ref && col.ref !== w.spec.name);
      const refsOk = refs.map((col) => {
        const target = contract[col.ref!];
        return ` AND (${typedCol(col.name)} IS NULL OR ${typedCol(col.name)} IN (SELECT ${ident(target.key)} FROM ${ident(target.name)}))`;
      }).join('');
      const n = await run(con, `INSERT INTO ${T} (${names}) SELECT ${values} FROM (${select})
        WHERE CASE WHEN _e IS NULL AND NOT _del${refsOk} THEN true ELSE error(${lit(DIRECT_ABORT)}) END`, { extractId });
      if (n !== w.mf.rows || (await num(con, `SELECT count(*)::BIGINT FROM ${ident(w.rej)}`)) > 0) throw new DirectAbort();
      const k = ident(w.spec.key);
      // Grouping on the key's 64-bit hash took a third off this check (usage at 200,000 clients:
      // 10.6 s → 6.4 s). A collision only looks like a duplicate, and sends the load down the
      // exact staged path.
      if ((await num(con, `SELECT count(*)::BIGINT FROM (SELECT hash(${k}) AS h FROM ${T} GROUP BY h HAVING count(*) > 1)`)) > 0) throw new DirectAbort();
      for (const col of w.spec.columns) {
        if (col.ref !== w.spec.name) continue;
        const target = contract[col.ref];
        const dangling = await num(con, `SELECT count(*)::BIGINT FROM ${T} x WHERE x.${ident(col.name)} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${ident(target.name)} r WHERE r.${ident(target.key)} = x.${ident(col.name)})`);
        if (dangling > 0) throw new DirectAbort();
      }
      w.result.inserted = n;
      step(w.mf.table);
    }
    return true;
  } catch (e) {
    await con.run('ROLLBACK');
    if (!(e instanceof DirectAbort) && !(e instanceof Error && e.message.includes(DIRECT_ABORT))) throw e;
    for (const w of works) {
      w.result.inserted = 0;
      w.rej = `${w.rej}_s`; // a fresh rejects table for the staged read
    }
    return false;
  }
}

/** Contract column (and `deleted`) → the c<i> column holding it; the first of repeated headers wins. */
function sourceColumns(w: Work): Map<string, string> {
  const source = new Map<string, string>();
  w.header.forEach((h, i) => { if (!source.has(h)) source.set(h, `c${i}`); });
  return source;
}

/**
 * Typed, checked rows of one file, then duplicates and references. A CSV is validated straight
 * from read_csv (no staged copy: at 20,000 clients staging was a sixth of the load time and most
 * of its memory). Only when that finds a bad row or an unreadable line is the file staged and
 * validated again, so line numbers, raw values and "first duplicate kept" come from file order.
 */
async function validate(con: DuckDBConnection, w: Work, works: Work[], tz: string): Promise<void> {
  if (!w.parquet) {
    // _ord 0 for every row: a window numbering them made the scan single-threaded (2x slower).
    // Uniqueness is not needed here: whatever the duplicate and reference checks mark (even too
    // much) only sends the file to the staged pass below, where _ord is the file order.
    const clean = await validateFrom(con, w, works, tz, csvRelation(w), '0::BIGINT');
    const bad = await num(con, `SELECT (SELECT count(*) FROM ${ident(w.val)} WHERE _e IS NOT NULL) + (SELECT count(*) FROM ${ident(w.rej)})`);
    if (clean && bad === 0) return;
    await con.run(`DROP TABLE ${ident(w.val)}`);
    w.rej = `${w.rej}_b`; // the first read's rejects table is done with; stage records anew
    await stage(con, w);
  }
  await validateFrom(con, w, works, tz, ident(w.stg), 'rowid');
}

/**
 * Validate `from` into the file's val table, then mark duplicate keys and dangling references.
 * `ord` '0::BIGINT' is the unstaged first read, whose rows share one _ord: a check that finds
 * anything there only answers false (the caller stages the file and validates it again), since
 * marking by _ord would rewrite every row of the file (an update of 24 million rows, which ran
 * out of a 6 GB memory budget at a million clients). Returns whether no check found anything.
 */
async function validateFrom(con: DuckDBConnection, w: Work, works: Work[], tz: string, from: string, ord: string): Promise<boolean> {
  const unstaged = ord === '0::BIGINT';
  await con.run(validationSql(w.spec, from, ord, w.val, sourceColumns(w), tz));
  const key = typedCol(w.spec.key);
  const v = ident(w.val);
  const dupKeys = `SELECT ${key} FROM ${v} WHERE _e IS NULL GROUP BY ${key} HAVING count(*) > 1`;
  if (unstaged) {
    if ((await num(con, `SELECT count(*)::BIGINT FROM (${dupKeys})`)) > 0) return false;
  } else {
    // Duplicate keys within the file: the first occurrence is kept, every later one quarantined.
    await con.run(`UPDATE ${v} SET _e = 'duplicate${ERR_SEP}' || ${lit(`ключ «${w.spec.key}» = «`)} || ${key} || ${lit('» повторяется в файле (принята первая строка с этим ключом)')}
      WHERE _ord IN (SELECT _ord FROM (
        SELECT _ord, row_number() OVER (PARTITION BY ${key} ORDER BY _ord) AS rn FROM ${v}
        WHERE _e IS NULL AND ${key} IN (${dupKeys})
      ) WHERE rn > 1)`);
  }
  // References: must resolve in the warehouse after this extract, or in this extract.
  for (const col of w.spec.columns) {
    if (!col.ref) continue;
    const target = contract[col.ref];
    const tk = ident(target.key);
    const p = typedCol(col.name);
    const inExtract = works.find((o) => o.mf.table === col.ref);
    let missing: string;
    if (inExtract) {
      const u = ident(inExtract.val);
      const uk = typedCol(target.key);
      missing = `NOT EXISTS (SELECT 1 FROM ${u} u WHERE u._e IS NULL AND NOT u._del AND u.${uk} = x.${p})`;
      if (inExtract.mf.mode === 'delta') {
        missing += ` AND (NOT EXISTS (SELECT 1 FROM ${ident(target.name)} t WHERE t.${tk} = x.${p})
          OR EXISTS (SELECT 1 FROM ${u} d WHERE d._e IS NULL AND d._del AND d.${uk} = x.${p}))`;
      }
    } else {
      missing = `NOT EXISTS (SELECT 1 FROM ${ident(target.name)} t WHERE t.${tk} = x.${p})`;
    }
    const dangling = `SELECT x._ord FROM ${v} x WHERE x._e IS NULL AND NOT x._del AND x.${p} IS NOT NULL AND ${missing}`;
    if (unstaged) {
      if ((await num(con, `SELECT count(*)::BIGINT FROM (${dangling})`)) > 0) return false;
      continue;
    }
    await con.run(`UPDATE ${v} SET _e = 'reference${ERR_SEP}' || ${lit(`поле «${col.name}»: «`)} || ${p} || ${lit(`» — нет такой записи в ${target.name} (ни в хранилище, ни в этой выгрузке)`)}
      WHERE _ord IN (${dangling})`);
  }
  return true;
}

/** Move this file's bad rows into _errs with their 1-based line numbers (header = line 1). */
async function collectErrors(con: DuckDBConnection, w: Work): Promise<void> {
  // Not staged: validate() found no bad row and no unreadable line in this file.
  if (!w.staged) return;
  const t = { t: w.mf.table, f: w.mf.file };
  const raw = `concat_ws('; ', ${w.header.map((h, i) => `${lit(`${h}=`)} || nullif(s.c${i}, '')`).join(', ')})`;
  await con.run(`INSERT INTO _errs (table_name, file, ord, rule, reason, raw)
    SELECT $t, $f, v._ord, split_part(v._e, '${ERR_SEP}', 1), substr(v._e, strpos(v._e, '${ERR_SEP}') + 1), left(${raw}, 500)
    FROM (SELECT _ord, _e FROM ${ident(w.val)} WHERE _e IS NOT NULL) v JOIN ${ident(w.stg)} s ON s.rowid = v._ord`, t);
  if (!w.parquet) {
    const cases = Object.entries(READER_REASONS).map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`).join(' ');
    // A line with bytes that are not UTF-8 in a file read as UTF-8 is quarantined under its own
    // rule (extracts.md rule 6), whatever else the reader found on it.
    await con.run(`INSERT INTO _errs (table_name, file, bytepos, rule, reason, raw)
      SELECT $t, $f, min(line_byte_position), CASE WHEN bool_or(error_type = 'INVALID ENCODING') THEN 'encoding' ELSE 'format' END,
        CASE WHEN bool_or(error_type = 'INVALID ENCODING') THEN ${lit(ENCODING_REASON)}
          ELSE (CASE first(error_type) ${cases} ELSE 'ошибка формата CSV' END) || ' (' || first(error_message) || ')' END, left(first(csv_line), 500)
      FROM ${ident(w.rej)} GROUP BY line`, t);
  }
  w.result.rejected = await num(con, `SELECT count(*)::INTEGER FROM _errs WHERE table_name = $t`, { t: w.mf.table });
  if (!w.result.rejected) return;

  if (w.parquet) {
    await con.run(`UPDATE _errs SET line = ord + 2 WHERE table_name = $t`, { t: w.mf.table });
    return;
  }
  // Lines DuckDB skipped (unreadable records, blank lines) shift later rows; find them in the file.
  const rejPos = (await all(con, `SELECT bytepos::BIGINT AS b FROM _errs WHERE table_name = $t AND bytepos IS NOT NULL`, { t: w.mf.table })).map((r) => Number(r.b));
  const atOffset = await linesAtOffsets(w.read, rejPos);
  const skipped = [...atOffset.values()];
  // An unreadable record with quoted newlines (say, a stray byte in a multi-line comment) skips
  // every physical line it spans, not only its first. The reader's csv_line may start with the
  // blank lines before the record; those are counted by blankLines below.
  const spans = await all(con, `SELECT min(line_byte_position)::BIGINT AS b, max(length(r) - length(replace(r, chr(10), '')))::INTEGER AS n
    FROM (SELECT line, line_byte_position, ltrim(csv_line, chr(13) || chr(10)) AS r FROM ${ident(w.rej)}) GROUP BY line HAVING n > 0`);
  for (const r of spans) for (let k = 1; k <= Number(r.n); k++) skipped.push(atOffset.get(Number(r.b))! + k);
  if (await mayHaveBlankLines(w.read)) skipped.push(...(await blankLines(w.read)));
  skipped.sort((a, b) => a - b);
  await con.run(`CREATE OR REPLACE TEMP TABLE _skips (a BIGINT)`);
  for (let i = 0; i < skipped.length; i += 1000) {
    const chunk = skipped.slice(i, i + 1000).map((s, j) => `(${s - (i + j)})`).join(',');
    await con.run(`INSERT INTO _skips VALUES ${chunk}`);
  }
  for (let i = 0; i < rejPos.length; i += 1000) {
    const chunk = rejPos.slice(i, i + 1000).map((b) => `(${b}, ${atOffset.get(b)})`).join(',');
    await con.run(`UPDATE _errs SET line = m.l FROM (VALUES ${chunk}) m(b, l) WHERE _errs.table_name = $t AND _errs.bytepos = m.b`, { t: w.mf.table });
  }
  // A good row's line: 2 + its ordinal + newlines inside quoted fields of earlier rows, then
  // shifted past every skipped line at or before it.
  const all_ = `concat(${Array.from({ length: w.header.length }, (_, i) => `c${i}`).join(', ')})`;
  await con.run(`CREATE OR REPLACE TEMP TABLE _lines AS
    WITH nl AS (
      SELECT ord, n FROM (SELECT rowid AS ord, length(${all_}) - length(replace(${all_}, chr(10), '')) AS n FROM ${ident(w.stg)}) WHERE n > 0
    ), ev AS (
      SELECT ord, n, 0 AS bad FROM nl UNION ALL SELECT ord, 0, 1 FROM _errs WHERE table_name = $t AND ord IS NOT NULL
    ), base AS (
      SELECT ord, bad, 2 + ord + coalesce(sum(n) OVER (ORDER BY ord, bad DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS l0 FROM ev
    )
    SELECT ord, l0 + (SELECT count(*) FROM _skips s WHERE s.a <= base.l0) AS line FROM base WHERE bad = 1`, { t: w.mf.table });
  await con.run(`UPDATE _errs SET line = l.line FROM _lines l WHERE _errs.table_name = $t AND _errs.ord = l.ord`, { t: w.mf.table });
}

/** Apply one validated file inside the extract's transaction, counting precisely. */
async function apply(con: DuckDBConnection, w: Work, extractId: string): Promise<void> {
  const T = ident(w.spec.name);
  const k = ident(w.spec.key);
  const v = ident(w.val);
  const pk = typedCol(w.spec.key);
  const { names, values } = applyColumns(w.spec);
  const good = await num(con, `SELECT count(*)::BIGINT FROM ${v} WHERE _e IS NULL AND NOT _del`);
  const existing = `SELECT count(*)::BIGINT FROM ${v} g WHERE g._e IS NULL AND NOT g._del AND EXISTS (SELECT 1 FROM ${T} t WHERE t.${k} = g.${pk})`;
  // Rows whose key is there with every contract column equal (cast as they would be inserted).
  const same = w.spec.columns.map((c) => `t.${ident(c.name)} IS NOT DISTINCT FROM g.${typedCol(c.name)}::${sqlTypeOf(c.kind)}`).join(' AND ');
  const unchanged = `SELECT count(*)::BIGINT FROM ${v} g JOIN ${T} t ON t.${k} = g.${pk} WHERE g._e IS NULL AND NOT g._del AND ${same}`;
  // An empty table (first load, or fully replaced) has no existing keys: skip the join.
  const targetEmpty = (await num(con, `SELECT count(*)::BIGINT FROM (SELECT 1 FROM ${T} LIMIT 1)`)) === 0;
  if (w.mf.mode === 'full') {
    const updated = targetEmpty ? 0 : await num(con, existing);
    w.result.unchanged = updated > 0 ? await num(con, unchanged) : 0;
    const deletedAll = await run(con, `DELETE FROM ${T}`);
    w.result.updated = updated;
    w.result.deleted = deletedAll - updated;
    w.result.inserted = good - updated;
    await con.run(`INSERT INTO ${T} (${names}) SELECT ${values} FROM ${v} WHERE _e IS NULL AND NOT _del`, { extractId });
  } else {
    w.result.deleted = await run(con, `DELETE FROM ${T} WHERE ${k} IN (SELECT ${pk} FROM ${v} WHERE _e IS NULL AND _del)`);
    const updated = targetEmpty ? 0 : await num(con, existing);
    w.result.updated = updated;
    w.result.unchanged = updated > 0 ? await num(con, unchanged) : 0;
    w.result.inserted = good - updated;
    if (updated > 0) await con.run(`DELETE FROM ${T} WHERE ${k} IN (SELECT ${pk} FROM ${v} WHERE _e IS NULL AND NOT _del)`);
    await con.run(`INSERT INTO ${T} (${names}) SELECT ${values} FROM ${v} WHERE _e IS NULL AND NOT _del`, { extractId });
  }
}

/** Public entry (serialised in index.ts): one connection for the whole load. */
export function loadExtractWith(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  return withConnection((con) => loadExtractOn(con, dir, opts));
}

export type { TableName };
