// Revenue by month (spec/metrics.md "Manager KPIs" → sales results: "revenue (sales in the
// period)"; the metric of "ABC / XYZ classes of clients"): Σ revenue, Σ (revenue − cost) and
// count(sales) per calendar month over the months ending with the month of D, as known on D (the
// month of D up to D), for the caller's clients. Read from the sales marts (lib/abc/sales-mart.ts).
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { salesWindow, windowPeriods } from './windows';

export interface RevenueMonth {
  /** YYYY-MM */
  period: string;
  /** Roubles. */
  revenue: number;
  grossProfit: number;
  sales: number;
}

/** Each of the `months` months ending with the month of `asOf` (oldest first, zero-filled). */
export async function getRevenueByMonth(q: { asOf: string; months?: number; scope: Scope }): Promise<RevenueMonth[]> {
  const w = salesWindow(q.asOf, q.months ?? 12);
  const sc = scopeClause(q.scope, 'k');
  const inScope = sc.sql === 'TRUE' ? '' : ` AND ck IN (SELECT k.ck FROM mart_sales_client k WHERE ${sc.sql})`;
  const rows = z.array(z.object({ month: z.string(), revenue: z.coerce.number(), grossProfit: z.coerce.number(), sales: z.coerce.number() })).parse(await query(/* sql */ `
    SELECT strftime(month, '%Y-%m') AS month, sum(revenue)::DOUBLE / 100 AS revenue, sum(gross_profit)::DOUBLE / 100 AS "grossProfit", sum(sales)::INTEGER AS sales
    FROM (
      SELECT month, revenue, gross_profit, sales FROM mart_sales_month WHERE month BETWEEN $from::DATE AND $lastFull::DATE${inScope}
      UNION ALL
      SELECT $last::DATE, revenue, gross_profit, sales FROM mart_sales_day WHERE on_date BETWEEN $last::DATE AND $asOf::DATE${inScope}
    )
    GROUP BY month`, { ...sc.params, from: w.from, lastFull: w.lastFull, last: w.lastMonth, asOf: w.asOf }));
  const by = new Map(rows.map((r) => [r.month, r]));
  return windowPeriods(w).map((period) => {
    const r = by.get(period);
    return { period, revenue: r?.revenue ?? 0, grossProfit: r?.grossProfit ?? 0, sales: r?.sales ?? 0 };
  });
}
