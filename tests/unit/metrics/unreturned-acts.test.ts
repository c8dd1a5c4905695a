// Acts not returned (spec/metrics.md, "Acts") on a hand-computed fixture loaded by the real loader.
// D = 2026-11-20; age = D − issued_on in days, worked out by hand next to each act.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { getUnreturnedActs } from '@/lib/metrics/unreturned-acts';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, type Row } from '../load/build-extract';
import { load } from '../load/util';

const D = '2026-11-20';
const exec: Scope = { login: 'e', role: 'executive' };

const act = (act_id: string, client_id: string, specialist_id: string | null, period: string, issued_on: string, returned_on: string | null): Row =>
  ({ act_id, client_id, specialist_id, period, issued_on, returned_on });

// Clients (current specialist → team): c1 s1 t1, c2 s2 t2, c3 s1 t1, c4 s3 t1, c5 none.
const specialists = [...base.specialists, { specialist_id: 's3', full_name: 'Кузнецова Ольга', team_id: 't1', active: 1 }];
const clients = [
  ...base.clients,
  { client_id: 'c4', name: 'ООО Дельта', status: 'active', specialist_id: 's3' },
  { client_id: 'c5', name: 'ООО Без специалиста', status: 'active', specialist_id: null },
];
const acts = [
  act('a1', 'c1', null, '2026-10', '2026-11-01', null), //          not returned, 19 days; no act specialist → c1's s1
  act('a2', 'c1', 's1', '2026-10', '2026-11-02', D), //             returned exactly on D: returned
  act('a3', 'c2', 's2', '2026-10', '2026-11-03', '2026-11-21'), //  returned after D: not returned on D, 17 days
  act('a4', 'c3', 's2', '2026-09', '2026-10-01', null), //          the act's specialist s2 (t2), c3 is s1's now; 50 days
  act('a5', 'c2', 's2', '2026-11', '2026-11-25', null), //          issued after D: not known on D
  act('a6', 'c4', null, '2026-09', '2026-10-05', null), //          s3 (t1), 46 days
  act('a7', 'c5', null, '2026-10', '2026-11-10', null), //          nobody's, 10 days
  act('a8', 'c2', 's2', '2026-09', '2026-10-02', '2026-10-30'), //  returned long ago
];

describe('getUnreturnedActs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', {
      asOf: D,
      files: [
        { table: 'teams', rows: base.teams },
        { table: 'specialists', rows: specialists },
        { table: 'clients', rows: clients },
        { table: 'acts', rows: acts },
      ],
    });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('lists the unreturned acts oldest first with owner, team and age', async () => {
    const r = await getUnreturnedActs({ asOf: D, by: 'period', scope: exec });
    expect(r.asOf).toBe(D);
    expect(r.period).toBeNull();
    expect(r.total).toBe(5);
    expect(r.acts).toEqual([
      { actId: 'a4', clientId: 'c3', clientName: 'Ромашка, филиал', specialistId: 's2', specialistName: 'Сидорова Анна', teamId: 't2', teamName: 'Юг', period: '2026-09', issuedOn: '2026-10-01', ageDays: 50 },
      { actId: 'a6', clientId: 'c4', clientName: 'ООО Дельта', specialistId: 's3', specialistName: 'Кузнецова Ольга', teamId: 't1', teamName: 'Север', period: '2026-09', issuedOn: '2026-10-05', ageDays: 46 },
      { actId: 'a1', clientId: 'c1', clientName: 'ООО «Ромашка»', specialistId: 's1', specialistName: 'Петров Пётр', teamId: 't1', teamName: 'Север', period: '2026-10', issuedOn: '2026-11-01', ageDays: 19 },
      { actId: 'a3', clientId: 'c2', clientName: 'ИП Лютиков', specialistId: 's2', specialistName: 'Сидорова Анна', teamId: 't2', teamName: 'Юг', period: '2026-10', issuedOn: '2026-11-03', ageDays: 17 },
      { actId: 'a7', clientId: 'c5', clientName: 'ООО Без специалиста', specialistId: null, specialistName: null, teamId: null, teamName: null, period: '2026-10', issuedOn: '2026-11-10', ageDays: 10 },
    ]);
  });

  it('groups by period, specialist and team', async () => {
    expect((await getUnreturnedActs({ asOf: D, by: 'period', scope: exec })).groups).toEqual([
      { id: '2026-09', name: '2026-09', count: 2, oldestIssuedOn: '2026-10-01', maxAgeDays: 50 },
      { id: '2026-10', name: '2026-10', count: 3, oldestIssuedOn: '2026-11-01', maxAgeDays: 19 },
    ]);
    expect((await getUnreturnedActs({ asOf: D, by: 'specialist', scope: exec })).groups).toEqual([
      { id: 's2', name: 'Сидорова Анна', count: 2, oldestIssuedOn: '2026-10-01', maxAgeDays: 50 },
      { id: 's3', name: 'Кузнецова Ольга', count: 1, oldestIssuedOn: '2026-10-05', maxAgeDays: 46 },
      { id: 's1', name: 'Петров Пётр', count: 1, oldestIssuedOn: '2026-11-01', maxAgeDays: 19 },
      { id: null, name: '—', count: 1, oldestIssuedOn: '2026-11-10', maxAgeDays: 10 },
    ]);
    expect((await getUnreturnedActs({ asOf: D, by: 'team', scope: exec })).groups).toEqual([
      { id: 't1', name: 'Север', count: 2, oldestIssuedOn: '2026-10-05', maxAgeDays: 46 },
      { id: 't2', name: 'Юг', count: 2, oldestIssuedOn: '2026-10-01', maxAgeDays: 50 },
      { id: null, name: '—', count: 1, oldestIssuedOn: '2026-11-10', maxAgeDays: 10 },
    ]);
  });

  it('is as known on D', async () => {
    // The day before D a2 is still out (18 days); the day after, a3 is back.
    const before = await getUnreturnedActs({ asOf: '2026-11-19', by: 'period', scope: exec });
    expect(before.acts.map((a) => [a.actId, a.ageDays])).toEqual([['a4', 49], ['a6', 45], ['a1', 18], ['a2', 17], ['a3', 16], ['a7', 9]]);
    const after = await getUnreturnedActs({ asOf: '2026-11-25', by: 'period', scope: exec });
    expect(after.acts.map((a) => [a.actId, a.ageDays])).toEqual([['a4', 55], ['a6', 51], ['a1', 24], ['a7', 15], ['a5', 0]]);
    // Before anything was issued: nothing.
    expect(await getUnreturnedActs({ asOf: '2026-09-30', by: 'team', scope: exec })).toEqual({ asOf: '2026-09-30', period: null, groups: [], acts: [], total: 0 });
  });

  it('narrows to a period, limits the list but not the total', async () => {
    const oct = await getUnreturnedActs({ asOf: D, period: '2026-10', by: 'specialist', scope: exec });
    expect(oct.period).toBe('2026-10');
    expect(oct.total).toBe(3);
    expect(oct.acts.map((a) => a.actId)).toEqual(['a1', 'a3', 'a7']);
    const two = await getUnreturnedActs({ asOf: D, by: 'team', scope: exec, limit: 2 });
    expect(two.acts.map((a) => a.actId)).toEqual(['a4', 'a6']);
    expect(two.total).toBe(5);
  });

  it('scope is the client current specialist; the group stays the act specialist', async () => {
    const s1: Scope = { login: 's1', role: 'specialist', specialistId: 's1' };
    const mine = await getUnreturnedActs({ asOf: D, by: 'specialist', scope: s1 });
    expect(mine.acts.map((a) => a.actId)).toEqual(['a4', 'a1']);
    expect(mine.groups.map((g) => [g.id, g.count])).toEqual([['s1', 1], ['s2', 1]]); // a tie: by name
    const head: Scope = { login: 'h', role: 'head', teamIds: ['t2'] };
    expect((await getUnreturnedActs({ asOf: D, by: 'team', scope: head })).acts.map((a) => a.actId)).toEqual(['a3']);
    const nobody: Scope = { login: 'x', role: 'specialist', specialistId: null };
    expect((await getUnreturnedActs({ asOf: D, by: 'team', scope: nobody })).total).toBe(0);
  });

  it('narrows to a specialist or a team by the act owner', async () => {
    expect((await getUnreturnedActs({ asOf: D, by: 'period', scope: exec, specialistId: 's2' })).acts.map((a) => a.actId)).toEqual(['a4', 'a3']);
    const t1 = await getUnreturnedActs({ asOf: D, by: 'specialist', scope: exec, teamId: 't1' });
    expect(t1.groups.map((g) => [g.id, g.count])).toEqual([['s3', 1], ['s1', 1]]);
    expect(t1.total).toBe(2);
  });
});
