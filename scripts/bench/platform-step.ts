// One step of the platform benchmark, run in its own process so its peak memory is its own.
// Prints one JSON line: { step, seconds, rows, maxRssMb, ... }.
// Usage: tsx scripts/bench/platform-step.ts generate|load|read_csv <dir> [clients]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { closeDb } from '../../lib/db';
import { generateCompany } from '../../lib/generate';
import { loadInbox } from '../../lib/load';

const [step, dir, clients] = process.argv.slice(2);

async function main(): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const inbox = path.join(dir, 'inbox');
  if (step === 'generate') {
    const g = await generateCompany({ clients: Number(clients), months: 24, seed: 1, daily: 0, asOf: '2026-11-20', out: inbox });
    return { rows: g.totalRows, seconds: (performance.now() - t0) / 1000 };
  }
  if (step === 'load') {
    process.env.DATA_DIR = dir;
    // The loader archives what it applies: copy the extracts so read_csv can run on the same files
    // later. Not timed, and flushed first, so its disk writeback does not land in the load's time.
    fs.cpSync(inbox, path.join(dir, 'inbox-copy'), { recursive: true });
    execFileSync('sync');
    const t1 = performance.now();
    const results = await loadInbox();
    await closeDb();
    const rows = results.reduce((s, r) => s + r.inserted + r.updated + r.rejected, 0);
    const size = fs.statSync(path.join(dir, 'warehouse.duckdb')).size;
    return { rows, seconds: (performance.now() - t1) / 1000, outcomes: results.map((r) => r.outcome), warehouseMb: size / 2 ** 20 };
  }
  if (step === 'read_csv') {
    execFileSync('sync');
    // DuckDB's own read_csv of the same files into tables: the yardstick for load throughput.
    const src = path.join(dir, 'inbox-copy');
    const inst = await DuckDBInstance.create(path.join(dir, 'plain.duckdb'), { threads: '2' });
    const con = await inst.connect();
    let rows = 0;
    const t1 = performance.now();
    for (const ext of fs.readdirSync(src).sort()) {
      for (const f of fs.readdirSync(path.join(src, ext)).filter((x) => x.endsWith('.csv'))) {
        const t = `${ext.replace(/\W/g, '_')}_${f.replace(/\W/g, '_')}`;
        await con.run(`CREATE TABLE "${t}" AS SELECT * FROM read_csv($p, header = true)`, { p: path.join(src, ext, f) });
        const r = await con.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM "${t}"`);
        rows += Number(r.getRowObjectsJson()[0].n);
      }
    }
    con.closeSync();
    inst.closeSync();
    return { rows, seconds: (performance.now() - t1) / 1000 };
  }
  throw new Error(`unknown step ${step}`);
}

main().then((r) => {
  process.stdout.write(`${JSON.stringify({ step, ...r, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}, (e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
