// The loader's public surface: loadInbox (id order, incomplete folders left), serialised loads,
// the journal getters for the Загрузки page, and the CLI's exit codes and summary.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLatestAsOf, getLoad, getLoadLog, getRejectedRows, loadExtract, loadInbox } from '@/lib/load';
import { runLoadCommand } from '@/lib/load/command';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, baseFiles, writeExtract } from './build-extract';
import { inboxOf } from './util';

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); });
afterEach(async () => { await cleanupDataDir(dir); });

const payDelta = (id: string, amount = '100') => ({ table: 'payments' as const, mode: 'delta' as const,
  rows: [{ payment_id: id, invoice_id: 'i1', client_id: 'c1', paid_on: '2026-11-02', amount }] });

describe('loadInbox and the journal', () => {
  it('loads complete extracts in id order, leaves incomplete ones, and the getters read the log', async () => {
    expect(await getLatestAsOf()).toBeNull();
    const inbox = inboxOf(dir);
    writeExtract(inbox, '2026-11-22T12-30', { asOf: '2026-11-22', files: [payDelta('p10'), { table: 'invoices', mode: 'delta', rows: [{ ...base.invoices[0], amount: '-1' }, ...base.invoices.slice(1)], manifestRows: 3 }] });
    writeExtract(inbox, '2026-11-22T08-00', { asOf: '2026-11-21', files: baseFiles() });
    writeExtract(inbox, '2026-11-23T08-00', { files: [payDelta('p11')], manifest: false });
    const results = await loadInbox();
    expect(results.map((r) => [r.extractId, r.outcome])).toEqual([
      ['2026-11-22T08-00', 'applied'], ['2026-11-22T12-30', 'rejected'], ['2026-11-23T08-00', 'incomplete'],
    ]);
    expect(fs.readdirSync(inbox)).toEqual(['2026-11-23T08-00']);
    const log = await getLoadLog(10);
    expect(await getLoad(log[1].loadId)).toEqual(log[1]); // by id: the same row as in the journal
    expect(await getLoad(999_999)).toBeNull();
    expect(log.map((l) => [l.extractId, l.outcome])).toEqual([['2026-11-22T12-30', 'rejected'], ['2026-11-22T08-00', 'applied']]);
    expect(log[1]).toMatchObject({ asOf: '2026-11-21', rowsInserted: 12, rowsRejected: 0 });
    expect(log[1].files.map((f) => f.table)).toEqual(['teams', 'specialists', 'clients', 'invoices', 'payments']);
    expect(log[0].reportPath).toBe(path.join(dir, 'rejected', '2026-11-22T12-30', 'report.txt'));
    const rejected = await getRejectedRows(log[0].loadId);
    expect(rejected).toMatchObject([{ tableName: 'invoices', file: 'invoices.csv', line: 2, rule: 'range' }]);
    expect(await getLatestAsOf()).toMatchObject({ asOf: '2026-11-21', extractId: '2026-11-22T08-00' });
  });

  it('loads in one process run one at a time', async () => {
    const inbox = inboxOf(dir);
    const a = writeExtract(inbox, 'A1', { files: baseFiles() });
    const b = writeExtract(inbox, 'B1', { files: [payDelta('p10')] });
    const steps: string[] = [];
    const onProgress = (p: { extractId: string; step: string }) => steps.push(p.extractId);
    const [ra, rb] = await Promise.all([loadExtract(a, { onProgress }), loadExtract(b, { onProgress })]);
    expect([ra.outcome, rb.outcome]).toEqual(['applied', 'applied']);
    // No interleaving: all of A's steps come before B's.
    expect(steps.join(',')).toMatch(/^(A1,)+(B1,)*B1$/);
  });
});

describe('runLoadCommand', () => {
  it('prints a summary and exits 1 when an extract is rejected, 0 otherwise', async () => {
    const inbox = inboxOf(dir);
    writeExtract(inbox, 'A1', { files: baseFiles() });
    const lines: string[] = [];
    expect(await runLoadCommand([], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/^A1: применена — добавлено 12, обновлено 0, удалено 0, отклонено 0; [\d.]+ с/);
    writeExtract(inbox, 'B1', { files: [{ ...payDelta('p10'), manifestRows: 9 }] });
    lines.length = 0;
    expect(await runLoadCommand(['--json'], (l) => lines.push(l))).toBe(1);
    const json = JSON.parse(lines.join('\n'));
    expect(json[0]).toMatchObject({ extractId: 'B1', outcome: 'rejected' });
    expect(json[0].message).toContain('[правило rows]');
  });

  it('takes explicit folders, --inbox and --force', async () => {
    const other = path.join(dir, 'elsewhere');
    writeExtract(other, 'B1', { files: baseFiles() });
    const lines: string[] = [];
    expect(await runLoadCommand(['--inbox', other], (l) => lines.push(l))).toBe(0);
    const old = writeExtract(other, 'A1', { files: [payDelta('p10')] });
    expect(await runLoadCommand([old], (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('[правило order]');
    fs.rmSync(path.join(dir, 'rejected'), { recursive: true });
    const again = writeExtract(other, 'A1', { files: [payDelta('p10')] });
    expect(await runLoadCommand(['--force', again], (l) => lines.push(l))).toBe(0);
    expect(await runLoadCommand(['--bogus'], (l) => lines.push(l))).toBe(2);
  });
});
