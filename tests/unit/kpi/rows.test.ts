// The rows behind every KPI figure (issue 6): for each control and sales result, the numerator and
// denominator the page shows equal what its drill-down lists, for every group, window and D; the
// rows carry the statuses worked out by hand in ./fixture.ts; payment % and acts returned % agree
// with the payment views' own getters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { drillKeys, type DrillKey } from '@/lib/kpi/drill';
import { drillFigure } from '@/lib/kpi/figures';
import { getKpi, type KpiRow } from '@/lib/kpi/get-kpi';
import { kpiWindow, type KpiWindow } from '@/lib/kpi/period';
import { drillDefs, getKpiRows, type DrillRows } from '@/lib/kpi/rows';
import { getPaymentRates } from '@/lib/metrics/payment-rate';
import { getUnreturnedActs } from '@/lib/metrics/unreturned-acts';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files } from './fixture';

const exec: Scope = { login: 'e', role: 'executive' };

/** What the listed rows add up to, by the figure's own rule. */
function fromRows(key: DrillKey, r: DrillRows): { numerator: number; denominator: number | null } {
  const def = drillDefs[key];
  const sum = (f: string) => r.rows.reduce((a, x) => a + Number(x.fields[f] ?? 0), 0);
  if (key === 'completeness') return { numerator: sum('passed'), denominator: 6 * r.rows.length };
  if (key === 'payments') return { numerator: sum('collected'), denominator: sum('billed') };
  if (key === 'revenue') return { numerator: sum('revenue'), denominator: null };
  if (!def.statuses) return { numerator: r.rows.length, denominator: null };
  const ok = r.rows.filter((x) => def.statuses!.ok.includes(x.status)).length;
  const bad = r.rows.filter((x) => def.statuses!.bad.includes(x.status)).length;
  return { numerator: ok, denominator: ok + bad };
}

describe('KPI drill-downs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', { asOf: D, files });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  const cases: Array<[string, KpiWindow, string]> = [
    ['November as of D', kpiWindow('2026-11', D), D],
    ['Q4 as of D', kpiWindow('2026-Q4', D), D],
    ['November as of 12.11', kpiWindow('2026-11', '2026-11-12'), '2026-11-12'],
    ['October as of D', kpiWindow('2026-10', D), D],
  ];
  for (const [label, window, asOf] of cases) {
    it(`every figure's numerator and denominator = its rows (${label}), per specialist, team and company`, async () => {
      const [bySpec, byTeam] = await Promise.all([
        getKpi({ window, asOf, scope: exec, by: 'specialist' }),
        getKpi({ window, asOf, scope: exec, by: 'team' }),
      ]);
      const selections: Array<[string, KpiRow, { teamId?: string; specialistId?: string }]> = [
        ['company', bySpec.total, {}],
        ...bySpec.rows.filter((r) => r.id !== null).map((r): [string, KpiRow, { specialistId: string }] => [`specialist ${r.id}`, r, { specialistId: r.id! }]),
        ...byTeam.rows.filter((r) => r.id !== null).map((r): [string, KpiRow, { teamId: string }] => [`team ${r.id}`, r, { teamId: r.id! }]),
      ];
      let checked = 0;
      for (const [who, row, filter] of selections) {
        for (const key of drillKeys) {
          const d = await getKpiRows({ window, asOf, scope: exec, key, filter: 'all', limit: 10_000, ...filter });
          const figure = drillFigure(key, row);
          if (figure === null) continue; // not a figure of the KPI row (Нагрузка's; tests/unit/kpi/load.test.ts)
          const where = `${key} for ${who}`;
          expect({ where, ...fromRows(key, d) }).toEqual({ where, ...figure });
          expect({ where, numerator: d.counts.numerator, denominator: d.counts.denominator }).toEqual({ where, ...figure });
          expect(d.rows.length).toBe(d.counts.all);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(drillKeys.length * 4);
    });
  }

  it('lists each row with the status worked out by hand, problems first', async () => {
    const w = kpiWindow('2026-11', D);
    const q = { window: w, asOf: D, scope: exec, specialistId: 's1', limit: 100 } as const;
    const calls = await getKpiRows({ ...q, key: 'calls', filter: 'all' });
    expect(calls.rows.map((r) => [r.id, r.status, r.fields.daysLate])).toEqual([
      ['i3', 'missed', 5], ['i10', 'missed', 4], ['i2', 'late', 2], ['i4', 'not_due', null], ['i6', 'on_time', null], ['i1', 'on_time', null],
    ]);
    expect(calls.counts).toEqual({ all: 6, ok: 2, bad: 3, pending: 1, numerator: 2, denominator: 5 });
    // i10 was done after D: not known on D.
    expect(calls.rows.find((r) => r.id === 'i10')!.fields.occurredAt).toBeNull();
    expect(calls.rows.find((r) => r.id === 'i1')!.fields.occurredAt).toBe('2026-11-10T15:00:00');
    const bad = await getKpiRows({ ...q, key: 'calls', filter: 'bad' });
    expect(bad.rows.map((r) => r.id)).toEqual(['i3', 'i10', 'i2']);
    expect(bad.matching).toBe(3);

    const entry = await getKpiRows({ ...q, key: 'entry', filter: 'all' });
    expect(entry.rows.map((r) => [r.id, r.status])).toEqual([
      ['i7', 'missing'], ['i6', 'late'], ['i8', 'waiting'], ['i1', 'on_time'], ['i13', 'on_time'], ['i2', 'on_time'],
    ]);
    expect(entry.rows.find((r) => r.id === 'i1')!.fields.entryHours).toBe(24);
    expect(entry.rows.find((r) => r.id === 'i6')!.fields.entryHours).toBe(49);

    const compl = await getKpiRows({ ...q, key: 'completeness', filter: 'bad' });
    expect(compl.rows.map((r) => [r.clientId, r.fields.passed, r.fields.missing])).toEqual([
      ['c5', 2, ['phone', 'taxSystem', 'specifics', 'decisionMaker']],
    ]);
    const noContacts = await getKpiRows({ window: w, asOf: D, scope: exec, specialistId: 's2', key: 'completeness', filter: 'all' });
    expect(noContacts.rows.map((r) => [r.clientId, r.fields.passed, r.fields.missing])).toEqual([
      ['c2', 1, ['email', 'taxSystem', 'segment', 'specifics', 'decisionMaker']],
    ]);

    const agr = await getKpiRows({ ...q, key: 'agreements', filter: 'all' });
    expect(agr.rows.map((r) => [r.id, r.status, r.fields.daysLate])).toEqual([
      ['a3', 'open', 6], ['a5', 'open', 2], ['a2', 'late', 3], ['a4', 'not_due', null], ['a1', 'kept', null],
    ]);
    const overdue = await getKpiRows({ ...q, key: 'agreements-overdue', filter: 'all' });
    expect(overdue.rows.map((r) => [r.id, r.fields.daysOverdue])).toEqual([['a8', 50], ['a3', 6], ['a5', 2]]);
    const fb = await getKpiRows({ ...q, key: 'feedback', filter: 'all' });
    expect(fb.rows.map((r) => [r.id, r.status, r.fields.feedbackOn])).toEqual([
      ['a6', 'no_feedback', null], ['a2', 'no_feedback', null], ['a1', 'with_feedback', '2026-11-12'],
    ]);

    const react = await getKpiRows({ ...q, key: 'reaction', filter: 'all' });
    expect(react.rows.map((r) => [r.id, r.status, r.fields.reactionHours])).toEqual([
      ['th3', 'none', null], ['th2', 'late', 48], ['th1', 'within_24h', 24], ['th6', 'within_24h', 2],
    ]);
    const open = await getKpiRows({ window: w, asOf: D, scope: exec, key: 'threats-open', filter: 'all' });
    expect(open.rows.map((r) => [r.id, r.fields.ageDays, r.specialistName])).toEqual([['th3', 8, 'Петров Пётр'], ['th4', 0, 'Сидорова Анна']]);
    const callsOverdue = await getKpiRows({ ...q, key: 'calls-overdue', filter: 'all' });
    expect(callsOverdue.rows.map((r) => [r.id, r.fields.daysOverdue, r.clientName])).toEqual([['i9', 31, 'ООО «Ромашка»'], ['i3', 5, 'ООО Пятёрка'], ['i10', 4, 'ООО «Ромашка»']]);
  });

  it('the limit cuts the list, not the counts', async () => {
    const r = await getKpiRows({ window: kpiWindow('2026-11', D), asOf: D, scope: exec, key: 'calls', filter: 'all', limit: 2 });
    expect(r.rows).toHaveLength(2);
    expect(r.counts.all).toBe(7);
    expect(r.counts.numerator).toBe(3);
  });

  it('respects scope: a specialist lists their own clients only', async () => {
    const s2: Scope = { login: 's2', role: 'specialist', specialistId: 's2' };
    const r = await getKpiRows({ window: kpiWindow('2026-Q4', D), asOf: D, scope: s2, key: 'payments', filter: 'all' });
    expect(r.rows.map((x) => x.clientId)).toEqual(['c2']);
    const nobody: Scope = { login: 'x', role: 'specialist', specialistId: null };
    expect((await getKpiRows({ window: kpiWindow('2026-Q4', D), asOf: D, scope: nobody, key: 'calls', filter: 'all' })).counts.all).toBe(0);
  });

  it('payment % equals the payment views\' getter, month and quarter, by team and specialist', async () => {
    for (const asOf of [D, '2026-11-12', '2026-10-31']) {
      for (const [period, span] of [['2026-11', 'month'], ['2026-10', 'month'], ['2026-Q4', 'quarter']] as const) {
        const window = kpiWindow(period, asOf);
        for (const by of ['team', 'specialist'] as const) {
          const k = await getKpi({ window, asOf, scope: exec, by });
          const p = await getPaymentRates({ period: window.periods[0], asOf, by, span, scope: exec });
          expect(k.total.results.payment.denominator).toBeCloseTo(p.total.billed, 6);
          expect(k.total.results.payment.numerator).toBeCloseTo(p.total.collected, 6);
          for (const r of p.rows) {
            const mine = k.rows.find((x) => x.id === r.id);
            expect({ id: r.id, billed: mine?.results.payment.denominator ?? 0, collected: mine?.results.payment.numerator ?? 0 })
              .toEqual({ id: r.id, billed: r.billed, collected: r.collected });
          }
        }
      }
    }
  });

  it('acts not returned equal the acts view\'s getter', async () => {
    for (const asOf of [D, '2026-11-08']) {
      const window = kpiWindow('2026-11', asOf);
      const k = await getKpi({ window, asOf, scope: exec, by: 'specialist' });
      const a = await getUnreturnedActs({ asOf, period: '2026-11', by: 'specialist', scope: exec, limit: 0 });
      expect(k.total.results.acts.notReturned).toBe(a.total);
      for (const g of a.groups) expect(k.rows.find((x) => x.id === g.id)?.results.acts.notReturned).toBe(g.count);
    }
  });
});
