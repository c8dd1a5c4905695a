// The trend (issue 6 "each control by month for the last 12 months"): each month's point is the
// figure the page shows for that month on the same D, for the company, a team and a specialist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { getKpi } from '@/lib/kpi/get-kpi';
import { kpiWindow } from '@/lib/kpi/period';
import { controlKeys } from '@/lib/kpi/score';
import { getKpiTrend } from '@/lib/kpi/trend';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files } from './fixture';

const exec: Scope = { login: 'e', role: 'executive' };

describe('getKpiTrend', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', { asOf: D, files });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('12 months ending with the month asked, none after D', async () => {
    const tr = await getKpiTrend({ asOf: D, lastMonth: '2026-11', scope: exec });
    expect(tr.months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const early = await getKpiTrend({ asOf: '2026-10-15', lastMonth: '2026-11', scope: exec });
    expect(early.months.at(-1)!.month).toBe('2026-10');
  });

  for (const [who, filter] of [['company', {}], ['team t1', { teamId: 't1' }], ['specialist s2', { specialistId: 's2' }]] as const) {
    it(`each point equals the month's figures (${who})`, async () => {
      const tr = await getKpiTrend({ asOf: D, lastMonth: '2026-11', scope: exec, ...filter });
      for (const m of tr.months.slice(-3)) {
        const k = await getKpi({ window: kpiWindow(m.month, D), asOf: D, scope: exec, by: 'company', ...filter });
        for (const c of controlKeys) {
          const f = k.total.controls[c];
          expect({ month: m.month, c, ...m.controls[c] }).toEqual({ month: m.month, c, value: f.value, numerator: f.numerator, denominator: f.denominator });
        }
        expect(m.reactionMedianHours).toBe(k.total.controls.reaction.medianHours);
      }
    });
  }

  it('November for s1 as worked out by hand', async () => {
    const tr = await getKpiTrend({ asOf: D, lastMonth: '2026-11', scope: exec, specialistId: 's1' });
    const nov = tr.months.at(-1)!;
    expect(nov.controls.calls).toEqual({ value: 40, numerator: 2, denominator: 5 });
    expect(nov.controls.completeness).toMatchObject({ numerator: 8, denominator: 12 });
    // October: i9 missed (planned 20.10); the other Oct rows: a8 open, a6 done late.
    const oct = tr.months.at(-2)!;
    expect(oct.controls.calls).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(oct.controls.agreements).toEqual({ value: 0, numerator: 0, denominator: 2 });
  });
});
