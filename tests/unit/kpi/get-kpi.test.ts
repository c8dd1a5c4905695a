// Manager KPIs (spec/metrics.md "Manager KPIs") on the hand-made company of ./fixture.ts, loaded by
// the real loader: each control's edge rules with the figures worked out by hand there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { getKpi, type Kpi, type KpiRow } from '@/lib/kpi/get-kpi';
import { kpiWindow } from '@/lib/kpi/period';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files } from './fixture';

const exec: Scope = { login: 'e', role: 'executive' };
const nov = kpiWindow('2026-11', D);

const row = (k: Kpi, id: string | null): KpiRow => {
  const r = k.rows.find((x) => x.id === id);
  if (!r) throw new Error(`no row ${id}: ${k.rows.map((x) => x.id).join(', ')}`);
  return r;
};

describe('getKpi', () => {
  let dir: string;
  let bySpec: Kpi;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', { asOf: D, files });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
    bySpec = await getKpi({ window: nov, asOf: D, scope: exec, by: 'specialist' });
  });
  afterAll(() => cleanupDataDir(dir));

  it('control 1: done on the planned day is on time; planned for D and not done is not counted; overdue now', () => {
    expect(row(bySpec, 's1').controls.calls).toEqual({ value: 40, numerator: 2, denominator: 5, overdue: 3 });
    expect(row(bySpec, 's2').controls.calls).toEqual({ value: 100, numerator: 1, denominator: 1, overdue: 0 });
    expect(bySpec.total.controls.calls).toEqual({ value: 50, numerator: 3, denominator: 6, overdue: 3 });
  });

  it('control 2: exactly 24 h is on time, 24 h + 1 s and no entry are late, occurred on D is not counted yet', () => {
    expect(row(bySpec, 's1').controls.entry).toEqual({ value: 60, numerator: 3, denominator: 5 });
    expect(row(bySpec, 's2').controls.entry).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(row(bySpec, 's1').results.contactsDone).toBe(6);
    expect(bySpec.total.results.contactsDone).toBe(7);
  });

  it('control 3: a client with no contacts passes only what it has; suspended, churned and not-yet clients are out', () => {
    const s1 = row(bySpec, 's1');
    expect(s1.controls.completeness.numerator).toBe(8);
    expect(s1.controls.completeness.denominator).toBe(12);
    expect(s1.controls.completeness.clients).toBe(2);
    expect(s1.controls.completeness.value).toBeCloseTo(66.667, 2);
    expect(row(bySpec, 's2').controls.completeness).toMatchObject({ numerator: 1, denominator: 6, clients: 1 });
    expect(row(bySpec, 's3').controls.completeness).toEqual({ value: null, numerator: 0, denominator: 0, clients: 0 });
    expect(row(bySpec, 's3').results.churned).toBe(1);
    expect(bySpec.total.results.activeClients).toBe(3);
  });

  it('control 4: done on the due day is kept, done late or after D is not, due on D is not counted; overdue now', () => {
    expect(row(bySpec, 's1').controls.agreements).toEqual({ value: 25, numerator: 1, denominator: 4, overdue: 3 });
    // a7 has no specialist: it counts for the client's current one.
    expect(row(bySpec, 's2').controls.agreements).toEqual({ value: 100, numerator: 1, denominator: 1, overdue: 0 });
  });

  it('control 5: feedback recorded after D does not count yet', () => {
    expect(row(bySpec, 's1').controls.feedback.numerator).toBe(1);
    expect(row(bySpec, 's1').controls.feedback.denominator).toBe(3);
    expect(row(bySpec, 's2').controls.feedback).toEqual({ value: 0, numerator: 0, denominator: 1 });
  });

  it('control 6: exactly 24 h is within, a threat never reacted to is late and open, raised on D waits', () => {
    expect(row(bySpec, 's1').controls.reaction).toEqual({ value: 50, numerator: 2, denominator: 4, medianHours: 24, reacted: 3, open: 1, oldestOpenDays: 8 });
    expect(row(bySpec, 's2').controls.reaction).toEqual({ value: null, numerator: 0, denominator: 0, medianHours: null, reacted: 0, open: 1, oldestOpenDays: 0 });
  });

  it('sales results: payment %, acts returned %, revenue', () => {
    const s1 = row(bySpec, 's1');
    const s2 = row(bySpec, 's2');
    expect(s1.results.payment).toMatchObject({ numerator: 1000, denominator: 1100 });
    expect(s2.results.payment).toEqual({ value: 0, numerator: 0, denominator: 2000 });
    expect(s1.results.acts).toEqual({ value: 100, numerator: 2, denominator: 2, notReturned: 0 });
    expect(s2.results.acts).toEqual({ value: 0, numerator: 0, denominator: 2, notReturned: 2 });
    expect(s1.results.revenue).toBe(1500);
    expect(s1.results.sales).toBe(2);
    expect(s2.results.revenue).toBe(200);
  });

  it('composite score is the mean of the controls that have a value', () => {
    const s1 = row(bySpec, 's1');
    expect(s1.score).toBeCloseTo((40 + 60 + 800 / 12 + 25 + 100 / 3 + 50) / 6, 6);
    // s2: calls 100, entry 0, completeness 16.7, agreements 100, feedback 0; reaction has no value.
    expect(row(bySpec, 's2').score).toBeCloseTo((100 + 0 + 100 / 6 + 100 + 0) / 5, 6);
  });

  it('groups by team through the owner, and the company row is the total', async () => {
    const byTeam = await getKpi({ window: nov, asOf: D, scope: exec, by: 'team' });
    expect(byTeam.rows.map((r) => [r.id, r.name])).toEqual([['t1', 'Север'], ['t2', 'Юг']]);
    expect(row(byTeam, 't1').controls.calls).toEqual(row(bySpec, 's1').controls.calls);
    expect(row(byTeam, 't1').results.churned).toBe(1);
    const company = await getKpi({ window: nov, asOf: D, scope: exec, by: 'company' });
    expect(company.rows).toHaveLength(1);
    expect(company.rows[0].controls).toEqual(bySpec.total.controls);
    expect(company.rows[0].results).toEqual(bySpec.total.results);
  });

  it('medians per team for specialists', () => {
    // t1: s1 and s3 (s3 has no controls); the median of calls is s1's alone.
    expect(bySpec.medians.byTeam.t1.calls).toBe(40);
    expect(bySpec.medians.byTeam.t1.churned).toBe(0.5);
    expect(bySpec.medians.all.calls).toBe(70);
  });

  it('a quarter counts its months up to D', async () => {
    const q = await getKpi({ window: kpiWindow('2026-Q4', D), asOf: D, scope: exec, by: 'specialist' });
    // Oct adds i9 (never done) to s1's calls and a8 / a6 to its agreements.
    expect(row(q, 's1').controls.calls).toEqual({ value: (100 * 2) / 6, numerator: 2, denominator: 6, overdue: 3 });
    expect(row(q, 's1').controls.agreements).toMatchObject({ numerator: 1, denominator: 6 });
    expect(row(q, 's2').results.payment).toEqual({ value: (100 * 800) / 2800, numerator: 800, denominator: 2800 });
    // Revenue: 300 on 31.10 joins.
    expect(row(q, 's1').results.revenue).toBe(1800);
  });

  it('as known on an earlier D', async () => {
    const d = '2026-11-12';
    const k = await getKpi({ window: kpiWindow('2026-11', d), asOf: d, scope: exec, by: 'specialist' });
    // Calls planned by 12.11: i1 on time, i2 (10.11, done 12.11) late, i6 on time → 2 / 3; overdue: i2 was done on D so no, i9 yes.
    expect(row(k, 's1').controls.calls).toEqual({ value: (100 * 2) / 3, numerator: 2, denominator: 3, overdue: 1 });
    // Agreements due by 12.11: a1 kept, a2 due on D not done yet → not counted.
    expect(row(k, 's1').controls.agreements).toEqual({ value: 100, numerator: 1, denominator: 1, overdue: 1 });
    // Threat th3 raised on D: waiting; th2 late; th1 within → 1 / 2.
    expect(row(k, 's1').controls.reaction).toMatchObject({ numerator: 1, denominator: 2, open: 1, oldestOpenDays: 0 });
    // Reacted by 12.11: th1 (24 h) and th2 (48 h): an even count, the median is the mean of the two.
    expect(row(k, 's1').controls.reaction).toMatchObject({ reacted: 2, medianHours: 36 });
    // Open on 12.11: th3 alone (raised that day; th5 was resolved in October, th4 is not raised yet).
    expect(k.total.controls.reaction).toMatchObject({ reacted: 2, medianHours: 36, open: 1, oldestOpenDays: 0 });
    for (const by of ['team', 'company'] as const) {
      const t = await getKpi({ window: kpiWindow('2026-11', d), asOf: d, scope: exec, by });
      expect(t.total.controls.reaction, by).toEqual(k.total.controls.reaction);
    }
    expect(row(k, 's1').results.payment).toMatchObject({ numerator: 600, denominator: 1000 });
  });

  it('scope: a specialist sees the rows of their own clients only; a head their teams', async () => {
    const s2: Scope = { login: 's2', role: 'specialist', specialistId: 's2' };
    const mine = await getKpi({ window: nov, asOf: D, scope: s2, by: 'specialist' });
    expect(mine.rows.map((r) => r.id)).toEqual(['s2']);
    expect(mine.total.controls.calls.denominator).toBe(1);
    // inv3 (owner s2) is on c5, s1's client: not visible to s2.
    expect(mine.total.results.payment.denominator).toBe(2000);
    const head: Scope = { login: 'h', role: 'head', teamIds: ['t1'] };
    expect((await getKpi({ window: nov, asOf: D, scope: head, by: 'team' })).rows.map((r) => r.id)).toEqual(['t1']);
    const t1 = await getKpi({ window: kpiWindow('2026-Q4', D), asOf: D, scope: head, by: 'team' });
    // t1's clients c1 c3 c4 c5 c6; inv3 (October) on c5 is owned by s2 (t2) and so shows as t2's row.
    expect(t1.rows.map((r) => r.id)).toEqual(['t1', 't2']);
    expect(row(t1, 't2').results.payment.denominator).toBe(800);
    expect(row(t1, 't2').controls.calls.denominator).toBe(0);
    const nobody: Scope = { login: 'x', role: 'specialist', specialistId: null };
    expect((await getKpi({ window: nov, asOf: D, scope: nobody, by: 'team' })).rows).toEqual([]);
  });

  it('narrows to a team or a specialist', async () => {
    const t1 = await getKpi({ window: nov, asOf: D, scope: exec, by: 'specialist', teamId: 't1' });
    expect(t1.rows.map((r) => r.id)).toEqual(['s3', 's1']);
    expect(t1.total.controls.calls).toEqual(row(bySpec, 's1').controls.calls);
    const one = await getKpi({ window: nov, asOf: D, scope: exec, by: 'specialist', specialistId: 's2' });
    expect(one.rows.map((r) => r.id)).toEqual(['s2']);
  });
});
