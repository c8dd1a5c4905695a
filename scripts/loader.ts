// The loader process (issue 18), started by `npm start` (lib/serve/supervisor.ts); may also be run
// alone: `npx tsx scripts/loader.ts`. Tells its parent (IPC) when a snapshot is published and ready.
import { startLoaderService } from '../lib/snapshots/service';
import { securePrivateData } from '../lib/private-data';

securePrivateData();
startLoaderService().then(() => {
  process.send?.({ type: 'ready' });
}, (e) => {
  process.stderr.write(`Загрузчик не запустился: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
