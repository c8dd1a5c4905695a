// `--live-load auto`'s extract: written from a loaded company's own rows, it must be applied by the
// real loader as a next-day delta, pay the invoices it names in full, rename one client, move one
// and add one, leaving every other column of the changed clients as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyExtractId, nextDay, orgInn, renamedName, writeDailyDelta, type DeltaClient, type OpenInvoice } from '@/lib/bench/daily-delta';
import { query } from '@/lib/db';
import { isValidInn } from '@/lib/generate';
import { loadExtract } from '@/lib/load';
import { cleanupDataDir, loadGeneratedCompany } from '../helpers';

let dir: string;
let side: string;

const CLIENT_SQL = /* sql */ `SELECT client_id, name, inn, contract_no, strftime(contract_start, '%Y-%m-%d') AS contract_start, holding_id, holding_name,
  parent_client_id, segment, tax_system, region, specialist_id, status, strftime(churned_on, '%Y-%m-%d') AS churned_on, phone, email, address, specifics
  FROM clients WHERE client_id = $id`;
const client = async (id: string) => (await query<DeltaClient>(CLIENT_SQL, { id }))[0];

beforeAll(async () => {
  dir = await loadGeneratedCompany({ clients: 300, months: 3, seed: 11, asOf: '2026-11-20' });
  side = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-'));
});

afterAll(async () => {
  fs.rmSync(side, { recursive: true, force: true });
  await cleanupDataDir(dir);
});

describe('daily delta', () => {
  it('dates, ids, names and ИНН', () => {
    expect(nextDay('2026-11-20')).toBe('2026-11-21');
    expect(nextDay('2026-11-30')).toBe('2026-12-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(dailyExtractId('2026-11-20')).toBe('2026-11-21T12-30');
    for (const seed of [0, 1, 20261121, 9_999_999, 123_456_789]) expect(isValidInn(orgInn(seed)), String(seed)).toBe(true);
    expect(renamedName('ООО «Гастроном»')).toBe('АО «Гастроном»');
    expect(renamedName('ИП Петров Пётр')).toBe('ООО «Петров Пётр»');
  });

  it('is applied by the loader: invoices paid in full, one client renamed, one moved, one new', async () => {
    const open = await query<{ invoiceId: string; clientId: string; remaining: number }>(/* sql */ `
      SELECT i.invoice_id AS "invoiceId", i.client_id AS "clientId", (i.amount - coalesce(sum(p.amount), 0))::DOUBLE AS remaining
      FROM invoices i LEFT JOIN payments p USING (invoice_id)
      WHERE i.period = '2026-11' GROUP BY i.invoice_id, i.client_id, i.amount HAVING i.amount - coalesce(sum(p.amount), 0) > 0
      ORDER BY 1 LIMIT 5`);
    expect(open.length).toBe(5);
    const pay: OpenInvoice[] = open;
    const [a, b] = await query<{ id: string }>(`SELECT client_id AS id FROM clients WHERE status = 'active' AND specialist_id IS NOT NULL ORDER BY client_id LIMIT 2`);
    const rename = await client(a.id);
    const move = await client(b.id);
    const [to] = await query<{ id: string }>('SELECT specialist_id AS id FROM specialists WHERE specialist_id <> $s ORDER BY 1 LIMIT 1', { s: move.specialist_id });
    const [spec] = await query<{ id: string }>('SELECT specialist_id AS id FROM specialists ORDER BY 1 DESC LIMIT 1');
    const d = writeDailyDelta({ asOf: '2026-11-20', outDir: side, pay, rename, move, moveTo: to.id, newClientSpecialist: spec.id });
    expect(d).toMatchObject({ extractId: '2026-11-21T12-30', asOf: '2026-11-21', payments: 5 });
    expect(fs.readdirSync(d.dir).sort()).toEqual(['clients.csv', 'manifest.json', 'payments.csv']);

    const r = await loadExtract(d.dir);
    expect(r.outcome, r.message).toBe('applied');
    const [last] = await query<{ asOf: string }>(`SELECT strftime(as_of, '%Y-%m-%d') AS "asOf" FROM load_log WHERE outcome = 'applied' ORDER BY load_id DESC LIMIT 1`);
    expect(last.asOf).toBe('2026-11-21');

    for (const inv of open) {
      const [x] = await query<{ paid: number; amount: number; on: string }>(/* sql */ `
        SELECT (SELECT sum(amount) FROM payments WHERE invoice_id = $id)::DOUBLE AS paid, amount::DOUBLE AS amount,
          (SELECT strftime(max(paid_on), '%Y-%m-%d') FROM payments WHERE invoice_id = $id) AS "on"
        FROM invoices WHERE invoice_id = $id`, { id: inv.invoiceId });
      expect(x.paid).toBeCloseTo(x.amount, 2);
      expect(x.on).toBe('2026-11-21');
    }
    expect(await client(a.id)).toEqual({ ...rename, name: renamedName(rename.name) });
    expect(await client(b.id)).toEqual({ ...move, specialist_id: to.id });
    const fresh = await client(d.newClientId);
    expect(fresh).toMatchObject({ specialist_id: spec.id, status: 'active', contract_start: '2026-11-21' });
    expect(isValidInn(fresh.inn!)).toBe(true);
  });
});
