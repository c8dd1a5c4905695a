// Debtors (spec/metrics.md, "Payment %" → Debtors) on a hand-computed fixture loaded by the real
// loader. D = 2026-11-20, P = 2026-11. Each invoice below is one rule; the expected roubles are
// worked out by hand in the comments, so a wrong rule changes a number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { getDebtors, type DebtorRow } from '@/lib/metrics/debtors';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, type Row } from '../load/build-extract';
import { load } from '../load/util';

const D = '2026-11-20';
const P = '2026-11';
const exec: Scope = { login: 'e', role: 'executive' };

const inv = (invoice_id: string, client_id: string, specialist_id: string | null, period: string, due_on: string, amount: number, issued_on = `${period}-01`): Row =>
  ({ invoice_id, client_id, specialist_id, period, issued_on, due_on, amount: amount.toFixed(2) });
const pay = (payment_id: string, invoice_id: string, client_id: string, paid_on: string, amount: number): Row =>
  ({ payment_id, invoice_id, client_id, paid_on, amount: amount.toFixed(2) });

// Clients (current specialist → team): c1 s1 t1, c2 s2 t2, c3 s1 t1, c4 s3 t1, c5 none.
const specialists = [...base.specialists, { specialist_id: 's3', full_name: 'Кузнецова Ольга', team_id: 't1', active: 1 }];
const clients = [
  ...base.clients,
  { client_id: 'c4', name: 'ООО Дельта', status: 'active', specialist_id: 's3' },
  { client_id: 'c5', name: 'ООО Без специалиста', status: 'active', specialist_id: null },
];
// Days overdue on D = D − due_on.
const invoices = [
  inv('i1', 'c1', 's1', '2026-10', '2026-11-20', 1000), // 0 days, not due; 400 paid → 600 outstanding (partly paid)
  inv('i2', 'c1', 's1', '2026-10', '2026-11-19', 200), //  1 day  → 1–30
  inv('i3', 'c1', null, '2026-09', '2026-10-21', 300), // 30 days → 1–30
  inv('i4', 'c1', 's1', '2026-09', '2026-10-20', 50), //  31 days → 31–60; paid on D+1: still owed on D
  inv('i5', 'c2', 's2', '2026-08', '2026-09-21', 70), //  60 days → 31–60
  inv('i6', 'c2', 's2', '2026-08', '2026-09-20', 11), //  61 days → 61–90
  inv('i7', 'c2', 's2', '2026-07', '2026-08-22', 13), //  90 days → 61–90
  inv('i8', 'c2', 's2', '2026-07', '2026-08-21', 17), //  91 days → 90+
  inv('i9', 'c2', 's2', '2026-10', '2026-10-10', 500), // overpaid (600): no debt
  inv('i14', 'c2', 's2', '2026-10', '2026-10-10', 100), // paid in full exactly on D: no debt
  inv('i10', 'c3', 's2', '2026-10', '2026-10-31', 800), // owned by s2 (t2) though c3 is s1's now; 300 paid → 500, 20 days
  inv('i11', 'c3', 's1', '2026-11', '2026-11-10', 999), // period P itself: excluded
  inv('i12', 'c3', 's1', '2026-10', '2026-12-01', 777, '2026-11-25'), // issued after D: not known on D
  inv('i13', 'c4', null, '2026-10', '2026-11-25', 40), // due in 5 days: not due (days overdue 0)
  inv('i16', 'c4', 's3', '2026-10', '2026-11-25', 60), // two part payments (10 + 20) → 30, counted once
  inv('i17', 'c4', 's3', '2026-10', '2026-10-10', 0), //  0 ₽: never owed
  inv('i15', 'c5', null, '2026-10', '2026-11-10', 5), // no specialist anywhere: the null group; 10 days
];
const payments = [
  pay('p1', 'i1', 'c1', '2026-11-05', 400),
  pay('p2', 'i4', 'c1', '2026-11-21', 50),
  pay('p3', 'i9', 'c2', '2026-11-01', 600),
  pay('p4', 'i14', 'c2', D, 100),
  pay('p5', 'i10', 'c3', '2026-10-15', 300),
  pay('p6', 'i16', 'c4', '2026-11-01', 10),
  pay('p7', 'i16', 'c4', '2026-11-02', 20),
];

const zero = { notDue: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90plus: 0 };
const pick = (r: DebtorRow) => ({ id: r.id, name: r.name, outstanding: r.outstanding, invoices: r.invoices, clients: r.clients });

describe('getDebtors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', {
      asOf: D,
      files: [
        { table: 'teams', rows: base.teams },
        { table: 'specialists', rows: specialists },
        { table: 'clients', rows: clients },
        { table: 'invoices', rows: invoices },
        { table: 'payments', rows: payments },
      ],
    });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('by client: outstanding, counts, oldest due, days overdue and every aging bucket', async () => {
    const d = await getDebtors({ period: P, asOf: D, by: 'client', scope: exec });
    expect(d.period).toBe(P);
    expect(d.asOf).toBe(D);
    expect(d.rowCount).toBe(5);
    expect(d.rows).toEqual([
      {
        id: 'c1', name: 'ООО «Ромашка»', specialistId: 's1', specialistName: 'Петров Пётр', teamId: 't1', teamName: 'Север',
        outstanding: 1150, invoices: 4, clients: 1, oldestDueOn: '2026-10-20', daysOverdue: 31,
        ...zero, notDue: 600, d1_30: 500, d31_60: 50,
      },
      {
        // The row shows who looks after c3 now (s1), although its invoice is s2's.
        id: 'c3', name: 'Ромашка, филиал', specialistId: 's1', specialistName: 'Петров Пётр', teamId: 't1', teamName: 'Север',
        outstanding: 500, invoices: 1, clients: 1, oldestDueOn: '2026-10-31', daysOverdue: 20, ...zero, d1_30: 500,
      },
      {
        id: 'c2', name: 'ИП Лютиков', specialistId: 's2', specialistName: 'Сидорова Анна', teamId: 't2', teamName: 'Юг',
        outstanding: 111, invoices: 4, clients: 1, oldestDueOn: '2026-08-21', daysOverdue: 91,
        ...zero, d31_60: 70, d61_90: 24, d90plus: 17,
      },
      {
        id: 'c4', name: 'ООО Дельта', specialistId: 's3', specialistName: 'Кузнецова Ольга', teamId: 't1', teamName: 'Север',
        outstanding: 70, invoices: 2, clients: 1, oldestDueOn: '2026-11-25', daysOverdue: 0, ...zero, notDue: 70,
      },
      {
        id: 'c5', name: 'ООО Без специалиста', specialistId: null, specialistName: null, teamId: null, teamName: null,
        outstanding: 5, invoices: 1, clients: 1, oldestDueOn: '2026-11-10', daysOverdue: 10, ...zero, d1_30: 5,
      },
    ]);
    expect(d.total).toEqual({
      outstanding: 1836, invoices: 12, clients: 5, oldestDueOn: '2026-08-21', daysOverdue: 91,
      notDue: 670, d1_30: 1005, d31_60: 120, d61_90: 24, d90plus: 17,
    });
  });

  it('groups by the invoice specialist, and by team through it', async () => {
    const s = await getDebtors({ period: P, asOf: D, by: 'specialist', scope: exec });
    expect(s.rows.map(pick)).toEqual([
      { id: 's1', name: 'Петров Пётр', outstanding: 1150, invoices: 4, clients: 1 }, // i3 has no owner: c1's s1
      { id: 's2', name: 'Сидорова Анна', outstanding: 611, invoices: 5, clients: 2 }, // c2 111 + c3's i10 500
      { id: 's3', name: 'Кузнецова Ольга', outstanding: 70, invoices: 2, clients: 1 },
      { id: null, name: '—', outstanding: 5, invoices: 1, clients: 1 },
    ]);
    expect(s.rows[1]).toMatchObject({ oldestDueOn: '2026-08-21', daysOverdue: 91, d1_30: 500, d31_60: 70, d61_90: 24, d90plus: 17 });
    expect(s.rows[0]).toMatchObject({ specialistId: null, teamId: null });
    const t = await getDebtors({ period: P, asOf: D, by: 'team', scope: exec });
    expect(t.rows.map(pick)).toEqual([
      { id: 't1', name: 'Север', outstanding: 1220, invoices: 6, clients: 2 },
      { id: 't2', name: 'Юг', outstanding: 611, invoices: 5, clients: 2 },
      { id: null, name: '—', outstanding: 5, invoices: 1, clients: 1 },
    ]);
    expect(t.total).toEqual(s.total);
  });

  it('is as known on D: before a payment, after a payment, after a late issue', async () => {
    // On 2026-11-04 i1's 400 is not yet paid (1000 owed) and i14 is unpaid (100, 25 days);
    // i9's overpayment of 11-01 already clears it.
    const before = await getDebtors({ period: P, asOf: '2026-11-04', by: 'client', scope: exec });
    expect(before.rows.find((r) => r.id === 'c1')).toMatchObject({ outstanding: 1550, invoices: 4 });
    expect(before.rows.find((r) => r.id === 'c2')).toMatchObject({ outstanding: 211, invoices: 5 });
    // On 2026-11-25 i4 is paid (gone) and i12 (issued that day) is owed.
    const after = await getDebtors({ period: P, asOf: '2026-11-25', by: 'client', scope: exec });
    expect(after.rows.find((r) => r.id === 'c1')).toMatchObject({ outstanding: 1100, invoices: 3 });
    expect(after.rows.find((r) => r.id === 'c3')).toMatchObject({ outstanding: 1277, invoices: 2, oldestDueOn: '2026-10-31', daysOverdue: 25 });
  });

  it('counts only periods before P', async () => {
    const later = await getDebtors({ period: '2026-12', asOf: D, by: 'client', scope: exec });
    expect(later.rows.find((r) => r.id === 'c3')).toMatchObject({ outstanding: 1499, invoices: 2 }); // + i11
    const earlier = await getDebtors({ period: '2026-09', asOf: D, by: 'client', scope: exec });
    expect(earlier.rows.map(pick)).toEqual([{ id: 'c2', name: 'ИП Лютиков', outstanding: 111, invoices: 4, clients: 1 }]); // i5–i8; c1's i3 i4 are 2026-09
    const none = await getDebtors({ period: '2026-07', asOf: D, by: 'team', scope: exec });
    expect(none.rows).toEqual([]);
    expect(none.rowCount).toBe(0);
    expect(none.total).toMatchObject({ outstanding: 0, invoices: 0, clients: 0, oldestDueOn: null, daysOverdue: 0 });
  });

  it('scope is the client current specialist; grouping stays the invoice owner', async () => {
    const s1: Scope = { login: 's1', role: 'specialist', specialistId: 's1' };
    expect((await getDebtors({ period: P, asOf: D, by: 'client', scope: s1 })).rows.map((r) => [r.id, r.outstanding]))
      .toEqual([['c1', 1150], ['c3', 500]]);
    const bySpec = await getDebtors({ period: P, asOf: D, by: 'specialist', scope: s1 });
    expect(bySpec.rows.map((r) => [r.id, r.outstanding])).toEqual([['s1', 1150], ['s2', 500]]);
    expect(bySpec.total).toMatchObject({ outstanding: 1650, invoices: 5, clients: 2 });
    const s2: Scope = { login: 's2', role: 'specialist', specialistId: 's2' };
    expect((await getDebtors({ period: P, asOf: D, by: 'client', scope: s2 })).rows.map((r) => [r.id, r.outstanding])).toEqual([['c2', 111]]);
    const head: Scope = { login: 'h', role: 'head', teamIds: ['t1'] };
    expect((await getDebtors({ period: P, asOf: D, by: 'client', scope: head })).rows.map((r) => r.id)).toEqual(['c1', 'c3', 'c4']);
    const nobody: Scope = { login: 'x', role: 'specialist', specialistId: null };
    expect((await getDebtors({ period: P, asOf: D, by: 'client', scope: nobody })).rows).toEqual([]);
  });

  it('narrows to a specialist or a team by the invoice owner', async () => {
    const s2 = await getDebtors({ period: P, asOf: D, by: 'client', scope: exec, specialistId: 's2' });
    expect(s2.rows.map((r) => [r.id, r.outstanding])).toEqual([['c3', 500], ['c2', 111]]);
    const t1 = await getDebtors({ period: P, asOf: D, by: 'specialist', scope: exec, teamId: 't1' });
    expect(t1.rows.map((r) => [r.id, r.outstanding])).toEqual([['s1', 1150], ['s3', 70]]);
    expect(t1.total.outstanding).toBe(1220);
  });

  it('limits the rows, not the total', async () => {
    const two = await getDebtors({ period: P, asOf: D, by: 'client', scope: exec, limit: 2 });
    expect(two.rows.map((r) => r.id)).toEqual(['c1', 'c3']);
    expect(two.rowCount).toBe(5);
    expect(two.total).toMatchObject({ outstanding: 1836, invoices: 12, clients: 5 });
    const none = await getDebtors({ period: P, asOf: D, by: 'team', scope: exec, limit: 0 });
    expect(none.rows).toEqual([]);
    expect(none.rowCount).toBe(3);
    expect(none.total.outstanding).toBe(1836);
  });

  it('rejects a malformed period or date', async () => {
    await expect(getDebtors({ period: '2026-13', asOf: D, by: 'client', scope: exec })).rejects.toThrow();
    await expect(getDebtors({ period: P, asOf: '2026-02-30', by: 'client', scope: exec })).rejects.toThrow();
  });
});
