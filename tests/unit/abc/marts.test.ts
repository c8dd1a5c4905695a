// The sales marts (lib/abc/sales-mart.ts) must classify exactly as the definition summed straight
// from the month and day marts, and those must hold exactly the sales table's sums: checked on a
// generated company loaded by the real loader, for every metric, both default windows and a
// restricted scope; and any other window read from the running sums (mart_sales_wide) must
// classify exactly as the same window summed from the month and day marts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { query, withConnection } from '@/lib/db';
import { rebuildSalesWide, wideBatch } from '@/lib/abc/sales-mart';
import { abcMetrics, DEFAULT_THRESHOLDS } from '@/lib/abc/params';
import { addClassesPlan, getMartAsOf, getSalesMarts, popPlan, wideWindow, withSql, type SalesMarts } from '@/lib/abc/plan';
import { addPairPlan } from '@/lib/abc/bcg-plan';
import { previousWindow, salesWindow, shiftAsOf } from '@/lib/abc/windows';
import type { Scope } from '@/lib/db/scope';
import { cleanupDataDir, loadGeneratedCompany } from '../helpers';

const AS_OF = '2026-11-20';

describe('sales marts', () => {
  let dir: string;
  beforeAll(async () => {
    // The loads build the marts and the running sums (lib/derived/registry.ts).
    dir = await loadGeneratedCompany({ clients: 200, months: 26, seed: 5, asOf: AS_OF });
  }, 120_000);
  afterAll(() => cleanupDataDir(dir));

  it('hold the sales sums per day and per month, in kopecks, for every client', async () => {
    const [d] = await query<{ n: number; bad: number }>(`
      WITH direct AS (SELECT date, client_id, sum(revenue * 100)::BIGINT AS r, sum((revenue - cost) * 100)::BIGINT AS g, count(*) AS n FROM sales GROUP BY ALL),
      mart AS (SELECT d.on_date AS date, k.client_id, d.revenue AS r, d.gross_profit AS g, d.sales AS n FROM mart_sales_day d JOIN mart_sales_client k USING (ck))
      SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE a.r IS DISTINCT FROM b.r OR a.g IS DISTINCT FROM b.g OR a.n IS DISTINCT FROM b.n)::INTEGER AS bad
      FROM direct a FULL JOIN mart b USING (date, client_id)`);
    expect(d.n).toBeGreaterThan(2000);
    expect(d.bad).toBe(0);
    const [m] = await query<{ bad: number }>(`
      WITH direct AS (SELECT date_trunc('month', on_date)::DATE AS month, ck, sum(revenue) AS r, sum(sales) AS n FROM mart_sales_day GROUP BY ALL)
      SELECT count(*) FILTER (WHERE a.r IS DISTINCT FROM b.revenue OR a.n IS DISTINCT FROM b.sales)::INTEGER AS bad
      FROM direct a FULL JOIN mart_sales_month b USING (month, ck)`);
    expect(m.bad).toBe(0);
    const [k] = await query<{ clients: number; keys: number; ordered: boolean }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, count(DISTINCT ck)::INTEGER AS keys,
        bool_and(ck = rn) AS ordered FROM (SELECT ck, row_number() OVER (ORDER BY client_id) AS rn FROM mart_sales_client)`);
    expect(k.keys).toBe(k.clients);
    expect(k.ordered).toBe(true);
  });

  it('the default windows in mart_abc_windows classify exactly as the month and day marts', async () => {
    const martAsOf = await getMartAsOf();
    expect(martAsOf).toBe(AS_OF);
    const cur = salesWindow(AS_OF, 12);
    const windows = [cur, previousWindow(cur)];
    expect(windows[1].asOf).toBe(shiftAsOf(AS_OF, 12));
    const [spec] = await query<{ id: string }>(`SELECT specialist_id AS id FROM clients GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const scopes: Scope[] = [{ login: 'e', role: 'executive' }, { login: 's', role: 'specialist', specialistId: spec.id }];
    const thresholds = [DEFAULT_THRESHOLDS, { a: 50, b: 70, x: 20, y: 40 }];
    let compared = 0;
    const marts = { asOf: martAsOf, months: [] };
    for (const scope of scopes) for (const metric of abcMetrics) for (const w of windows) for (const th of thresholds) {
      const read = async (mart: SalesMarts | null) => {
        const plan = popPlan(scope);
        addClassesPlan(plan, 'c', w, metric, th, mart);
        return query(`${withSql(plan)} SELECT ck, v::VARCHAR AS v, abc, xyz, round(cv, 9) AS cv, has FROM abc_kc ORDER BY ck`, plan.params);
      };
      const [fromMart, summed] = await Promise.all([read(marts), read(null)]);
      expect(fromMart.length).toBeGreaterThan(0);
      expect(fromMart).toEqual(summed);
      compared += fromMart.length;
    }
    // Every class occurs somewhere, so the comparison is not vacuous.
    const plan = popPlan(scopes[0]);
    addClassesPlan(plan, 'c', cur, 'revenue', DEFAULT_THRESHOLDS, marts);
    const seen = await query<{ k: string }>(`${withSql(plan)} SELECT DISTINCT abc || '-' || xyz AS k FROM abc_kc`, plan.params);
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);

  it('the stored pair of windows and quadrants equal the two classifications joined', async () => {
    const marts = { asOf: await getMartAsOf(), months: [] };
    const cur = salesWindow(AS_OF, 12);
    for (const metric of abcMetrics) {
      const read = async (mart: SalesMarts | null, prevClasses = true) => {
        const plan = popPlan({ login: 'e', role: 'executive' });
        addPairPlan(plan, cur, previousWindow(cur), { metric, thresholds: DEFAULT_THRESHOLDS }, mart, { prevClasses });
        return query(`${withSql(plan)} SELECT ck, v::VARCHAR AS v, abc, xyz, round(cv, 9) AS cv, has, pv::VARCHAR AS pv, pabc, pxyz,
          round(pcv, 9) AS pcv, phas, quadrant FROM abc_pair ORDER BY ck`, plan.params);
      };
      const [stored, joined, sumsOnly] = await Promise.all([read(marts), read(null), read(null, false)]);
      expect(stored).toEqual(joined);
      // Without the previous window's classes: the same pair and quadrants, those three left empty.
      expect(sumsOnly).toEqual(joined.map((r) => ({ ...r, pabc: null, pxyz: null, pcv: null })));
      // Not vacuous: most quadrants occur.
      const quads = new Set(stored.map((r) => (r as { quadrant: string | null }).quadrant).filter(Boolean));
      expect(quads.size, metric).toBeGreaterThanOrEqual(3);
    }
  }, 60_000);

  it('any other window, from the running sums, classifies exactly as summed from the month and day marts', async () => {
    const marts = await getSalesMarts();
    expect(marts.months.length).toBeGreaterThanOrEqual(26);
    const wide = { asOf: null, months: marts.months };
    // D on the newest day (its month whole), on the 20th of a past month (the month's partial
    // sums), mid-month in the past (the day mart adds the month of D), a month's last day, the
    // 1st, before the first sale, after the last; 1 to 30 months.
    const cases: Array<[string, number]> = [
      [AS_OF, 6], [AS_OF, 1], [AS_OF, 24], ['2026-08-20', 12], ['2026-05-20', 6], ['2026-08-14', 12], ['2026-08-14', 1], ['2026-10-31', 3],
      ['2026-03-01', 6], ['2024-12-15', 12], [marts.months[0].month, 2], ['2027-02-10', 6], ['2026-11-30', 30],
    ];
    const how = cases.map(([d, m]) => wideWindow(marts.months, salesWindow(d, m)));
    expect(how.map((x) => x.day)).toContain(true);
    expect(how.map((x) => x.part !== null)).toContain(true);
    expect(how.some((x) => !x.day && x.part === null)).toBe(true);
    const [spec] = await query<{ id: string }>(`SELECT specialist_id AS id FROM clients GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const scopes: Scope[] = [{ login: 'e', role: 'executive' }, { login: 's', role: 'specialist', specialistId: spec.id }];
    let compared = 0;
    for (const [asOf, months] of cases) for (const metric of abcMetrics) for (const scope of scopes) {
      const w = salesWindow(asOf, months);
      const read = async (mart: SalesMarts | null) => {
        const plan = popPlan(scope);
        addClassesPlan(plan, 'c', w, metric, { a: 70, b: 90, x: 15, y: 30 }, mart);
        return query(`${withSql(plan)} SELECT ck, v::VARCHAR AS v, abc, xyz, round(cv, 9) AS cv, has FROM abc_kc ORDER BY ck`, plan.params);
      };
      const [fromWide, summed] = await Promise.all([read(wide), read(null)]);
      expect(fromWide, `${asOf} ${months} ${metric} ${scope.role}`).toEqual(summed);
      compared += fromWide.filter((r) => (r as { has: boolean }).has).length;
      // The pair the growth × share view and the transitions read, shifted by 1 or 3 months.
      // (From the running sums both windows are one relation: addWidePairPlan.)
      const pair = async (mart: SalesMarts | null, prevClasses = true) => {
        const plan = popPlan(scope);
        addPairPlan(plan, w, previousWindow(w, months % 2 ? 1 : 3), { metric, thresholds: DEFAULT_THRESHOLDS }, mart, { prevClasses });
        return query(`${withSql(plan)} SELECT ck, v::VARCHAR AS v, abc, xyz, pv::VARCHAR AS pv, pabc, pxyz, round(pcv, 9) AS pcv, phas, quadrant
          FROM abc_pair ORDER BY ck`, plan.params);
      };
      const [pairWide, pairSummed, sumsWide] = await Promise.all([pair(wide), pair(null), pair(wide, false)]);
      expect(pairWide, `pair ${asOf} ${months} ${metric} ${scope.role}`).toEqual(pairSummed);
      expect(sumsWide).toEqual(pairSummed.map((r) => ({ ...r, pabc: null, pxyz: null, pcv: null })));
    }
    expect(compared).toBeGreaterThan(5000);
  }, 120_000);

  it('batches the running sums by the memory budget: 40 clients per MB, at least 10,000; 200,000 without a budget', () => {
    expect([wideBatch(1200), wideBatch(6026), wideBatch(100), wideBatch(Number.NaN), wideBatch(0)]).toEqual([48_000, 241_040, 10_000, 200_000, 200_000]);
  });

  it('the running sums built in batches of clients equal one batch of all of them', async () => {
    const read = (con: DuckDBConnection) => con.runAndReadAll('SELECT * FROM mart_sales_wide ORDER BY ck').then((r) => r.getRowsJson());
    await withConnection(async (con) => {
      const whole = await read(con);
      expect(whole.length).toBeGreaterThan(150);
      await con.run('BEGIN TRANSACTION');
      try {
        // 60 clients per statement: four batches, the last one short.
        await rebuildSalesWide(con, null, 60);
        expect(await read(con)).toEqual(whole);
      } finally {
        await con.run('ROLLBACK');
      }
    });
  });
});

describe('wideWindow', () => {
  const months = [
    { month: '2026-01-01', lastOn: '2026-01-31', partOn: '2026-01-30' }, { month: '2026-02-01', lastOn: '2026-02-27', partOn: '2026-02-28' },
    // no sales in March
    { month: '2026-04-01', lastOn: '2026-04-20', partOn: '2026-04-30' },
  ];
  it('reads the running sum before the window and at its end', () => {
    expect(wideWindow(months, salesWindow('2026-02-28', 2))).toEqual({ start: null, end: '202602', part: null, day: false });
    expect(wideWindow(months, salesWindow('2026-02-27', 1))).toEqual({ start: '202601', end: '202602', part: null, day: false });
  });
  it('adds the month of D from the day mart only when a sale in it is dated after D', () => {
    expect(wideWindow(months, salesWindow('2026-02-26', 2))).toEqual({ start: null, end: '202601', part: null, day: true });
    expect(wideWindow(months, salesWindow('2026-04-20', 3))).toEqual({ start: '202601', end: '202604', part: null, day: false });
    expect(wideWindow(months, salesWindow('2026-04-19', 3))).toEqual({ start: '202601', end: '202602', part: null, day: true });
  });
  it('takes the month of D from its partial sums when they run exactly to D', () => {
    expect(wideWindow(months, salesWindow('2026-01-30', 1))).toEqual({ start: null, end: null, part: '202601', day: false });
    expect(wideWindow(months, salesWindow('2026-01-29', 1))).toEqual({ start: null, end: null, part: null, day: true });
  });
  it('takes a month with no sales as the month before, and nothing before the first', () => {
    expect(wideWindow(months, salesWindow('2026-03-15', 1))).toEqual({ start: '202602', end: '202602', part: null, day: false });
    expect(wideWindow(months, salesWindow('2025-12-31', 12))).toEqual({ start: null, end: null, part: null, day: false });
    expect(wideWindow(months, salesWindow('2026-09-10', 2))).toEqual({ start: '202604', end: '202604', part: null, day: false });
  });
});
