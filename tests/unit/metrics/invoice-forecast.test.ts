// The invoice method of the month-end forecast and «Кому позвонить» (lib/metrics/invoice-forecast.ts,
// lib/metrics/payment-calls.ts) on a warehouse built by the real loader. Every expected number is
// worked out by hand in the comments next to it.
//
// Period P = 2026-07 as known on D = 2026-07-15 (E = 2026-07-31).
// History window of P: invoices due in (2025-05-26, 2026-05-26] (2026-07-01 − 36 days = 2026-05-26).
//
// Clients (each history invoice 1,000 ₽, issued on the 1st of its month, so nothing is issued after
// day 15 of a history month and the later-invoice ratios are 0):
//   CP «Пунктуальный» (S1, segment SP): 12 invoices 2025-06..2026-05 due on the 10th, paid on the due
//      date → lateness 0 × 12.
//   CL «Опаздывающий» (S1, segment SL): 12 invoices 2025-06..2026-05 due on the 10th, paid 20 days
//      later → lateness 20 × 12.
//   CQ «Частичный» (S2, no segment = NULL): 12 invoices 2025-06..2026-05:
//      Jun, Jul, Aug 2025 due the 10th paid the 5th  → −5 × 3
//      Sep, Oct, Nov 2025 due the 10th paid the 22nd → 12 × 3
//      Dec 2025, Jan 2026 due the 10th, May 2026 due the 26th (the window's last day), paid 25 days
//      later → 25 × 3
//      Feb 2026 paid 40 days late (> 35), Mar 2026 never paid, Apr 2026 half paid → NEVER × 3
//      plus two unpaid invoices just outside the window (due 2025-05-26 and 2026-05-27): not counted.
//   CN «Новый» (S2, segment SL, no history), CM «Новейший» (S2, segment SX, which has no history at all).
//
// Company lateness list (36): 0 × 12, 20 × 12, −5 × 3, 12 × 3, 25 × 3, NEVER × 3.
// Segment SP: 0 × 12. Segment SL: 20 × 12. Segment NULL: CQ's 12. Segment SX: nothing.
//
// July invoices (period 2026-07):
//   I_CP  CP 1,000 issued 07-01 due 07-10, paid in full 07-20 (after D: open on D)   a = 5,  b = 21
//   I_CL  CL 2,000 issued 07-01 due 07-05, paid in full 07-25 (after D)              a = 10, b = 26
//   I_CL2 CL   500 issued 07-02 due 07-12, paid in full 07-12 (collected on D)
//   I_CN  CN   800 issued 07-01 due 07-15 (due on D), unpaid                         a = 0,  b = 16
//   I_CN2 CN   300 issued 07-20 (after D: not billed on D) due 07-30, unpaid
//   I_CM  CM 1,200 issued 07-01 due 07-01, unpaid                                    a = 14, b = 30
//   I_CQ  CQ 1,000 issued 07-01 due 07-03, 400 paid 07-08, 600 paid 07-25            a = 12, b = 28
//
// Probabilities (p_company = num/den; p_seg = (n_s + 20 p_company)/(d_s + 20); p = (n + 3 p_seg)/(d + 3)):
//   I_CP (5, 21]:  company late > 5: 20×12, 12×3, 25×3, N×3 = 21; 5 < late ≤ 21: 20×12, 12×3 = 15
//                  → 15/21 = 5/7. SP: 0/0 → 5/7. CP: 0/0 → p = 5/7.
//   I_CL (10, 26]: company den 21 (as above); 10 < late ≤ 26: 12 + 3 + 3 = 18 → 6/7.
//                  SL: 12/12 → (12 + 20·6/7)/32 = 204/224 = 51/56.
//                  CL: 12/12 → (12 + 3·51/56)/15 = (672 + 153)/840 = 55/56.
//   I_CN (0, 16]:  company late > 0: 21; 0 < late ≤ 16: 12×3 = 3 → 1/7.
//                  SL: den 12 (20 > 0), num 0 (20 > 16) → (0 + 20/7)/32 = 5/56. CN: 0/0 → p = 5/56.
//   I_CM (14, 30]: company late > 14: 20×12, 25×3, N×3 = 18; 14 < late ≤ 30: 12 + 3 = 15 → 5/6.
//                  SX: none → 5/6. CM: 0/0 → p = 5/6.
//   I_CQ (12, 28]: company late > 12: 18 (12 itself is not > 12); num 12 + 3 = 15 → 5/6.
//                  NULL segment (= CQ): late > 12: 25×3, N×3 = 6; num 3 → (3 + 20·5/6)/26 = 59/78.
//                  CQ: 3/6 → (3 + 3·59/78)/9 = (3 + 59/26)/9 = 137/234.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import type { Scope } from '@/lib/db/scope';
import {
  forecastPct, forecastPoints, forecastRange, historyWindow, invoiceForecast, invoiceWhere, K_CLIENT, K_SEGMENT, lateCounts,
  shrunkProbability, sourceOf,
} from '@/lib/metrics/invoice-forecast';
import { getPaymentCalls, type CallRow } from '@/lib/metrics/payment-calls';
import { getPaymentForecast } from '@/lib/metrics/payment-forecast';
import { paceTarget } from '@/lib/metrics/payment-rate';
import { expectStoredEqualsLive } from './stored-probabilities';
import type { Row } from '../load/build-extract';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadPaymentFixture } from '../load/util';

const exec: Scope = { login: 'e', role: 'executive' };
const NEVER = 999;

// --- pure functions --------------------------------------------------------------------------

describe('lateCounts', () => {
  it('strict a < late ≤ b in num, late > a in den', () => {
    // late > 5: 6, 20, 21, 22, 999 → den 5; of those ≤ 21: 6, 20, 21 → num 3 (5 itself is not > 5).
    expect(lateCounts([-5, 0, 5, 6, 20, 21, 22, NEVER], 5, 21)).toEqual({ num: 3, den: 5 });
    // Negative a: late > −3: 0, 5 → den 2; ≤ 0: 0 → num 1 (−3 itself excluded, −5 too).
    expect(lateCounts([-5, -3, 0, 5], -3, 0)).toEqual({ num: 1, den: 2 });
  });
  it('NEVER counts in den but never in num (b is at most 100 in the model)', () => {
    expect(lateCounts([NEVER, NEVER, 10], 0, 100)).toEqual({ num: 1, den: 3 });
    expect(lateCounts([NEVER], 30, 31)).toEqual({ num: 0, den: 1 });
  });
  it('a = b: nothing can be paid in between; empty list: 0/0', () => {
    expect(lateCounts([0, 10, 20, NEVER], 10, 10)).toEqual({ num: 0, den: 2 });
    expect(lateCounts([], 5, 21)).toEqual({ num: 0, den: 0 });
    // Everyone paid by a: den 0.
    expect(lateCounts([0, 0, 0], 5, 21)).toEqual({ num: 0, den: 0 });
  });
});

describe('shrunkProbability', () => {
  it('the pseudo-counts are K_CLIENT = 3 and K_SEGMENT = 20', () => {
    expect([K_CLIENT, K_SEGMENT]).toEqual([3, 20]);
  });
  it('a client with 0/0 gets exactly its segment p; a segment with 0/0 the company p', () => {
    // company 3/4 = 0.75; segment 0/0 → (0 + 20·0.75)/20 = 0.75; client 0/0 → (0 + 3·0.75)/3 = 0.75.
    expect(shrunkProbability({ client: { num: 0, den: 0 }, segment: { num: 0, den: 0 }, company: { num: 3, den: 4 } })).toBeCloseTo(0.75, 12);
    // segment 2/5: (2 + 20·0.75)/25 = 17/25 = 0.68; client 0/0 → 0.68.
    expect(shrunkProbability({ client: { num: 0, den: 0 }, segment: { num: 2, den: 5 }, company: { num: 3, den: 4 } })).toBeCloseTo(0.68, 12);
  });
  it('the full chain', () => {
    // pS = 0.68 (above); client 1/2: (1 + 3·0.68)/5 = 3.04/5 = 0.608.
    expect(shrunkProbability({ client: { num: 1, den: 2 }, segment: { num: 2, den: 5 }, company: { num: 3, den: 4 } })).toBeCloseTo(0.608, 12);
    // The fixture's I_CL: company 18/21, segment 12/12, client 12/12 → 55/56 (header).
    expect(shrunkProbability({ client: { num: 12, den: 12 }, segment: { num: 12, den: 12 }, company: { num: 18, den: 21 } })).toBeCloseTo(55 / 56, 12);
    // The fixture's I_CQ: company 15/18, segment 3/6, client 3/6 → 137/234.
    expect(shrunkProbability({ client: { num: 3, den: 6 }, segment: { num: 3, den: 6 }, company: { num: 15, den: 18 } })).toBeCloseTo(137 / 234, 12);
  });
  it('no company data: company p = 0; much own history dominates', () => {
    // pC = 0 → pS = 0 → client 2/2: (2 + 0)/5 = 0.4.
    expect(shrunkProbability({ client: { num: 2, den: 2 }, segment: { num: 0, den: 0 }, company: { num: 0, den: 0 } })).toBeCloseTo(0.4, 12);
    // client 1000/1000 with a prior of 0: 1000/1003.
    expect(shrunkProbability({ client: { num: 1000, den: 1000 }, segment: { num: 0, den: 0 }, company: { num: 0, den: 5 } })).toBeCloseTo(1000 / 1003, 12);
  });
});

describe('historyWindow', () => {
  it('ends 36 days before the period, starts a year before that', () => {
    // 2026-07-01 − 30 = 2026-06-01, − 6 more = 2026-05-26.
    expect(historyWindow('2026-07')).toEqual({ from: '2025-05-26', to: '2026-05-26' });
    // 2026-03-01 − 28 (February) = 2026-02-01, − 8 more = 2026-01-24.
    expect(historyWindow('2026-03')).toEqual({ from: '2025-01-24', to: '2026-01-24' });
    // Leap year: 2024-03-01 − 29 = 2024-02-01, − 7 more = 2024-01-25.
    expect(historyWindow('2024-03')).toEqual({ from: '2023-01-25', to: '2024-01-25' });
    // Across a year: 2026-01-01 − 31 = 2025-12-01, − 5 more = 2025-11-26.
    expect(historyWindow('2026-01')).toEqual({ from: '2024-11-26', to: '2025-11-26' });
  });
});

describe('forecastRange', () => {
  it('forecast + the 10th and 90th percentile errors, from 3 months on', () => {
    // errors −4, −2, 0, 2, 4 → 10th = −4 + 0.4 × 2 = −3.2, 90th = 3.2.
    const r = forecastRange(50, 40, [-4, -2, 0, 2, 4]);
    expect(r.lowPct).toBeCloseTo(46.8, 9);
    expect(r.highPct).toBeCloseTo(53.2, 9);
    expect(forecastRange(50, 40, [-4, 4])).toEqual({ lowPct: null, highPct: null });
    expect(forecastRange(null, 40, [-4, 0, 4])).toEqual({ lowPct: null, highPct: null });
  });
  it('holds the forecast, stays within 0–100 and not below today\'s % unless the forecast is', () => {
    // All past errors positive: the range still starts at the forecast.
    const r = forecastRange(50, 40, [1, 2, 3]);
    expect(r.lowPct).toBe(50);
    expect(r.highPct).toBeCloseTo(52.8, 9);
    // 10th = −10 + 0.2 × 10 = −8 → 37, today 40: held at 40; 90th = 0 + 0.8 × 80 = 64 → 109: held at 100.
    expect(forecastRange(45, 40, [-10, 0, 80])).toEqual({ lowPct: 40, highPct: 100 });
    // The forecast itself below today's (invoices still to come): the range may go lower still.
    // 10th = −10 + 0.2 × 5 = −9 → 21; 90th = −5 + 0.8 × 5 = −1 → 29, held at the forecast 30.
    const low = forecastRange(30, 40, [-10, -5, 0]);
    expect(low.lowPct).toBeCloseTo(21, 9);
    expect(low.highPct).toBe(30);
  });
});

describe('forecastPct', () => {
  it('without later invoices: 100 × (collected + expected) / billed', () => {
    // 100 × (400 + 300) / 1000 = 70.
    expect(forecastPct({ billed: 1000, collected: 400, expected: 300 }, undefined)).toBeCloseTo(70, 12);
    expect(forecastPct({ billed: 1000, collected: 400, expected: 300 }, { rBilled: 0, rCollected: 0 })).toBeCloseTo(70, 12);
  });
  it('with later invoices: 100 × (collected + expected + billed·rC) / (billed·(1 + rB))', () => {
    // 100 × (400 + 300 + 1000·0.1) / (1000·1.25) = 100 × 800 / 1250 = 64.
    expect(forecastPct({ billed: 1000, collected: 400, expected: 300 }, { rBilled: 0.25, rCollected: 0.1 })).toBeCloseTo(64, 12);
  });
  it('null when nothing is billed; capped at 100', () => {
    expect(forecastPct({ billed: 0, collected: 0, expected: 0 }, undefined)).toBeNull();
    expect(forecastPct({ billed: 0, collected: 0, expected: 0 }, { rBilled: 0.5, rCollected: 0.5 })).toBeNull();
    // 100 × (90 + 20) / 100 = 110 → 100.
    expect(forecastPct({ billed: 100, collected: 90, expected: 20 }, undefined)).toBe(100);
    // 100 × (90 + 0 + 100·0.5) / (100·1.1) = 127.3 → 100.
    expect(forecastPct({ billed: 100, collected: 90, expected: 0 }, { rBilled: 0.1, rCollected: 0.5 })).toBe(100);
  });
});

// --- the fixture -----------------------------------------------------------------------------
const teams: Row[] = [{ team_id: 'T1', name: 'Первая' }];
const specialists: Row[] = [
  { specialist_id: 'S1', full_name: 'Сергеев Первый', team_id: 'T1', active: 1 },
  { specialist_id: 'S2', full_name: 'Сергеев Второй', team_id: 'T1', active: 1 },
];
const clients: Row[] = [
  { client_id: 'CP', name: 'Пунктуальный', status: 'active', specialist_id: 'S1', segment: 'SP' },
  { client_id: 'CL', name: 'Опаздывающий', status: 'active', specialist_id: 'S1', segment: 'SL' },
  { client_id: 'CQ', name: 'Частичный', status: 'active', specialist_id: 'S2', segment: '' },
  { client_id: 'CN', name: 'Новый', status: 'active', specialist_id: 'S2', segment: 'SL' },
  { client_id: 'CM', name: 'Новейший', status: 'active', specialist_id: 'S2', segment: 'SX' },
];
const owner: Record<string, string> = { CP: 'S1', CL: 'S1', CQ: 'S2', CN: 'S2', CM: 'S2' };
const invoices: Row[] = [];
const payments: Row[] = [];

/** ISO day `n` days after `iso` (UTC calendar). */
function plus(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function invoice(id: string, client: string, period: string, issued: string, due: string, amount: number, pays: Array<[string, number]> = []) {
  invoices.push({ invoice_id: id, client_id: client, specialist_id: owner[client], period, issued_on: issued, due_on: due, amount });
  for (const [on, sum] of pays) payments.push({ payment_id: `P${payments.length + 1}`, invoice_id: id, client_id: client, paid_on: on, amount: sum });
}
/** The 12 history months 2025-06 .. 2026-05. */
const HIST = ['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

// CP: paid on the due date (lateness 0).
HIST.forEach((p) => invoice(`HP-${p}`, 'CP', p, `${p}-01`, `${p}-10`, 1000, [[`${p}-10`, 1000]]));
// CL: paid 20 days after the due date (2026-02-10 + 20 = 2026-03-02).
HIST.forEach((p) => invoice(`HL-${p}`, 'CL', p, `${p}-01`, `${p}-10`, 1000, [[plus(`${p}-10`, 20), 1000]]));
// CQ: −5 × 3, 12 × 3, 25 × 3, NEVER × 3 (see the header).
for (const p of HIST.slice(0, 3)) invoice(`HQ-${p}`, 'CQ', p, `${p}-01`, `${p}-10`, 1000, [[`${p}-05`, 1000]]);
for (const p of HIST.slice(3, 6)) invoice(`HQ-${p}`, 'CQ', p, `${p}-01`, `${p}-10`, 1000, [[`${p}-22`, 1000]]);
invoice('HQ-2025-12', 'CQ', '2025-12', '2025-12-01', '2025-12-10', 1000, [['2026-01-04', 1000]]); // +25
invoice('HQ-2026-01', 'CQ', '2026-01', '2026-01-01', '2026-01-10', 1000, [['2026-02-04', 1000]]); // +25
invoice('HQ-2026-05', 'CQ', '2026-05', '2026-05-01', '2026-05-26', 1000, [['2026-06-20', 1000]]); // +25, due on the window's last day
invoice('HQ-2026-02', 'CQ', '2026-02', '2026-02-01', '2026-02-10', 1000, [['2026-03-22', 1000]]); // +40 → NEVER
invoice('HQ-2026-03', 'CQ', '2026-03', '2026-03-01', '2026-03-10', 1000); // never → NEVER
invoice('HQ-2026-04', 'CQ', '2026-04', '2026-04-01', '2026-04-10', 1000, [['2026-04-10', 500]]); // half → NEVER
// Just outside the window (from is exclusive, to inclusive): both would add a NEVER.
invoice('XQ-2025-05', 'CQ', '2025-05', '2025-05-01', '2025-05-26', 1000);
invoice('XQ-2026-05', 'CQ', '2026-05', '2026-05-01', '2026-05-27', 1000);

// July 2026.
invoice('I_CP', 'CP', '2026-07', '2026-07-01', '2026-07-10', 1000, [['2026-07-20', 1000]]);
invoice('I_CL', 'CL', '2026-07', '2026-07-01', '2026-07-05', 2000, [['2026-07-25', 2000]]);
invoice('I_CL2', 'CL', '2026-07', '2026-07-02', '2026-07-12', 500, [['2026-07-12', 500]]);
invoice('I_CN', 'CN', '2026-07', '2026-07-01', '2026-07-15', 800);
invoice('I_CN2', 'CN', '2026-07', '2026-07-20', '2026-07-30', 300);
invoice('I_CM', 'CM', '2026-07', '2026-07-01', '2026-07-01', 1200);
invoice('I_CQ', 'CQ', '2026-07', '2026-07-01', '2026-07-03', 1000, [['2026-07-08', 400], ['2026-07-25', 600]]);

// --- expectations ----------------------------------------------------------------------------
const P = { CP: 5 / 7, CL: 55 / 56, CN: 5 / 56, CM: 5 / 6, CQ: 137 / 234 };
/** The expected call rows on 2026-07-15, by roubles at risk = open × (1 − p). */
const ROWS: Array<Pick<CallRow, 'invoiceId' | 'clientId' | 'clientName' | 'specialistId' | 'specialistName' | 'amount' | 'open' | 'dueOn' | 'daysLate' | 'usualLate' | 'probability' | 'atRisk'>> = [
  // 800 × (1 − 5/56) = 800 × 51/56 = 728.57
  { invoiceId: 'I_CN', clientId: 'CN', clientName: 'Новый', specialistId: 'S2', specialistName: 'Сергеев Второй', amount: 800, open: 800, dueOn: '2026-07-15', daysLate: 0, usualLate: null, probability: P.CN, atRisk: 800 * 51 / 56 },
  // 1000 × 2/7 = 285.71
  { invoiceId: 'I_CP', clientId: 'CP', clientName: 'Пунктуальный', specialistId: 'S1', specialistName: 'Сергеев Первый', amount: 1000, open: 1000, dueOn: '2026-07-10', daysLate: 5, usualLate: 0, probability: P.CP, atRisk: 2000 / 7 },
  // 600 × 97/234 = 248.72; CQ's usual lateness: median of −5 ×3, 12 ×3, 25 ×3 = 12
  { invoiceId: 'I_CQ', clientId: 'CQ', clientName: 'Частичный', specialistId: 'S2', specialistName: 'Сергеев Второй', amount: 1000, open: 600, dueOn: '2026-07-03', daysLate: 12, usualLate: 12, probability: P.CQ, atRisk: 600 * 97 / 234 },
  // 1200 × 1/6 = 200
  { invoiceId: 'I_CM', clientId: 'CM', clientName: 'Новейший', specialistId: 'S2', specialistName: 'Сергеев Второй', amount: 1200, open: 1200, dueOn: '2026-07-01', daysLate: 14, usualLate: null, probability: P.CM, atRisk: 200 },
  // 2000 × 1/56 = 35.71
  { invoiceId: 'I_CL', clientId: 'CL', clientName: 'Опаздывающий', specialistId: 'S1', specialistName: 'Сергеев Первый', amount: 2000, open: 2000, dueOn: '2026-07-05', daysLate: 10, usualLate: 20, probability: P.CL, atRisk: 2000 / 56 },
];
// Billed on D: 1000 + 2000 + 500 + 800 + 1200 + 1000 = 6500 (I_CN2 is issued after D).
// Collected on D: I_CL2 500 + I_CQ 400 = 900.
const BILLED = 6500;
const COLLECTED = 900;
// Σ open × p = 1000·5/7 + 2000·55/56 + 800·5/56 + 1200·5/6 + 600·137/234
//            = (40000 + 110000 + 4000)/56 + 1000 + 13700/39 = 2750 + 1000 + 13700/39 = 3750 + 13700/39.
const EXPECTED = 3750 + 13700 / 39;

function expectRows(actual: CallRow[], expected: typeof ROWS) {
  expect(actual.map((r) => r.invoiceId)).toEqual(expected.map((r) => r.invoiceId));
  actual.forEach((a, i) => {
    const e = expected[i];
    for (const k of ['clientId', 'clientName', 'specialistId', 'specialistName', 'dueOn', 'daysLate', 'usualLate'] as const) {
      expect(a[k], `${e.invoiceId} ${k}`).toEqual(e[k]);
    }
    for (const k of ['amount', 'open', 'probability', 'atRisk'] as const) expect(a[k], `${e.invoiceId} ${k}`).toBeCloseTo(e[k], 9);
  });
}

describe('through the warehouse', () => {
  let dir: string;
  beforeAll(async () => {
    delete process.env.PACE_TARGET_PCT;
    delete process.env.PACE_TARGET_DAY;
    dir = await freshDataDir('sa-invoice-forecast-');
    await loadPaymentFixture(dir, '2026-08-05', { teams, specialists, clients, invoices, payments });
  });
  afterAll(() => cleanupDataDir(dir));

  it('the invoice mart: one row per invoice, the client segment (empty → NULL), full_on', async () => {
    const rows = await query<{ invoice_id: string; segment: string | null; full_on: string | null; amount: number }>(
      `SELECT invoice_id, segment, strftime(full_on, '%Y-%m-%d') AS full_on, amount::DOUBLE AS amount FROM mart_invoice
       WHERE invoice_id IN ('I_CP', 'I_CQ', 'HQ-2026-04', 'HL-2026-02', 'I_CM') ORDER BY invoice_id`);
    expect(rows).toEqual([
      { invoice_id: 'HL-2026-02', segment: 'SL', full_on: '2026-03-02', amount: 1000 },
      { invoice_id: 'HQ-2026-04', segment: null, full_on: null, amount: 1000 },
      { invoice_id: 'I_CM', segment: 'SX', full_on: null, amount: 1200 },
      { invoice_id: 'I_CP', segment: 'SP', full_on: '2026-07-20', amount: 1000 },
      { invoice_id: 'I_CQ', segment: null, full_on: '2026-07-25', amount: 1000 },
    ]);
    const [n] = await query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM mart_invoice');
    expect(n.n).toBe(invoices.length);
  });

  it('getPaymentCalls on 2026-07-15: probabilities, open, at risk, order, needs', async () => {
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: exec });
    expect({ period: c.period, asOf: c.asOf, day: c.day, targetPct: c.targetPct, targetDay: c.targetDay }).toEqual({ period: '2026-07', asOf: '2026-07-15', day: 15, targetPct: 80, targetDay: 20 });
    expectRows(c.rows, ROWS);
    // Ordered by roubles at risk, descending.
    for (let i = 1; i < c.rows.length; i++) expect(c.rows[i - 1].atRisk).toBeGreaterThanOrEqual(c.rows[i].atRisk);
    expect(c.billed).toBeCloseTo(BILLED, 9);
    expect(c.collected).toBeCloseTo(COLLECTED, 9);
    // Totals: 5 open invoices; open 1000 + 2000 + 800 + 1200 + 600 = 5600; at risk = 5600 − Σ open × p.
    expect(c.totals.invoices).toBe(5);
    expect(c.totals.open).toBeCloseTo(5600, 9);
    expect(c.totals.atRisk).toBeCloseTo(5600 - EXPECTED, 9);
    // Pace on day 15 of 31 (80 % by the 20th): 80 × 15/20 = 60 %.
    expect(paceTarget(15, 31)).toBeCloseTo(60, 12);
    // toPace = 0.6 × 6500 − 900 = 3900 − 900 = 3000; to20th = 0.8 × 6500 − 900 = 5200 − 900 = 4300.
    expect(c.needed).toEqual({ toPace: 3000, to20th: 4300 });
  });

  it('the SQL probabilities equal shrunkProbability over lateCounts of the fixture lists', async () => {
    const company = [...Array(12).fill(0), ...Array(12).fill(20), -5, -5, -5, 12, 12, 12, 25, 25, 25, NEVER, NEVER, NEVER];
    const seg: Record<string, number[]> = { SP: Array(12).fill(0), SL: Array(12).fill(20), SX: [], NULL: [-5, -5, -5, 12, 12, 12, 25, 25, 25, NEVER, NEVER, NEVER] };
    const own: Record<string, number[]> = { CP: seg.SP, CL: seg.SL, CQ: seg.NULL, CN: [], CM: [] };
    const segOf: Record<string, string> = { CP: 'SP', CL: 'SL', CQ: 'NULL', CN: 'SL', CM: 'SX' };
    const ab: Record<string, [number, number]> = { CP: [5, 21], CL: [10, 26], CN: [0, 16], CM: [14, 30], CQ: [12, 28] };
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: exec });
    for (const r of c.rows) {
      const [a, b] = ab[r.clientId];
      const js = shrunkProbability({ client: lateCounts(own[r.clientId], a, b), segment: lateCounts(seg[segOf[r.clientId]], a, b), company: lateCounts(company, a, b) });
      expect(r.probability, r.invoiceId).toBeCloseTo(js, 12);
      expect(r.probability, r.invoiceId).toBeCloseTo(P[r.clientId as keyof typeof P], 12);
    }
  });

  it('a specialist sees only their clients; the probabilities do not depend on who looks', async () => {
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: { login: 's', role: 'specialist', specialistId: 'S1' } });
    expectRows(c.rows, ROWS.filter((r) => r.specialistId === 'S1'));
    // S1: billed 1000 + 2000 + 500 = 3500, collected 500 (I_CL2).
    expect(c.billed).toBeCloseTo(3500, 9);
    expect(c.collected).toBeCloseTo(500, 9);
    expect(c.totals.invoices).toBe(2);
    expect(c.totals.open).toBeCloseTo(3000, 9);
    // 2000/7 + 2000/56 = 18000/56.
    expect(c.totals.atRisk).toBeCloseTo(18000 / 56, 9);
    // toPace = 0.6 × 3500 − 500 = 1600; to20th = 0.8 × 3500 − 500 = 2300.
    expect(c.needed).toEqual({ toPace: 1600, to20th: 2300 });
    // The same through the specialistId filter of an executive.
    const f = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: exec, specialistId: 'S2' });
    expectRows(f.rows, ROWS.filter((r) => r.specialistId === 'S2'));
    // A specialist user without a specialist id sees nothing.
    const none = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: { login: 's', role: 'specialist', specialistId: null } });
    expect(none.rows).toEqual([]);
    expect(none.totals).toEqual({ invoices: 0, open: 0, atRisk: 0 });
    expect(none.needed).toEqual({ toPace: 0, to20th: 0 });
  });

  it('limit keeps the top rows while totals count every open invoice', async () => {
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: exec, limit: 2 });
    expectRows(c.rows, ROWS.slice(0, 2));
    expect(c.totals.invoices).toBe(5);
    expect(c.totals.open).toBeCloseTo(5600, 9);
    expect(c.totals.atRisk).toBeCloseTo(5600 - EXPECTED, 9);
  });

  it('before the period: no rows, no needs', async () => {
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-06-30', scope: exec });
    expect(c).toEqual({
      period: '2026-07', asOf: '2026-06-30', day: 0, targetPct: 80, targetDay: 20, billed: 0, collected: 0,
      needed: { toPace: 0, to20th: 0 }, totals: { invoices: 0, open: 0, atRisk: 0 }, rows: [],
    });
  });

  it('a filter that matches nothing: no rows, nothing billed, nothing needed (stored and live dates alike)', async () => {
    for (const [period, asOf] of [['2026-07', '2026-07-15'], ['2026-08', '2026-08-05']]) {
      const c = await getPaymentCalls({ period, asOf, scope: exec, teamId: 'nobody' });
      expect(c.rows).toEqual([]);
      expect({ billed: c.billed, collected: c.collected, needed: c.needed, totals: c.totals })
        .toEqual({ billed: 0, collected: 0, needed: { toPace: 0, to20th: 0 }, totals: { invoices: 0, open: 0, atRisk: 0 } });
      const f = await getPaymentForecast({ period, asOf, by: 'team', scope: exec, teamId: 'nobody' });
      expect(f.rows.every((r) => r.forecastPct === null)).toBe(true);
    }
  });

  it('after the period: D is its last day, where a = b and every p is 0', async () => {
    // On 2026-07-31: I_CP (07-20), I_CL (07-25), I_CL2, I_CQ (07-25) are paid in full. Open:
    // I_CM 1200 (a = b = 30), I_CN 800 (a = b = 16), I_CN2 300 (a = b = 1): num = 0 at every level → p = 0.
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-08-05', scope: exec });
    expect(c.day).toBe(31);
    expect(c.rows.map((r) => [r.invoiceId, r.daysLate, r.probability, r.open, r.atRisk])).toEqual([
      ['I_CM', 30, 0, 1200, 1200], ['I_CN', 16, 0, 800, 800], ['I_CN2', 1, 0, 300, 300],
    ]);
    // Billed 6500 + 300 = 6800; collected 6800 − 2300 = 4500.
    expect(c.billed).toBeCloseTo(6800, 9);
    expect(c.collected).toBeCloseTo(4500, 9);
    // Pace on the last day is 100 %: 6800 − 4500 = 2300; to20th: 0.8 × 6800 − 4500 = 5440 − 4500 = 940.
    expect(c.needed).toEqual({ toPace: 2300, to20th: 940 });
  });

  it('invoiceForecast: the company forecast = 100 × (collected + Σ open × p) / billed (no later invoices)', async () => {
    const params: Record<string, unknown> = {};
    const where = invoiceWhere(exec, {}, params);
    const [r] = await invoiceForecast({ period: '2026-07', asOf: '2026-07-15', by: 'company', where, params });
    // 100 × (900 + 3750 + 13700/39) / 6500 = 76.94…
    const want = (100 * (COLLECTED + EXPECTED)) / BILLED;
    expect(r.groupId).toBeNull();
    expect(r.currentPct).toBeCloseTo((100 * 900) / 6500, 9);
    expect(r.forecastPct).toBeCloseTo(want, 9);
    expect(r.forecastPct!).toBeGreaterThan(r.currentPct!);
    expect(r.forecastPct!).toBeLessThanOrEqual(100);
    // The same from the calls rows: collected + Σ (open − atRisk) = collected + Σ open × p.
    const c = await getPaymentCalls({ period: '2026-07', asOf: '2026-07-15', scope: exec });
    const fromRows = (100 * (c.collected + c.rows.reduce((s, x) => s + x.open * x.probability, 0))) / c.billed;
    expect(r.forecastPct).toBeCloseTo(fromRows, 9);
    // The range: the company's errors at day 15 of the earlier months with something billed.
    expect(r.rangeMonths).toBeGreaterThanOrEqual(3);
    expect(r.lowPct!).toBeLessThanOrEqual(r.forecastPct!);
    expect(r.forecastPct!).toBeLessThanOrEqual(r.highPct!);
    expect(r.lowPct!).toBeGreaterThanOrEqual(r.currentPct!);
    expect(r.highPct!).toBeLessThanOrEqual(100);
  });

  it('the loader stored the newest as-of’s 13 points, and they equal the probabilities computed now', async () => {
    expect(await sourceOf([{ period: '2026-07', asOf: '2026-07-15' }])).toBe('live');
    await expectStoredEqualsLive(forecastPoints('2026-08', '2026-08-05'));
  });

  it('invoiceForecast by specialist: each group its own sums, the same probabilities', async () => {
    const params: Record<string, unknown> = {};
    const where = invoiceWhere(exec, {}, params);
    const rows = await invoiceForecast({ period: '2026-07', asOf: '2026-07-15', by: 'specialist', where, params });
    const by = new Map(rows.map((x) => [x.groupId, x]));
    expect([...by.keys()].sort()).toEqual(['S1', 'S2']);
    // S1: 100 × (500 + 1000·5/7 + 2000·55/56) / 3500 = 100 × (500 + 150000/56) / 3500 = 90.82…
    expect(by.get('S1')!.forecastPct).toBeCloseTo((100 * (500 + 150000 / 56)) / 3500, 9);
    // S2: 100 × (400 + 800·5/56 + 1200·5/6 + 600·137/234) / 3000 = 100 × (400 + 4000/56 + 1000 + 13700/39) / 3000 = 60.76…
    expect(by.get('S2')!.forecastPct).toBeCloseTo((100 * (400 + 4000 / 56 + 1000 + 13700 / 39)) / 3000, 9);
    expect(by.get('S1')!.currentPct).toBeCloseTo((100 * 500) / 3500, 9);
    expect(by.get('S2')!.currentPct).toBeCloseTo((100 * 400) / 3000, 9);
  });

  it('getPaymentForecast shows the invoice method', async () => {
    const f = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-15', by: 'company', scope: exec });
    expect(f.rows).toHaveLength(1);
    const [r] = f.rows;
    expect(r.currentPct).toBeCloseTo((100 * COLLECTED) / BILLED, 9);
    expect(r.forecastPct).toBeCloseTo((100 * (COLLECTED + EXPECTED)) / BILLED, 9);
    expect(r.lowPct!).toBeLessThanOrEqual(r.highPct!);
  });
});
