// Shared test helpers: snapshots of the warehouse to prove "nothing changed", and a base load.
import fs from 'node:fs';
import path from 'node:path';
import { query } from '@/lib/db';
import { loadExtract } from '@/lib/load';
import { contract, tableNames } from '@/lib/load/contract';
import { baseFiles, writeExtract, type ExtractSpec, type Row } from './build-extract';

export const BASE_ID = '2026-11-22T08-00';

/** Every extract table's rows, ordered by key: equal snapshots mean the warehouse did not change. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tableNames) out[t] = await query(`SELECT * FROM ${t} ORDER BY "${contract[t].key}"`);
  return out;
}

export const inboxOf = (dataDir: string) => path.join(dataDir, 'inbox');

/** Load the small consistent base extract and check it applied. */
export async function loadBase(dataDir: string): Promise<void> {
  const r = await loadExtract(writeExtract(inboxOf(dataDir), BASE_ID, { files: baseFiles() }));
  if (r.outcome !== 'applied') throw new Error(`base extract not applied: ${r.message}`);
}

/** Write and load an extract. */
export async function load(dataDir: string, id: string, spec: ExtractSpec, opts: { force?: boolean } = {}) {
  return loadExtract(writeExtract(inboxOf(dataDir), id, spec), opts);
}

/** A hand-made payments fixture (org, clients, invoices, payments) loaded as one full extract; throws unless applied. */
export async function loadPaymentFixture(dataDir: string, asOf: string, rows: { teams: Row[]; specialists: Row[]; clients: Row[]; invoices: Row[]; payments: Row[] }): Promise<void> {
  const r = await load(dataDir, `${asOf}T08-00`, {
    asOf,
    files: (['teams', 'specialists', 'clients', 'invoices', 'payments'] as const).map((table) => ({ table, rows: rows[table] })),
  });
  if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
}

export async function rejectedRows(loadId: number) {
  return query<{ file: string; line: number; rule: string; reason: string; raw: string; table_name: string }>(
    'SELECT table_name, file, line, rule, reason, raw FROM rejected_rows WHERE load_id = $id ORDER BY file, line', { id: loadId });
}

export async function loadLog() {
  return query<{ extract_id: string; outcome: string; message: string; report_path: string | null; rows_rejected: string }>(
    'SELECT extract_id, outcome, message, report_path, rows_rejected FROM load_log ORDER BY load_id');
}

export const exists = (p: string) => fs.existsSync(p);
