// The app as the HTTP benchmarks run it (scripts/bench/load-test.ts, scripts/bench/scale.ts): start
// it over a data dir as `npm start` does (supervisor, loader, web workers) in its own process group,
// wait until every web worker has warmed and answers, stop it; the users and API keys of a run
// through the `npm run users` command; what the routes need to know about the data, read from the
// app's own API; whether a load has been applied; the snapshot measured, the commit, the app's errors.
// The app's own modules are imported lazily, after the caller has set DATA_DIR.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { searchQueriesFor, type LoadFixture } from './load-routes';

const root = path.resolve(__dirname, '..', '..');

/** How long a freshly started app may take to publish its snapshot and warm every web worker. */
export const APP_WARM_TIMEOUT_S = 1800;
/** The line each web worker logs when it has warmed (lib/kpi/get-kpi.ts warmKpiCode), one per worker. */
export const WARM_LINE = /\[warm\] KPI ranking code (ready|build failed)/g;
/** The supervisor's lines when a web worker or the loader died and is restarted (lib/serve/supervisor.ts). */
export const RESTART_LINE = /^(Веб-процесс \d+|Загрузчик) завершился.*$/gm;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The published snapshot: its file name and size in bytes (with its WAL, if one is left). */
export async function currentSnapshot(): Promise<{ file: string; bytes: number }> {
  const { readCurrent, snapshotPath } = await import('../snapshots/store');
  const cur = readCurrent();
  if (!cur) throw new Error('нет опубликованного снимка (snapshots/current.json)');
  const size = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size : 0);
  return { file: cur.file, bytes: size(snapshotPath(cur.file)) + size(`${snapshotPath(cur.file)}.wal`) };
}

/** The `x-sa-worker` of one answer over a fresh connection (node:cluster hands new connections to the workers in turn). */
export function workerOfFreshConnection(base: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = http.get(`${base}/api/v1/me`, { agent: false }, (res) => {
      res.resume();
      const id = res.headers['x-sa-worker'];
      resolve(typeof id === 'string' && id ? id : null);
    });
    req.on('error', () => resolve(null));
    req.setTimeout(10_000, () => req.destroy());
  });
}

/** Worker ids seen over up to 20 × `want` fresh connections (stops once `want` are seen). */
export async function answeringWorkers(base: string, want: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < want * 20 && seen.size < want; i++) {
    const id = await workerOfFreshConnection(base);
    if (id) seen.add(id);
  }
  return seen;
}

/** Complete extracts (folders with manifest.json) waiting in the inbox. */
export const pendingExtracts = (inbox: string): string[] =>
  fs.existsSync(inbox) ? fs.readdirSync(inbox).filter((d) => fs.existsSync(path.join(inbox, d, 'manifest.json'))).sort() : [];

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/**
 * The app over the data dir as `npm start` runs it (scripts/start.ts: the supervisor, its loader and
 * WEB_WORKERS web workers with the server's V8 flags, lib/serve/supervisor.ts), in its own process
 * group with every process's output in `logFile`, so the test can stop it and read its log.
 */
export function spawnApp(port: number, dataDir: string, logFile: string, workers: number): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts'), '--port', String(port)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env, NEXT_TELEMETRY_DISABLED: '1', DATA_DIR: dataDir, PORT: String(port), WEB_WORKERS: String(workers),
      // The test counts the workers' info lines (their warming) and reads errors from the log.
      LOG_LEVEL: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
      NEXTAUTH_URL: `http://localhost:${port}`, NODE_ENV: 'production',
    },
  });
  fs.closeSync(out);
  return child;
}

/**
 * Stop the app: SIGTERM to the supervisor, which stops its loader and workers and exits once they
 * have (a signal to the whole group at once could reach a worker first, and the supervisor would
 * restart it); after 20 s, SIGKILL to the whole group. Then wait until the port is free.
 */
export async function stopApp(child: ChildProcess, port: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      process.kill(child.pid, 'SIGTERM');
    } catch { /* already gone */ }
    const stopped = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
    if (!stopped) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
      await exited;
    }
  }
  // Anything of the group still alive (a worker the supervisor lost track of) goes too.
  if (child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch { /* the group is gone */ }
  }
  for (let i = 0; i < 60 && (await portInUse(port)); i++) await sleep(500);
}

/** Poll `probe` every `everyMs` until it gives a value; throws after `timeoutMs`, or at once when `stop()` gives a reason. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>, stop: () => string | null = () => null, everyMs = 500): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const why = stop();
    if (why) throw new Error(why);
    const v = await probe().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`не дождался за ${Math.round(timeoutMs / 1000)} с: ${what}`);
    await sleep(everyMs);
  }
}

/** Restart lines of the supervisor in the app's log so far. */
export const appRestarts = (logFile: string | null): string[] =>
  (logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').match(RESTART_LINE) ?? [] : []);

/** Why the started app cannot be waited for any more (it exited, a process of it restarted, the run was interrupted), or null. */
export function appGone(child: ChildProcess, logFile: string, isInterrupted: () => boolean): string | null {
  if (child.exitCode !== null || child.signalCode !== null) return `приложение завершилось (${child.exitCode ?? child.signalCode}), журнал: ${logFile}`;
  const r = appRestarts(logFile);
  if (r.length) return `процесс приложения перезапускался во время запуска (${r[0]}), журнал: ${logFile}`;
  return isInterrupted() ? 'прервано (SIGINT/SIGTERM)' : null;
}

export interface WarmUpWait {
  /** The app spawned by spawnApp and its log file. */
  child: ChildProcess;
  logFile: string;
  base: string;
  port: number;
  workers: number;
  isInterrupted: () => boolean;
  log: (s: string) => void;
}

/**
 * Wait until the app spawned by spawnApp serves: it answers (401 without credentials), has
 * published its CLI address, every web worker has logged its warming and answers over fresh
 * connections. Throws when it exits, a process of it restarts, or the run is interrupted.
 * Returns the worker ids seen.
 */
export async function waitUntilWarm({ child, logFile, base, port, workers, isInterrupted, log }: WarmUpWait): Promise<Set<string>> {
  const { readCliEndpoint } = await import('../cli/endpoint');
  const exited = () => appGone(child, logFile, isInterrupted);
  // The loader publishes (or first imports warehouse.duckdb as) the snapshot before the workers
  // start: minutes at 200,000 clients the first time.
  await waitFor('приложение отвечает', APP_WARM_TIMEOUT_S * 1000, async () => {
    const r = await fetch(`${base}/api/v1/me`);
    await r.arrayBuffer();
    return r.status === 401 ? true : null;
  }, exited);
  await waitFor('адрес приложения для CLI', 60_000, async () => {
    const now = readCliEndpoint();
    return now && new URL(now.url).port === String(port) ? now : null;
  }, exited);
  // Each web worker warms its KPI ranking code when it starts (warmKpiCode in lib/kpi/get-kpi.ts,
  // called from instrumentation.ts); measured during that, the figures say how fast the warming
  // is, not the app. Each logs "[warm] KPI ranking code ready" (or "build failed") when done: the
  // log has one line per worker, so wait for `workers` of them (a restarted worker stops the wait above).
  log(`Жду, пока каждый веб-процесс (${workers}) прогреет код рейтинга KPI (warmKpiCode)…`);
  let lastCount = -1;
  await waitFor(`прогрев всех веб-процессов (${workers}) за ${APP_WARM_TIMEOUT_S} с`, APP_WARM_TIMEOUT_S * 1000, async () => {
    const count = fs.readFileSync(logFile, 'utf8').match(WARM_LINE)?.length ?? 0;
    if (count !== lastCount) log(`  прогрелись ${count} из ${workers}`);
    lastCount = count;
    return count >= workers ? true : null;
  }, exited);
  // And every worker answers (x-sa-worker over fresh connections, which node:cluster deals out in turn).
  return waitFor(`ответ каждого веб-процесса (${workers})`, 60_000, async () => {
    const ids = await answeringWorkers(base, workers);
    return ids.size >= workers ? ids : null;
  }, exited);
}

/** A `npm run users` command, run here: it writes the app's app.sqlite directly (lib/state), never the warehouse. */
export async function appCommand(argv: string[], allowFail = false): Promise<string[]> {
  const { runUsersCommand } = await import('../users/command');
  const lines: string[] = [];
  const code = await runUsersCommand(argv, (l) => lines.push(l));
  if (code !== 0 && !allowFail) throw new Error(`users ${argv[0]} ${argv[1] ?? ''}: ${lines.join(' ')}`);
  return lines;
}

/** GET a JSON route with an API key; throws on any non-2xx. */
export async function getJson<T>(base: string, key: string, p: string): Promise<T> {
  const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

export interface ClientRow { id: string; name: string; inn: string | null; specialistId: string | null; teamId: string | null }
export interface CardClient {
  id: string; name: string; inn: string | null; contractNo: string | null; contractStartOn: string | null; holdingId: string | null;
  holdingName: string | null; parentClientId: string | null; segment: string | null; taxSystem: string | null; region: string | null;
  specialistId: string | null; status: string; churnedOn: string | null; phone: string | null; email: string | null;
  address: string | null; specifics: string | null;
}

export const prevMonth = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export interface Discovered {
  fixture: Omit<LoadFixture, 'ownClientIds' | 'ownSearches'>;
  specialists: string[];
  clientsTotal: number;
}

/**
 * The specialist with the most active clients, a colleague, a spread of clients, the newest as-of
 * and period: from the app's own API, with the key of a user who sees the whole company (a head
 * of every team, or an executive).
 */
export async function discover(base: string, headKey: string): Promise<Discovered> {
  const pay = await getJson<{ asOf: string; period: string; rows: Array<{ id: string }> }>(base, headKey, '/api/v1/payments?by=specialist');
  // Every active client once (up to the API's page cap), to count clients per specialist exactly.
  const active = (await getJson<{ rows: ClientRow[] }>(base, headKey, '/api/v1/clients?status=active&limit=200000&sort=inn')).rows;
  const perSpecialist = new Map<string, number>();
  for (const c of active) if (c.specialistId) perSpecialist.set(c.specialistId, (perSpecialist.get(c.specialistId) ?? 0) + 1);
  const [specialistId] = [...perSpecialist].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0] ?? [];
  if (!specialistId) throw new Error('в хранилище нет активных клиентов со специалистом: загрузите компанию (npm run load)');
  const teamId = active.find((c) => c.specialistId === specialistId)?.teamId;
  if (!teamId) throw new Error(`нет отдела у специалиста ${specialistId}`);
  const specialists = [...new Set([...perSpecialist.keys(), ...pay.rows.map((r) => r.id)])].sort();
  const otherSpecialistId = specialists.find((id) => id !== specialistId) ?? specialistId;
  const { total } = await getJson<{ total: number }>(base, headKey, '/api/v1/clients?limit=1');
  // A spread over the company: 100 clients evenly over the INN order.
  const step = Math.max(1, Math.floor(active.length / 100));
  const company = active.filter((_, i) => i % step === 0).slice(0, 100);
  return {
    fixture: {
      asOf: pay.asOf, period: pay.period, prevPeriod: prevMonth(pay.period), specialistId, teamId, otherSpecialistId,
      companyClientIds: company.map((c) => c.id), companySearches: searchQueriesFor(company),
    },
    specialists,
    clientsTotal: total,
  };
}

/** A row of /api/v1/loads. */
export interface LoadRow { loadId: number; extractId: string; outcome: string; durationMs: number | null; message: string | null; asOf: string | null }

/** The load of `extractId` among the newest 10 in /api/v1/loads (so the answering worker serves a snapshot with it), or null. */
export async function findLoad(base: string, key: string, extractId: string): Promise<LoadRow | null> {
  const rows = (await getJson<{ rows: LoadRow[] }>(base, key, '/api/v1/loads?limit=10')).rows;
  return rows.find((r) => r.extractId === extractId) ?? null;
}

/**
 * Whether the loader's copy of the published snapshot for the next build is there. A midday delta
 * arrives hours after the previous publication, when that copy is long made: a benchmark dropping
 * one right after the app's start waits for it, so that the figure is the delta's own.
 */
export async function stagingCopyReady(): Promise<boolean> {
  const { readCurrent, snapshotPath } = await import('../snapshots/store');
  const cur = readCurrent();
  return cur ? fs.existsSync(snapshotPath(`.staging-${cur.file}`)) : false;
}

/** The first lines of the app's errors in its log (the API answers 500 without a stack; the log has it). */
export function appErrors(logFile: string, max = 8): string[] {
  if (!fs.existsSync(logFile)) return [];
  const seen = new Map<string, { line: string; n: number }>();
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!/ (ERROR|WARN) \[/.test(line)) continue;
    const text = line.replace(/^\S+ /, '');
    const key = text.replace(/\d+/g, '#').slice(0, 200);
    const s = seen.get(key);
    if (s) s.n++;
    else seen.set(key, { line: text.slice(0, 400), n: 1 });
  }
  return [...seen.values()].slice(0, max).map((s) => `${s.n}× ${s.line}`);
}

/** The commit measured, and whether tracked files differ from it. */
export const gitHead = () => {
  const r = spawnSync('git', ['log', '-1', '--format=%h'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return `${r.stdout.trim()}${dirty ? ' + незакоммиченные изменения' : ''}`;
};
