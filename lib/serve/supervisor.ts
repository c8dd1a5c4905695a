// `npm start` (issue 18): the supervisor. It starts the loader process (scripts/loader.ts: the only
// writer of DuckDB files) and WEB_WORKERS web workers (scripts/web-worker.ts, node:cluster workers
// sharing one port), restarts any that dies, and lists them in $DATA_DIR/run/processes.json (for
// operators and the crash test). Workers start once the loader has published a snapshot for this
// version of the code (or after LOADER_READY_WAIT_MS, if one was published before).
import { fork, type ChildProcess } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureNextAuthSecret } from '../auth/secret';
import { publishCliEndpoint } from '../cli/endpoint';
import { securePrivateData } from '../private-data';
import { readCurrent, runDir, writeFileDurably } from '../snapshots/store';
import { loaderMemoryMb, webMemoryMb } from './memory';

const LOADER_READY_WAIT_MS = 60_000;
/** A child that dies sooner than this after starting is restarted with a growing delay. */
const STABLE_MS = 5_000;
const MAX_DELAY_MS = 10_000;

/** Web workers to run: WEB_WORKERS, default the number of cores, at least 2. */
export function webWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WEB_WORKERS);
  if (Number.isInteger(n) && n >= 1) return n;
  return Math.max(2, os.availableParallelism());
}

/**
 * V8 flags of the app server (and of the benchmarks that stand for it, scripts/bench/node-flags.ts):
 * a 64 MB young generation (semi-space). A KPI ranking by specialist builds ~5,000 rows of nested
 * objects per request (~15 MB allocated); with V8's default 16 MB nearly every such request paid a
 * scavenge copying its half-built answer (p50 ~65 → ~45 ms, p95 ~100 → ~75 ms at 200,000 clients,
 * scripts/bench/KPI.md). Node's documentation names this flag for throughput at the cost of memory
 * (here 64 MB per web worker).
 */
export const SERVER_NODE_OPTIONS = '--max-semi-space-size=64';

/** `NODE_OPTIONS` with the server's flags added (kept when already there). */
export function serverNodeOptions(current: string | undefined): string {
  const cur = (current ?? '').trim();
  return cur.includes('--max-semi-space-size') ? cur : `${cur} ${SERVER_NODE_OPTIONS}`.trim();
}
const TSX = ['--import', 'tsx'];

function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out as unknown as NodeJS.ProcessEnv;
}

/** Run the app on `port` until a signal; resolves with the exit code. */
export function runSupervisor(port: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  securePrivateData();
  const secret = ensureNextAuthSecret();
  const { token } = publishCliEndpoint(Number(port));
  const workers = webWorkerCount(env);
  const root = process.cwd();
  const base = cleanEnv({
    ...env, NEXT_TELEMETRY_DISABLED: '1', PORT: port, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: env.NEXTAUTH_URL || `http://localhost:${port}`,
    NODE_ENV: 'production', SA_CLI_TOKEN: token,
  });
  let stopping = false;
  let loader: ChildProcess | null = null;
  const web = new Map<number, Worker>();
  const delays = new Map<string, number>();
  let workersStarted = false;

  const writeProcesses = () => {
    fs.mkdirSync(runDir(), { recursive: true, mode: 0o700 });
    writeFileDurably(path.join(runDir(), 'processes.json'), JSON.stringify({
      supervisor: process.pid, port: Number(port), loader: loader?.pid ?? null,
      web: [...web.entries()].map(([id, w]) => ({ id, pid: w.process.pid ?? null })),
    }));
  };
  const later = (key: string, startedAt: number, fn: () => void) => {
    const quick = Date.now() - startedAt < STABLE_MS;
    const delay = quick ? Math.min((delays.get(key) ?? 100) * 2, MAX_DELAY_MS) : 200;
    delays.set(key, delay);
    setTimeout(() => { if (!stopping) fn(); }, delay);
  };

  const startWorkers = () => {
    if (workersStarted || stopping) return;
    workersStarted = true;
    for (let id = 1; id <= workers; id++) startWorker(id);
  };

  const startLoader = () => {
    const startedAt = Date.now();
    const child = fork(path.join(root, 'scripts', 'loader.ts'), [], {
      execArgv: TSX, env: { ...base, SA_ROLE: 'loader', DUCKDB_MEMORY_MB: loaderMemoryMb(env) }, stdio: 'inherit',
    });
    loader = child;
    child.on('message', (m: { type?: string }) => { if (m?.type === 'ready') startWorkers(); });
    child.on('exit', (code, sig) => {
      if (loader === child) loader = null;
      writeProcesses();
      if (stopping) return;
      process.stderr.write(`Загрузчик завершился (${sig ?? code}); перезапускаю\n`);
      later('loader', startedAt, startLoader);
    });
    writeProcesses();
  };

  cluster.setupPrimary({ exec: path.join(root, 'scripts', 'web-worker.ts'), execArgv: [...TSX, ...SERVER_NODE_OPTIONS.split(' ')] });
  const startWorker = (id: number) => {
    const startedAt = Date.now();
    const w = cluster.fork({ ...base, SA_ROLE: 'web', WORKER_ID: String(id), DUCKDB_MEMORY_MB: webMemoryMb(env, workers) });
    web.set(id, w);
    w.on('exit', (code, sig) => {
      if (web.get(id) === w) web.delete(id);
      writeProcesses();
      if (stopping) return;
      process.stderr.write(`Веб-процесс ${id} завершился (${sig ?? code}); перезапускаю\n`);
      later(`web${id}`, startedAt, () => startWorker(id));
    });
    writeProcesses();
  };

  startLoader();
  // Serve the snapshot published before, if any, when the loader is slow to get ready.
  setTimeout(() => { if (readCurrent()) startWorkers(); }, LOADER_READY_WAIT_MS).unref();

  return new Promise((resolve) => {
    const stop = (sig: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      loader?.kill(sig);
      for (const w of web.values()) w.process.kill(sig);
      const deadline = setTimeout(() => {
        loader?.kill('SIGKILL');
        for (const w of web.values()) w.process.kill('SIGKILL');
      }, 10_000);
      const check = setInterval(() => {
        if (!loader && web.size === 0) {
          clearInterval(check);
          clearTimeout(deadline);
          resolve(0);
        }
      }, 100);
    };
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => stop(sig));
  });
}
