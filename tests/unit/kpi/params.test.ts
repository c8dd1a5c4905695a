// KPI URL parameters: the API refuses a bad value (→ 400 through withApi's ZodError), a page falls
// back to the default; a quarter is a period; a period after D falls back to D's month on a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseKpiParamsLenient, parseKpiParamsStrict } from '@/lib/kpi/params';
import { kpiPeriodChoices, kpiWindow } from '@/lib/kpi/period';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files } from './fixture';

describe('KPI params', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await load(dir, '2026-11-20T12-00', { asOf: D, files });
  });
  afterAll(() => cleanupDataDir(dir));

  it('defaults: D from the newest extract, its month, by team', async () => {
    const p = await parseKpiParamsStrict(new URLSearchParams());
    expect(p).toMatchObject({ asOf: D, latestAsOf: D, period: '2026-11', by: 'team' });
    expect(p.window).toEqual({ period: '2026-11', kind: 'month', periods: ['2026-11'], from: '2026-11-01', to: D, end: '2026-11-30' });
  });

  it('a quarter is a period of three months cut at D', async () => {
    const p = await parseKpiParamsStrict(new URLSearchParams('period=2026-Q4&by=specialist'));
    expect(p.window).toEqual({ period: '2026-Q4', kind: 'quarter', periods: ['2026-10', '2026-11', '2026-12'], from: '2026-10-01', to: D, end: '2026-12-31' });
    expect(kpiWindow('2026-Q1', D).to).toBe('2026-03-31');
  });

  it('the API refuses bad values', async () => {
    for (const qs of ['period=2026-13', 'period=2026-Q5', 'period=26-11', 'asOf=2026-02-30', 'by=client', 'status=late', 'limit=0', 'limit=abc', 'limit=999999']) {
      await expect(parseKpiParamsStrict(new URLSearchParams(qs)), qs).rejects.toBeInstanceOf(ZodError);
    }
  });

  it('a page falls back on each bad value, and on a period after D', async () => {
    const p = await parseKpiParamsLenient({ period: 'ноябрь', asOf: 'вчера', by: 'company', team: 't1' }, 'team');
    expect(p).toMatchObject({ period: '2026-11', asOf: D, by: 'team', team: 't1' });
    expect((await parseKpiParamsLenient({ period: '2027-01' }, 'specialist')).period).toBe('2026-11');
    expect((await parseKpiParamsLenient({ period: '2026-09', asOf: '2026-10-05' }, 'team')).window.to).toBe('2026-09-30');
  });

  it('offers 24 months and 8 quarters, newest first', () => {
    const c = kpiPeriodChoices(D);
    expect(c.months[0]).toBe('2026-11');
    expect(c.months).toHaveLength(24);
    expect(c.quarters.slice(0, 3)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2']);
    expect(c.quarters).toHaveLength(8);
  });
});
