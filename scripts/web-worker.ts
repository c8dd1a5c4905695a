// A web worker process, forked by `npm start` (lib/serve/supervisor.ts).
import { runWebWorker } from '../lib/serve/web-worker';

runWebWorker().catch((e) => {
  process.stderr.write(`Веб-процесс не запустился: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
