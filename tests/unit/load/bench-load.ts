// Throughput of loadExtract vs plain read_csv on the same CSV (brief: within 2x).
// Usage: npx tsx tests/unit/load/bench-load.ts [ROWS=1000000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, withConnection } from '../../../lib/db';
import { loadExtract } from '../../../lib/load';
import { baseFiles, sha256, writeExtract } from './build-extract';

async function main() {
  const n = Number(process.argv[2] ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-bench-'));
  process.env.DATA_DIR = dir;
  const inbox = path.join(dir, 'inbox');
  await loadExtract(writeExtract(inbox, 'A0', { files: baseFiles() }));
  const id = 'B1';
  const ex = path.join(inbox, id);
  fs.mkdirSync(ex, { recursive: true });
  const file = path.join(ex, 'payments.csv');
  const ws = fs.createWriteStream(file);
  ws.write('payment_id,invoice_id,client_id,paid_on,posted_at,amount\n');
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    chunk.push(`pb${i},i${1 + (i % 3)},c${1 + (i % 3)},2026-11-${String(1 + (i % 28)).padStart(2, '0')},2026-11-01T10:${String(i % 60).padStart(2, '0')}:00+03:00,${(i % 5000) + 1}.50`);
    if (chunk.length === 50_000) { ws.write(chunk.join('\n') + '\n'); chunk = []; }
  }
  if (chunk.length) ws.write(chunk.join('\n') + '\n');
  await new Promise((r) => ws.end(r));
  const buf = fs.readFileSync(file);
  fs.writeFileSync(path.join(ex, 'manifest.json'), JSON.stringify({ extract_id: id, as_of: '2026-11-23', created_at: '2026-11-23T08:01:37+03:00',
    tables: { payments: { file: 'payments.csv', mode: 'delta', rows: n, sha256: sha256(buf) } } }));
  const copy = path.join(dir, 'copy.csv');
  fs.copyFileSync(file, copy);

  const t0 = Date.now();
  await withConnection(async (con) => { await con.run(`CREATE TABLE plain AS SELECT * FROM read_csv('${copy}', header = true)`); });
  const plainMs = Date.now() - t0;
  // The fairer floor: the same read_csv into a table with the warehouse's primary key, committed.
  const t1 = Date.now();
  await withConnection(async (con) => {
    await con.run(`CREATE TABLE plain_pk (payment_id VARCHAR PRIMARY KEY, invoice_id VARCHAR, client_id VARCHAR, paid_on DATE, posted_at TIMESTAMPTZ, amount DECIMAL(18,2))`);
    await con.run(`INSERT INTO plain_pk SELECT * FROM read_csv('${copy}', header = true)`);
  });
  const plainPkMs = Date.now() - t1;
  const steps: string[] = [];
  let last = Date.now();
  const r = await loadExtract(ex, { onProgress: (p) => { const now = Date.now(); steps.push(`${p.step} ${p.table ?? ''} +${now - last}ms`); last = now; } });
  console.log(steps.join('\n'));
  console.log(`rows ${n}, ${(buf.length / 1e6).toFixed(1)} MB`);
  console.log(`plain read_csv CTAS: ${plainMs} ms = ${Math.round(n / (plainMs / 1000))} rows/s`);
  console.log(`plain read_csv INSERT into a PRIMARY KEY table: ${plainPkMs} ms = ${Math.round(n / (plainPkMs / 1000))} rows/s`);
  console.log(`loadExtract (${r.outcome}, ins ${r.inserted}, rej ${r.rejected}): ${r.durationMs} ms = ${Math.round(n / (r.durationMs / 1000))} rows/s; ratio ${(r.durationMs / plainMs).toFixed(2)}x (vs PK table ${(r.durationMs / plainPkMs).toFixed(2)}x)`);
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}
void main();
