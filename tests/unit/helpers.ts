// Test helpers: every test file gets its own throwaway DATA_DIR (warehouse file, app.sqlite, inbox,
// archive, rejected), so tests never share state and never touch ./data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb } from '@/lib/db';
import { reconcileDerivedNow, type DerivedReport } from '@/lib/derived/registry';
import { generateCompany } from '@/lib/generate';
import { loadInbox } from '@/lib/load';
import { closeAppState } from '@/lib/state';

/** Point DATA_DIR at a fresh temp folder (with inbox/) and close any open warehouse and app state. */
export async function freshDataDir(prefix = 'sa-test-'): Promise<string> {
  await closeDb();
  closeAppState();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, 'inbox'), { recursive: true });
  process.env.DATA_DIR = dir;
  delete process.env.DUCKDB_PATH;
  return dir;
}

/** Close the warehouse and the app state, and remove the temp folder. */
export async function cleanupDataDir(dir: string): Promise<void> {
  await closeDb();
  closeAppState();
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh DATA_DIR holding a generated company (`generateCompany`'s options, as of `asOf`, one
 * daily delta) loaded by the real loader; throws when a load is not applied. Returns the folder.
 */
export async function loadGeneratedCompany(o: { clients: number; months: number; seed: number; asOf: string }): Promise<string> {
  const dir = await freshDataDir();
  await generateCompany({ ...o, daily: 1, out: path.join(dir, 'inbox') });
  const results = await loadInbox();
  const bad = results.filter((r) => r.outcome !== 'applied');
  if (bad.length) throw new Error(`not applied: ${bad.map((r) => r.message).join('; ')}`);
  return dir;
}

/**
 * Build every derived table on the door's warehouse now, in a transaction of its own, through the
 * registry (lib/derived/registry.ts): for a test that wrote extract tables directly, which no load
 * then builds from (readers never build). `force: false` only reconciles, as the loader does at start.
 */
export function buildDerivedNow(opts: { force?: boolean } = {}): Promise<DerivedReport> {
  return reconcileDerivedNow({ force: opts.force ?? true });
}
