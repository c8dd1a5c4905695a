// One web worker (issue 18): a Next server in production mode, in a cluster worker that shares the
// supervisor's port (node:cluster hands each new connection to one worker). It reads published
// snapshots only (instrumentation.ts starts lib/snapshots/follow.ts when SA_ROLE=web) and writes
// app state to app.sqlite. Every answer says which worker gave it (x-sa-worker), for tests and logs.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import next from 'next';
import { catchUp } from '../snapshots/follow';

/**
 * The niceness of web workers (WEB_NICE, default 10; 0 leaves it alone): while the loader applies
 * a delta it gets the cores first, so the delta is served seconds after it arrives even when every
 * core is busy answering (at 200,000 clients under 4 connections, 29.7 s at equal priority,
 * scripts/bench/LOAD-TEST.md). When the loader is idle, as it is most of the day, nothing changes.
 */
export function webNice(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WEB_NICE ?? '10');
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : 10;
}

/**
 * Set every thread of this process to `nice`: Linux keeps a niceness per thread, and Node's, V8's
 * and DuckDB's threads start when they please, so this runs at start and then every second.
 * Elsewhere than Linux only the calling thread is set.
 */
function reniceThreads(nice: number): void {
  let tids: number[] = [0];
  try {
    tids = fs.readdirSync('/proc/self/task').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  } catch { /* not Linux */ }
  for (const tid of tids) {
    try {
      if (os.getPriority(tid) !== nice) os.setPriority(tid, nice);
    } catch { /* the thread has ended */ }
  }
}

export async function runWebWorker(): Promise<void> {
  const nice = webNice();
  if (nice > 0) {
    try {
      os.setPriority(nice);
      reniceThreads(nice);
      setInterval(() => reniceThreads(nice), 1000).unref();
    } catch (e) {
      process.stderr.write(`WEB_NICE=${nice} not applied: ${(e as Error).message}\n`);
    }
  }
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOSTNAME_BIND || undefined;
  const id = process.env.WORKER_ID ?? '0';
  const app = next({ dev: false, dir: process.cwd(), port, hostname: 'localhost' });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    res.setHeader('x-sa-worker', id);
    const go = () => handle(req, res).catch((e: unknown) => {
      process.stderr.write(`request failed: ${(e as Error)?.stack ?? e}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Внутренняя ошибка сервера');
    });
    // A snapshot published since this worker last looked: move to it first (lib/snapshots/follow.ts).
    const moving = catchUp();
    if (moving) void moving.then(go, go);
    else void go();
  });
  // Long-lived event streams (/api/v1/events) must not be cut by Node's request timeouts.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => process.send?.({ type: 'listening', id }));
}
