// Engine errors go to the server log; the load's message (seen by every role) names only the file,
// the step and the rule: no SQL, no absolute paths, no row values.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exec } from '@/lib/db';
import { loadExtract } from '@/lib/load';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { addFileToManifest, writeExtract } from './build-extract';
import { inboxOf, load, loadBase, loadLog } from './util';

// Line numbers are looked up only for files with bad rows; failing that lookup stands in for any
// unexpected engine or file system error in the middle of a load.
const lineLookup = vi.hoisted(() => ({ fail: false, error: '' }));
vi.mock('@/lib/load/files', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/lib/load/files')>();
  return {
    ...real,
    linesAtOffsets: async (...args: Parameters<typeof real.linesAtOffsets>) => {
      if (lineLookup.fail) throw new Error(lineLookup.error || `Binder Error: SELECT raw FROM '/srv/secret/warehouse.duckdb' WHERE inn = '7701234567'`);
      return real.linesAtOffsets(...args);
    },
  };
});

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); });
afterEach(async () => { lineLookup.fail = false; lineLookup.error = ''; vi.restoreAllMocks(); await cleanupDataDir(dir); });

describe('failure messages', () => {
  it('a corrupt Parquet file gives a plain message naming the file and rule; the raw error goes to the log', async () => {
    await loadBase(dir);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const [id, damage] of [['X2', 'garbage'], ['X3', 'middle']] as const) {
      const ex = writeExtract(inboxOf(dir), id, { files: [], manifest: JSON.stringify({ extract_id: id, as_of: '2026-11-22', created_at: '2026-11-22T12:31:07+03:00', tables: {} }) });
      const file = path.join(ex, 'payments.parquet');
      await exec(`COPY (SELECT 'p' || i AS payment_id, 'i1' AS invoice_id, 'c1' AS client_id, DATE '2026-11-03' AS paid_on, 1.5::DECIMAL(18,2) AS amount
        FROM range(5000) t(i)) TO '${file}' (FORMAT parquet)`);
      const b = fs.readFileSync(file);
      if (damage === 'garbage') fs.writeFileSync(file, 'not a parquet file');
      else fs.writeFileSync(file, Buffer.concat([b.subarray(0, 200), Buffer.alloc(400, 0x55), b.subarray(600)])); // a damaged data page
      addFileToManifest(ex, 'payments', 'payments.parquet', 5000, 'delta');
      const r = await loadExtract(ex);
      expect(r.outcome).toBe('rejected');
      expect(r.message).toBe('payments.parquet: файл не читается (повреждён или не тот формат) [правило file]');
    }
    // What every role reads in the journal: no engine text, no server paths.
    for (const row of (await loadLog()).slice(1)) {
      expect(row.message).not.toMatch(/\/|SELECT|Error|read_parquet/);
    }
    // The operator still has the engine's own words, with the extract and file.
    const lines = logged.mock.calls.map((c) => format(...c));
    expect(lines.some((l) => l.includes('[load] extract X2: payments.parquet failed at stage') && l.includes('No magic bytes'))).toBe(true);
  });

  it('an unexpected error elsewhere names the file and the step under rule internal, without the error text', async () => {
    await loadBase(dir);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    lineLookup.fail = true;
    process.env.REJECT_THRESHOLD_PCT = '100';
    try {
      const r = await load(dir, 'X2', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't9', name: 'Восток' }, { team_id: 't10', name: '' }] }] });
      expect(r.outcome).toBe('rejected');
      expect(r.message).toBe('teams.csv: внутренняя ошибка загрузки на этапе «номера строк»; подробности — в журнале сервера [правило internal]');
      expect(logged.mock.calls.map((c) => format(...c)).some((l) => l.includes('/srv/secret/warehouse.duckdb'))).toBe(true);
    } finally {
      delete process.env.REJECT_THRESHOLD_PCT;
    }
  });

  it('an engine fault or a write conflict is not the extract\'s fault: the load throws, nothing is logged or moved, and a retry applies it', async () => {
    await loadBase(dir);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    process.env.REJECT_THRESHOLD_PCT = '100';
    try {
      for (const error of ['TransactionContext Error: Conflict on update!', 'FATAL Error: Failed: database has been invalidated because of a previous fatal error']) {
        lineLookup.fail = true;
        lineLookup.error = error;
        const before = (await loadLog()).length;
        const ex = writeExtract(inboxOf(dir), 'X3', { files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't9', name: 'Восток' }, { team_id: 't10', name: '' }] }] });
        await expect(loadExtract(ex)).rejects.toThrow(error.slice(0, 20));
        expect((await loadLog()).length).toBe(before);
        expect(fs.existsSync(path.join(ex, 'manifest.json'))).toBe(true);
      }
      lineLookup.fail = false;
      const r = await loadExtract(path.join(inboxOf(dir), 'X3'));
      expect(r.outcome).toBe('applied');
    } finally {
      delete process.env.REJECT_THRESHOLD_PCT;
    }
  });
});
