// Scale benchmark (issue 21, Build 5): one generated company of --clients N, loaded step by step and
// then served. It
//   1. reuses the extracts in <dir>/c<N>/extracts (all three with manifest.json) or generates them
//      (`scripts/generate.ts --months 24 --as-of 2026-11-20 --daily 1`: the full base 2026-11-19T20-00,
//      the morning delta 2026-11-20T08-00 and the midday delta 2026-11-20T12-30); extracts are never deleted;
//   2. loads the base and the morning delta into a fresh data dir <dir>/c<N>/data, each with
//      `scripts/load.ts` in its own process (LOG_LEVEL=debug, the app loader's memory budget),
//      recording wall time, the loader's peak RSS (VmHWM, polled), the published snapshot's size,
//      the loader's phases and each derived table's build time from its log;
//   3. starts the app over that data dir as `npm start` does (lib/bench/app.ts), with users and API
//      keys of its own (an executive, a head of one team, the specialist with the most clients);
//   4. times every main route of each role (lib/bench/load-routes.ts, the first URL of each, plus the
//      heavy ones of the issue) one request at a time: 3 warm-ups, then --runs timed requests with the
//      API key; p50, p95, max and the answer's size as served; whole-list downloads in their own table;
//   5. drops the midday delta into the running app's inbox (files first, manifest last) and measures
//      the seconds until a web worker, and then every web worker, answers with it applied;
//   6. appends the report to scripts/bench/SCALE.md and prints it. Exits 1 if any request failed.
// Usage: npx tsx scripts/bench/scale.ts --clients N [--dir /work/scale] [--port 3400] [--runs 20]
//          [--workers 2] [--skip-load] [--no-build]
//   --skip-load: reuse the loaded <dir>/c<N>/data (the midday delta must not be applied yet: restore
//     the snapshot before it with `DATA_DIR=… npm run restore` first) and go straight to step 3.
//   --no-build: never run `next build` (by default it runs when .next is older than the sources, as
//     the load test does): serve the build in .next as it is, even when stale (the report says so);
//     fail when there is none.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  appCommand, appErrors, appRestarts, currentSnapshot, discover, getJson, gitHead, pendingExtracts, portInUse, sleep, spawnApp,
  stagingCopyReady, stopApp, waitUntilWarm, type ClientRow, type LoadRow,
} from '../../lib/bench/app';
import { percentile, type PlannedRoute } from '../../lib/bench/load-test';
import { routesFor, searchQueriesFor, type LoadFixture } from '../../lib/bench/load-routes';
import type { Role } from '../../lib/db/scope';
import type { LoadResult } from '../../lib/load';

const here = path.dirname(__filename);
const root = path.resolve(here, '..', '..');
const USAGE = [
  'Usage: npx tsx scripts/bench/scale.ts --clients N [--dir /work/scale] [--port 3400] [--runs 20] [--workers 2] [--skip-load] [--no-build]',
  '  <dir>/c<N>/extracts: the company\'s extracts (generated when missing); <dir>/c<N>/data: the data dir, made afresh unless --skip-load.',
].join('\n');

/** The generated company: 24 months up to this as-of, its last day as a morning and a midday delta. */
const GENERATE = { months: 24, asOf: '2026-11-20', daily: 1 };
const EXTRACTS = { base: '2026-11-19T20-00', morning: '2026-11-20T08-00', midday: '2026-11-20T12-30' } as const;
const ROLES: Role[] = ['executive', 'head', 'specialist'];
const LOGINS: Record<Role, string> = { executive: 'scale-executive', head: 'scale-head', specialist: 'scale-specialist' };
const ROLE_RU: Record<Role, string> = { executive: 'директор', head: 'руководитель', specialist: 'специалист' };
/** The heavy routes the issue names, for the executive and the head (besides routesFor's). */
const HEAVY = [
  '/api/v1/payments?by=specialist', '/api/v1/payments/forecast?by=specialist', '/api/v1/debtors?by=client', '/api/v1/kpi?by=specialist',
  '/api/v1/abc-xyz?months=6&limit=100', '/api/v1/bcg?by=client', '/api/v1/alerts', '/api/v1/my-day',
];
/** Whole-list downloads of the executive and the head, timed apart from the p95 table. */
const DOWNLOADS = ['/api/v1/abc-xyz?format=csv'];
const WARMUPS = 3;
/** A request unanswered after this long counts as failed. */
const REQUEST_TIMEOUT_MS = 300_000;
const RSS_POLL_MS = 200;
/** A JSON answer over this many bytes is marked. */
const BIG_JSON_BYTES = 2 ** 20;
/** How long the midday delta may take to be seen by every web worker, and the loader's next-build copy to be ready before it is dropped. */
const MIDDAY_TIMEOUT_S = 600;
const STAGING_WAIT_S = 1800;
const MIDDAY_POLL_MS = 100;

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d }) : '—');
const gb = (bytes: number | null) => (bytes === null ? '—' : fmt(bytes / 2 ** 30, 2));
const sec = (ms: number | null) => (ms === null ? '—' : fmt(ms / 1000, 1));

class UsageError extends Error {}

interface Args {
  clients: number;
  dir: string;
  port: number;
  runs: number;
  workers: number;
  skipLoad: boolean;
  noBuild: boolean;
}

function parseCli(): Args {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        clients: { type: 'string' }, dir: { type: 'string', default: '/work/scale' }, port: { type: 'string', default: '3400' },
        runs: { type: 'string', default: '20' }, workers: { type: 'string', default: '2' },
        'skip-load': { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const int = (name: 'clients' | 'port' | 'runs' | 'workers', min: number, max: number) => {
    const raw = values[name];
    const v = Number(raw);
    if (raw === undefined || !Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name}: целое от ${fmt(min)} до ${fmt(max)}, получено «${raw ?? ''}»`);
    return v;
  };
  return {
    clients: int('clients', 1, 10_000_000), dir: path.resolve(values.dir), port: int('port', 1024, 65535), runs: int('runs', 1, 1000),
    workers: int('workers', 1, 64), skipLoad: values['skip-load'], noBuild: values['no-build'],
  };
}

// ---------------------------------------------------------------------------------------------
// Processes: wall time and peak memory.

/** VmHWM (peak resident set) of a process in bytes, or null when it is gone. */
function vmHwm(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The process and all its descendants (from /proc/<pid>/task/<tid>/children). */
function processTree(pid: number): number[] {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop()!;
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch { /* gone */ }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/)) if (c) todo.push(Number(c));
      } catch { /* gone */ }
    }
  }
  return out;
}

/** Polls the largest VmHWM over `pid` and its descendants every RSS_POLL_MS; `stop` gives the peak seen, in bytes. */
function peakRssSampler(pid: number): { stop: () => number } {
  let peak = 0;
  const sample = () => {
    for (const p of processTree(pid)) peak = Math.max(peak, vmHwm(p) ?? 0);
  };
  sample();
  const timer = setInterval(sample, RSS_POLL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

interface Ran { code: number | null; seconds: number; peakRssBytes: number; stdout: string; stderr: string }

/**
 * Run `node --import tsx <script> ...args` in the project with `env` added, its stderr also written
 * to `logFile`; wall time from spawn to exit and the peak RSS of it and its descendants.
 */
function runMeasured(script: string, args: string[], env: Record<string, string>, logFile: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
    });
    if (!child.pid) {
      reject(new Error(`не запустился ${script}`));
      return;
    }
    const rss = peakRssSampler(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const file = fs.createWriteStream(logFile, { flags: 'a' });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      file.write(b);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const peakRssBytes = rss.stop();
      file.end();
      resolve({
        code, seconds: (performance.now() - started) / 1000, peakRssBytes,
        stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Extracts.

interface ExtractInfo { id: string; dir: string; asOf: string; rows: number }

/** The extract's manifest: its as-of and the rows it lists. */
function readExtract(dir: string): ExtractInfo {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { as_of?: string; tables?: Record<string, { rows?: number }> };
  const rows = Object.values(m.tables ?? {}).reduce((s, t) => s + (t.rows ?? 0), 0);
  return { id: path.basename(dir), dir, asOf: m.as_of ?? '?', rows };
}

const EXTRACT_IDS = [EXTRACTS.base, EXTRACTS.morning, EXTRACTS.midday];
const missingManifests = (dir: string) => EXTRACT_IDS.filter((id) => !fs.existsSync(path.join(dir, id, 'manifest.json')));

interface Extracts { byId: Map<string, ExtractInfo>; generated: Ran | null }

/** Reuse the company's three extracts, or generate them (into a temporary folder, renamed when done). */
async function ensureExtracts(company: string, clients: number): Promise<Extracts> {
  const dir = path.join(company, 'extracts');
  let generated: Ran | null = null;
  if (fs.existsSync(dir)) {
    const missing = missingManifests(dir);
    if (missing.length) {
      throw new UsageError(`в ${dir} нет manifest.json у ${missing.join(', ')}: генерация не закончена (дождитесь её) или прервана (удалите папку сами, её содержимое скрипт не трогает)`);
    }
    log(`Выгрузки уже есть: ${dir}`);
  } else {
    const part = path.join(company, `extracts.part-${process.pid}`);
    fs.mkdirSync(part, { recursive: true });
    log(`Генерирую компанию: ${fmt(clients)} клиентов, ${GENERATE.months} мес., as-of ${GENERATE.asOf}, --daily ${GENERATE.daily} → ${dir}…`);
    generated = await runMeasured('scripts/generate.ts', [
      '--clients', String(clients), '--months', String(GENERATE.months), '--as-of', GENERATE.asOf, '--daily', String(GENERATE.daily), '--out', part,
    ], {}, path.join(company, 'generate.log'));
    if (generated.code !== 0) throw new Error(`генерация завершилась с кодом ${generated.code}: ${generated.stderr.slice(-500)} (незаконченные выгрузки: ${part})`);
    const missing = missingManifests(part);
    if (missing.length) throw new Error(`генератор не сделал выгрузки ${missing.join(', ')} в ${part}`);
    fs.renameSync(part, dir);
    log(`  за ${fmt(generated.seconds, 1)} с, пик RSS ${gb(generated.peakRssBytes)} ГБ`);
  }
  return { byId: new Map(EXTRACT_IDS.map((id) => [id, readExtract(path.join(dir, id))])), generated };
}

// ---------------------------------------------------------------------------------------------
// The loader's log: its phases and the derived tables' build times.

interface Phase { name: string; ms: number }
interface DerivedTime { name: string; outcome: string; ms: number | null }

/** The phases of the loader's `<extract>: applied, published <file> (copy 12 ms, open 3 ms, …)` line (lib/snapshots/loader.ts). */
function loaderPhases(logText: string, extractId: string): Phase[] {
  const esc = extractId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\[loader\\] ${esc}: \\w+, published \\S+ \\((.*)\\)\\s*$`, 'm').exec(logText);
  if (!m) return [];
  return m[1].split(', ').flatMap((part) => {
    const p = /^(.*) (\d+) ms$/.exec(part);
    return p ? [{ name: p[1], ms: Number(p[2]) }] : [];
  });
}

/** Each derived table's build for load `loadId` (lib/derived/registry.ts: `<name>: <outcome> build for load N in X ms`, `<name> kept for load N`). */
function derivedTimes(logText: string, loadId: number | null): DerivedTime[] {
  const id = loadId === null ? '—' : String(loadId);
  const out: DerivedTime[] = [];
  for (const line of logText.split('\n')) {
    const built = /\[derived\] (.+?): (\w+) build for load (\S+) in (\d+) ms/.exec(line);
    if (built && built[3] === id) out.push({ name: built[1], outcome: built[2], ms: Number(built[4]) });
    const kept = /\[derived\] (.+?) kept for load (\S+):/.exec(line);
    if (kept && kept[2] === id) out.push({ name: kept[1], outcome: 'kept', ms: null });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 2: the loads.

interface LoadStep {
  step: string;
  extractId: string;
  rows: number;
  seconds: number;
  peakRssBytes: number | null;
  snapshotBytes: number | null;
  /** The loader's own figure (load_log duration), seconds. */
  loaderSeconds: number | null;
  outcome: string;
  loadId: number | null;
  phases: Phase[];
  derived: DerivedTime[];
  /** Extra words for the table (e.g. «в приложении», «VmHWM с запуска»). */
  note?: string;
}

/** What the data dir of the last full run held, for --skip-load's report. */
interface SavedLoads { at: string; git: string; memoryMb: string; generated: { seconds: number; peakRssBytes: number } | null; steps: LoadStep[] }

/** Copy an extract into the inbox (files, then manifest.json), as a reflink where the file system can, then flush it to disk. */
async function dropExtract(src: string, inbox: string): Promise<string> {
  const { copyExtract } = await import('../../lib/live/simulate');
  // Hard links where the file system allows (the base is 23 GB at a million clients), else copies.
  const dst = copyExtract(src, inbox, (from, to) => {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
    }
  });
  // Not timed, and flushed first, so its writeback does not land in the load's time.
  await new Promise<void>((resolve) => spawn('sync', [], { stdio: 'ignore' }).on('close', () => resolve()).on('error', () => resolve()));
  return dst;
}

/** One extract loaded by `scripts/load.ts` in its own process, measured. */
async function loadStep(step: string, extract: ExtractInfo, dataDir: string, memoryMb: string, logFile: string): Promise<LoadStep> {
  log(`${step}: копирую ${extract.id} во входящую папку…`);
  const dst = await dropExtract(extract.dir, path.join(dataDir, 'inbox'));
  log(`${step}: загружаю ${extract.id} (${fmt(extract.rows)} строк; журнал ${logFile})…`);
  const ran = await runMeasured('scripts/load.ts', ['--json', dst], { DATA_DIR: dataDir, LOG_LEVEL: 'debug', DUCKDB_MEMORY_MB: memoryMb }, logFile);
  let results: LoadResult[];
  try {
    // --json prints the results as one array (log lines go to stderr).
    results = JSON.parse(ran.stdout.slice(ran.stdout.indexOf('['))) as LoadResult[];
  } catch {
    throw new Error(`${step}: загрузчик завершился с кодом ${ran.code} без результата: ${(ran.stdout + ran.stderr).slice(-800)}`);
  }
  const r = Array.isArray(results) ? results.find((x) => x.extractId === extract.id) : undefined;
  if (!r || r.outcome !== 'applied' || ran.code !== 0) {
    throw new Error(`${step}: выгрузка ${extract.id} не применена (${r ? `${r.outcome}: ${r.message}` : `код ${ran.code}`}), журнал: ${logFile}`);
  }
  const snapshot = await currentSnapshot();
  const loadId = r.loadId ?? null;
  log(`  ${fmt(ran.seconds, 1)} с, пик RSS ${gb(ran.peakRssBytes)} ГБ, снимок ${gb(snapshot.bytes)} ГБ`);
  return {
    step, extractId: extract.id, rows: r.files.reduce((s, f) => s + f.rows, 0), seconds: ran.seconds, peakRssBytes: ran.peakRssBytes,
    snapshotBytes: snapshot.bytes, loaderSeconds: r.durationMs / 1000, outcome: r.outcome, loadId,
    phases: loaderPhases(ran.stderr, extract.id), derived: derivedTimes(ran.stderr, loadId),
  };
}

/** Whether the extract `id` is an applied load in the snapshot `file` (its load_log, read read-only). */
async function appliedIn(file: string, id: string): Promise<boolean> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const con = await instance.connect();
    try {
      const r = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM load_log WHERE extract_id = $id AND outcome = 'applied'`, { id });
      return Number(r.getRowObjectsJson()[0]?.n ?? 0) > 0;
    } finally {
      con.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * The data dir of --skip-load: a published snapshot without the midday delta applied (after
 * `npm run restore` its folder stays in archive/: the loader takes the extract again all the same),
 * and the delta not waiting in the inbox (the app would load it at its start).
 */
async function checkLoadedDataDir(dataDir: string, savedFile: string): Promise<void> {
  const { readCurrent, snapshotPath } = await import('../../lib/snapshots/store');
  const cur = readCurrent();
  if (!cur || !fs.existsSync(snapshotPath(cur.file))) throw new UsageError(`--skip-load: в ${dataDir} нет опубликованного снимка; запустите без --skip-load`);
  const id = EXTRACTS.midday;
  if (fs.existsSync(path.join(dataDir, 'inbox', id))) throw new UsageError(`--skip-load: полуденная выгрузка ${id} лежит во входящей папке ${dataDir}/inbox: уберите её оттуда`);
  if (await appliedIn(snapshotPath(cur.file), id)) {
    const morning = fs.existsSync(savedFile)
      ? (JSON.parse(fs.readFileSync(savedFile, 'utf8')) as SavedLoads).steps.find((x) => x.extractId === EXTRACTS.morning)?.loadId ?? null
      : null;
    throw new UsageError(`--skip-load: в опубликованном снимке ${cur.file} полуденная выгрузка ${id} уже применена: ` +
      `верните снимок до неё (DATA_DIR=${dataDir} npm run restore -- ${morning ?? '<номер загрузки утренней дельты>'}) или запустите без --skip-load`);
  }
}

// ---------------------------------------------------------------------------------------------
// Step 4: routes, one request at a time.

interface Answer { status: number; ms: number; bytes: number; contentType: string; error: string | null }

/** GET `p` with `headers` over `agent`, uncompressed; the time to the last byte and the body's size. */
function timedGet(agent: http.Agent, base: string, p: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let settled = false;
    const done = (a: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - t0 });
    };
    const req = http.get(`${base}${p}`, { agent, headers: { ...headers, 'accept-encoding': 'identity' } }, (res) => {
      let bytes = 0;
      const head: Buffer[] = [];
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
      res.on('data', (b: Buffer) => {
        bytes += b.length;
        if (!ok && head.length < 4) head.push(b);
      });
      res.on('end', () => done({
        status: res.statusCode ?? 0, bytes, contentType: String(res.headers['content-type'] ?? ''),
        error: ok ? null : Buffer.concat(head).toString('utf8').slice(0, 300),
      }));
      res.on('error', (e) => done({ status: 0, bytes, contentType: '', error: e.message }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`нет ответа за ${REQUEST_TIMEOUT_MS / 1000} с`)));
    req.on('error', (e) => done({ status: 0, bytes: 0, contentType: '', error: e.message }));
  });
}

interface RouteTiming {
  role: Role;
  name: string;
  path: string;
  download: boolean;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
  contentType: string;
  /** Statuses of every request (warm-ups too), e.g. { '200': 23 }. */
  statuses: Record<string, number>;
  failed: number;
  firstError: string | null;
}

const isDownload = (p: string) => /[?&]format=csv\b/.test(p) || /[?&]limit=200000\b/.test(p);

/** One URL per route name (its first variant), then the heavy routes and downloads of executives and heads not already there. */
function planFor(role: Role, f: LoadFixture): PlannedRoute[] {
  const seen = new Set<string>();
  const paths = new Set<string>();
  const plan: PlannedRoute[] = [];
  for (const r of routesFor(role, f)) {
    if (seen.has(r.name)) continue;
    seen.add(r.name);
    paths.add(r.path);
    plan.push(r);
  }
  if (role === 'specialist') return plan;
  for (const p of [...HEAVY, ...DOWNLOADS]) {
    if (paths.has(p)) continue;
    const short = p.replace(/^\/api\/v1/, '');
    const name = seen.has(short) ? `${short} (весь охват)` : short;
    seen.add(name);
    paths.add(p);
    plan.push({ name, path: p });
  }
  return plan;
}

/** Warm-ups, then `runs` timed requests of one route. */
async function timeRoute(agent: http.Agent, base: string, key: string, role: Role, route: PlannedRoute, runs: number): Promise<RouteTiming> {
  const headers = { authorization: `Bearer ${key}`, ...(route.headers ?? {}) };
  const statuses: Record<string, number> = {};
  const times: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  let bytes = 0;
  let contentType = '';
  for (let i = 0; i < WARMUPS + runs; i++) {
    const a = await timedGet(agent, base, route.path, headers);
    statuses[String(a.status)] = (statuses[String(a.status)] ?? 0) + 1;
    if (a.error !== null) {
      failed++;
      firstError ??= `${a.status || 'нет ответа'}: ${a.error}`;
    } else {
      bytes = Math.max(bytes, a.bytes);
      contentType = a.contentType;
    }
    if (i >= WARMUPS) times.push(a.ms);
  }
  times.sort((x, y) => x - y);
  return {
    role, name: route.name, path: route.path, download: isDownload(route.path), p50: percentile(times, 50), p95: percentile(times, 95),
    max: times[times.length - 1] ?? NaN, bytes, contentType, statuses, failed, firstError,
  };
}

// ---------------------------------------------------------------------------------------------
// Step 5: the midday delta, seen by the web workers.

/** /api/v1/loads over a fresh connection (so node:cluster deals it to the next worker): the answering worker and the load of `extractId`, if it has it. */
function loadsViaFreshConnection(base: string, key: string, extractId: string): Promise<{ worker: string | null; row: LoadRow | null }> {
  return new Promise((resolve) => {
    const req = http.get(`${base}/api/v1/loads?limit=10`, { agent: false, headers: { authorization: `Bearer ${key}` } }, (res) => {
      const chunks: Buffer[] = [];
      const worker = typeof res.headers['x-sa-worker'] === 'string' ? res.headers['x-sa-worker'] : null;
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => {
        try {
          const rows = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { rows?: LoadRow[] }).rows ?? [];
          resolve({ worker, row: rows.find((r) => r.extractId === extractId) ?? null });
        } catch {
          resolve({ worker, row: null });
        }
      });
      res.on('error', () => resolve({ worker, row: null }));
    });
    req.on('error', () => resolve({ worker: null, row: null }));
    req.setTimeout(10_000, () => req.destroy());
  });
}

interface Midday {
  extractId: string;
  rows: number;
  /** Seconds from the manifest landing to the first answer with the load, and per worker. */
  firstSeconds: number | null;
  workerSeconds: Record<string, number>;
  row: LoadRow | null;
  stagingWaitSeconds: number;
  stagingReady: boolean;
  step: LoadStep | null;
  error: string | null;
}

/** Processes of the running app from $DATA_DIR/run/processes.json (lib/serve/supervisor.ts). */
async function appProcesses(): Promise<{ loader: number | null; web: Array<{ id: number; pid: number | null }> }> {
  const { runDir } = await import('../../lib/snapshots/store');
  try {
    const p = JSON.parse(fs.readFileSync(path.join(runDir(), 'processes.json'), 'utf8')) as { loader?: number | null; web?: Array<{ id: number; pid: number | null }> };
    return { loader: p.loader ?? null, web: p.web ?? [] };
  } catch {
    return { loader: null, web: [] };
  }
}

async function middayDelta(base: string, key: string, extract: ExtractInfo, dataDir: string, appLog: string, workers: number, interrupted: () => boolean): Promise<Midday> {
  const out: Midday = { extractId: extract.id, rows: extract.rows, firstSeconds: null, workerSeconds: {}, row: null, stagingWaitSeconds: 0, stagingReady: false, step: null, error: null };
  // A midday delta arrives hours after the previous publication, when the loader's copy for the next build is long made.
  const t = performance.now();
  while (!(await stagingCopyReady()) && !interrupted() && performance.now() - t < STAGING_WAIT_S * 1000) await sleep(200);
  out.stagingReady = await stagingCopyReady();
  out.stagingWaitSeconds = (performance.now() - t) / 1000;
  if (interrupted()) throw new Error('прервано (SIGINT/SIGTERM)');
  const logOffset = fs.statSync(appLog).size;
  log(`Полуденная выгрузка ${extract.id}: кладу во входящую папку (файлы, manifest.json последним)…`);
  const { copyExtract } = await import('../../lib/live/simulate');
  copyExtract(extract.dir, path.join(dataDir, 'inbox'));
  const landed = performance.now();
  const since = () => (performance.now() - landed) / 1000;
  while (Object.keys(out.workerSeconds).length < workers && since() < MIDDAY_TIMEOUT_S && !interrupted()) {
    const seen = await loadsViaFreshConnection(base, key, extract.id);
    if (seen.row) {
      const s = since();
      out.firstSeconds ??= s;
      out.row ??= seen.row;
      if (seen.worker && out.workerSeconds[seen.worker] === undefined) {
        out.workerSeconds[seen.worker] = s;
        log(`  веб-процесс ${seen.worker}: ${seen.row.outcome} через ${fmt(s, 1)} с`);
      }
    }
    await sleep(MIDDAY_POLL_MS);
  }
  if (interrupted()) throw new Error('прервано (SIGINT/SIGTERM)');
  if (out.firstSeconds === null) out.error = `не видна ни одному веб-процессу за ${MIDDAY_TIMEOUT_S} с`;
  else if (Object.keys(out.workerSeconds).length < workers) out.error = `видна ${Object.keys(out.workerSeconds).length} из ${workers} веб-процессов за ${MIDDAY_TIMEOUT_S} с`;
  else if (out.row?.outcome !== 'applied') out.error = `загрузка: ${out.row?.outcome ?? '?'}: ${out.row?.message ?? ''}`;
  // The loader logs its phases right after the publication; give the log a moment.
  let text = '';
  for (let i = 0; i < 20; i++) {
    text = fs.readFileSync(appLog).subarray(logOffset).toString('utf8');
    if (loaderPhases(text, extract.id).length || !out.row) break;
    await sleep(250);
  }
  const loaderPid = (await appProcesses()).loader;
  const snapshot = await currentSnapshot().catch(() => null);
  out.step = {
    step: 'полуденная дельта, в приложении', extractId: extract.id, rows: extract.rows, seconds: out.firstSeconds ?? NaN,
    peakRssBytes: loaderPid ? vmHwm(loaderPid) : null, snapshotBytes: snapshot?.bytes ?? null,
    loaderSeconds: out.row?.durationMs == null ? null : out.row.durationMs / 1000, outcome: out.row?.outcome ?? '—', loadId: out.row?.loadId ?? null,
    phases: loaderPhases(text, extract.id), derived: derivedTimes(text, out.row?.loadId ?? null),
    note: 'с — от manifest.json до первого ответа веб-процесса с ней; пик RSS — загрузчика приложения с его запуска',
  };
  return out;
}

// ---------------------------------------------------------------------------------------------
// The report.

const phasesText = (phases: Phase[]) => (phases.length ? phases.map((p) => `${p.name} ${sec(p.ms)}`).join(', ') : '—');

function loadTable(steps: LoadStep[], generated: { seconds: number; peakRssBytes: number } | null, extractRows: number): string {
  const lines = [
    '| шаг | выгрузка | строк | с | загрузчик, с | пик RSS, ГБ | снимок, ГБ | этапы загрузчика, с |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  if (generated) lines.push(`| генерация (3 выгрузки) | — | ${fmt(extractRows)} | ${fmt(generated.seconds, 1)} | — | ${gb(generated.peakRssBytes)} | — | — |`);
  for (const s of steps) {
    lines.push(`| ${s.step}${s.note ? ' *' : ''} | ${s.extractId} | ${fmt(s.rows)} | ${fmt(s.seconds, 1)} | ${s.loaderSeconds === null ? '—' : fmt(s.loaderSeconds, 1)} | ${gb(s.peakRssBytes)} | ${gb(s.snapshotBytes)} | ${phasesText(s.phases)} |`);
  }
  const notes = steps.filter((s) => s.note).map((s) => `\\* ${s.step}: ${s.note}.`);
  return [...lines, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Derived tables as rows, one column per load step: seconds and how it was brought up to date. */
function derivedTable(steps: LoadStep[]): string {
  const names: string[] = [];
  for (const s of steps) for (const d of s.derived) if (!names.includes(d.name)) names.push(d.name);
  if (!names.length) return '';
  const cell = (s: LoadStep, name: string) => {
    const d = s.derived.find((x) => x.name === name);
    if (!d) return '—';
    return d.ms === null ? d.outcome : `${sec(d.ms)} (${d.outcome})`;
  };
  return [
    `| производная таблица | ${steps.map((s) => s.step).join(' | ')} |`,
    `|---|${steps.map(() => '---:').join('|')}|`,
    ...names.map((n) => `| ${n} | ${steps.map((s) => cell(s, n)).join(' | ')} |`),
  ].join('\n');
}

const statusText = (st: Record<string, number>) => Object.entries(st).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k === '0' ? 'нет ответа' : k}×${n}`).join(', ');

function marks(r: RouteTiming, targetMs: number): string {
  const out: string[] = [];
  if (r.failed) out.push(`**ошибки: ${statusText(r.statuses)}**`);
  if (!r.download && r.p95 > targetMs) out.push(`**p95 > ${targetMs} мс**`);
  if (r.contentType.includes('json') && r.bytes > BIG_JSON_BYTES) out.push('**JSON > 1 МБ**');
  return out.join('; ');
}

function routeTable(rows: RouteTiming[], targetMs: number, downloads: boolean): string {
  return [
    `| роль | маршрут | p50, мс | p95, мс | max, мс | байт | ${downloads ? 'тип | ' : ''}отметки |`,
    `|---|---|---:|---:|---:|---:|${downloads ? '---|' : ''}---|`,
    ...rows.map((r) => `| ${ROLE_RU[r.role]} | \`${r.name}\` | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${fmt(r.bytes)} | ` +
      `${downloads ? `${r.contentType.split(';')[0] || '—'} | ` : ''}${marks(r, targetMs)} |`),
  ].join('\n');
}

function middayText(m: Midday, workers: number): string {
  const per = Object.entries(m.workerSeconds).sort(([a], [b]) => a.localeCompare(b)).map(([w, s]) => `${w}: ${fmt(s, 1)} с`).join(', ');
  const all = Object.keys(m.workerSeconds).length >= workers ? Math.max(...Object.values(m.workerSeconds)) : null;
  return [
    `**Полуденная дельта ${m.extractId}** (${fmt(m.rows)} строк) в работающее приложение: от появления manifest.json до первого ответа веб-процесса с ней (\`/api/v1/loads\` читает журнал загрузок из снимка, который веб-процесс обслуживает) ` +
      `**${m.firstSeconds === null ? '—' : `${fmt(m.firstSeconds, 1)} с`}**, до всех ${workers}: ${all === null ? '—' : `${fmt(all, 1)} с`} (${per || 'ни один'}); ` +
      `загрузчик (load_log): ${m.row?.durationMs == null ? '—' : `${fmt(m.row.durationMs / 1000, 1)} с`}, ${m.row?.outcome ?? '—'}. ` +
      `Копия снимка для следующей сборки ${m.stagingReady ? `была готова (ждал ${fmt(m.stagingWaitSeconds, 1)} с)` : `**не была готова** за ${fmt(m.stagingWaitSeconds, 0)} с`}.` +
      `${m.error ? ` **${m.error}**.` : ''}`,
  ].join('\n');
}

interface Report {
  a: Args;
  memoryMb: string;
  extracts: Extracts;
  loads: LoadStep[];
  loadsFrom: string | null;
  savedGenerated: { seconds: number; peakRssBytes: number } | null;
  clientsTotal: number | null;
  snapshotFile: string | null;
  routes: RouteTiming[];
  midday: Midday | null;
  appMemory: string | null;
  appLog: string | null;
  /** The app served a build in .next older than the sources (--no-build). */
  staleBuild: boolean;
  loadAvg: [number, number | null];
  failure: string | null;
}

function section(r: Report): string {
  const { a } = r;
  const targetMs = a.clients >= 1_000_000 ? 150 : 100;
  const ex = (id: string) => r.extracts.byId.get(id)?.rows ?? 0;
  const generated = r.extracts.generated
    ? { seconds: r.extracts.generated.seconds, peakRssBytes: r.extracts.generated.peakRssBytes }
    : r.savedGenerated;
  const loadedRows = r.loads.filter((s) => s.extractId !== EXTRACTS.midday).reduce((s, x) => s + x.rows, 0);
  const cpu = os.cpus()[0]?.model.trim() ?? '?';
  const lines = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${fmt(a.clients)} клиентов${r.clientsTotal !== null && r.clientsTotal !== a.clients ? ` (в хранилище ${fmt(r.clientsTotal)})` : ''}, ${a.workers} веб-проц.`,
    '',
    `${os.cpus().length} ядра (${cpu}), ${fmt(os.totalmem() / 2 ** 30, 1)} ГБ RAM, Node ${process.version}; средняя загрузка за минуту ${fmt(r.loadAvg[0], 1)} в начале, ${r.loadAvg[1] === null ? '—' : fmt(r.loadAvg[1], 1)} в конце; код: \`${gitHead()}\`. ` +
      `Компания: \`npm run generate -- --clients ${a.clients} --months ${GENERATE.months} --as-of ${GENERATE.asOf} --daily ${GENERATE.daily}\` ` +
      `(${r.extracts.generated ? 'сгенерирована этим запуском' : 'выгрузки взяты готовыми'}; строк в выгрузках: база ${fmt(ex(EXTRACTS.base))}, утро ${fmt(ex(EXTRACTS.morning))}, полдень ${fmt(ex(EXTRACTS.midday))}); ` +
      `загружено строк: **${fmt(loadedRows)}** до полуденной дельты. Бюджет памяти DuckDB загрузчика: ${r.memoryMb} МБ (LOADER_MEMORY_MB приложения, передан \`scripts/load.ts\` как DUCKDB_MEMORY_MB).`,
    '',
    `**Загрузка**${r.loadsFrom ? ` (${r.loadsFrom})` : ''}: каждый шаг — \`scripts/load.ts\` отдельным процессом над новой папкой данных (LOG_LEVEL=debug); с — от запуска до выхода процесса, пик RSS — VmHWM процесса (опрос каждые ${RSS_POLL_MS} мс), снимок — опубликованный файл после шага.`,
    '',
    loadTable(r.loads, generated, ex(EXTRACTS.base) + ex(EXTRACTS.morning) + ex(EXTRACTS.midday)),
  ];
  const derived = derivedTable(r.loads);
  if (derived) lines.push('', 'Производные таблицы по шагам, с (из журнала загрузчика; kept — не перестраивалась):', '', derived);
  if (r.routes.length) {
    const main = r.routes.filter((x) => !x.download);
    const downloads = r.routes.filter((x) => x.download);
    const over = main.filter((x) => x.p95 > targetMs).length;
    const big = r.routes.filter((x) => x.contentType.includes('json') && x.bytes > BIG_JSON_BYTES).length;
    const failed = r.routes.reduce((s, x) => s + x.failed, 0);
    lines.push(
      '',
      `**Маршруты** (приложение \`npm start\`${r.staleBuild ? ' **со сборкой .next старее исходников** (--no-build)' : ''}, ${a.workers} веб-проц., снимок \`${r.snapshotFile ?? '?'}\`): по одному запросу, без пауз и без сжатия, с API-ключом роли (директор; руководитель одного отдела; специалист с наибольшим числом клиентов); ` +
        `на маршрут ${WARMUPS} прогревочных запроса, затем ${a.runs} измеренных; байт — размер ответа. Цель p95: ${targetMs} мс; выше — ${over} из ${main.length}; JSON больше 1 МБ: ${big}; неудачных запросов: ${failed ? `**${failed}**` : 0}.`,
      '',
      routeTable(main, targetMs, false),
    );
    if (downloads.length) lines.push('', 'Скачивания целых списков (CSV, Arrow до 200 000 строк), не в цели p95:', '', routeTable(downloads, targetMs, true));
  }
  const failedRoutes = r.routes.filter((x) => x.firstError !== null);
  if (failedRoutes.length) {
    lines.push('', 'Первые ответы с ошибкой (по маршруту):', '', ...failedRoutes.map((x) => `- ${ROLE_RU[x.role]} \`${x.name}\` (${statusText(x.statuses)}): \`${(x.firstError ?? '').replace(/[`\n]/g, ' ')}\``));
  }
  if (r.appMemory) lines.push('', r.appMemory);
  if (r.midday) lines.push('', middayText(r.midday, a.workers));
  if (r.failure) lines.push('', `**Не завершено**: ${r.failure}`);
  const errors = r.appLog ? appErrors(r.appLog) : [];
  if (errors.length) lines.push('', 'Журнал приложения (ERROR/WARN, первые виды):', '', ...errors.map((l) => `- \`${l.replace(/`/g, "'")}\``));
  return lines.join('\n');
}

const SCALE_HEADER = [
  '# Scale',
  '',
  'Appended by `npx tsx scripts/bench/scale.ts --clients N [--dir /work/scale] [--port 3400] [--runs 20] [--workers 2] [--skip-load] [--no-build]` (issue 21, Build 5).',
  'One generated company (24 months, as of 2026-11-20, its last day as a morning and a midday delta) loaded step by step',
  'with `scripts/load.ts` in its own process: wall time, the loader\'s peak RSS, the published snapshot\'s size, the loader\'s',
  'phases and each derived table\'s build time. Then the app (`npm start`) over it: every main route of each role timed',
  'one request at a time through HTTP (p50, p95, max, the answer\'s size), whole-list downloads apart, and the seconds',
  'from the midday delta\'s manifest landing in the inbox until the web workers answer with it.',
  '',
  'Targets: p95 of each main route ≤ 100 ms below 1,000,000 clients, ≤ 150 ms at 1,000,000; JSON answers ≤ 1 MB;',
  'the midday delta visible within 10 s (README, issue 18). Sections at 200,000 and 1,000,000 clients.',
  '',
].join('\n');

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const a = parseCli();
  const company = path.join(a.dir, `c${a.clients}`);
  const dataDir = path.join(company, 'data');
  process.env.DATA_DIR = dataDir;
  // The app and this script look at the same files: the data dir's snapshot folder.
  delete process.env.DUCKDB_PATH;
  delete process.env.SNAPSHOT_DIR;
  const { loaderMemoryMb } = await import('../../lib/serve/memory');
  const memoryMb = loaderMemoryMb(process.env);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const isInterrupted = () => interrupted;

  const { readCliEndpoint } = await import('../../lib/cli/endpoint');
  if (fs.existsSync(dataDir) && readCliEndpoint()) throw new UsageError(`над ${dataDir} работает приложение (${readCliEndpoint()?.url}): остановите его`);
  if (await portInUse(a.port)) throw new UsageError(`порт ${a.port} занят: укажите другой --port`);
  const { buildIsFresh } = await import('../../lib/cli/server');
  const hasBuild = () => fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
  if (a.noBuild && !hasBuild()) log('Внимание: сборки .next нет, а с --no-build скрипт её не соберёт: после загрузки приложение не запустится.');

  const savedFile = path.join(company, 'load-steps.json');
  if (a.skipLoad) await checkLoadedDataDir(dataDir, savedFile);
  fs.mkdirSync(company, { recursive: true });
  const loadAvgStart = os.loadavg()[0];
  const extracts = await ensureExtracts(company, a.clients);
  const extract = (id: string) => extracts.byId.get(id)!;
  const report: Report = {
    a, memoryMb, extracts, loads: [], loadsFrom: null, savedGenerated: null, clientsTotal: null, snapshotFile: null, routes: [], midday: null,
    appMemory: null, appLog: null, staleBuild: false, loadAvg: [loadAvgStart, null], failure: null,
  };
  let measured = false;
  let app: ChildProcess | null = null;
  const cleanup: Array<() => Promise<void>> = [];
  try {
    if (a.skipLoad) {
      if (fs.existsSync(savedFile)) {
        const saved = JSON.parse(fs.readFileSync(savedFile, 'utf8')) as SavedLoads;
        report.loads = saved.steps;
        report.savedGenerated = saved.generated;
        report.loadsFrom = `шаги загрузки из прогона ${saved.at.slice(0, 16).replace('T', ' ')} UTC, код \`${saved.git}\`; этот запуск — с --skip-load`;
      } else {
        report.loadsFrom = '--skip-load: загрузка не мерилась, и записи о ней (load-steps.json) нет';
      }
    } else {
      // A fresh data dir: the loads start from nothing, as at a new installation.
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(dataDir, { recursive: true });
      log(`Папка данных: ${dataDir} (новая); бюджет памяти загрузчика ${memoryMb} МБ`);
      for (const [step, id] of [['база', EXTRACTS.base], ['утренняя дельта', EXTRACTS.morning]] as const) {
        if (interrupted) throw new Error('прервано (SIGINT/SIGTERM)');
        report.loads.push(await loadStep(step, extract(id), dataDir, memoryMb, path.join(company, `load-${id}.log`)));
        measured = true;
      }
      const saved: SavedLoads = {
        at: new Date().toISOString(), git: gitHead(), memoryMb,
        generated: extracts.generated ? { seconds: extracts.generated.seconds, peakRssBytes: extracts.generated.peakRssBytes } : null, steps: report.loads,
      };
      fs.writeFileSync(savedFile, `${JSON.stringify(saved, null, 2)}\n`);
    }

    // Step 3: the app over the data dir just loaded.
    if (pendingExtracts(path.join(dataDir, 'inbox')).length) throw new Error(`во входящей папке ${dataDir}/inbox ждут выгрузки: уберите их`);
    if (a.noBuild) {
      if (!hasBuild()) throw new Error('сборки .next нет (--no-build): соберите приложение (npm run build) и повторите с --skip-load');
      if (!buildIsFresh()) {
        report.staleBuild = true;
        log('Внимание: сборка .next старее исходников; --no-build: запускаю её как есть.');
      }
    } else {
      const { buildIfNeeded } = await import('../../lib/cli/server');
      buildIfNeeded(log);
    }
    const appLog = path.join(company, `app-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    report.appLog = appLog;
    // The loader's phases and the derived tables' build times of the midday delta are debug lines.
    process.env.LOG_LEVEL = 'debug';
    log(`Запускаю приложение (npm start, WEB_WORKERS=${a.workers}) на :${a.port} над ${dataDir} (журнал: ${appLog})…`);
    const running = spawnApp(a.port, dataDir, appLog, a.workers);
    app = running;
    cleanup.push(() => stopApp(running, a.port));
    const base = `http://127.0.0.1:${a.port}`;
    const seen = await waitUntilWarm({ child: running, logFile: appLog, base, port: a.port, workers: a.workers, isInterrupted, log });
    log(`Отвечают веб-процессы: ${[...seen].sort().join(', ')}`);
    report.snapshotFile = (await currentSnapshot()).file;

    // Users and keys of this run, removed at the end: the executive first (it sees the whole
    // company, for discover), then the head of the team and the specialist the data names.
    const users = benchUsers();
    cleanup.push(() => users.removeAll());
    const keys = {} as Record<Role, string>;
    keys.executive = await users.add('executive');
    log('Читаю данные для маршрутов через API…');
    const d = await discover(base, keys.executive);
    report.clientsTotal = d.clientsTotal;
    keys.head = await users.add('head', ['--teams', d.fixture.teamId]);
    keys.specialist = await users.add('specialist', ['--specialist-id', d.fixture.specialistId]);
    const own = (await getJson<{ rows: ClientRow[] }>(base, keys.specialist, '/api/v1/clients?limit=200&sort=inn')).rows;
    if (!own.length) throw new Error(`у специалиста ${d.fixture.specialistId} нет клиентов`);
    const team = (await getJson<{ rows: ClientRow[] }>(base, keys.head, '/api/v1/clients?limit=100&sort=inn')).rows;
    const fixture: LoadFixture = { ...d.fixture, ownClientIds: own.map((c) => c.id), ownSearches: searchQueriesFor(own) };
    const fixtures: Record<Role, LoadFixture> = {
      executive: fixture,
      // The head sees one team: cards and searches of its clients.
      head: { ...fixture, companyClientIds: team.map((c) => c.id), companySearches: searchQueriesFor(team) },
      specialist: fixture,
    };
    log(`Пользователи: ${ROLES.map((r) => LOGINS[r]).join(', ')}; специалист ${fixture.specialistId}, отдел ${fixture.teamId}, D = ${fixture.asOf}`);

    // Step 4: every route, one request at a time, over one kept-alive connection.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanup.push(async () => agent.destroy());
    for (const role of ROLES) {
      const plan = planFor(role, fixtures[role]);
      log(`${ROLE_RU[role]}: ${plan.length} маршрутов × (${WARMUPS} + ${a.runs}) запросов…`);
      for (const route of plan) {
        if (interrupted) throw new Error('прервано (SIGINT/SIGTERM)');
        const t = await timeRoute(agent, base, keys[role], role, route, a.runs);
        report.routes.push(t);
        measured = true;
        log(`  ${route.name}: p50 ${fmt(t.p50)} мс, p95 ${fmt(t.p95)} мс, ${fmt(t.bytes)} байт${t.failed ? `, ОШИБКИ ${statusText(t.statuses)}` : ''}`);
      }
    }
    report.appMemory = await appMemoryLine();

    // Step 5: the midday delta.
    report.midday = await middayDelta(base, keys.executive, extract(EXTRACTS.midday), dataDir, appLog, a.workers, isInterrupted);
    if (report.midday.step) report.loads.push(report.midday.step);
    const restarted = appRestarts(appLog);
    if (restarted.length) report.failure = `процессы приложения перезапускались: ${[...new Set(restarted)].slice(0, 3).join('; ')}`;
  } catch (e) {
    if (e instanceof UsageError || !measured) throw e;
    report.failure = (e as Error).message;
    log(`scale: ${report.failure}`);
  } finally {
    for (const step of cleanup.reverse()) {
      try {
        await step();
      } catch (e) {
        log(`при завершении: ${(e as Error).message}`);
      }
    }
    if (app) log('Приложение остановлено.');
  }

  report.loadAvg[1] = os.loadavg()[0];
  const text = section(report);
  const file = path.join(here, 'SCALE.md');
  if (!fs.existsSync(file)) fs.writeFileSync(file, SCALE_HEADER);
  fs.appendFileSync(file, `\n${text}\n`);
  process.stdout.write(`\n${text}\n`);
  const failedRequests = report.routes.some((x) => x.failed > 0);
  return failedRequests || report.failure || report.midday?.error ? 1 : 0;
}

/**
 * The bench users, added through the `npm run users` command with a random password (a user of the
 * same login left by an earlier run is replaced): `add` gives the new user's API key, `removeAll`
 * removes those added.
 */
function benchUsers(): { add: (role: Role, extra?: string[]) => Promise<string>; removeAll: () => Promise<void> } {
  const added = new Set<Role>();
  return {
    add: async (role, extra = []) => {
      const password = crypto.randomBytes(18).toString('hex');
      await appCommand(['remove', LOGINS[role]], true);
      await appCommand(['add', LOGINS[role], '--role', role, ...extra, `--password=${password}`, '--name', `Замер масштаба: ${ROLE_RU[role]}`]);
      added.add(role);
      return (await appCommand(['api-key', LOGINS[role]])).at(-1)!;
    },
    removeAll: async () => {
      for (const r of added) {
        const out = await appCommand(['remove', LOGINS[r]], true);
        if (!/удалён/.test(out.join(' '))) log(`пользователь ${LOGINS[r]} не удалён: ${out.join(' ')} (удалите: npm run users -- remove ${LOGINS[r]})`);
      }
    },
  };
}

/** Peak RSS (VmHWM since start) of the app's loader and web workers, one line. */
async function appMemoryLine(): Promise<string> {
  const p = await appProcesses();
  const web = p.web.map((w) => `${w.id}: ${gb(w.pid ? vmHwm(w.pid) : null)}`).join(', ');
  return `Пик RSS процессов приложения с их запуска (VmHWM), ГБ, после замера маршрутов: загрузчик ${gb(p.loader ? vmHwm(p.loader) : null)}; веб-процессы ${web || '—'}.`;
}

main().then((code) => process.exit(code), (e) => {
  if (e instanceof UsageError) {
    process.stderr.write(`scale: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`scale: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
