// Scope is the product's main promise to specialists: nobody reads another portfolio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { getClient } from '@/lib/clients/get-client';
import { getClients } from '@/lib/clients/get-clients';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { seed, seedCompany } from './seed';

const ids = async (scope: Scope) => (await getClients(scope, { limit: 1000, offset: 0 })).rows.map((r) => r.id).sort();

describe('client scope', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await seedCompany();
  });
  afterAll(() => cleanupDataDir(dir));

  it.each(['S1', 'S2', 'S3'])('specialist %s sees exactly own clients, in list and card', async (sid) => {
    const scope: Scope = { login: sid, role: 'specialist', specialistId: sid };
    expect(await ids(scope)).toEqual(seed.clientsOf[sid]);
    for (const c of seed.all) {
      const card = await getClient(scope, c);
      if (seed.clientsOf[sid].includes(c)) expect(card?.id).toBe(c);
      else expect(card, `${sid} must not see ${c}`).toBeNull();
    }
  });

  it('specialist without a specialist id sees nothing', async () => {
    const scope: Scope = { login: 'x', role: 'specialist', specialistId: null };
    expect(await ids(scope)).toEqual([]);
    expect(await getClient(scope, 'C1')).toBeNull();
  });

  it('a name filter cannot widen the scope', async () => {
    const scope: Scope = { login: 's1', role: 'specialist', specialistId: 'S1' };
    expect((await getClients(scope, { q: 'Дельта', limit: 50, offset: 0 })).rows).toEqual([]);
    expect((await getClients(scope, { q: '7701000004', limit: 50, offset: 0 })).rows).toEqual([]);
    expect((await getClients(scope, { q: 'бета', limit: 50, offset: 0 })).rows.map((r) => r.id)).toEqual(['C2']);
  });

  it('head with teams sees only those teams', async () => {
    const t1: Scope = { login: 'h', role: 'head', teamIds: ['T1'] };
    expect(await ids(t1)).toEqual(seed.team.T1);
    expect(await getClient(t1, 'C4')).toBeNull();
    expect((await getClient(t1, 'C3'))?.teamName).toBe('Отдел Север');
    const both: Scope = { login: 'h', role: 'head', teamIds: ['T1', 'T2'] };
    expect(await ids(both)).toEqual([...seed.team.T1, ...seed.team.T2].sort());
  });

  it('head without teams and executive see all', async () => {
    expect(await ids({ login: 'h', role: 'head', teamIds: null })).toEqual(seed.all);
    expect(await ids({ login: 'e', role: 'executive' })).toEqual(seed.all);
    expect((await getClient({ login: 'e', role: 'executive' }, 'C6'))?.name).toBe('ООО Без специалиста');
  });

  it('pages, sorts and counts', async () => {
    const exec: Scope = { login: 'e', role: 'executive' };
    const p1 = await getClients(exec, { limit: 4, offset: 0, sort: 'name', dir: 'asc' });
    expect(p1.total).toBe(6);
    expect(p1.rows).toHaveLength(4);
    const p2 = await getClients(exec, { limit: 4, offset: 4, sort: 'name', dir: 'asc' });
    expect(p2.rows).toHaveLength(2);
    expect(new Set([...p1.rows, ...p2.rows].map((r) => r.id)).size).toBe(6);
    const past = await getClients(exec, { limit: 4, offset: 40 });
    expect(past).toEqual({ rows: [], total: 6 });
    const byInnDesc = await getClients(exec, { limit: 10, offset: 0, sort: 'inn', dir: 'desc' });
    expect(byInnDesc.rows[0].inn).toBe('7701000005'); // text order
    expect(byInnDesc.rows.at(-1)?.inn).toBeNull(); // NULLS LAST
  });
});
