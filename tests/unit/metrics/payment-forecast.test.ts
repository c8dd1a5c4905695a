// Month-end forecast and its backtest (spec/metrics.md, "Month-end forecast") on a warehouse built
// by the real loader. Each team is a small company of its own, with one client and curves chosen
// so every figure can be worked out by hand (the numbers next to each fixture):
//   pays [[5, 500], [20, 300]] on a 1,000 ₽ invoice = 50 % on day 10, 80 % at month end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import {
  forecastFromHistory, getPaymentBacktest, getPaymentForecast, runRatePct, type ForecastRow,
} from '@/lib/metrics/payment-forecast';
import type { Row } from '../load/build-extract';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadPaymentFixture } from '../load/util';

const exec: Scope = { login: 'e', role: 'executive' };
const headOf = (team: string): Scope => ({ login: 'h', role: 'head', teamIds: [team] });

// --- fixture builder -------------------------------------------------------------------------
const teams: Row[] = [];
const specialists: Row[] = [];
const clients: Row[] = [];
const invoices: Row[] = [];
const payments: Row[] = [];
const pad = (n: number) => String(n).padStart(2, '0');

/** A team with one specialist (`S<team>`) and one client (`C<team>`). */
function team(id: string, name: string, specialistName: string) {
  teams.push({ team_id: id, name });
  specialists.push({ specialist_id: `S${id}`, full_name: specialistName, team_id: id, active: 1 });
  clients.push({ client_id: `C${id}`, name: `Клиент ${name}`, status: 'active', specialist_id: `S${id}` });
}
/** An invoice of `amount` for the team's client, issued on day `issuedDay` of `period`, with payments [day, amount]. */
function invoice(teamId: string, period: string, issuedDay: number, amount: number, pays: Array<[number, number]> = []) {
  const id = `I${invoices.length + 1}`;
  const issued = `${period}-${pad(issuedDay)}`;
  invoices.push({ invoice_id: id, client_id: `C${teamId}`, specialist_id: `S${teamId}`, period, issued_on: issued, due_on: issued, amount });
  for (const [day, sum] of pays) {
    payments.push({ payment_id: `P${payments.length + 1}`, invoice_id: id, client_id: `C${teamId}`, paid_on: `${period}-${pad(day)}`, amount: sum });
  }
}

// TA «Альфа»: completions after day 10 of +10..+50 in five months → forecast 40 + {10..50}.
team('TA', 'Альфа', 'Алексеев Андрей');
[100, 200, 300, 400, 500].forEach((b, k) => invoice('TA', `2026-0${2 + k}`, 1, 1000, [[5, 500], [20, b]]));
// 13 months before 2026-07: outside the window; it would add a completion of −50.
invoice('TA', '2025-06', 1, 1000, [[5, 1000]]);
invoice('TA', '2025-06', 15, 1000);
// Current month: 40 % on day 10; 300 more on day 15 (70 % at month end).
invoice('TA', '2026-07', 1, 1000, [[9, 400], [15, 300]]);

// TB «Бета»: completions −50, +5, +30 around a current 90 % → clamped at both ends.
team('TB', 'Бета', 'Борисова Вера');
invoice('TB', '2026-04', 1, 1000, [[5, 1000]]); // 100 % on day 10 …
invoice('TB', '2026-04', 15, 1000); //            … 50 % at the end: billed grew after day 10
invoice('TB', '2026-05', 1, 1000, [[5, 500], [20, 50]]);
invoice('TB', '2026-06', 1, 1000, [[5, 500], [20, 300]]);
invoice('TB', '2026-07', 1, 1000, [[2, 900]]);

// TC «Вега»: only two usable months (April's invoice is issued after day 10) → no forecast.
team('TC', 'Вега', 'Васильев Глеб');
invoice('TC', '2026-04', 15, 1000, [[20, 1000]]);
invoice('TC', '2026-05', 1, 1000, [[5, 500], [20, 300]]);
invoice('TC', '2026-06', 1, 1000, [[5, 500], [20, 300]]);
invoice('TC', '2026-07', 1, 1000, [[3, 200]]);

// TD «Гамма»: month lengths. Every month 50 % on day 5 and +10 on its last day (Feb 28, Apr 30,
// May 31, Jun 30); July (31 days) has only the day-5 payment.
team('TD', 'Гамма', 'Григорьев Денис');
for (const p of ['2026-02', '2026-04', '2026-05', '2026-06']) {
  const last = { '2026-02': 28, '2026-04': 30, '2026-05': 31, '2026-06': 30 }[p]!;
  invoice('TD', p, 1, 1000, [[5, 500], [last, 100]]);
}
invoice('TD', '2026-07', 1, 1000, [[5, 500]]);

// TE «Дельта» (2024, far from the others): a tiny history for the backtest.
// Jan–Jun: 50 % on day 10, completions +10..+60. Jul: 40 → 70. Aug: 60 → 70. Sep: still open.
team('TE', 'Дельта', 'Дмитриева Елена');
[100, 200, 300, 400, 500, 600].forEach((b, k) => invoice('TE', `2024-0${1 + k}`, 1, 1000, [[5, 500], [20, b]]));
invoice('TE', '2024-07', 1, 1000, [[5, 400], [20, 300]]);
invoice('TE', '2024-08', 1, 1000, [[5, 600], [20, 100]]);
invoice('TE', '2024-09', 1, 1000, [[5, 100]]);

// --- expectations ----------------------------------------------------------------------------
const row = (r: Partial<ForecastRow> & Pick<ForecastRow, 'id' | 'name'>): ForecastRow => ({
  currentPct: null, forecastPct: null, lowPct: null, highPct: null, curvePct: null, runRatePct: null, monthsUsed: 0, ...r,
});
/** Compare rows field by field with a float tolerance (sums come back as DOUBLE). */
function expectRows(actual: ForecastRow[], expected: ForecastRow[]) {
  expect(actual.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  actual.forEach((a, i) => {
    const e = expected[i];
    expect(a.name).toBe(e.name);
    expect(a.monthsUsed, `${e.id} monthsUsed`).toBe(e.monthsUsed);
    // The hand-computed figures are the curve method's (curvePct); the forecast shown is the invoice
    // method's (tests/unit/metrics/invoice-forecast.test.ts), with a range only where the curve has one.
    for (const k of ['currentPct', 'runRatePct'] as const) {
      if (e[k] == null) expect(a[k], `${e.id} ${k}`).toBeNull();
      else expect(a[k], `${e.id} ${k}`).toBeCloseTo(e[k]!, 9);
    }
    if (e.forecastPct == null) expect(a.curvePct, `${e.id} curvePct`).toBeNull();
    else expect(a.curvePct, `${e.id} curvePct`).toBeCloseTo(e.forecastPct, 9);
    if (e.lowPct == null) expect(a.lowPct, `${e.id} lowPct`).toBeNull();
    else if (a.forecastPct != null) {
      expect(a.lowPct!).toBeLessThanOrEqual(a.forecastPct + 1e-9);
      expect(a.highPct!).toBeGreaterThanOrEqual(a.forecastPct - 1e-9);
    }
  });
}

const TA_JUL10 = row({ id: 'TA', name: 'Альфа', currentPct: 40, forecastPct: 70, lowPct: 54, highPct: 86, runRatePct: 100, monthsUsed: 5 });
const TB_JUL10 = row({ id: 'TB', name: 'Бета', currentPct: 90, forecastPct: 95, lowPct: 90, highPct: 100, runRatePct: 100, monthsUsed: 3 });
const TC_JUL10 = row({ id: 'TC', name: 'Вега', currentPct: 20, runRatePct: 62, monthsUsed: 2 });
const TD_JUL10 = row({ id: 'TD', name: 'Гамма', currentPct: 50, forecastPct: 60, lowPct: 60, highPct: 60, runRatePct: 100, monthsUsed: 4 });

describe('runRatePct', () => {
  it.each([
    [20, 10, 31, 62],
    [40, 10, 31, 100], // 124 capped
    [50, 30, 30, 50], // last day: the value itself
    [50, 20, 28, 70],
    [0, 5, 30, 0],
    [null, 10, 31, null],
    [50, 0, 31, null],
  ])('%s %% on day %s of %s → %s', (p, d, n, want) => {
    const got = runRatePct(p, d, n);
    if (want == null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 12);
  });
});

describe('forecastFromHistory', () => {
  const h = [{ dayPct: 50, endPct: 60 }, { dayPct: 50, endPct: 70 }, { dayPct: 50, endPct: 80 }];
  it('additive: current + completion; median and 10th/90th percentiles interpolated', () => {
    const f = forecastFromHistory(40, h);
    expect(f.monthsUsed).toBe(3);
    expect(f.forecastPct).toBeCloseTo(60, 12); // 50, 60, 70
    expect(f.lowPct).toBeCloseTo(52, 12); // 50 + 0.2 × 10
    expect(f.highPct).toBeCloseTo(68, 12); // 60 + 0.8 × 10
  });
  it('multiplicative: current × end / day-d', () => {
    const f = forecastFromHistory(40, h, { method: 'multiplicative' });
    expect(f.forecastPct).toBeCloseTo(56, 12); // 48, 56, 64
    expect(f.lowPct).toBeCloseTo(49.6, 12);
    expect(f.highPct).toBeCloseTo(62.4, 12);
  });
  it('needs 3 months, except once the month is complete', () => {
    expect(forecastFromHistory(40, h.slice(0, 2))).toEqual({ forecastPct: null, lowPct: null, highPct: null, monthsUsed: 2 });
    expect(forecastFromHistory(40, [], { complete: true })).toEqual({ forecastPct: 40, lowPct: 40, highPct: 40, monthsUsed: 0 });
    expect(forecastFromHistory(null, h).forecastPct).toBeNull();
  });
});

describe('getPaymentForecast', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir('sa-forecast-');
    await loadPaymentFixture(dir, '2026-08-05', { teams, specialists, clients, invoices, payments });
  });
  afterAll(() => cleanupDataDir(dir));

  it('by team on day 10 of a 31-day month: median, range, clamping, too little history', async () => {
    const f = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'team', scope: exec });
    expect({ period: f.period, asOf: f.asOf, day: f.day, daysInMonth: f.daysInMonth }).toEqual({ period: '2026-07', asOf: '2026-07-10', day: 10, daysInMonth: 31 });
    expectRows(f.rows, [TA_JUL10, TB_JUL10, TC_JUL10, TD_JUL10]);
    for (const r of f.rows.filter((x) => x.forecastPct != null && x.lowPct != null)) {
      expect(r.lowPct!).toBeLessThanOrEqual(r.forecastPct!);
      expect(r.forecastPct!).toBeLessThanOrEqual(r.highPct!);
      expect(r.lowPct!).toBeGreaterThanOrEqual(r.currentPct!);
      expect(r.highPct!).toBeLessThanOrEqual(100);
    }
  });

  it('teamId filter, by specialist (the invoice owner)', async () => {
    const f = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'specialist', scope: exec, teamId: 'TA' });
    expectRows(f.rows, [{ ...TA_JUL10, id: 'STA', name: 'Алексеев Андрей' }]);
    const s = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'team', scope: exec, specialistId: 'STB' });
    expectRows(s.rows, [TB_JUL10]);
  });

  it('company level within a head scope is that team', async () => {
    const f = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'company', scope: headOf('TB') });
    expectRows(f.rows, [{ ...TB_JUL10, id: null, name: 'Компания' }]);
  });

  it('a specialist scope sees only their own clients', async () => {
    const own = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'team', scope: { login: 's', role: 'specialist', specialistId: 'STC' } });
    expectRows(own.rows, [TC_JUL10]);
    const company = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'company', scope: { login: 's', role: 'specialist', specialistId: 'STA' } });
    expectRows(company.rows, [{ ...TA_JUL10, id: null, name: 'Компания' }]);
    const none = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-10', by: 'company', scope: { login: 's', role: 'specialist', specialistId: null } });
    expectRows(none.rows, [row({ id: null, name: 'Компания' })]);
  });

  it('after the period: day = daysInMonth and the forecast is the actual month-end value', async () => {
    const f = await getPaymentForecast({ period: '2026-07', asOf: '2026-08-05', by: 'team', scope: exec, teamId: 'TA' });
    expect([f.day, f.daysInMonth]).toEqual([31, 31]);
    expectRows(f.rows, [row({ id: 'TA', name: 'Альфа', currentPct: 70, forecastPct: 70, lowPct: 70, highPct: 70, runRatePct: 70, monthsUsed: 5 })]);
  });

  it('before the period: day 0, every figure empty', async () => {
    const f = await getPaymentForecast({ period: '2026-08', asOf: '2026-07-10', by: 'team', scope: exec });
    expect([f.day, f.daysInMonth]).toEqual([0, 31]);
    expectRows(f.rows, ['TA', 'TB', 'TC', 'TD'].map((id, i) => row({ id, name: ['Альфа', 'Бета', 'Вега', 'Гамма'][i] })));
  });

  it('day 30 of a 31-day month: February counts at its 28th, April and June at their 30th', async () => {
    // History at day 30: Feb 60→60, Apr 60→60, May 50→60, Jun 60→60: completions 0, 0, 10, 0.
    const f = await getPaymentForecast({ period: '2026-07', asOf: '2026-07-30', by: 'company', scope: headOf('TD') });
    expect([f.day, f.daysInMonth]).toEqual([30, 31]);
    expectRows(f.rows, [row({ id: null, name: 'Компания', currentPct: 50, forecastPct: 50, lowPct: 50, highPct: 57, runRatePct: 50 * 31 / 30, monthsUsed: 4 })]);
  });

  it('day 30 of a 30-day month is its end: forecast = actual', async () => {
    const f = await getPaymentForecast({ period: '2026-06', asOf: '2026-06-30', by: 'company', scope: headOf('TD') });
    expect([f.day, f.daysInMonth]).toEqual([30, 30]);
    expectRows(f.rows, [row({ id: null, name: 'Компания', currentPct: 60, forecastPct: 60, lowPct: 60, highPct: 60, runRatePct: 60, monthsUsed: 3 })]);
  });

  it('day 29 of a 30-day month, with February in the history at its last day', async () => {
    // Completions: Feb 0 (its 28th is its end), Apr 50→60, May 50→60 → 50 + {0, 10, 10}.
    const f = await getPaymentForecast({ period: '2026-06', asOf: '2026-06-29', by: 'company', scope: headOf('TD') });
    expectRows(f.rows, [row({ id: null, name: 'Компания', currentPct: 50, forecastPct: 60, lowPct: 52, highPct: 60, runRatePct: 50 * 30 / 29, monthsUsed: 3 })]);
  });

  it('February (28 days): no history → no forecast before its end, the actual on the 28th', async () => {
    const mid = await getPaymentForecast({ period: '2026-02', asOf: '2026-02-20', by: 'company', scope: headOf('TD') });
    expect([mid.day, mid.daysInMonth]).toEqual([20, 28]);
    expectRows(mid.rows, [row({ id: null, name: 'Компания', currentPct: 50, runRatePct: 70, monthsUsed: 0 })]);
    const end = await getPaymentForecast({ period: '2026-02', asOf: '2026-02-28', by: 'company', scope: headOf('TD') });
    expectRows(end.rows, [row({ id: null, name: 'Компания', currentPct: 60, forecastPct: 60, lowPct: 60, highPct: 60, runRatePct: 60, monthsUsed: 0 })]);
  });

  it('rejects a malformed period or date', async () => {
    await expect(getPaymentForecast({ period: '2026-13', asOf: '2026-07-10', by: 'team', scope: exec })).rejects.toThrow();
    await expect(getPaymentForecast({ period: '2026-07', asOf: '2026-02-30', by: 'team', scope: exec })).rejects.toThrow();
  });

  describe('getPaymentBacktest', () => {
    it('tests months with ≥ 6 earlier months, MAE against the month-end value', async () => {
      const b = await getPaymentBacktest({ asOf: '2024-09-15', scope: headOf('TE'), days: [25, 10] });
      // Jul, day 10: 40 + {10..60} → median 75 vs 70 (5); run-rate 124 → 100 (30).
      // Aug, day 10: 60 + {10, 20, 30, 30, 40, 50, 60} → 90 vs 70 (20); run-rate 100 (30).
      // Day 25: both months are at their end value (70); run-rate 70 × 31/25 = 86.8.
      expect(b.asOf).toBe('2024-09-15');
      expect(b.months.map((m) => m.period)).toEqual(['2024-07', '2024-08']);
      const near = (x: number | null, want: number) => expect(x).toBeCloseTo(want, 9);
      expect(b.days.map((d) => [d.day, d.monthsUsed])).toEqual([[10, 2], [25, 2]]);
      near(b.days[0].curveMae, 12.5);
      near(b.days[0].runRateMae, 30);
      near(b.days[1].curveMae, 0);
      near(b.days[1].runRateMae, 16.8);
      const [jul, aug] = b.months;
      near(jul.actualPct, 70);
      near(jul.byDay[0].curvePct, 75);
      near(jul.byDay[0].runRatePct, 100);
      near(aug.byDay[0].curvePct, 90);
      near(aug.byDay[1].curvePct, 70);
      near(aug.byDay[1].runRatePct, 86.8);
    });

    it('a month-end asOf includes that month; a scope with no data has no MAE', async () => {
      const b = await getPaymentBacktest({ asOf: '2024-09-30', scope: headOf('TE'), days: [10] });
      expect(b.months.map((m) => m.period)).toEqual(['2024-07', '2024-08', '2024-09']);
      const none = await getPaymentBacktest({ asOf: '2024-09-30', scope: { login: 's', role: 'specialist', specialistId: null } });
      expect(none.months).toEqual([]);
      expect(none.days.map((d) => d.day)).toEqual([5, 10, 15, 20, 25]);
      expect(none.days.every((d) => d.methodMae === null && d.curveMae === null && d.runRateMae === null && d.monthsUsed === 0)).toBe(true);
    });
  });
});
