// The KPI summary (lib/kpi/summary.ts): for the newest as-of D₀, getKpi reads the stored monthly
// figures; it must answer exactly what the ten reads over the KPI marts answer, for every grouping,
// month and quarter (whole, cut at D₀, after D₀, before the stored months), scope and narrowing,
// on a generated company loaded by the real loader (reassigned clients, churn, threats, late
// payments: every rule the marts implement).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import type { Scope } from '@/lib/db/scope';
import { getKpi, type Kpi } from '@/lib/kpi/get-kpi';
import type { KpiGrouping } from '@/lib/kpi/common';
import { kpiWindow } from '@/lib/kpi/period';
import { getKpiTrend } from '@/lib/kpi/trend';
import { getKpiSummaryInfo, settledReads, summaryCovers, SUMMARY_MONTHS } from '@/lib/kpi/summary';
import { cleanupDataDir, loadGeneratedCompany } from '../helpers';

const D0 = '2026-11-20';

/** Money summed in another order may differ in the last bits: compare to the kopeck, counts exactly. */
function rounded(k: Kpi): unknown {
  return JSON.parse(JSON.stringify(k, (_, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
}

describe('KPI summary', () => {
  let dir: string;
  let teams: string[];
  let spec: string;
  beforeAll(async () => {
    dir = await loadGeneratedCompany({ clients: 300, months: 28, seed: 11, asOf: D0 });
    teams = (await query<{ id: string }>(`SELECT team_id AS id FROM teams ORDER BY 1 LIMIT 2`)).map((r) => r.id);
    [{ id: spec }] = await query<{ id: string }>(`SELECT specialist_id AS id FROM clients GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  }, 180_000);
  afterAll(() => cleanupDataDir(dir));

  it('covers D₀ and the months the period picker offers', async () => {
    const { info: got } = await getKpiSummaryInfo();
    expect(got?.asOf).toBe(D0);
    const info = got!;
    expect(info.months).toHaveLength(SUMMARY_MONTHS);
    expect(info.months.at(-1)).toBe('2026-11');
    expect(summaryCovers(info, { asOf: D0, window: kpiWindow('2026-11', D0) })).toBe(true);
    expect(summaryCovers(info, { asOf: D0, window: kpiWindow('2024-10', D0) })).toBe(true);
    // Another D, a period after D₀ (an empty window), a month before the stored ones: the marts.
    expect(summaryCovers(info, { asOf: '2026-10-31', window: kpiWindow('2026-10', '2026-10-31') })).toBe(false);
    expect(summaryCovers(info, { asOf: D0, window: kpiWindow('2026-12', D0) })).toBe(false);
    expect(summaryCovers(info, { asOf: D0, window: kpiWindow('2024-06', D0) })).toBe(false);
  });


  const periods = ['2026-11', '2026-10', '2026-Q4', '2026-Q3', '2025-Q1', '2024-09', '2026-12', '2024-06'];
  const scopes = (): Array<[string, Scope]> => [
    ['executive', { login: 'e', role: 'executive' }],
    ['head of two teams', { login: 'h', role: 'head', teamIds: teams }],
    ['specialist', { login: 's', role: 'specialist', specialistId: spec }],
  ];

  for (const by of ['company', 'team', 'specialist'] as KpiGrouping[]) {
    it(`answers as the marts do, by ${by}, for every period, scope and narrowing`, async () => {
      let compared = 0;
      for (const period of periods) {
        const window = kpiWindow(period, D0);
        for (const [name, scope] of scopes()) {
          for (const narrow of [{}, { teamId: teams[0] }, { specialistId: spec }]) {
            const q = { window, asOf: D0, scope, by, ...narrow };
            const fast = await getKpi(q);
            const marts = await getKpi({ ...q, useSummary: false });
            expect(rounded(fast), `${period} ${name} ${JSON.stringify(narrow)}`).toEqual(rounded(marts));
            compared += marts.rows.length;
          }
        }
      }
      // Not a comparison of empty answers.
      expect(compared).toBeGreaterThan(by === 'specialist' ? 100 : 50);
    }, 120_000);
  }

  it('tells which reads a past D may take from the stored months', async () => {
    const { info } = await getKpiSummaryInfo();
    const reads = (asOf: string, period: string) => settledReads(info!, { asOf, window: kpiWindow(period, asOf) });
    // Order: calls, entry, completeness, agreements, feedback, reaction, overdue, payment, acts, revenue.
    // On the month's last day: only what is taken up to `to` (completeness, revenue).
    expect(reads('2026-10-31', '2026-10')).toEqual([false, false, true, false, false, false, false, false, false, true]);
    // The next day every planned, due and occurred row of October is decided.
    expect(reads('2026-11-01', '2026-10')).toEqual([true, true, true, true, false, false, false, false, false, true]);
    // Inside the window nothing is settled; a quarter settles after its last month.
    expect(reads('2026-10-15', '2026-10').some(Boolean)).toBe(false);
    expect(reads('2026-09-15', '2026-Q3').some(Boolean)).toBe(false);
    expect(reads('2026-10-01', '2026-Q3')).toEqual(reads('2026-11-01', '2026-10'));
    // Before the stored months: nothing; D₀'s own month is not settled on D₀ nor after it.
    expect(reads('2026-10-01', '2024-06').some(Boolean)).toBe(false);
    expect(reads('2026-12-05', '2026-11').some(Boolean)).toBe(false);
  });

  for (const by of ['team', 'specialist'] as KpiGrouping[]) {
    it(`answers a past D as the marts do, by ${by}, the settled reads from the stored months`, async () => {
      let compared = 0;
      const { info } = await getKpiSummaryInfo();
      for (const [asOf, period] of [['2026-11-01', '2026-10'], ['2026-10-31', '2026-10'], ['2026-11-02', '2026-10'], ['2026-11-19', '2026-Q3'],
        ['2026-10-15', '2026-10'], ['2026-09-30', '2026-09'], ['2026-07-01', '2026-06'], ['2026-12-01', '2026-10'], ['2025-01-01', '2024-Q4']]) {
        const window = kpiWindow(period, asOf);
        for (const [name, scope] of scopes()) {
          for (const narrow of [{}, { teamId: teams[0] }, { specialistId: spec }]) {
            const q = { window, asOf, scope, by, ...narrow };
            const fast = await getKpi(q);
            const marts = await getKpi({ ...q, useSummary: false });
            expect(rounded(fast), `${asOf} ${period} ${name} ${JSON.stringify(narrow)}`).toEqual(rounded(marts));
            compared += marts.rows.length;
          }
        }
        if (!['2026-10-15', '2026-10-31', '2026-09-30'].includes(asOf)) expect(settledReads(info!, { asOf, window }).filter(Boolean), `${asOf} ${period}`).toHaveLength(5);
      }
      expect(compared).toBeGreaterThan(by === 'specialist' ? 200 : 50);
    }, 120_000);
  }

  it('gives the 12-month trend as the marts do, for every scope and narrowing', async () => {
    let points = 0;
    for (const lastMonth of ['2026-11', '2026-06']) {
      for (const [name, scope] of scopes()) {
        for (const narrow of [{}, { teamId: teams[0] }, { specialistId: spec }]) {
          const q = { asOf: D0, lastMonth, scope, ...narrow };
          const fast = await getKpiTrend(q);
          const marts = await getKpiTrend({ ...q, useSummary: false });
          expect(fast, `${lastMonth} ${name} ${JSON.stringify(narrow)}`).toEqual(marts);
          points += marts.months.filter((m) => m.controls.calls.denominator > 0).length;
        }
      }
    }
    expect(points).toBeGreaterThan(50);
  });

  it('the whole company by specialist has figures in every control', async () => {
    const k = await getKpi({ window: kpiWindow('2026-Q4', D0), asOf: D0, scope: { login: 'e', role: 'executive' }, by: 'specialist' });
    const t = k.total;
    for (const f of [t.controls.calls, t.controls.entry, t.controls.completeness, t.controls.agreements, t.controls.feedback, t.controls.reaction, t.results.payment, t.results.acts]) {
      expect(f.denominator).toBeGreaterThan(0);
    }
    expect(t.controls.reaction.medianHours).not.toBeNull();
    expect(t.controls.calls.overdue + t.controls.agreements.overdue).toBeGreaterThan(0);
  });
});
