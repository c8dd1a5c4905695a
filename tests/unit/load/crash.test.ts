// All or nothing under SIGKILL (extracts.md rule 1): a child process loads a large extract and is
// killed inside the apply transaction; the warehouse must be exactly as before and the extract
// still in the inbox.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeDb, query } from '@/lib/db';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadExtract } from '@/lib/load';
import { sha256 } from './build-extract';
import { inboxOf, loadBase, snapshot } from './util';

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); });
afterEach(async () => { await cleanupDataDir(dir); });

const N = 300_000;

/** A big extract written with plain string building (fast): clients full + payments delta. */
function writeBig(id: string): string {
  const ex = path.join(inboxOf(dir), id);
  fs.mkdirSync(ex, { recursive: true });
  const clients = ['client_id,name,status,specialist_id'];
  clients.push('c1,ООО «Ромашка»,active,s1', 'c2,ИП Лютиков,active,s2', 'c3,Филиал,suspended,s1');
  for (let i = 0; i < 1000; i++) clients.push(`cb${i},Клиент ${i},active,s1`);
  const pays = ['payment_id,invoice_id,client_id,paid_on,posted_at,amount'];
  for (let i = 0; i < N; i++) pays.push(`pb${i},i${1 + (i % 3)},c${1 + (i % 3)},2026-11-${String(1 + (i % 28)).padStart(2, '0')},,${(i % 5000) + 1}.50`);
  const files = { clients: clients.join('\n') + '\n', payments: pays.join('\n') + '\n' };
  const tables: Record<string, unknown> = {};
  for (const [t, text] of Object.entries(files)) {
    const buf = Buffer.from(text);
    fs.writeFileSync(path.join(ex, `${t}.csv`), buf);
    tables[t] = { file: `${t}.csv`, mode: t === 'clients' ? 'full' : 'delta', rows: text.split('\n').length - 2, sha256: sha256(buf) };
  }
  fs.writeFileSync(path.join(ex, 'manifest.json'), JSON.stringify({ extract_id: id, as_of: '2026-11-23', created_at: '2026-11-23T08:01:37+03:00', tables }));
  return ex;
}

it.each([
  ['apply payments', 'after clients were replaced'],
  ['commit', 'after all 300k payments were written, just before COMMIT'],
])('SIGKILL at "%s" (%s) leaves the warehouse as before and the extract in the inbox', async (stop) => {
  await loadBase(dir);
  const before = await snapshot();
  const logBefore = await query('SELECT load_id, outcome FROM load_log ORDER BY load_id');
  const ex = writeBig('2026-11-23T08-00');
  await closeDb(); // one process at a time may hold the warehouse file

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-child.ts'), ex, stop], {
    env: { ...process.env, DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const killedAt = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.split('\n').includes(stop)) { child.kill('SIGKILL'); resolve(out); }
    });
    child.on('exit', (code, signal) => { if (signal !== 'SIGKILL') reject(new Error(`child exited ${code} ${signal}: ${out} ${err}`)); });
  });
  await new Promise((r) => child.once('close', r));
  expect(killedAt).toContain('apply clients'); // clients were already replaced inside the transaction
  expect(killedAt).not.toContain('finished');

  expect(await snapshot()).toEqual(before);
  expect(await query('SELECT load_id, outcome FROM load_log ORDER BY load_id')).toEqual(logBefore);
  expect(fs.existsSync(path.join(ex, 'manifest.json'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'archive', '2026-11-23T08-00'))).toBe(false);

  // The extract left in the inbox loads normally afterwards.
  const again = await loadExtract(ex);
  expect(again.outcome).toBe('applied');
  expect(again.files.find((f) => f.table === 'payments')).toMatchObject({ inserted: N, rejected: 0 });
}, 60_000);
