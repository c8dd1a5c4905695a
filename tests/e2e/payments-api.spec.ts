// The payment, debtors and acts JSON API (README "JSON API", issue 3 item 6): the documented shape
// for a head's API key, with figures that must agree across routes; 401 without auth; 400 (never
// 500) for bad parameters; and the caller's scope (specialist A sees only own clients).
import { test, expect, type APIRequestContext } from './test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { E2E_DIR, readFixture } from './fixture';

const fx = readFixture();
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

interface Figures { billed: number; collected: number; paymentPct: number | null; remaining: number; deltaPct: number | null; collectedOnDay: number }
interface PaymentsBody { by: string; period: string; asOf: string; span: string; periods: string[]; rows: Array<Figures & { id: string | null; name: string }>; total: Figures }
interface DebtorTotals { outstanding: number; invoices: number; clients: number; oldestDueOn: string | null; daysOverdue: number; notDue: number; d1_30: number; d31_60: number; d61_90: number; d90plus: number }
interface DebtorsBody { by: string; limit: number; rowCount: number; period: string; asOf: string; rows: Array<DebtorTotals & { id: string | null; name: string }>; total: DebtorTotals }
interface ActsBody {
  by: string; limit: number; asOf: string; period: string | null; total: number;
  groups: Array<{ id: string | null; name: string; count: number; oldestIssuedOn: string | null; maxAgeDays: number }>;
  acts: Array<{ actId: string; clientId: string; period: string; issuedOn: string; ageDays: number }>;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const prevDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** GET with a key; the answer must be 200 JSON (the body is in the message when it is not). */
async function get<T>(request: APIRequestContext, url: string, key: string): Promise<T> {
  const res = await request.get(url, { headers: auth(key) });
  expect(res.status(), `${url}: ${await res.text()}`).toBe(200);
  return (await res.json()) as T;
}

/** Billed/collected/% /remaining agree with each other (roubles, 0–100, capped collections). */
function expectFigures(f: Figures, label: string): void {
  expect(f.billed, label).toBeGreaterThanOrEqual(0);
  expect(f.collected, label).toBeGreaterThanOrEqual(0);
  expect(f.collected, label).toBeLessThanOrEqual(f.billed + 0.005);
  expect(f.remaining, label).toBeCloseTo(f.billed - f.collected, 2);
  expect(f.collectedOnDay, label).toBeGreaterThanOrEqual(0);
  if (f.billed === 0) expect(f.paymentPct, label).toBeNull();
  else expect(f.paymentPct!, label).toBeCloseTo((100 * f.collected) / f.billed, 6);
  expect(f.deltaPct === null || typeof f.deltaPct === 'number', label).toBe(true);
}

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

let headKey = '';
test.beforeAll(() => {
  // A head's API key, issued by the CLI while the app runs (both write app.sqlite).
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/users.ts', 'api-key', 'head'],
    { env: { ...process.env, DATA_DIR: path.resolve(E2E_DIR) }, encoding: 'utf8', timeout: 120_000 });
  headKey = out.trim().split('\n').at(-1)!.trim();
  expect(headKey).toMatch(/^sa_/);
});

test.describe('shape for a head key', () => {
  test('GET /api/v1/payments: company, team, specialist, client; spans; Δ is today minus yesterday', async ({ request }) => {
    const company = await get<PaymentsBody>(request, '/api/v1/payments', headKey);
    expect(company.by).toBe('company');
    expect(company.asOf).toMatch(ISO);
    expect(company.period).toBe(company.asOf.slice(0, 7));
    expect(company.span).toBe('month');
    expect(company.periods).toEqual([company.period]);
    expect(company.rows).toHaveLength(1);
    expect(company.total.billed).toBeGreaterThan(0);
    expect(company.rows[0].billed).toBeCloseTo(company.total.billed, 2);
    expectFigures(company.total, 'total');

    for (const by of ['team', 'specialist', 'client'] as const) {
      const b = await get<PaymentsBody>(request, `/api/v1/payments?by=${by}`, headKey);
      expect(b.by).toBe(by);
      expect(b.rows.length, by).toBeGreaterThan(1);
      for (const r of b.rows) {
        expect(typeof r.name, by).toBe('string');
        expectFigures(r, `${by} ${r.id}`);
      }
      // Every group adds up to the company: the same invoices, split.
      expect(sum(b.rows, (r) => r.billed)).toBeCloseTo(company.total.billed, 2);
      expect(sum(b.rows, (r) => r.collected)).toBeCloseTo(company.total.collected, 2);
      expect(b.total.billed).toBeCloseTo(company.total.billed, 2);
    }
    const clientIds = (await get<PaymentsBody>(request, '/api/v1/payments?by=client', headKey)).rows.map((r) => r.id!);
    expect(clientIds.every((id) => fx.clientIds.includes(id))).toBe(true);

    const two = await get<PaymentsBody>(request, `/api/v1/payments?span=two-month&period=${company.period}&asOf=${company.asOf}`, headKey);
    expect(two.periods).toHaveLength(2);
    expect(two.periods[1]).toBe(company.period);
    expect(two.total.billed).toBeGreaterThan(company.total.billed);
    const quarter = await get<PaymentsBody>(request, '/api/v1/payments?span=quarter', headKey);
    expect(quarter.periods).toHaveLength(3);
    expect(quarter.periods).toContain(company.period);

    // Δ = payment % on D − payment % on D−1, for the same period.
    const yesterday = await get<PaymentsBody>(request, `/api/v1/payments?period=${company.period}&asOf=${prevDay(company.asOf)}`, headKey);
    expect(yesterday.asOf).toBe(prevDay(company.asOf));
    if (company.total.paymentPct === null || yesterday.total.paymentPct === null) expect(company.total.deltaPct).toBeNull();
    else expect(company.total.deltaPct!).toBeCloseTo(company.total.paymentPct - yesterday.total.paymentPct, 6);
    // Nothing is known after D: yesterday's billed never exceeds today's.
    expect(yesterday.total.billed).toBeLessThanOrEqual(company.total.billed + 0.005);
  });

  test('GET /api/v1/payments/curve, /history and /day agree with /payments', async ({ request }) => {
    const pay = await get<PaymentsBody>(request, '/api/v1/payments', headKey);
    const curve = await get<{ period: string; asOf: string; daysInMonth: number; asOfDay: number | null; prevPeriods: string[];
      points: Array<{ day: number; pct: number | null; prev1: number | null; prev2: number | null; prev3: number | null; target: number }> }>(request, '/api/v1/payments/curve', headKey);
    expect(curve.period).toBe(pay.period);
    expect(curve.asOf).toBe(pay.asOf);
    expect([28, 29, 30, 31]).toContain(curve.daysInMonth);
    expect(curve.points.map((p) => p.day)).toEqual(Array.from({ length: curve.daysInMonth }, (_, i) => i + 1));
    expect(curve.prevPeriods).toHaveLength(3);
    expect(curve.points.at(-1)!.target).toBe(100);
    for (let i = 1; i < curve.points.length; i++) expect(curve.points[i].target).toBeGreaterThanOrEqual(curve.points[i - 1].target);
    expect(curve.asOfDay).toBe(Number(pay.asOf.slice(8)));
    expect(curve.points[curve.asOfDay! - 1].pct!).toBeCloseTo(pay.total.paymentPct!, 6);
    for (const p of curve.points.slice(curve.asOfDay!)) expect(p.pct, `day ${p.day} is after D`).toBeNull();

    const history = await get<{ asOf: string; months: Array<{ label: string; periods: string[]; asOf: string; billed: number; collected: number; paymentPct: number | null }>;
      quarters: Array<{ label: string; periods: string[] }> }>(request, '/api/v1/payments/history', headKey);
    expect(history.months).toHaveLength(12);
    expect(history.quarters).toHaveLength(4);
    expect(history.months.at(-1)!.label).toBe(pay.period);
    expect(history.months.at(-1)!.paymentPct!).toBeCloseTo(pay.total.paymentPct!, 6);
    expect(history.months.at(-1)!.billed).toBeCloseTo(pay.total.billed, 2);
    for (const q of history.quarters) expect(q.label).toMatch(/^\d{4}-Q[1-4]$/);

    const day = await get<{ period: string; asOf: string; span: string; limit: number; rows: Array<{ clientId: string; clientName: string; collected: number; invoices: number }> }>(
      request, '/api/v1/payments/day', headKey);
    expect(day.asOf).toBe(pay.asOf);
    expect(day.limit).toBe(200);
    for (const r of day.rows) {
      expect(r.collected).toBeGreaterThan(0);
      expect(r.invoices).toBeGreaterThan(0);
      expect(typeof r.clientName).toBe('string');
    }
    for (let i = 1; i < day.rows.length; i++) expect(day.rows[i].collected).toBeLessThanOrEqual(day.rows[i - 1].collected);
    // The Δ's money: what the clients paid on D is the total's collectedOnDay.
    if (day.rows.length < day.limit) expect(sum(day.rows, (r) => r.collected)).toBeCloseTo(pay.total.collectedOnDay, 2);
    const one = await get<{ rows: unknown[] }>(request, '/api/v1/payments/day?limit=1', headKey);
    expect(one.rows.length).toBe(Math.min(1, day.rows.length));
  });

  test('GET /api/v1/payments/forecast and /backtest', async ({ request }) => {
    const pay = await get<PaymentsBody>(request, '/api/v1/payments', headKey);
    type Row = { id: string | null; name: string; currentPct: number | null; forecastPct: number | null; lowPct: number | null; highPct: number | null; runRatePct: number | null; monthsUsed: number };
    for (const by of ['company', 'team', 'specialist'] as const) {
      const f = await get<{ by: string; period: string; asOf: string; day: number; daysInMonth: number; rows: Row[] }>(request, `/api/v1/payments/forecast?by=${by}`, headKey);
      expect(f.by).toBe(by);
      expect(f.period).toBe(pay.period);
      expect(f.day).toBe(Number(pay.asOf.slice(8)));
      expect(f.rows.length, by).toBeGreaterThan(by === 'company' ? 0 : 1);
      for (const r of f.rows) {
        expect(r.monthsUsed).toBeGreaterThanOrEqual(0);
        expect(r.monthsUsed).toBeLessThanOrEqual(12);
        if (r.forecastPct === null || r.lowPct === null) continue;
        // The range holds the point; collections only grow, so it is below today's % only when the
        // forecast is (invoices still to be issued this month).
        expect(r.lowPct!).toBeLessThanOrEqual(r.forecastPct + 1e-9);
        expect(r.forecastPct).toBeLessThanOrEqual(r.highPct! + 1e-9);
        expect(r.highPct!).toBeLessThanOrEqual(100);
        expect(r.lowPct!).toBeGreaterThanOrEqual(Math.min(r.currentPct!, r.forecastPct) - 1e-9);
      }
      if (by === 'company') {
        expect(f.rows).toHaveLength(1);
        expect(f.rows[0].currentPct!).toBeCloseTo(pay.total.paymentPct!, 6);
        // Five earlier months of history in the e2e company: enough for a forecast.
        expect(f.rows[0].monthsUsed).toBeGreaterThanOrEqual(3);
        expect(f.rows[0].forecastPct).not.toBeNull();
        expect(f.rows[0].runRatePct!).toBeCloseTo(Math.min(100, (pay.total.paymentPct! * f.daysInMonth) / f.day), 6);
      }
    }

    const bt = await get<{ asOf: string; days: Array<{ day: number; methodMae: number | null; runRateMae: number | null; monthsUsed: number }>; months: unknown[] }>(
      request, '/api/v1/payments/backtest', headKey);
    expect(bt.asOf).toBe(pay.asOf);
    expect(bt.days.map((d) => d.day)).toEqual([5, 10, 15, 20, 25]);
    for (const d of bt.days) {
      expect(d.monthsUsed).toBeGreaterThanOrEqual(0);
      expect(d.monthsUsed).toBeLessThanOrEqual(bt.months.length);
      if (d.monthsUsed === 0) expect(d.methodMae).toBeNull();
      else expect(d.methodMae!).toBeGreaterThanOrEqual(0);
    }
    const some = await get<{ days: Array<{ day: number }> }>(request, '/api/v1/payments/backtest?days=20,10', headKey);
    expect(some.days.map((d) => d.day)).toEqual([10, 20]);
  });

  test('GET /api/v1/debtors: rows add up, aging buckets add up, groupings agree', async ({ request }) => {
    const d = await get<DebtorsBody>(request, '/api/v1/debtors', headKey);
    expect(d.by).toBe('client');
    expect(d.period).toMatch(PERIOD);
    expect(d.asOf).toMatch(ISO);
    expect(d.rows.length).toBeGreaterThan(0);
    for (const r of [...d.rows, d.total]) {
      expect(r.outstanding).toBeGreaterThan(0);
      expect(r.notDue + r.d1_30 + r.d31_60 + r.d61_90 + r.d90plus).toBeCloseTo(r.outstanding, 2);
      expect(r.daysOverdue).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < d.rows.length; i++) expect(d.rows[i].outstanding).toBeLessThanOrEqual(d.rows[i - 1].outstanding);
    expect(sum(d.rows, (r) => r.outstanding)).toBeCloseTo(d.total.outstanding, 2);
    expect(d.total.clients).toBe(d.rows.length);
    expect(d.rows.every((r) => fx.clientIds.includes(r.id!))).toBe(true);
    for (const by of ['team', 'specialist'] as const) {
      const g = await get<DebtorsBody>(request, `/api/v1/debtors?by=${by}`, headKey);
      expect(g.by).toBe(by);
      expect(g.total.outstanding).toBeCloseTo(d.total.outstanding, 2);
      expect(sum(g.rows, (r) => r.outstanding)).toBeCloseTo(d.total.outstanding, 2);
    }
    // ?limit=: the largest debts first, rowCount says how many there are, the total covers all.
    expect(d.rowCount).toBe(d.rows.length);
    const top = await get<DebtorsBody>(request, '/api/v1/debtors?limit=2', headKey);
    expect(top.limit).toBe(2);
    expect(top.rows.map((r) => r.id)).toEqual(d.rows.slice(0, 2).map((r) => r.id));
    expect(top.rowCount).toBe(d.rows.length);
    expect(top.total.outstanding).toBeCloseTo(d.total.outstanding, 2);
  });

  test('GET /api/v1/acts/unreturned: groups count the acts, period filter, limit', async ({ request }) => {
    const a = await get<ActsBody>(request, '/api/v1/acts/unreturned', headKey);
    expect(a.by).toBe('period');
    expect(a.period).toBeNull();
    expect(a.asOf).toMatch(ISO);
    expect(a.total).toBeGreaterThan(0);
    expect(sum(a.groups, (g) => g.count)).toBe(a.total);
    expect(a.acts.length).toBe(Math.min(a.total, a.limit));
    for (const g of a.groups) expect(g.id).toMatch(PERIOD);
    for (const x of a.acts) {
      expect(x.ageDays).toBeGreaterThanOrEqual(0);
      expect(x.issuedOn <= a.asOf).toBe(true);
    }
    for (let i = 1; i < a.acts.length; i++) expect(a.acts[i].issuedOn >= a.acts[i - 1].issuedOn).toBe(true);

    const g = a.groups[0];
    const one = await get<ActsBody>(request, `/api/v1/acts/unreturned?period=${g.id}&limit=3`, headKey);
    expect(one.period).toBe(g.id);
    expect(one.total).toBe(g.count);
    expect(one.acts.length).toBe(Math.min(3, g.count));
    expect(one.acts.every((x) => x.period === g.id)).toBe(true);
    for (const by of ['team', 'specialist'] as const) {
      const t = await get<ActsBody>(request, `/api/v1/acts/unreturned?by=${by}`, headKey);
      expect(t.by).toBe(by);
      expect(t.total).toBe(a.total);
    }
  });
});

const routes = ['/api/v1/payments', '/api/v1/payments/curve', '/api/v1/payments/history', '/api/v1/payments/day',
  '/api/v1/payments/forecast', '/api/v1/payments/backtest', '/api/v1/debtors', '/api/v1/acts/unreturned'];

test('every route answers 401 without a key or session, and with a wrong key', async ({ request }) => {
  for (const r of routes) {
    expect((await request.get(r)).status(), r).toBe(401);
    expect((await request.get(r, { headers: auth('sa_wrong') })).status(), r).toBe(401);
  }
});

test('bad parameters answer 400 with a message naming the parameter, never 500', async ({ request }) => {
  const bad: Array<[string, string]> = [['period', '2026-13'], ['asOf', '2026-02-30'], ['by', 'bogus'], ['span', 'bogus']];
  for (const r of routes) {
    for (const [k, v] of bad) {
      const res = await request.get(`${r}?${k}=${v}`, { headers: auth(headKey) });
      const body = (await res.json()) as { error: string; issues?: Array<{ path: string; message: string }> };
      expect(res.status(), `${r}?${k}=${v}: ${JSON.stringify(body)}`).toBe(400);
      expect(typeof body.error).toBe('string');
      expect(body.issues?.some((i) => i.path === k) || body.error.includes(k), `${r}?${k}=${v}: ${JSON.stringify(body)}`).toBe(true);
    }
  }
  // Groupings a route does not have, and its own extra parameters.
  const more: Array<[string, RegExp | null]> = [
    ['/api/v1/payments/forecast?by=client', /прогноз.*forecast/],
    ['/api/v1/debtors?by=company', /должники.*debtors/],
    ['/api/v1/acts/unreturned?by=company', null], ['/api/v1/acts/unreturned?by=client', null],
    ['/api/v1/acts/unreturned?limit=0', null], ['/api/v1/acts/unreturned?limit=5001', null], ['/api/v1/acts/unreturned?limit=ten', null],
    ['/api/v1/acts/unreturned?period=2026-13', null],
    ['/api/v1/debtors?limit=0', /limit/], ['/api/v1/debtors?limit=100001', /limit/], ['/api/v1/debtors?limit=2.5', /limit/], ['/api/v1/debtors?limit=ten', /limit/],
    ['/api/v1/payments/day?limit=0', null], ['/api/v1/payments/day?limit=1001', null],
    ['/api/v1/payments/backtest?days=0', null], ['/api/v1/payments/backtest?days=32', null], ['/api/v1/payments/backtest?days=5,x', null],
    ['/api/v1/payments?team=' + 'x'.repeat(101), null],
  ];
  for (const [url, message] of more) {
    const res = await request.get(url, { headers: auth(headKey) });
    const body = (await res.json()) as { error: string };
    expect(res.status(), `${url}: ${JSON.stringify(body)}`).toBe(400);
    if (message) expect(body.error).toMatch(message);
  }
  // A team or specialist that is not there is no error: nothing matches.
  const none = await get<PaymentsBody>(request, '/api/v1/payments?by=client&specialist=no-such-specialist', headKey);
  expect(none.rows).toEqual([]);
  expect(none.total.billed).toBe(0);
});

test('scope: specialist A sees only own clients in payments, debtors and acts; less than the head', async ({ request }) => {
  // Every client the key can list, page by page.
  const own = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const page = await get<{ rows: Array<{ id: string }>; total: number }>(request, `/api/v1/clients?limit=1000&offset=${offset}`, fx.apiKeySpecA);
    page.rows.forEach((r) => own.add(r.id));
    if (offset + 1000 >= page.total) break;
  }
  expect(own.size).toBeGreaterThan(0);
  expect(own.size).toBeLessThan(fx.clientIds.length);

  const mine = await get<PaymentsBody>(request, '/api/v1/payments?by=client', fx.apiKeySpecA);
  expect(mine.rows.length).toBeGreaterThan(0);
  const outside = mine.rows.filter((r) => !own.has(r.id!)).map((r) => r.id);
  expect(outside, 'payment rows of clients the key cannot list').toEqual([]);
  const head = await get<PaymentsBody>(request, '/api/v1/payments?by=client', headKey);
  expect(head.rows.some((r) => !own.has(r.id!))).toBe(true);
  expect(mine.total.billed).toBeGreaterThan(0);
  expect(mine.total.billed).toBeLessThan(head.total.billed);

  const debtors = await get<DebtorsBody>(request, '/api/v1/debtors', fx.apiKeySpecA);
  expect(debtors.rows.filter((r) => !own.has(r.id!))).toEqual([]);
  const acts = await get<ActsBody>(request, '/api/v1/acts/unreturned?limit=5000', fx.apiKeySpecA);
  expect(acts.acts.filter((x) => !own.has(x.clientId))).toEqual([]);
  const headActs = await get<ActsBody>(request, '/api/v1/acts/unreturned', headKey);
  expect(acts.total).toBeLessThan(headActs.total);
});
