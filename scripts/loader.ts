// The loader process (issue 18), started by `npm start` (lib/serve/supervisor.ts); may also be run
// alone: `npx tsx scripts/loader.ts`. Tells its parent (IPC) when a snapshot is published and ready.
import { startLoaderService } from '../lib/snapshots/service';
import { securePrivateData } from '../lib/private-data';

securePrivateData();
// Stopped by the supervisor: exit, releasing the lock (an unfinished build is discarded at the next start).
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => process.exit(0));
startLoaderService().then(() => {
  process.send?.({ type: 'ready' });
}, (e) => {
  process.stderr.write(`Загрузчик не запустился: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
