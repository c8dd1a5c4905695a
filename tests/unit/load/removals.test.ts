// extracts.md rule 5: a delete or a full replacement that would leave rows pointing at a missing
// parent rejects the extract, naming the parents and how many rows point at them; a full file that
// would lose more than FULL_SHRINK_MAX_PCT (10 %) of its table is rejected unless the manifest
// entry says "allow_shrink": true or the load is forced.
// The base (build-extract.ts): clients c1, c2, c3 (c3's parent_client_id = c1); invoices i1 (c1),
// i2 (c2), i3 (c3); payments p1 (i1, c1), p2 (i2, c2). Every expected count below is read off it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import type { LoadResult } from '@/lib/load';
import { contract } from '@/lib/load/contract';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, type Row } from './build-extract';
import { exists, inboxOf, load, loadBase, loadLog, snapshot } from './util';

let dir = '';
beforeEach(async () => { dir = await freshDataDir(); });
afterEach(async () => {
  delete process.env.FULL_SHRINK_MAX_PCT;
  delete process.env.REJECT_THRESHOLD_PCT;
  await cleanupDataDir(dir);
});

const ID = '2026-11-22T12-30';
/** A delta file with every contract column and `deleted` in its header (rows deleting a key need only the key). */
const delta = (table: 'clients' | 'invoices' | 'payments' | 'teams', rows: Row[]) =>
  ({ table, mode: 'delta' as const, rows, columns: [...contract[table].columns.map((c) => c.name), 'deleted'] });

/** Rejected by `rule`: the message names the file, the warehouse is as before, the report says the same, the log too. */
async function expectRejected(r: LoadResult, before: unknown, file: string, rule: string): Promise<void> {
  expect(r.outcome).toBe('rejected');
  expect(r.message).toContain(`${file}: `);
  expect(r.message).toContain(`[правило ${rule}]`);
  expect(await snapshot()).toEqual(before);
  expect(exists(path.join(inboxOf(dir), ID))).toBe(false);
  expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain(r.message);
  expect((await loadLog()).pop()).toMatchObject({ extract_id: ID, outcome: 'rejected', message: r.message });
}

describe('orphans', () => {
  it('a delta deleting a client that still has invoices and payments is rejected, naming the client and the counts', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [delta('clients', [{ client_id: 'c2', deleted: 1 }])] });
    await expectRejected(r, before, 'clients.csv', 'orphans');
    expect(r.message).toContain('invoices.client_id — строк: 1, удаляемых записей: 1 («c2»: 1)');
    expect(r.message).toContain('payments.client_id — строк: 1, удаляемых записей: 1 («c2»: 1)');
  });

  it('a full clients file that drops clients is rejected for every child table pointing at them (also when shrinking is allowed)', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [{ table: 'clients', rows: [base.clients[1]], allowShrink: true }] });
    await expectRejected(r, before, 'clients.csv', 'orphans');
    expect(r.message).toContain('полная замена clients');
    // c1 and c3 go: i1 → c1, i3 → c3; p1 → c1. c3's own parent link goes with c3 (clients is replaced).
    expect(r.message).toContain('invoices.client_id — строк: 2, удаляемых записей: 2 («c1»: 1, «c3»: 1)');
    expect(r.message).toContain('payments.client_id — строк: 1, удаляемых записей: 1 («c1»: 1)');
    expect(r.message).not.toContain('parent_client_id');
    expect(r.message).not.toContain('[правило shrink]');
  });

  it('deleting a client together with all its rows in one extract is applied', async () => {
    await loadBase(dir);
    const r = await load(dir, ID, { files: [
      delta('clients', [{ client_id: 'c2', deleted: 1 }]),
      delta('invoices', [{ invoice_id: 'i2', deleted: 1 }]),
      delta('payments', [{ payment_id: 'p2', deleted: 1 }]),
    ] });
    expect(r.outcome).toBe('applied');
    expect(r.deleted).toBe(3);
    expect(await query(`SELECT client_id FROM clients ORDER BY 1`)).toEqual([{ client_id: 'c1' }, { client_id: 'c3' }]);
    expect(await query(`SELECT invoice_id FROM invoices ORDER BY 1`)).toEqual([{ invoice_id: 'i1' }, { invoice_id: 'i3' }]);
    expect(await query(`SELECT payment_id FROM payments ORDER BY 1`)).toEqual([{ payment_id: 'p1' }]);
  });

  it('rows moved to another parent in the same extract are not orphans', async () => {
    await loadBase(dir);
    const r = await load(dir, ID, { files: [
      delta('clients', [{ client_id: 'c2', deleted: 1 }]),
      delta('invoices', [{ ...base.invoices[1], client_id: 'c1' }]),
      delta('payments', [{ ...base.payments[1], client_id: 'c1' }]),
    ] });
    expect(r.outcome).toBe('applied');
    expect(await query(`SELECT invoice_id, client_id FROM invoices WHERE invoice_id = 'i2'`)).toEqual([{ invoice_id: 'i2', client_id: 'c1' }]);
  });

  it('a child row whose move is quarantined still points at the deleted parent: rejected', async () => {
    process.env.REJECT_THRESHOLD_PCT = '100';
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [
      delta('clients', [{ client_id: 'c2', deleted: 1 }]),
      delta('invoices', [{ ...base.invoices[1], client_id: 'c1', amount: '-5' }]), // bad amount: the warehouse row stays on c2
      delta('payments', [{ payment_id: 'p2', deleted: 1 }]),
    ] });
    await expectRejected(r, before, 'clients.csv', 'orphans');
    expect(r.message).toContain('invoices.client_id — строк: 1, удаляемых записей: 1 («c2»: 1)');
    expect(r.message).not.toContain('payments.client_id');
  });

  it('a reference of a table to itself: deleting a chain head while its outlet stays is rejected', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [
      delta('clients', [{ client_id: 'c1', deleted: 1 }]),
      delta('invoices', [{ invoice_id: 'i1', deleted: 1 }]),
      delta('payments', [{ payment_id: 'p1', deleted: 1 }]),
    ] });
    await expectRejected(r, before, 'clients.csv', 'orphans');
    expect(r.message).toContain('clients.parent_client_id — строк: 1, удаляемых записей: 1 («c1»: 1)');
    expect(r.message).not.toContain('invoices.client_id');
  });

  it('deleting an invoice that has payments is rejected under invoices.csv', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [delta('invoices', [{ invoice_id: 'i1', deleted: 1 }])] });
    await expectRejected(r, before, 'invoices.csv', 'orphans');
    expect(r.message).toContain('удаление строк (deleted=1) из invoices');
    expect(r.message).toContain('payments.invoice_id — строк: 1, удаляемых записей: 1 («i1»: 1)');
  });

  it('a full file whose bad row drops a parent: the quarantined row counts as removed', async () => {
    process.env.REJECT_THRESHOLD_PCT = '100';
    await loadBase(dir);
    const before = await snapshot();
    const clients = [base.clients[0], { ...base.clients[1], status: 'nope' }, base.clients[2]];
    const r = await load(dir, ID, { files: [{ table: 'clients', rows: clients, allowShrink: true }] });
    await expectRejected(r, before, 'clients.csv', 'orphans');
    expect(r.message).toContain('invoices.client_id — строк: 1, удаляемых записей: 1 («c2»: 1)');
  });

  it('forcing the load does not let a reference dangle', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [delta('clients', [{ client_id: 'c2', deleted: 1 }])] }, { force: true });
    await expectRejected(r, before, 'clients.csv', 'orphans');
  });

  it('names the first parents and counts all of them', async () => {
    await loadBase(dir);
    // Six more clients with 1..6 invoices each: deleting all six names the five with most rows.
    const extra = Array.from({ length: 6 }, (_, i) => ({ client_id: `d${i + 1}`, name: `Клиент ${i + 1}`, status: 'active' }));
    const inv = extra.flatMap((c, i) => Array.from({ length: i + 1 }, (_, j) => ({
      invoice_id: `${c.client_id}-${j}`, client_id: c.client_id, period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '1',
    })));
    expect((await load(dir, '2026-11-22T10-00', { files: [delta('clients', extra), delta('invoices', inv)] })).outcome).toBe('applied');
    const before = await snapshot();
    const r = await load(dir, ID, { files: [delta('clients', extra.map((c) => ({ client_id: c.client_id, deleted: 1 })))] });
    await expectRejected(r, before, 'clients.csv', 'orphans');
    expect(r.message).toContain('invoices.client_id — строк: 21, удаляемых записей: 6 («d6»: 6, «d5»: 5, «d4»: 4, «d3»: 3, «d2»: 2, и ещё 1)');
  });
});

describe('shrink guard', () => {
  it('a full file losing more than 10 % of its table is rejected and says how to allow it', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const r = await load(dir, ID, { files: [{ table: 'payments', rows: [base.payments[1]] }] });
    await expectRejected(r, before, 'payments.csv', 'shrink');
    expect(r.message).toContain('уменьшила бы таблицу payments с 2 до 1 строк (−50,0 %, порог 10 %)');
    expect(r.message).toContain('"allow_shrink": true');
    expect(r.message).toContain('--force');
  });

  it('"allow_shrink": true in the manifest lets it through, and the message says so', async () => {
    await loadBase(dir);
    const r = await load(dir, ID, { files: [{ table: 'payments', rows: [base.payments[1]], allowShrink: true }] });
    expect(r.outcome).toBe('applied');
    expect(r.files[0].shrink).toEqual({ before: 2, after: 1, allowedBy: 'allow_shrink' });
    expect(r.message).toContain('payments.csv: таблица payments уменьшилась с 2 до 1 строк (−50,0 %) — разрешено: "allow_shrink": true в manifest.json');
    expect(fs.readFileSync(r.reportPath!, 'utf8')).toContain('разрешено: "allow_shrink": true');
    expect(await query(`SELECT payment_id FROM payments`)).toEqual([{ payment_id: 'p2' }]);
  });

  it('a forced load lets it through, and the message says so', async () => {
    await loadBase(dir);
    const r = await load(dir, ID, { files: [{ table: 'payments', rows: [base.payments[1]] }] }, { force: true });
    expect(r.outcome).toBe('applied');
    expect(r.message).toContain('— разрешено: принудительная загрузка (--force)');
  });

  it('exactly 10 % is allowed, more is not; FULL_SHRINK_MAX_PCT moves the limit', async () => {
    await loadBase(dir);
    const teams = Array.from({ length: 10 }, (_, i) => ({ team_id: `t${i + 1}`, name: `Команда ${i + 1}` }));
    expect((await load(dir, '2026-11-22T10-00', { files: [delta('teams', teams.slice(2))] })).outcome).toBe('applied');
    // 10 → 9: 10 % lost, not more than 10 %.
    const r1 = await load(dir, '2026-11-22T11-00', { files: [{ table: 'teams', rows: teams.slice(0, 9) }] });
    expect(r1.outcome).toBe('applied');
    expect(r1.files[0].shrink).toBeUndefined();
    // 9 → 8: 11.1 %.
    const before = await snapshot();
    const r2 = await load(dir, ID, { files: [{ table: 'teams', rows: teams.slice(0, 8) }] });
    await expectRejected(r2, before, 'teams.csv', 'shrink');
    expect(r2.message).toContain('с 9 до 8 строк (−11,1 %, порог 10 %)');
    process.env.FULL_SHRINK_MAX_PCT = '12';
    fs.rmSync(path.join(dir, 'rejected'), { recursive: true });
    const r3 = await load(dir, ID, { files: [{ table: 'teams', rows: teams.slice(0, 8) }] });
    expect(r3.outcome).toBe('applied');
  });

  it('a full file emptying a table is rejected unless allowed', async () => {
    await loadBase(dir);
    const before = await snapshot();
    const header = 'payment_id,invoice_id,client_id,paid_on,posted_at,amount\n';
    const r = await load(dir, ID, { files: [{ table: 'payments', content: header }] });
    await expectRejected(r, before, 'payments.csv', 'shrink');
    expect(r.message).toContain('с 2 до 0 строк (−100,0 %');
  });
});
