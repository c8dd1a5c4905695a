// Windows (metrics.md: "the 12 calendar months ending with the month of D", the previous one
// shifted back) and the URL parameters of the ABC/XYZ and growth × share views: the API refuses a
// bad value (→ 400), a page falls back to the default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { BadRequestError } from '@/lib/auth/session';
import { abcQuery, parseAbcParamsLenient, parseAbcParamsStrict } from '@/lib/abc/params';
import { previousWindow, salesWindow, shiftAsOf, windowPeriods } from '@/lib/abc/windows';
import { query } from '@/lib/db';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
beforeAll(async () => { dir = await freshDataDir(); });
afterAll(async () => { await cleanupDataDir(dir); });

describe('windows', () => {
  it('ends with the month of D and starts L − 1 months before', () => {
    expect(salesWindow('2026-11-20', 12)).toEqual({ asOf: '2026-11-20', months: 12, from: '2025-12-01', lastMonth: '2026-11-01', lastFull: '2026-10-01' });
    expect(windowPeriods(salesWindow('2026-02-10', 3))).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(previousWindow(salesWindow('2026-11-20', 12)).from).toBe('2024-12-01');
  });

  it('shifts D back by whole months, clamping the day like DuckDB does in the marts', async () => {
    expect(shiftAsOf('2026-03-31', 1)).toBe('2026-02-28');
    expect(shiftAsOf('2028-02-29', 12)).toBe('2027-02-28');
    expect(shiftAsOf('2026-11-20', 12)).toBe('2025-11-20');
    const [r] = await query<{ a: string; b: string }>(`SELECT strftime((DATE '2028-02-29' - INTERVAL 12 MONTH)::DATE, '%Y-%m-%d') AS a,
      strftime((DATE '2026-03-31' - INTERVAL 12 MONTH)::DATE, '%Y-%m-%d') AS b`);
    expect([r.a, r.b]).toEqual([shiftAsOf('2028-02-29', 12), shiftAsOf('2026-03-31', 12)]);
  });
});

const sp = (s: string) => new URLSearchParams(s);

describe('parameters', () => {
  it('defaults: revenue, 12 months, 80/95, 10/25, shift = months, D = today when nothing is loaded', async () => {
    const p = await parseAbcParamsStrict(sp(''));
    expect(p).toMatchObject({ metric: 'revenue', months: 12, thresholds: { a: 80, b: 95, x: 10, y: 25 }, shift: 12, by: 'client', limit: 1000, offset: 0 });
    expect(p.asOf).toBe(p.latestAsOf);
    expect((await parseAbcParamsStrict(sp('months=6'))).shift).toBe(6);
  });

  it('reads every value, thresholds with a decimal comma, a cell and a transition', async () => {
    const p = await parseAbcParamsStrict(sp('metric=gross_profit&asOf=2026-10-31&months=24&a=70&b=90,5&x=12.5&y=30&shift=3&by=team&cell=B-none&from=A&to=C&limit=5&offset=10&team=t1'));
    expect(p).toMatchObject({
      metric: 'gross_profit', asOf: '2026-10-31', months: 24, thresholds: { a: 70, b: 90.5, x: 12.5, y: 30 }, shift: 3, by: 'team',
      cell: { abc: 'B', xyz: 'none' }, transition: { kind: 'abc', from: 'A', to: 'C' }, limit: 5, offset: 10, filter: { team: 't1' },
    });
    expect((await parseAbcParamsStrict(sp('from=X&to=new'))).transition).toEqual({ kind: 'xyz', from: 'X', to: 'new' });
    // A whole row or column of the matrix.
    expect((await parseAbcParamsStrict(sp('cell=B'))).cell).toEqual({ abc: 'B', xyz: undefined });
    expect((await parseAbcParamsStrict(sp('cell=-none'))).cell).toEqual({ abc: undefined, xyz: 'none' });
  });

  it('the API refuses what it cannot use', async () => {
    for (const bad of ['metric=profit', 'months=2', 'months=37', 'months=1e3', 'asOf=2026-02-30', 'a=0', 'a=101', 'x=1.234', 'cell=D-X', 'cell=A-W', 'cell=A-', 'cell=-',
      'by=region', 'limit=0', 'limit=10001', 'limit=200001', 'shift=0', 'from=A&to=X']) {
      await expect(parseAbcParamsStrict(sp(bad)), bad).rejects.toSatisfy((e) => e instanceof ZodError || e instanceof BadRequestError);
    }
    await expect(parseAbcParamsStrict(sp('a=95&b=80'))).rejects.toThrow('порог a (95) должен быть меньше порога b (80)');
    await expect(parseAbcParamsStrict(sp('x=30'))).rejects.toThrow(BadRequestError);
    await expect(parseAbcParamsStrict(sp('from=A'))).rejects.toThrow('переход задаётся парой from и to');
  });

  it('a page falls back, value by value; contradicting thresholds fall back as a pair', async () => {
    const p = await parseAbcParamsLenient({ metric: 'profit', months: '999', a: '95', b: '80', x: '5', cell: 'A-Q', by: ['team', 'client'] });
    expect(p).toMatchObject({ metric: 'revenue', months: 12, thresholds: { a: 80, b: 95, x: 5, y: 25 }, by: 'team' });
    expect(p.cell).toBeUndefined();
  });

  it('links leave defaults out', async () => {
    const p = await parseAbcParamsLenient({ metric: 'sales_count', a: '70' });
    expect(abcQuery(p)).toBe('?metric=sales_count&a=70');
    expect(abcQuery({ ...p, metric: 'revenue', thresholds: { a: 80, b: 95, x: 10, y: 25 } }, { cell: 'A-X' })).toBe('?cell=A-X');
  });
});
