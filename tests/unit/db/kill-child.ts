// Child process of kill-after.test.ts: open (and migrate) the warehouse of DATA_DIR through the
// data door, run the statement given (if any), then die with SIGKILL: no close, no checkpoint, so
// whatever is not checkpointed stays in the WAL for the next open to replay.
// Usage: tsx kill-child.ts ["SQL"]
import { exec, getDb } from '../../../lib/db';

void (async () => {
  await getDb();
  if (process.argv[2]) await exec(process.argv[2]);
  process.stdout.write('ready\n');
  process.kill(process.pid, 'SIGKILL');
})();
