// Нагрузка (issue 6, lib/kpi/load.ts) on the hand-made company of ./fixture.ts: each specialist's
// active clients, billed roubles, open threats and overdue items, and each count equal to the rows
// it opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { getPortfolioLoad } from '@/lib/kpi/load';
import { kpiWindow } from '@/lib/kpi/period';
import { getKpiRows } from '@/lib/kpi/rows';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files } from './fixture';

const exec: Scope = { login: 'e', role: 'executive' };
const nov = kpiWindow('2026-11', D);

describe('getPortfolioLoad', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', { asOf: D, files });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('counts each specialist\'s portfolio as known on D', async () => {
    const l = await getPortfolioLoad({ window: nov, asOf: D, scope: exec });
    expect(l.rows).toEqual([
      // c1 and c5 (churned after D); inv1 + inv5 (issued on D); th1 th2 th3 th6 unresolved; i3 i9 i10; a3 a5 a8.
      { id: 's1', name: 'Петров Пётр', teamId: 't1', teamName: 'Север', clients: 2, clientsVsTeamPct: 100, billed: 1100, openThreats: 4, overdueContacts: 3, overdueAgreements: 3 },
      { id: 's2', name: 'Сидорова Анна', teamId: 't2', teamName: 'Юг', clients: 1, clientsVsTeamPct: 100, billed: 2000, openThreats: 1, overdueContacts: 0, overdueAgreements: 0 },
    ]);
    expect(l.total).toEqual({ clients: 3, billed: 3100, openThreats: 5, overdueContacts: 3, overdueAgreements: 3 });
  });

  it('every count equals the rows it opens', async () => {
    const l = await getPortfolioLoad({ window: nov, asOf: D, scope: exec });
    for (const r of l.rows) {
      const q = { window: nov, asOf: D, scope: exec, specialistId: r.id, filter: 'all' as const, limit: 1000 };
      expect((await getKpiRows({ ...q, key: 'active' })).rows.length).toBe(r.clients);
      expect((await getKpiRows({ ...q, key: 'threats-unresolved' })).rows.length).toBe(r.openThreats);
      expect((await getKpiRows({ ...q, key: 'calls-overdue' })).rows.length).toBe(r.overdueContacts);
      expect((await getKpiRows({ ...q, key: 'agreements-overdue' })).rows.length).toBe(r.overdueAgreements);
    }
  });

  it('as known on an earlier D, narrowed to a team, within scope', async () => {
    const d = '2026-11-12';
    const early = await getPortfolioLoad({ window: kpiWindow('2026-11', d), asOf: d, scope: exec, teamId: 't1' });
    // th6 was not raised yet; inv5 not issued; c4 churned on 10.11.
    expect(early.rows.map((r) => [r.id, r.clients, r.billed, r.openThreats])).toEqual([['s1', 2, 1000, 3]]);
    const s2: Scope = { login: 's2', role: 'specialist', specialistId: 's2' };
    expect((await getPortfolioLoad({ window: nov, asOf: D, scope: s2 })).rows.map((r) => r.id)).toEqual(['s2']);
  });
});
