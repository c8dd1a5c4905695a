// Load test (issue: Build 11): --connections virtual clients at once over the main /api/v1 routes
// for --duration seconds, half with session cookies and half with API keys (one key and one session
// per role, each shared by several clients), on this machine only; optionally one live load at
// half time. Prints per route requests, req/s, p50/p95/p99 and errors by status, appends the table
// to scripts/bench/LOAD-TEST.md, and exits 1 if any request failed (5xx, no answer, or not 2xx).
// Usage: npx tsx scripts/bench/load-test.ts --data-dir DIR [--connections 50] [--duration 60]
//          [--port 3300] [--timeout 60] [--workers 1,2] [--live-load EXTRACT_DIR|auto] [--url http://127.0.0.1:PORT]
//   DIR holds the published snapshot (snapshots/current.json) or a pre-snapshot warehouse.duckdb,
//   which the app's loader publishes as the first snapshot when it starts (issue 18).
//   --data-dir alone: starts the app as `npm start` does (supervisor, loader, WEB_WORKERS web
//   workers) on --port over DIR, once per --workers value (default: the app's own default), waits
//   until every web worker has logged its warming, measures, stops it; with several values it ends
//   with a comparison (req/s and p99 of each, req/s of the last over the first). --live-load only
//   with a single --workers value (a load changes the data the next value would be measured on).
//   with --url: uses the app already running over DIR at that loopback address (no --workers).
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  appCommand, appErrors, appRestarts, currentSnapshot, discover, findLoad, getJson, gitHead, pendingExtracts, portInUse, sleep, spawnApp,
  stagingCopyReady, stopApp, waitFor, waitUntilWarm, type CardClient, type ClientRow, type LoadRow,
} from '../../lib/bench/app';
import { writeDailyDelta, type DeltaClient, type OpenInvoice } from '../../lib/bench/daily-delta';
import { signInWithPassword } from '../../lib/bench/http-sign-in';
import { routeOrder, routesFor, searchQueriesFor, type LoadFixture } from '../../lib/bench/load-routes';
import {
  errorBodyList, isError, isUnexpected, parseLoopbackUrl, routeTable, runVirtualClients, samplesBetween, summarize, workerShare,
  type ErrorBody, type PlannedRoute, type RouteStats, type Sample, type VirtualClient,
} from '../../lib/bench/load-test';
import type { Role } from '../../lib/db/scope';

const here = path.dirname(__filename);
const USAGE = [
  'Usage: npx tsx scripts/bench/load-test.ts --data-dir DIR [--connections 50] [--duration 60] [--port 3300] [--timeout 60] [--workers N[,N…]] [--live-load EXTRACT_DIR|auto] [--url http://127.0.0.1:PORT]',
  '  DIR: the app\'s data folder with snapshots/current.json (or a warehouse.duckdb to publish as the first snapshot).',
  '  --workers 1,2: start the app (npm start) once per value with WEB_WORKERS=<value>, measure each, compare them',
  '    (default: the app\'s default, WEB_WORKERS or the number of cores, at least 2). Not with --url.',
  '  --live-load: with one --workers value only (the load changes the data the next value would be measured on).',
].join('\n');
const LOGINS: Record<Role, string> = { head: 'loadtest-head', specialist: 'loadtest-specialist', executive: 'loadtest-executive' };
const ROLES: Role[] = ['head', 'specialist', 'executive'];
/** How long the run may go on past --duration waiting for the live load to be applied. */
const LIVE_LOAD_TIMEOUT_S = 600;
/** How long the live load waits for the loader's staging copy before it is dropped anyway. */
const STAGING_WAIT_S = 120;
/**
 * Requests go on at least this long after the live load is seen applied, so that some of them read
 * the new load's data and derived tables (built inside the load, lib/derived/registry.ts).
 */
const LIVE_TAIL_S = 5;
/** Most web workers --workers accepts. */
const MAX_WORKERS = 64;
/** Past --duration, the run ends early when no request has succeeded for this long. */
const STALL_S = 15;

const log = (s: string) => process.stderr.write(`${s}\n`);
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d }) : '—');

class UsageError extends Error {}

interface Args {
  dataDir: string;
  connections: number;
  durationS: number;
  port: number;
  /** A request unanswered after this many seconds is aborted and counted as an error. */
  timeoutS: number;
  liveLoad: string | null;
  url: URL | null;
  /** WEB_WORKERS of each run, in order; null: the app's default (or, with --url, the running app's). */
  workers: number[] | null;
}

function parseCli(): Args {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' }, connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '60' },
        port: { type: 'string', default: '3300' }, 'live-load': { type: 'string' }, url: { type: 'string' },
        timeout: { type: 'string', default: '60' }, workers: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!values['data-dir']) throw new UsageError('--data-dir: папка данных приложения (DATA_DIR)');
  const int = (name: 'connections' | 'duration' | 'port' | 'timeout', min: number, max: number) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${name}: целое от ${min} до ${max}, получено «${values[name]}»`);
    return v;
  };
  let url: URL | null = null;
  if (values.url !== undefined) {
    try {
      url = parseLoopbackUrl(values.url);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  let workers: number[] | null = null;
  if (values.workers !== undefined) {
    const list = values.workers.split(',').map((x) => x.trim());
    if (!list.length || list.some((x) => !/^\d+$/.test(x) || Number(x) < 1 || Number(x) > MAX_WORKERS)) {
      throw new UsageError(`--workers: числа веб-процессов через запятую, каждое от 1 до ${MAX_WORKERS} (например 1,2), получено «${values.workers}»`);
    }
    workers = list.map(Number);
    if (url) throw new UsageError('--workers: с --url тест меряет уже запущенное приложение и его веб-процессы не меняет; без --url он запустит приложение сам');
    if (workers.length > 1 && values['live-load'] !== undefined) {
      throw new UsageError('--live-load: только с одним значением --workers (загрузка меняет данные, и следующее значение мерялось бы уже на других)');
    }
  }
  return {
    dataDir: path.resolve(values['data-dir']), connections: int('connections', 1, 1000), durationS: int('duration', 1, 3600),
    port: int('port', 1024, 65535), timeoutS: int('timeout', 1, 600), liveLoad: values['live-load'] ?? null, url, workers,
  };
}

/** `1 веб-процесс`, `2 веб-процесса`, `5 веб-процессов`. */
function workersWord(n: number): string {
  const m10 = n % 10;
  const m100 = n % 100;
  const w = m10 === 1 && m100 !== 11 ? 'веб-процесс' : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? 'веб-процесса' : 'веб-процессов';
  return `${n} ${w}`;
}

/**
 * What the data dir holds for the app: its published snapshot (current.json naming a file that
 * exists) or a pre-snapshot warehouse.duckdb the loader will publish as the first snapshot.
 */
async function dataDirState(dataDir: string): Promise<'snapshot' | 'legacy'> {
  const { readCurrent, snapshotPath } = await import('../../lib/snapshots/store');
  const cur = readCurrent();
  if (cur && fs.existsSync(snapshotPath(cur.file))) return 'snapshot';
  if (fs.existsSync(path.join(dataDir, 'warehouse.duckdb'))) return 'legacy';
  throw new UsageError(`в ${dataDir} нет опубликованного снимка (snapshots/current.json и его файла) и нет warehouse.duckdb: сначала DATA_DIR=${dataDir} npm run load`);
}

/** Web workers listed in $DATA_DIR/run/processes.json by the running app's supervisor, or null. */
async function runningWorkers(): Promise<number | null> {
  const { runDir } = await import('../../lib/snapshots/store');
  try {
    const p = JSON.parse(fs.readFileSync(path.join(runDir(), 'processes.json'), 'utf8')) as { web?: unknown[] };
    return Array.isArray(p.web) ? p.web.length : null;
  } catch {
    return null;
  }
}

/** `--live-load auto`: a D + 1 delta (payments for the month's unpaid invoices, a rename, a move, a new client) from the app's API. */
async function makeAutoDelta(base: string, headKey: string, f: LoadFixture, specialists: string[], clientsTotal: number, outDir: string) {
  const want = Math.min(2000, Math.max(10, Math.round(clientsTotal / 100)));
  const unpaid = await getJson<{ rows: Array<{ id: string; clientId: string; fields: Record<string, unknown> }> }>(
    base, headKey, `/api/v1/kpi/payments/rows?status=bad&limit=${want}`);
  const pay: OpenInvoice[] = unpaid.rows.map((r) => ({ invoiceId: r.id, clientId: r.clientId, remaining: Number(r.fields.remaining) }))
    .filter((r) => Number.isFinite(r.remaining) && r.remaining > 0);
  // Rename and move clients outside the load-test specialist's list, so their cards stay in scope.
  const own = new Set(f.ownClientIds);
  const others = f.companyClientIds.filter((id) => !own.has(id));
  if (others.length < 2) throw new Error('--live-load auto: мало клиентов для переименования и перевода');
  const card = async (id: string): Promise<DeltaClient> => {
    const c = (await getJson<{ client: CardClient }>(base, headKey, `/api/v1/clients/${encodeURIComponent(id)}`)).client;
    return {
      client_id: c.id, name: c.name, inn: c.inn, contract_no: c.contractNo, contract_start: c.contractStartOn, holding_id: c.holdingId,
      holding_name: c.holdingName, parent_client_id: c.parentClientId, segment: c.segment, tax_system: c.taxSystem, region: c.region,
      specialist_id: c.specialistId, status: c.status, churned_on: c.churnedOn, phone: c.phone, email: c.email, address: c.address,
      specifics: c.specifics,
    };
  };
  const rename = await card(others[0]);
  const move = await card(others[others.length - 1]);
  const moveTo = specialists.find((s) => s !== move.specialist_id && s !== f.specialistId) ?? f.otherSpecialistId;
  return writeDailyDelta({ asOf: f.asOf, outDir, pay, rename, move, moveTo, newClientSpecialist: f.specialistId });
}

interface LiveState {
  /** When the extract was dropped into the inbox and when /api/v1/loads showed it, ms since the run's start. */
  dropMs: number | null;
  applied: { atMs: number; row: LoadRow } | null;
  error: string | null;
  /** When the loader's copy for the next build was there (the drop waits for it, STAGING_WAIT_S at most), or null. */
  stagedMs: number | null;
}

/** One measurement: its Markdown section and the figures the comparison needs. */
interface Measured {
  /** Web workers of the app measured (null: unknown, an app already running without run/processes.json). */
  workers: number | null;
  /** Clients in the company measured. */
  clients: number;
  section: string;
  total: RouteStats;
  /** Anything that must fail the run: an error or other non-2xx (also in the warm-up), a live load not applied, a restarted process. */
  failed: boolean;
}

interface RunContext {
  isInterrupted: () => boolean;
  /** The data dir held only a pre-snapshot warehouse.duckdb before the first start. */
  legacy: boolean;
}

async function main(): Promise<number> {
  const a = parseCli();
  process.env.DATA_DIR = a.dataDir;
  // The app and this test look at the same files: the data dir's warehouse and snapshot folder.
  delete process.env.DUCKDB_PATH;
  delete process.env.SNAPSHOT_DIR;
  const state = await dataDirState(a.dataDir);
  if (a.liveLoad && a.liveLoad !== 'auto') {
    const src = path.resolve(a.liveLoad);
    if (!fs.existsSync(path.join(src, 'manifest.json'))) throw new UsageError(`--live-load: в ${src} нет manifest.json`);
    const id = path.basename(src);
    for (const where of ['inbox', 'archive', 'rejected']) {
      if (fs.existsSync(path.join(a.dataDir, where, id))) throw new UsageError(`--live-load: выгрузка ${id} уже есть в ${where}/: возьмите другую или восстановите хранилище`);
    }
  }
  const { webWorkerCount } = await import('../../lib/serve/supervisor');
  const runs: Array<number | null> = a.url ? [null] : a.workers ?? [webWorkerCount(process.env)];
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ctx: RunContext = { isInterrupted: () => interrupted, legacy: state === 'legacy' };

  const done: Measured[] = [];
  let failure: string | null = null;
  for (const [i, n] of runs.entries()) {
    if (interrupted) {
      failure = 'прервано (SIGINT/SIGTERM)';
      break;
    }
    if (runs.length > 1) log(`\n=== ${i + 1} из ${runs.length}: WEB_WORKERS=${n} ===`);
    try {
      done.push(await measure(a, n, { ...ctx, legacy: ctx.legacy && i === 0 }));
    } catch (e) {
      // Nothing measured yet: fail as a single run does (a usage error exits 2, nothing is appended).
      if (!done.length) throw e;
      failure = `WEB_WORKERS=${n}: ${(e as Error).message}`;
      log(`load-test: ${failure}`);
      break;
    }
  }

  const parts = done.map((m) => m.section);
  if (runs.length > 1) {
    const missing = runs.slice(done.length).map((n) => `WEB_WORKERS=${n}`);
    parts.push(comparison(done, missing, failure, a));
  }
  const text = parts.join('\n\n');
  const file = path.join(here, 'LOAD-TEST.md');
  if (!fs.existsSync(file)) fs.writeFileSync(file, '# Load test\n\nAppended by `npx tsx scripts/bench/load-test.ts --data-dir DIR [--connections 50] [--duration 60] [--workers 1,2] [--live-load DIR|auto]` (issue: Build 11).\n\n');
  fs.appendFileSync(file, `${text}\n\n`);
  process.stdout.write(`\n${text}\n`);
  return failure || done.some((m) => m.failed) ? 1 : 0;
}

/**
 * The comparison line of a --workers run: req/s, p99 and errors of each value, and the req/s of the
 * last value over the first; values not measured (the run failed or was stopped) are named.
 */
function comparison(done: Measured[], missing: string[], failure: string | null, a: Args): string {
  const name = (m: Measured) => (m.workers === null ? '? веб-процессов' : workersWord(m.workers));
  const each = done.map((m) => {
    const bad = m.total.errors + m.total.unexpected;
    return `${name(m)} — **${fmt(m.total.perSecond, 1)} запросов/с**, p99 ${fmt(m.total.p99)} мс, ошибок и не-2xx ${bad ? `**${bad}**` : 0}${m.failed && !bad ? ' (**не годится**: см. раздел)' : ''}`;
  });
  const first = done[0];
  const last = done[done.length - 1];
  const ratio = done.length > 1 && first.total.perSecond > 0
    ? `; запросов/с ${last.workers ?? '?'} к ${first.workers ?? '?'}: **×${fmt(last.total.perSecond / first.total.perSecond, 2)}**`
    : '';
  const notMeasured = missing.length ? `; не измерено: ${missing.join(', ')}${failure ? ` (${failure})` : ''}` : '';
  return `**Сравнение по числу веб-процессов** (${fmt(first.clients)} клиентов, ${a.connections} соединений × ${a.durationS} с каждое): ${each.join('; ')}${ratio}${notMeasured}.`;
}

/**
 * One measurement: with `workers` (and no --url) start the app with WEB_WORKERS=workers, wait
 * until every worker has warmed and answers, add the users, warm every route, run the clients,
 * stop the app; the section for LOAD-TEST.md.
 */
async function measure(a: Args, workers: number | null, ctx: RunContext): Promise<Measured> {
  const inbox = path.join(a.dataDir, 'inbox');
  const { readCliEndpoint } = await import('../../lib/cli/endpoint');
  const { SERVER_NODE_OPTIONS } = await import('../../lib/serve/supervisor');
  let app: ChildProcess | null = null;
  let appLog: string | null = null;
  let base: string;
  let workersMeasured = workers;
  const cleanup: Array<() => Promise<void>> = [];
  const interrupted = ctx.isInterrupted;
  /** Restart lines of the supervisor in the app's log so far. */
  const restarts = () => appRestarts(appLog);
  try {
    if (a.url) {
      base = a.url.origin;
      const ep = readCliEndpoint();
      if (!ep || new URL(ep.url).port !== a.url.port) {
        throw new UsageError(`--url ${base}: приложение над ${a.dataDir} там не запущено (нет его адреса в .secrets/cli-endpoint.json); без --url тест запустит его сам`);
      }
      workersMeasured = await runningWorkers();
    } else {
      if (workers === null) throw new Error('число веб-процессов не задано');
      const ep = readCliEndpoint();
      if (ep) throw new UsageError(`над ${a.dataDir} уже работает приложение (${ep.url}): остановите его или передайте --url ${ep.url}`);
      if (await portInUse(a.port)) throw new UsageError(`порт ${a.port} занят: укажите другой --port`);
      const { buildIfNeeded } = await import('../../lib/cli/server');
      buildIfNeeded(log);
      appLog = path.join(os.tmpdir(), `load-test-app-${Date.now()}-w${workers}.log`);
      log(`Запускаю приложение (npm start, WEB_WORKERS=${workers}) на :${a.port} над ${a.dataDir} (журнал: ${appLog})…`);
      const running = spawnApp(a.port, a.dataDir, appLog, workers);
      app = running;
      cleanup.push(() => stopApp(running, a.port));
      base = `http://127.0.0.1:${a.port}`;
      const seen = await waitUntilWarm({ child: running, logFile: appLog, base, port: a.port, workers, isInterrupted: interrupted, log });
      log(`Отвечают веб-процессы: ${[...seen].sort().join(', ')}`);
    }
    // Extracts left in the inbox would load during the measurement: let the app apply them first.
    if (pendingExtracts(inbox).length) {
      log(`Во входящей папке ждут выгрузки (${pendingExtracts(inbox).join(', ')}): жду, пока приложение их загрузит…`);
      await waitFor('входящая папка пуста', 30 * 60_000, async () => (pendingExtracts(inbox).length ? null : true));
    }

    // Users: created for this run through the same command as `npm run users`, removed after it.
    // Hex: a base64url password may start with '-', which the users command would read as an option.
    const password = crypto.randomBytes(18).toString('hex');
    const removeUsers = async (after: boolean) => {
      for (const r of ROLES) {
        const out = await appCommand(['remove', LOGINS[r]], true);
        // Before the run a missing user is the normal case; after it, any failure leaves a user behind.
        if (after && added.has(r) && !/удалён/.test(out.join(' '))) log(`пользователь ${LOGINS[r]} не удалён: ${out.join(' ')} (удалите: npm run users -- remove ${LOGINS[r]})`);
      }
    };
    const added = new Set<Role>();
    await removeUsers(false);
    cleanup.unshift(() => removeUsers(true));
    await appCommand(['add', LOGINS.head, '--role', 'head', `--password=${password}`, '--name', 'Нагрузочный тест: руководитель']);
    added.add('head');
    await appCommand(['add', LOGINS.executive, '--role', 'executive', `--password=${password}`, '--name', 'Нагрузочный тест: директор']);
    added.add('executive');
    const keys = {} as Record<Role, string>;
    keys.head = (await appCommand(['api-key', LOGINS.head])).at(-1)!;
    keys.executive = (await appCommand(['api-key', LOGINS.executive])).at(-1)!;
    log('Читаю данные для маршрутов через API…');
    const d = await discover(base, keys.head);
    await appCommand(['add', LOGINS.specialist, '--role', 'specialist', '--specialist-id', d.fixture.specialistId, `--password=${password}`, '--name', 'Нагрузочный тест: специалист']);
    added.add('specialist');
    keys.specialist = (await appCommand(['api-key', LOGINS.specialist])).at(-1)!;
    const own = (await getJson<{ rows: ClientRow[] }>(base, keys.specialist, '/api/v1/clients?limit=200&sort=inn')).rows;
    if (!own.length) throw new Error(`у специалиста ${d.fixture.specialistId} нет клиентов`);
    const fixture: LoadFixture = { ...d.fixture, ownClientIds: own.map((c) => c.id), ownSearches: searchQueriesFor(own) };
    const cookies = {} as Record<Role, string>;
    for (const r of ROLES) cookies[r] = await signInWithPassword(base, LOGINS[r], password);
    log(`Пользователи: ${ROLES.map((r) => LOGINS[r]).join(', ')}; специалист ${fixture.specialistId} (${own.length}${own.length === 200 ? '+' : ''} клиентов), отдел ${fixture.teamId}, D = ${fixture.asOf}`);

    // The live load's extract: given, or made now (before the clock starts) from the app's answers.
    let live: { id: string; src: string } | null = null;
    if (a.liveLoad === 'auto') {
      const side = fs.mkdtempSync(path.join(os.tmpdir(), 'load-test-delta-'));
      cleanup.push(async () => fs.rmSync(side, { recursive: true, force: true }));
      const delta = await makeAutoDelta(base, keys.head, fixture, d.specialists, d.clientsTotal, side);
      const [last] = (await getJson<{ rows: LoadRow[] }>(base, keys.head, '/api/v1/loads?limit=1')).rows;
      if (last && last.extractId >= delta.extractId) throw new Error(`--live-load auto: выгрузка ${delta.extractId} не новее последней (${last.extractId})`);
      live = { id: delta.extractId, src: delta.dir };
      log(`Живая загрузка: ${delta.extractId} (as_of ${delta.asOf}): ${delta.payments} оплат; переименован, переведён и новый клиент ${delta.newClientId}`);
    } else if (a.liveLoad) {
      live = { id: path.basename(path.resolve(a.liveLoad)), src: path.resolve(a.liveLoad) };
    }

    const plans = Object.fromEntries(ROLES.map((r) => [r, routesFor(r, fixture)])) as Record<Role, PlannedRoute[]>;
    const order = routeOrder(ROLES.map((r) => plans[r]));
    // Role by client number, and every other client by key: half sessions, half keys, every role both ways.
    const clients: VirtualClient[] = Array.from({ length: a.connections }, (_, i) => {
      const role = ROLES[i % 3];
      const viaKey = i % 2 === 1;
      const headers: Record<string, string> = viaKey ? { authorization: `Bearer ${keys[role]}` } : { cookie: cookies[role] };
      return {
        label: `${role}/${viaKey ? 'api-key' : 'session'}`,
        headers,
        routes: plans[role],
      };
    });

    // Warm-up: every route of every role once, one at a time (the first request after a start builds caches).
    log('Прогрев: каждый маршрут один раз…');
    const warm = await runWarmUp(base, ROLES.map((r) => ({ label: `${r}/session`, headers: { cookie: cookies[r] }, routes: plans[r] })), a.timeoutS * 1000);

    // The machine's load average before and after: other processes on the same cores change the figures.
    const loadAvgStart = os.loadavg()[0];
    // The snapshot the workers read now (published by the loader; with a pre-snapshot warehouse.duckdb,
    // the copy the loader published of it at the app's first start).
    const snapshot = await currentSnapshot();
    const durationMs = a.durationS * 1000;
    let deadline = durationMs;
    const liveState: LiveState = { dropMs: null, applied: null, error: null, stagedMs: null };
    let runOver = false;
    let sent = 0;
    let failed = 0;
    const t0 = performance.now();
    const since = () => performance.now() - t0;
    const tty = process.stderr.isTTY;
    const ticker = setInterval(() => {
      const line = `  ${fmt(since() / 1000, 0)} с: ${fmt(sent)} запросов, ошибок ${failed}${liveState.dropMs !== null && !liveState.applied ? ', идёт загрузка' : ''}`;
      if (tty) process.stderr.write(`\r${line}   `);
      else log(line);
    }, tty ? 1000 : 10_000);

    const liveTask = live ? (async () => {
      await sleep(durationMs / 2);
      // A midday delta arrives hours after the previous publication, when the loader's copy of the
      // published snapshot for the next build is long made: wait for it (made right after the app's
      // start here) so that the figure is the delta's own, and say how long it took.
      while (!(await stagingCopyReady()) && !interrupted() && since() < durationMs / 2 + STAGING_WAIT_S * 1000) await sleep(200);
      liveState.stagedMs = (await stagingCopyReady()) ? since() : null;
      if (interrupted()) return;
      const { copyExtract } = await import('../../lib/live/simulate');
      copyExtract(live.src, inbox);
      liveState.dropMs = since();
      // Keep the clients going until the load is done, so the whole load runs under traffic.
      deadline = Math.max(deadline, liveState.dropMs + LIVE_LOAD_TIMEOUT_S * 1000);
      try {
        const row = await waitFor(`загрузка ${live.id} за ${LIVE_LOAD_TIMEOUT_S} с`, LIVE_LOAD_TIMEOUT_S * 1000, () => findLoad(base, keys.executive, live.id),
          () => (interrupted() ? 'прервано' : runOver ? `нагрузка остановлена: приложение ${STALL_S} с не ответило успешно ни на один запрос` : null));
        liveState.applied = { atMs: since(), row };
        deadline = Math.max(durationMs, liveState.applied.atMs + LIVE_TAIL_S * 1000);
      } catch (e) {
        liveState.error = (e as Error).message;
        deadline = Math.max(durationMs, since());
      }
    })() : Promise.resolve();

    log(`Нагрузка: ${a.connections} клиентов × ${a.durationS} с${live ? `, живая загрузка ${live.id} на ${a.durationS / 2} с` : ''}…`);
    // Past --duration (waiting for the live load) the run stops once nothing has succeeded for STALL_S:
    // an app that fails every request will not apply the load either.
    let lastOkMs = 0;
    const run = await runVirtualClients({
      baseUrl: base, clients, epoch: t0, requestTimeoutMs: a.timeoutS * 1000,
      deadlineMs: () => {
        if (interrupted()) return 0;
        const t = since();
        return t > durationMs && t - lastOkMs > STALL_S * 1000 ? 0 : deadline;
      },
      onSample: (s) => {
        sent++;
        if (isError(s.status) || isUnexpected(s.status)) failed++;
        else lastOkMs = Math.max(lastOkMs, s.startMs + s.ms);
      },
    });
    runOver = true;
    await liveTask;
    clearInterval(ticker);
    if (tty) process.stderr.write('\n');
    if (interrupted()) throw new Error('прервано (SIGINT/SIGTERM)');

    const loadAvgEnd = os.loadavg()[0];
    // Read before the app is stopped: a worker or the loader that died and was restarted during the run.
    const restarted = restarts();
    const seconds = run.elapsedMs / 1000;
    const stats = summarize(run.samples, seconds, order);
    const share = workerShare(run.samples);
    const appText = app
      ? `Приложение \`npm start\` (супервизор, загрузчик и ${workersWord(workers!)}, WEB_WORKERS=${workers}; у веб-процессов ${SERVER_NODE_OPTIONS}) запущено тестом; измерение после того, как каждый веб-процесс записал в журнал «[warm] KPI ranking code ready» и ответил`
      : `Приложение уже работало на ${base} (${workersMeasured === null ? 'веб-процессов: нет run/processes.json' : workersWord(workersMeasured)})`;
    const lines = [
      `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${fmt(d.clientsTotal)} клиентов, ${workersMeasured === null ? '? веб-процессов' : workersWord(workersMeasured)}, ${a.connections} соединений × ${a.durationS} с${live ? `, живая загрузка ${live.id}` : ''}`,
      '',
      `${os.cpus().length} ядра (${os.cpus()[0]?.model.trim() ?? '?'}; средняя загрузка за минуту ${fmt(loadAvgStart, 1)} в начале, ${fmt(loadAvgEnd, 1)} в конце), Node ${process.version}; код: \`${gitHead()}\`; ` +
        `снимок \`${snapshot.file}\` ${fmt(snapshot.bytes / 2 ** 20)} МБ${ctx.legacy ? ' (опубликован загрузчиком из warehouse.duckdb при этом запуске)' : ''} (D = ${fixture.asOf}). ` +
        `${appText}; клиенты нагрузки в том же компьютере. ` +
        `Клиенты: ${clients.filter((c) => c.headers.cookie).length} по cookie сессии, ${clients.filter((c) => c.headers.authorization).length} по API-ключу; одна сессия и один API-ключ на роль (руководитель, специалист ${fixture.specialistId}, директор), клиентов на каждом: ${sharing(clients)}. ` +
        `Каждый клиент без пауз: запрос → весь ответ → следующий; маршрут случайный по весам роли; без ответа за ${a.timeoutS} с — ошибка. Прогрев: ${warm.samples.length} запросов по одному${warm.failures.length ? `, **не-2xx: ${warm.failures.length}**` : ', все 2xx'}.`,
      '',
      routeTable(stats),
      '',
      `Итого ${fmt(stats.total.requests)} запросов за ${fmt(seconds, 1)} с: **${fmt(stats.total.perSecond, 1)} запросов/с**, p50 ${fmt(stats.total.p50)} мс, p95 ${fmt(stats.total.p95)} мс, **p99 ${fmt(stats.total.p99)} мс**; ` +
        `ошибок (5xx, нет ответа): **${stats.total.errors}**${stats.total.unexpected ? `, других не-2xx: **${stats.total.unexpected}**` : ''}` +
        `${stats.total.errors ? ` (${byCredential(run.samples)})` : ''}.` +
        `${share ? ` Ответы по веб-процессам (x-sa-worker): ${share}.` : ''}`,
    ];
    if (live) lines.push('', liveSummary(live.id, liveState, run.samples, run.elapsedMs));
    if (restarted.length) lines.push('', `**Процессы приложения перезапускались** (${restarted.length}): ${[...new Set(restarted)].slice(0, 4).map((l) => `\`${l}\``).join(', ')}.`);
    const bodies: ErrorBody[] = [...warm.failures, ...run.errorBodies];
    if (bodies.length) lines.push('', 'Первые ответы с ошибкой (по маршруту и статусу):', '', errorBodyList(bodies));
    const serverErrors = appLog ? appErrors(appLog) : [];
    if (serverErrors.length) lines.push('', 'Журнал приложения (ERROR/WARN, первые виды):', '', ...serverErrors.map((l) => `- \`${l.replace(/`/g, "'")}\``));
    const liveOk = !live || liveState.applied?.row.outcome === 'applied';
    return {
      workers: workersMeasured,
      clients: d.clientsTotal,
      section: lines.join('\n'),
      total: stats.total,
      failed: Boolean(stats.total.errors || stats.total.unexpected || warm.failures.length || !liveOk || restarted.length),
    };
  } finally {
    for (const step of cleanup) {
      try {
        await step();
      } catch (e) {
        log(`при завершении: ${(e as Error).message}`);
      }
    }
    if (app) log('Приложение остановлено.');
  }
}

/** Errors by how the client signed in, e.g. `по сессии 0 из 800, по API-ключу 14 из 790`: a fault of parallel key use shows on one side only. */
function byCredential(samples: readonly Sample[]): string {
  const count = (via: string) => {
    const mine = samples.filter((x) => x.client.endsWith(`/${via}`));
    return `${mine.filter((x) => isError(x.status)).length} из ${fmt(mine.length)}`;
  };
  return `по сессии ${count('session')}, по API-ключу ${count('api-key')}`;
}

/** How many virtual clients share each session and each API key, e.g. `API-ключ руководителя 8`. */
function sharing(clients: VirtualClient[]): string {
  const n = new Map<string, number>();
  for (const c of clients) n.set(c.label, (n.get(c.label) ?? 0) + 1);
  const names: Record<string, string> = { head: 'руководителя', specialist: 'специалиста', executive: 'директора' };
  return [...n].map(([label, k]) => {
    const [role, via] = label.split('/');
    return `${via === 'api-key' ? 'API-ключ' : 'сессия'} ${names[role]} ${k}`;
  }).join(', ');
}

/** Each route of each client once, one request at a time; the failures as error bodies. */
async function runWarmUp(base: string, clients: VirtualClient[], requestTimeoutMs: number): Promise<{ samples: Sample[]; failures: ErrorBody[] }> {
  const samples: Sample[] = [];
  const failures: ErrorBody[] = [];
  for (const c of clients) {
    const firstOfEach = [...new Map(c.routes.map((r) => [r.name, r])).values()];
    for (const route of firstOfEach) {
      const one = await runVirtualClients({ baseUrl: base, clients: [{ ...c, routes: [route] }], deadlineMs: () => Number.POSITIVE_INFINITY, maxRequestsPerClient: 1, requestTimeoutMs });
      samples.push(...one.samples);
      failures.push(...one.errorBodies.map((e) => ({ ...e, route: `прогрев ${e.route}` })));
    }
  }
  return { samples, failures };
}

/** The live load in one paragraph: when it was dropped and applied, and the requests before, during and after it. */
function liveSummary(id: string, { dropMs, applied, error, stagedMs }: LiveState, samples: Sample[], endMs: number): string {
  if (dropMs === null) return `Живая загрузка ${id}: не началась (тест прерван раньше половины).`;
  const phase = (from: number, to: number, name: string) => {
    const s = summarize(samplesBetween(samples, from, to), (to - from) / 1000).total;
    return `${name}: ${fmt(s.requests)} запросов (${fmt(s.perSecond, 1)}/с), p95 ${fmt(s.p95)} мс, p99 ${fmt(s.p99)} мс, ошибок ${s.errors}${s.unexpected ? `, других не-2xx ${s.unexpected}` : ''}`;
  };
  if (!applied) return `Живая загрузка ${id}: положена во входящую папку на ${fmt(dropMs / 1000, 1)} с, **не загружена** (${error ?? '?'}). ${phase(dropMs, endMs, 'после того, как положена')}.`;
  const r = applied.row;
  return [
    `Живая загрузка ${id} (as_of ${r.asOf ?? '—'}): положена во входящую папку (файлы, manifest.json последним) на ${fmt(dropMs / 1000, 1)} с, ` +
      `${stagedMs === null ? '(копия снимка для следующей сборки не была готова) ' : ''}**${r.outcome}** видна в /api/v1/loads на ${fmt(applied.atMs / 1000, 1)} с (через ${fmt((applied.atMs - dropMs) / 1000, 1)} с; загрузчик: ${r.durationMs === null ? '—' : `${fmt(r.durationMs / 1000, 1)} с`})${r.outcome === 'applied' ? '' : `: ${r.message ?? ''}`}.`,
    `${phase(0, dropMs, 'До')}; ${phase(dropMs, applied.atMs, 'во время')}; ${phase(applied.atMs, endMs, 'после')}.`,
  ].join(' ');
}

main().then((code) => process.exit(code), (e) => {
  if (e instanceof UsageError) {
    process.stderr.write(`load-test: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`load-test: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
