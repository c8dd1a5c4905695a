// The loader process (issue 18), started by `npm start` (lib/serve/supervisor.ts); may also be run
// alone: `npx tsx scripts/loader.ts`. Tells its parent (IPC) when a snapshot is published and ready.
import { readSnapshotsOnly } from '../lib/db';
import { startLoaderService } from '../lib/snapshots/service';
import { securePrivateData } from '../lib/private-data';

securePrivateData();
// The loader opens only the files it builds (never $DATA_DIR/warehouse.duckdb by accident).
readSnapshotsOnly();
// Stopped by the supervisor: exit, releasing the lock (an unfinished build is discarded at the next start).
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => process.exit(0));
startLoaderService().then(() => {
  process.send?.({ type: 'ready' });
}, (e) => {
  process.stderr.write(`Загрузчик не запустился: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
