// Where a benchmark reads: a private copy of the published snapshot ($DATA_DIR/snapshots, issue 18),
// opened read-write so whatever the loader has not built yet can be built before timing, and the
// published file, which web workers may be reading, is never written. A folder from before
// snapshots has $DATA_DIR/warehouse.duckdb: that file is used as it is.
import fs from 'node:fs';
import path from 'node:path';

/** Point the data door at the benchmark's file; null (and nothing changed) when the folder has no data. */
export async function openBenchData(dataDir: string, name: string): Promise<string | null> {
  process.env.DATA_DIR = dataDir;
  const [{ readCurrent, snapshotPath, runDir }, { setWarehouseTarget }] = await Promise.all([import('../snapshots/store'), import('../db')]);
  const cur = readCurrent();
  if (!cur) {
    const legacy = path.join(dataDir, 'warehouse.duckdb');
    return fs.existsSync(legacy) ? legacy : null;
  }
  fs.mkdirSync(runDir(), { recursive: true, mode: 0o700 });
  const copy = path.join(runDir(), `bench-${name}-${process.pid}.duckdb`);
  await fs.promises.copyFile(snapshotPath(cur.file), copy);
  process.on('exit', () => {
    for (const f of [copy, `${copy}.wal`]) fs.rmSync(f, { force: true });
  });
  await setWarehouseTarget({ file: copy, readOnly: false });
  return copy;
}
