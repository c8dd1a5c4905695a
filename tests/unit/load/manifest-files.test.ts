// The manifest's dates and the extract's files (issue: "a manifest with as_of 2026-02-30 is
// applied (stored as NULL), and 9999-12-31 too; symlinks in an extract are followed out of the
// inbox"): as_of is a real date at most one day after created_at's; links and names with folder
// parts are refused. Each refusal leaves the warehouse as it was and names file and rule.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { loadExtract, type LoadResult } from '@/lib/load';
import { createdOn, isPlainFileName } from '@/lib/load/manifest';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, sha256, toCsv, writeExtract, type ExtractSpec } from './build-extract';
import { exists, inboxOf, load, loadBase, loadLog, snapshot } from './util';

let dir = '';
let outside = '';
beforeEach(async () => {
  dir = await freshDataDir();
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-outside-'));
});
afterEach(async () => {
  delete process.env.COMPANY_TZ;
  fs.rmSync(outside, { recursive: true, force: true });
  await cleanupDataDir(dir);
});

const ID = '2026-11-22T12-30';
const newPayment = { ...base.payments[0], payment_id: 'p9' };
const payments = (): ExtractSpec['files'][number] => ({ table: 'payments', mode: 'delta', rows: [newPayment] });

async function expectRefused(r: LoadResult, before: unknown, file: string, rule: string): Promise<void> {
  expect(r.outcome).toBe('rejected');
  expect(r.message).toContain(file);
  expect(r.message).toContain(`[правило ${rule}]`);
  expect(await snapshot()).toEqual(before);
  expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain(r.message);
  expect((await loadLog()).pop()).toMatchObject({ outcome: 'rejected', message: r.message });
}

describe('as_of and created_at', () => {
  it.each([
    ['2026-02-30', '2026-02-28T12:00:00+03:00', 'нет такой даты в календаре'],
    ['2026-13-01', '2026-11-22T12:00:00+03:00', 'нет такой даты в календаре'],
    ['9999-12-31', '9999-12-31T12:00:00+03:00', 'вне диапазона 2000-01-01…2100-12-31'],
    ['9999-12-31', '2026-11-22T12:31:07+03:00', 'вне диапазона'],
    ['2026-11-24', '2026-11-22T12:31:07+03:00', 'больше чем на один день'],
    ['2026-11-22', 'x', 'created_at «x» — ожидается дата и время ISO 8601'],
    ['2026-11-22', '2026-11-31T10:00:00+03:00', 'created_at'],
    ['2026-11-22', '2026-11-22T25:00:00', 'created_at'],
  ])('as_of %s with created_at %s is rejected', async (asOf, createdAt, says) => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { asOf, createdAt, files: [payments()] });
    await expectRefused(r, before, 'manifest.json', 'manifest');
    expect(r.message).toContain(says);
  });

  it('as_of one day after created_at is applied, and stored as given', async () => {
    await loadBase(dir);
    const r = await load(dir, ID, { asOf: '2026-11-23', createdAt: '2026-11-22T23:59:59+03:00', files: [payments()] });
    expect(r.outcome).toBe('applied');
    expect(await query(`SELECT as_of::VARCHAR AS d FROM load_log WHERE extract_id = $id`, { id: ID })).toEqual([{ d: '2026-11-23' }]);
  });

  it('created_at with an offset is dated in the company time zone', () => {
    expect(createdOn('2026-11-22T22:30:00Z')).toBe('2026-11-23'); // 01:30 in Moscow
    expect(createdOn('2026-11-22T22:30:00+0000')).toBe('2026-11-23');
    expect(createdOn('2026-11-22T12:31:07+03')).toBe('2026-11-22');
    expect(createdOn('2026-11-22 23:30')).toBe('2026-11-22'); // no offset: already company time
    process.env.COMPANY_TZ = 'UTC';
    expect(createdOn('2026-11-23T01:30:00+03:00')).toBe('2026-11-22');
    for (const bad of ['x', '2026-11-22', '22.11.2026 12:31', '2026-02-29T10:00:00Z', '2026-11-22T12:60:00Z', '2026-11-22T12:31:07+3']) {
      expect(createdOn(bad), bad).toBeNull();
    }
  });
});

describe('file names and links', () => {
  it('names with folder parts are not plain file names', () => {
    for (const bad of ['a/b.csv', '../clients.csv', '..', '.', '/etc/passwd', 'a\\b.csv', '..\\..\\x.csv', 'C:\\x.csv', 'x\0.csv', '']) {
      expect(isPlainFileName(bad), JSON.stringify(bad)).toBe(false);
    }
    for (const ok of ['clients.csv', 'payments 2026.csv', '..clients.csv', 'sales.parquet']) expect(isPlainFileName(ok), ok).toBe(true);
  });

  it.each(['../payments.csv', 'sub/payments.csv', 'sub\\payments.csv', '/tmp/payments.csv'])('a manifest naming %s is rejected', async (name) => {
    await loadBase(dir);
    const before = await snapshot();
    const text = toCsv([newPayment]);
    const manifest = JSON.stringify({ extract_id: ID, as_of: '2026-11-22', created_at: '2026-11-22T12:31:07+03:00',
      tables: { payments: { file: name, mode: 'delta', rows: 1, sha256: sha256(Buffer.from(text)) } } });
    const r = await load(dir, ID, { files: [], manifest });
    await expectRefused(r, before, 'manifest.json', 'manifest');
    expect(r.message).toContain('tables.payments.file: имя файла без папок');
  });

  it('a listed file that is a symbolic link (to a file outside the inbox) is rejected, and the target is not read into the report', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const secret = path.join(outside, 'secret.csv');
    const text = 'payment_id,invoice_id,client_id,paid_on,posted_at,amount\nSECRET-ROW,i1,c1,2026-11-01,,-1\n';
    fs.writeFileSync(secret, text);
    const ex = writeExtract(inboxOf(dir), ID, { files: [{ ...payments(), omit: true, manifestSha: sha256(Buffer.from(text)), manifestRows: 1 }] });
    fs.symlinkSync(secret, path.join(ex, 'payments.csv'));
    const r = await loadExtract(ex);
    await expectRefused(r, before, 'payments.csv', 'file');
    expect(r.message).toContain('символическая ссылка');
    expect(fs.readFileSync(r.reportPath!, 'utf8')).not.toContain('SECRET-ROW');
    expect(fs.readFileSync(secret, 'utf8')).toBe(text);
  });

  it('a manifest.json that is a symbolic link is rejected without reading it', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const target = path.join(outside, 'not-json.txt');
    fs.writeFileSync(target, 'root:x:0:0:SECRET-LINE');
    const ex = writeExtract(inboxOf(dir), ID, { files: [payments()], manifest: false });
    fs.symlinkSync(target, path.join(ex, 'manifest.json'));
    const r = await loadExtract(ex);
    await expectRefused(r, before, 'manifest.json', 'file');
    expect(r.message).not.toContain('SECRET-LINE');
    expect(fs.readFileSync(r.reportPath!, 'utf8')).not.toContain('SECRET-LINE');
  });

  it('an extract folder that is a symbolic link is rejected; the link stays and nothing is written where it points', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const real = writeExtract(outside, ID, { files: [payments()] });
    const link = path.join(inboxOf(dir), ID);
    fs.symlinkSync(real, link);
    const contents = fs.readdirSync(real).sort();
    const r = await loadExtract(link);
    await expectRefused(r, before, ID, 'file');
    expect(r.message).toContain('символическая ссылка');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(real).sort()).toEqual(contents);
    expect(r.reportPath).toBe(path.join(dir, 'rejected', ID, 'report.txt'));
    expect(fs.lstatSync(path.dirname(r.reportPath!)).isDirectory()).toBe(true);
    expect(exists(path.join(dir, 'archive', ID))).toBe(false);
  });
});
