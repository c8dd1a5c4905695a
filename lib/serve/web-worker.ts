// One web worker (issue 18): a Next server in production mode, in a cluster worker that shares the
// supervisor's port (node:cluster hands each new connection to one worker). It reads published
// snapshots only (instrumentation.ts starts lib/snapshots/follow.ts when SA_ROLE=web) and writes
// app state to app.sqlite. Every answer says which worker gave it (x-sa-worker), for tests and logs.
import http from 'node:http';
import next from 'next';
import { catchUp } from '../snapshots/follow';

export async function runWebWorker(): Promise<void> {
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
