// The sales marts (lib/abc/sales-mart.ts) must classify exactly as the definition summed straight
// from the month and day marts, and those must hold exactly the sales table's sums: checked on a
// generated company loaded by the real loader, for every metric, both default windows and a
// restricted scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { abcMetrics, DEFAULT_THRESHOLDS } from '@/lib/abc/params';
import { addClassesPlan, getMartAsOf, popPlan, withSql } from '@/lib/abc/plan';
import { ensureAbcMart } from '@/lib/abc/sales-mart';
import { addPairPlan } from '@/lib/abc/bcg-plan';
import { previousWindow, salesWindow, shiftAsOf } from '@/lib/abc/windows';
import type { Scope } from '@/lib/db/scope';
import { cleanupDataDir, loadGeneratedCompany } from '../helpers';

const AS_OF = '2026-11-20';

describe('sales marts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await loadGeneratedCompany({ clients: 200, months: 26, seed: 5, asOf: AS_OF });
    await ensureAbcMart();
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
    for (const scope of scopes) for (const metric of abcMetrics) for (const w of windows) for (const th of thresholds) {
      const read = async (mart: string | null) => {
        const plan = popPlan(scope);
        addClassesPlan(plan, 'c', w, metric, th, mart);
        return query(`${withSql(plan)} SELECT ck, v::VARCHAR AS v, abc, xyz, round(cv, 9) AS cv, has FROM abc_kc ORDER BY ck`, plan.params);
      };
      const [fromMart, summed] = await Promise.all([read(martAsOf), read(null)]);
      expect(fromMart.length).toBeGreaterThan(0);
      expect(fromMart).toEqual(summed);
      compared += fromMart.length;
    }
    // Every class occurs somewhere, so the comparison is not vacuous.
    const plan = popPlan(scopes[0]);
    addClassesPlan(plan, 'c', cur, 'revenue', DEFAULT_THRESHOLDS, martAsOf);
    const seen = await query<{ k: string }>(`${withSql(plan)} SELECT DISTINCT abc || '-' || xyz AS k FROM abc_kc`, plan.params);
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);

  it('the stored pair of windows and quadrants equal the two classifications joined', async () => {
    const martAsOf = await getMartAsOf();
    const cur = salesWindow(AS_OF, 12);
    for (const metric of abcMetrics) {
      const read = async (mart: string | null) => {
        const plan = popPlan({ login: 'e', role: 'executive' });
        addPairPlan(plan, cur, previousWindow(cur), { metric, thresholds: DEFAULT_THRESHOLDS }, mart);
        return query(`${withSql(plan)} SELECT ck, v::VARCHAR AS v, abc, xyz, round(cv, 9) AS cv, has, pv::VARCHAR AS pv, pabc, pxyz,
          round(pcv, 9) AS pcv, phas, quadrant FROM abc_pair ORDER BY ck`, plan.params);
      };
      const [stored, joined] = await Promise.all([read(martAsOf), read(null)]);
      expect(stored).toEqual(joined);
      // Not vacuous: most quadrants occur.
      const quads = new Set(stored.map((r) => (r as { quadrant: string | null }).quadrant).filter(Boolean));
      expect(quads.size, metric).toBeGreaterThanOrEqual(3);
    }
  }, 60_000);
});
