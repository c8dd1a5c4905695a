// Starting and building the Next app from the CLIs (start, demo, e2e).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureNextAuthSecret } from '../auth/secret';
import { securePrivateData } from '../private-data';

const nextBin = () => require.resolve('next/dist/bin/next');

/**
 * V8 flags of the app server (and of the benchmarks that stand for it, scripts/bench/node-flags.ts):
 * a 64 MB young generation (semi-space). A KPI ranking by specialist builds ~5,000 rows of nested
 * objects per request (~15 MB allocated); with V8's default 16 MB nearly every such request paid a
 * scavenge copying its half-built answer (p50 ~65 → ~45 ms, p95 ~100 → ~75 ms at 200,000 clients,
 * scripts/bench/KPI.md). Node's documentation names this flag for throughput at the cost of memory
 * (here at most 3 × 64 MB).
 */
export const SERVER_NODE_OPTIONS = '--max-semi-space-size=64';

/** `NODE_OPTIONS` with the server's flags added (kept when already there). */
export function serverNodeOptions(current: string | undefined): string {
  const cur = (current ?? '').trim();
  return cur.includes('--max-semi-space-size') ? cur : `${cur} ${SERVER_NODE_OPTIONS}`.trim();
}
// No telemetry: these machines are offline, and a company's data tool should not phone home.
const quiet = { NEXT_TELEMETRY_DISABLED: '1' };

/**
 * Run `next start` as a child in this process group (a terminal's Ctrl-C and Playwright's
 * webServer both signal the whole group, which takes the forked next-server with it); resolves
 * with its exit code. SIGTERM to this process alone is passed on.
 */
export function startServer(port: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The umask passes to `next start` and its server process: the warehouse it creates is private.
  securePrivateData();
  const secret = ensureNextAuthSecret();
  const child = spawn(process.execPath, [nextBin(), 'start', '-p', port], {
    stdio: 'inherit',
    // NODE_OPTIONS, not an argument: `next start` forks the server process that answers requests.
    env: { ...env, ...quiet, PORT: port, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: env.NEXTAUTH_URL || `http://localhost:${port}`, NODE_ENV: 'production', NODE_OPTIONS: serverNodeOptions(env.NODE_OPTIONS) },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 1 : 0))));
}

const SOURCES = ['app', 'components', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package.json'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** True when .next holds a production build newer than every source file. */
export function buildIsFresh(root = process.cwd()): boolean {
  const id = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(id)) return false;
  const built = fs.statSync(id).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(root, s)) <= built);
}

/** `next build` unless the build is fresh; throws when the build fails. */
export function buildIfNeeded(log: (s: string) => void): void {
  if (buildIsFresh()) {
    log('Сборка актуальна, пропускаю next build.');
    return;
  }
  log('Собираю приложение (next build)…');
  const r = spawnSync(process.execPath, [nextBin(), 'build'], { stdio: 'inherit', env: { ...process.env, ...quiet, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`next build завершился с кодом ${r.status}`);
}
