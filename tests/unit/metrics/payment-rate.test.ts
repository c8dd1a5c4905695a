// Payment % (spec/metrics.md "Payment %") on a hand-computed fixture loaded by the real loader.
// Every expected figure below is worked out in the comment next to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDayPayments, getPaymentCurve, getPaymentHistory, getPaymentRates, paceGap, paceTarget } from '@/lib/metrics/payment-rate';
import type { Scope } from '@/lib/db/scope';
import { base, type FileSpec, type Row } from '../load/build-extract';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';

const exec: Scope = { login: 'e', role: 'executive' };
const specS1: Scope = { login: 's', role: 'specialist', specialistId: 's1' };

// Clients: c1 and c3 are s1's now, c2 is s2's (base.clients). Teams: s1 → t1, s2 → t2.
const invoices: Row[] = [
  // i1 was issued by s2 (the owner when issued) to c1, whose current specialist is s1.
  { invoice_id: 'i1', client_id: 'c1', specialist_id: 's2', period: '2026-10', issued_on: '2026-10-01', due_on: '2026-10-10', amount: '1000' },
  // i2 has no specialist: it is grouped under the client's current one (s2).
  { invoice_id: 'i2', client_id: 'c2', specialist_id: null, period: '2026-10', issued_on: '2026-10-01', due_on: '2026-10-10', amount: '500' },
  // i3 is issued late (25th) and was paid before it was issued.
  { invoice_id: 'i3', client_id: 'c3', specialist_id: 's1', period: '2026-10', issued_on: '2026-10-25', due_on: '2026-10-31', amount: '300' },
  { invoice_id: 'i4', client_id: 'c1', specialist_id: 's1', period: '2026-09', issued_on: '2026-09-01', due_on: '2026-09-10', amount: '2000' },
  { invoice_id: 'i5', client_id: 'c2', specialist_id: 's2', period: '2026-08', issued_on: '2026-08-01', due_on: '2026-08-10', amount: '100' },
];
const payments: Row[] = [
  { payment_id: 'p1', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-10-05', amount: '600' },
  { payment_id: 'p2', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-10-12', amount: '700' }, // 1300 > 1000: capped
  { payment_id: 'p3', invoice_id: 'i2', client_id: 'c2', paid_on: '2026-10-20', amount: '200' },
  { payment_id: 'p4', invoice_id: 'i2', client_id: 'c2', paid_on: '2026-10-21', amount: '100' },
  { payment_id: 'p5', invoice_id: 'i3', client_id: 'c3', paid_on: '2026-10-15', amount: '300' },
  { payment_id: 'p6', invoice_id: 'i4', client_id: 'c1', paid_on: '2026-09-10', amount: '2000' },
  { payment_id: 'p7', invoice_id: 'i5', client_id: 'c2', paid_on: '2026-08-05', amount: '50' },
  // August's invoice gets 30 more in September: outside August as known on 08-31, inside Q3.
  { payment_id: 'p8', invoice_id: 'i5', client_id: 'c2', paid_on: '2026-09-15', amount: '30' },
];

let dir: string;
beforeAll(async () => {
  dir = await freshDataDir();
  const files: FileSpec[] = [
    { table: 'teams', rows: base.teams },
    { table: 'specialists', rows: base.specialists },
    { table: 'clients', rows: base.clients },
    { table: 'invoices', rows: invoices },
    { table: 'payments', rows: payments },
  ];
  const r = await load(dir, '2026-10-31T20-00', { asOf: '2026-10-31', files });
  if (r.outcome !== 'applied') throw new Error(r.message);
});
afterAll(async () => { await cleanupDataDir(dir); });

const rates = (q: Partial<Parameters<typeof getPaymentRates>[0]>) =>
  getPaymentRates({ period: '2026-10', asOf: '2026-10-20', by: 'company', span: 'month', scope: exec, ...q });

describe('payment % of a month, as known on D', () => {
  it('caps overpayment per invoice, ignores payments after D and invoices issued after D', async () => {
    // billed: i1 1000 + i2 500 (i3 issued 25th > D) = 1500; collected: i1 min(1000, 1300) + i2 200 (p4 after D) = 1200.
    const { total } = await rates({});
    expect(total).toMatchObject({ billed: 1500, collected: 1200, paymentPct: 80, remaining: 300, collectedOnDay: 200 });
    // D−1: collected 1000 of 1500 = 66.67 %; Δ = 80 − 66.67 = 13.33 points, 200 ₽ on D.
    expect(total.deltaPct).toBeCloseTo(80 - (100 * 1000) / 1500, 9);
  });

  it('counts a payment made before its invoice from the day the invoice is issued', async () => {
    // On the 24th i3 is not issued: billed 1500, collected 1000 + 300 = 1300.
    expect((await rates({ asOf: '2026-10-24' })).total).toMatchObject({ billed: 1500, collected: 1300 });
    // On the 25th i3 counts, with its earlier 300: billed 1800, collected 1600; Δ 300 ₽ that day.
    const t = (await rates({ asOf: '2026-10-25' })).total;
    expect(t).toMatchObject({ billed: 1800, collected: 1600, collectedOnDay: 300 });
    expect(t.paymentPct).toBeCloseTo((100 * 1600) / 1800, 9);
  });

  it('has no value when nothing is billed', async () => {
    const r = await rates({ period: '2026-11', asOf: '2026-11-05' });
    expect(r.total).toMatchObject({ billed: 0, collected: 0, paymentPct: null, deltaPct: null, remaining: 0 });
    expect(r.rows).toEqual([expect.objectContaining({ id: null, name: 'Компания', paymentPct: null })]);
  });

  it('two-month span: the month and the one before', async () => {
    // 2026-09 + 2026-10 as of 10-20: billed 2000 + 1500, collected 2000 + 1200.
    const r = await rates({ span: 'two-month' });
    expect(r.periods).toEqual(['2026-09', '2026-10']);
    expect(r.total).toMatchObject({ billed: 3500, collected: 3200 });
  });

  it('quarter span: the three periods of the quarter holding the period', async () => {
    // Q3 = 07, 08, 09 as of 10-20: billed 100 + 2000, collected 50 + 30 + 2000.
    const r = await rates({ period: '2026-09', span: 'quarter' });
    expect(r.periods).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(r.total).toMatchObject({ billed: 2100, collected: 2080 });
  });
});

describe('grouping', () => {
  it("by specialist uses the invoice's specialist, else the client's current one", async () => {
    // i1 (client c1 is s1's now) was issued by s2; i2 has none and c2 is s2's: both are s2's.
    const r = await rates({ by: 'specialist' });
    expect(r.rows.map((x) => [x.id, x.name, x.billed, x.collected])).toEqual([['s2', 'Сидорова Анна', 1500, 1200]]);
    const late = await rates({ by: 'specialist', asOf: '2026-10-31' });
    // i3 is s1's: billed 300, collected 300.
    expect(late.rows.map((x) => [x.id, x.billed, x.collected])).toEqual([['s1', 300, 300], ['s2', 1500, 1300]]);
  });

  it('by team goes through the specialist; by client lists clients with their specialist', async () => {
    const teams = await rates({ by: 'team', asOf: '2026-10-31' });
    expect(teams.rows.map((x) => [x.id, x.name, x.billed])).toEqual([['t1', 'Север', 300], ['t2', 'Юг', 1500]]);
    const clients = await rates({ by: 'client', asOf: '2026-10-31' });
    expect(clients.rows.map((x) => [x.id, x.billed, x.collected])).toEqual([['c2', 500, 300], ['c1', 1000, 1000], ['c3', 300, 300]]);
  });

  it('a team filter narrows to its invoices', async () => {
    const r = await rates({ by: 'specialist', asOf: '2026-10-31', teamId: 't1' });
    expect(r.total).toMatchObject({ billed: 300, collected: 300 });
  });

  it("a specialist's scope is their clients' invoices, whoever issued them", async () => {
    // s1's clients are c1 and c3: i1 (issued by s2) is visible, i2 (c2) is not. As of 10-20: i1 only.
    const r = await rates({ scope: specS1, by: 'client' });
    expect(r.total).toMatchObject({ billed: 1000, collected: 1000 });
    expect(r.rows.map((x) => x.id)).toEqual(['c1']);
  });
});

describe('history, curve, pace and the day', () => {
  it('months and quarters each as known on their last day, the current one on D', async () => {
    const h = await getPaymentHistory({ asOf: '2026-10-20', scope: exec });
    expect(h.months.map((m) => m.label)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    const m = Object.fromEntries(h.months.map((x) => [x.label, x]));
    expect(m['2026-08']).toMatchObject({ billed: 100, collected: 50, paymentPct: 50, asOf: '2026-08-31' });
    expect(m['2026-09']).toMatchObject({ billed: 2000, collected: 2000, paymentPct: 100, asOf: '2026-09-30' });
    expect(m['2026-10']).toMatchObject({ billed: 1500, collected: 1200, paymentPct: 80, asOf: '2026-10-20' });
    expect(m['2026-07'].paymentPct).toBeNull();
    expect(h.quarters.map((x) => [x.label, x.asOf])).toEqual([['2026-Q1', '2026-03-31'], ['2026-Q2', '2026-06-30'], ['2026-Q3', '2026-09-30'], ['2026-Q4', '2026-10-20']]);
    // Q3 as known on 09-30 counts August's September payment; August as known on 08-31 does not.
    expect(h.quarters[2]).toMatchObject({ billed: 2100, collected: 2080 });
  });

  it('history inside a quarter: an earlier month of the current quarter as known on its last day, the quarter on D', async () => {
    const h = await getPaymentHistory({ asOf: '2026-09-20', scope: exec });
    const m = Object.fromEntries(h.months.map((x) => [x.label, x]));
    expect(m['2026-08']).toMatchObject({ billed: 100, collected: 50, asOf: '2026-08-31' });
    // i4 issued 09-01 and paid 09-10; August's 30 of 09-15 is known on 09-20.
    expect(m['2026-09']).toMatchObject({ billed: 2000, collected: 2000, asOf: '2026-09-20' });
    expect(h.quarters[3]).toMatchObject({ label: '2026-Q3', asOf: '2026-09-20', billed: 2100, collected: 2080 });
    // The day before August's 30: the quarter has only its 50.
    const before = await getPaymentHistory({ asOf: '2026-09-14', scope: exec });
    expect(before.quarters[3]).toMatchObject({ billed: 2100, collected: 2050 });
    // Q2 (April–June) ended before D: nothing billed in this fixture.
    expect(h.quarters[2]).toMatchObject({ label: '2026-Q2', billed: 0, paymentPct: null });
  });

  it('the cumulative curve: the month day by day up to D, the months before on the same day', async () => {
    const c = await getPaymentCurve({ period: '2026-10', asOf: '2026-10-20', scope: exec });
    expect(c.points).toHaveLength(31);
    const at = (d: number) => c.points[d - 1];
    expect(at(4).pct).toBe(0); // billed 1500, nothing paid yet
    expect(at(5).pct).toBeCloseTo(40, 9); // 600 of 1500
    expect(at(12).pct).toBeCloseTo((100 * 1000) / 1500, 9); // i1 capped at 1000
    expect(at(20).pct).toBe(80);
    expect(at(21).pct).toBeNull(); // after D
    expect(c.prevPeriods).toEqual(['2026-09', '2026-08', '2026-07']);
    expect(at(9).prev1).toBe(0);
    expect(at(10).prev1).toBe(100);
    expect(at(31).prev1).toBe(100); // September has 30 days: day 31 reads its 30th
    expect(at(5).prev2).toBe(50);
    expect(at(20).target).toBe(80);
    expect(c.asOfDay).toBe(20);
  });

  it('curves of 28-, 30- and 31-day months have as many points, and end on the pace line at 100', async () => {
    for (const [period, n] of [['2026-02', 28], ['2026-09', 30], ['2026-10', 31]] as const) {
      const c = await getPaymentCurve({ period, asOf: '2026-10-31', scope: exec });
      expect(c.points).toHaveLength(n);
      expect(c.points[n - 1].target).toBe(100);
    }
  });

  it('the pace line: 80 % by the 20th, 100 % on the last day, straight between', () => {
    expect(paceTarget(0, 31)).toBe(0);
    expect(paceTarget(10, 31)).toBe(40);
    expect(paceTarget(20, 28)).toBe(80);
    expect(paceTarget(24, 28)).toBe(90); // 80 + 20 × 4/8
    expect(paceTarget(25, 30)).toBe(90); // 80 + 20 × 5/10
    expect(paceTarget(25, 31)).toBeCloseTo(80 + (20 * 5) / 11, 9);
    expect(paceTarget(31, 31)).toBe(100);
    expect(paceTarget(10, 30, 70, 15)).toBeCloseTo(70 * 10 / 15, 9); // configurable
    expect(paceGap(80, '2026-10', '2026-10-20')).toBe(0);
    expect(paceGap(60, '2026-10', '2026-10-10')).toBe(20);
    expect(paceGap(null, '2026-10', '2026-10-10')).toBeNull();
  });

  it('the Δ explained: what counted on D, by client, largest first', async () => {
    expect((await getDayPayments({ period: '2026-10', asOf: '2026-10-20', span: 'month', scope: exec })).map((r) => [r.clientId, r.collected]))
      .toEqual([['c2', 200]]);
    // On the 12th p2 brought 700, but only 400 counted (i1 capped at 1000).
    expect((await getDayPayments({ period: '2026-10', asOf: '2026-10-12', span: 'month', scope: exec })).map((r) => [r.clientId, r.collected]))
      .toEqual([['c1', 400]]);
    expect(await getDayPayments({ period: '2026-10', asOf: '2026-10-12', span: 'month', scope: { login: 'x', role: 'specialist', specialistId: 's2' } })).toEqual([]);
  });
});
