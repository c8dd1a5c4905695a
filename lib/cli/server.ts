// Starting and building the Next app from the CLIs (start, demo, e2e).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runSupervisor } from '../serve/supervisor';

const nextBin = () => require.resolve('next/dist/bin/next');

export { SERVER_NODE_OPTIONS, serverNodeOptions } from '../serve/supervisor';
// No telemetry: these machines are offline, and a company's data tool should not phone home.
const quiet = { NEXT_TELEMETRY_DISABLED: '1' };

/** Run the app (loader + web workers, lib/serve/supervisor.ts) on `port`; resolves with its exit code. */
export function startServer(port: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runSupervisor(port, env);
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
