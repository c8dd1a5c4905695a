// Under `next dev` (or a bare `next start`) the server starts the loader itself (instrumentation.ts),
// as a child process restarted when it dies, unless a loader already runs for the data folder.
import { fork } from 'node:child_process';
import path from 'node:path';
import { loaderPid } from '../snapshots/loader';

export function startLoaderChild(): void {
  if (loaderPid()) return;
  const start = () => {
    const child = fork(path.join(/*turbopackIgnore: true*/ process.cwd(), 'scripts', 'loader.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, SA_ROLE: 'loader' }, stdio: 'inherit' });
    child.on('exit', (code) => { if (code !== 0 && !loaderPid()) setTimeout(start, 2000).unref(); });
    process.once('exit', () => child.kill());
  };
  start();
}
