// The Клиенты list's data layer: every filter, the scope under the filters, each sort key in both
// directions (nulls last), paging with the total, the filter options, and the API route's strict
// parameters (400 in Russian) and content negotiation, on the six-client scope seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '@/lib/db';
import type { Scope } from '@/lib/db/scope';
import {
  clientSortKeys, countClients, getClientListOptions, getClients, type ClientListQuery, type ClientListRow, type ClientSortKey,
} from '@/lib/clients/get-clients';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { GET } from '@/app/api/v1/clients/route';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { seed, seedCompany } from '../scope/seed';

const EXEC: Scope = { login: 'e', role: 'executive' };
const S1: Scope = { login: 's1', role: 'specialist', specialistId: 'S1' };
const HEAD_T1: Scope = { login: 'h', role: 'head', teamIds: ['T1'] };

const list = (scope: Scope, q: Partial<ClientListQuery> = {}) => getClients(scope, { limit: 1000, offset: 0, ...q });
const ids = async (scope: Scope, q: Partial<ClientListQuery> = {}) => (await list(scope, q)).rows.map((r) => r.id).sort();

// The column each sort key orders by, read back from a row.
const sortValue: Record<ClientSortKey, (r: ClientListRow) => string | null> = {
  name: (r) => r.name, inn: (r) => r.inn, contract: (r) => r.contractNo, contractStart: (r) => r.contractStartOn,
  segment: (r) => r.segment, taxSystem: (r) => r.taxSystem, region: (r) => r.region, specialist: (r) => r.specialistName,
  team: (r) => r.teamName, status: (r) => r.status,
};

describe('client list', () => {
  let dir: string;
  let keyS1: string;
  let keyExec: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await seedCompany();
    // Contract starts (the seed has none), so the date column and its sort are exercised; C6 stays null.
    await exec(`UPDATE clients SET contract_start = CASE client_id WHEN 'C1' THEN DATE '2021-03-01' WHEN 'C2' THEN DATE '2019-12-31'
      WHEN 'C3' THEN DATE '2024-02-29' WHEN 'C4' THEN DATE '1970-01-01' WHEN 'C5' THEN DATE '1969-12-31' END`);
    await addUser({ login: 's1', role: 'specialist', password: 'password-1', specialistId: 'S1' });
    await addUser({ login: 'e', role: 'executive', password: 'password-1' });
    keyS1 = await createApiKey('s1');
    keyExec = await createApiKey('e');
  });
  afterAll(() => cleanupDataDir(dir));

  it.each([
    [{ team: 'T1' }, seed.team.T1],
    [{ team: 'T2' }, seed.team.T2],
    [{ specialist: 'S3' }, seed.clientsOf.S3],
    [{ segment: 'Юристы' }, ['C2', 'C5']],
    [{ taxSystem: 'ОСНО' as const }, ['C1', 'C4']],
    [{ status: 'active' as const }, ['C1', 'C3', 'C4', 'C6']],
    [{ status: 'churned' as const }, ['C5']],
    [{ team: 'T1', status: 'active' as const }, ['C1', 'C3']],
    [{ team: 'T1', segment: 'Бухгалтерия', taxSystem: 'ПСН' as const }, ['C3']],
    [{ q: 'ООО' }, ['C1', 'C2', 'C5', 'C6']],
    [{ q: 'ооо', segment: 'Юристы' }, ['C2', 'C5']],
    [{ q: '7701000004' }, ['C4']],
    [{ q: 'Д-3' }, ['C3']],
    [{ team: 'NO-SUCH-TEAM' }, []],
  ])('filter %j → %j, and total counts the same', async (f, expected) => {
    const r = await list(EXEC, f);
    expect(r.rows.map((x) => x.id).sort()).toEqual([...expected].sort());
    expect(r.total).toBe(expected.length);
    expect(await countClients(EXEC, f)).toBe(expected.length);
  });

  it('rows carry the card\'s fields: team from the specialist, ISO contract start, nulls kept', async () => {
    const rows = (await list(EXEC)).rows;
    expect(rows.find((r) => r.id === 'C3')).toEqual({
      id: 'C3', name: 'ИП Гамма', inn: '770100000003', contractNo: 'Д-3', contractStartOn: '2024-02-29', segment: 'Бухгалтерия',
      taxSystem: 'ПСН', region: 'Тверь', specialistId: 'S2', specialistName: 'Петрова Анна', teamId: 'T1', teamName: 'Отдел Север', status: 'active',
    });
    expect(rows.find((r) => r.id === 'C6')).toMatchObject({ specialistId: null, teamId: null, teamName: null, contractStartOn: null, segment: null });
  });

  it('filters never widen the scope: a specialist asking for another team or specialist gets nothing', async () => {
    expect(await ids(S1)).toEqual(seed.clientsOf.S1);
    expect(await ids(S1, { team: 'T2' })).toEqual([]);
    expect(await ids(S1, { specialist: 'S3' })).toEqual([]);
    expect(await ids(S1, { specialist: 'S1', status: 'suspended' })).toEqual(['C2']);
    expect(await ids(HEAD_T1, { specialist: 'S3' })).toEqual([]);
    expect(await ids(HEAD_T1, { segment: 'Юристы' })).toEqual(['C2']);
    expect((await list(S1, { q: 'Дельта' })).total).toBe(0);
    expect(await ids({ login: 'x', role: 'specialist', specialistId: null }, { status: 'active' })).toEqual([]);
  });

  it.each(clientSortKeys.flatMap((k) => [[k, 'asc'], [k, 'desc']] as const))('sort %s %s: ordered, nulls last, ties by id', async (sort, dir) => {
    const rows = (await list(EXEC, { sort, dir })).rows;
    expect(rows).toHaveLength(6);
    const values = rows.map(sortValue[sort]);
    const firstNull = values.indexOf(null);
    if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v === null), `${values}`).toBe(true);
    const present = values.filter((v): v is string => v !== null);
    const sorted = [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(present).toEqual(dir === 'asc' ? sorted : sorted.reverse());
    for (let i = 1; i < rows.length; i++) {
      if (values[i] === values[i - 1]) expect(rows[i].id > rows[i - 1].id, `tie ${rows[i - 1].id} ${rows[i].id}`).toBe(true);
    }
  });

  it('the date sort is by date, not by text', async () => {
    const rows = (await list(EXEC, { sort: 'contractStart', dir: 'asc' })).rows;
    expect(rows.map((r) => r.id)).toEqual(['C5', 'C4', 'C2', 'C1', 'C3', 'C6']);
  });

  it('pages through the filtered list with the total of the filter', async () => {
    const a = await list(EXEC, { status: 'active', limit: 3, offset: 0 });
    const b = await list(EXEC, { status: 'active', limit: 3, offset: 3 });
    expect(a.total).toBe(4);
    expect(b.total).toBe(4);
    expect(a.rows).toHaveLength(3);
    expect(b.rows).toHaveLength(1);
    expect(new Set([...a.rows, ...b.rows].map((r) => r.id)).size).toBe(4);
    expect(await list(EXEC, { status: 'active', limit: 3, offset: 30 })).toEqual({ rows: [], total: 4 });
  });

  it('filter options are those of the visible clients only', async () => {
    const all = await getClientListOptions(EXEC);
    expect(all.teams).toEqual([{ id: 'T1', name: 'Отдел Север' }, { id: 'T2', name: 'Отдел Юг' }]);
    expect(all.specialists.map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
    expect(all.segments).toEqual(['Бухгалтерия', 'Бюджет', 'Юристы']);
    expect(all.taxSystems).toEqual(['ОСНО', 'ПСН', 'УСН']);
    const mine = await getClientListOptions(S1);
    expect(mine).toEqual({ teams: [{ id: 'T1', name: 'Отдел Север' }], specialists: [{ id: 'S1', name: 'Иванов Иван', teamId: 'T1' }], segments: ['Бухгалтерия', 'Юристы'], taxSystems: ['ОСНО', 'УСН'] });
  });

  describe('GET /api/v1/clients', () => {
    const ctx = { params: Promise.resolve({}) };
    const get = (qs: string, key: string, accept?: string) =>
      GET(new Request(`http://x/api/v1/clients${qs}`, { headers: { authorization: `Bearer ${key}`, ...(accept ? { accept } : {}) } }), ctx);

    it('answers the filtered page in the caller\'s scope, with total, limit and offset', async () => {
      const res = await get('?team=T1&status=active&sort=name&dir=desc&limit=1', keyExec);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ total: 2, limit: 1, offset: 0 });
      expect(body.rows.map((r: ClientListRow) => r.id)).toEqual(['C1']); // «ООО Альфа» after «ИП Гамма»
      const mine = await (await get('?limit=1000', keyS1)).json();
      expect(mine.rows.map((r: ClientListRow) => r.id).sort()).toEqual(seed.clientsOf.S1);
      expect((await (await get('?team=T2', keyS1)).json()).total).toBe(0);
    });

    it('empty parameters mean "any"; unknown parameters are ignored', async () => {
      const body = await (await get('?team=&specialist=&segment=&taxSystem=&status=&q=&foo=bar', keyExec)).json();
      expect(body.total).toBe(6);
    });

    it.each([
      ['?status=gone', 'status'], ['?taxSystem=USN', 'taxSystem'], ['?sort=password', 'sort'], ['?dir=up', 'dir'],
      ['?limit=0', 'limit'], ['?limit=200001', 'limit'], ['?limit=abc', 'limit'], ['?offset=-1', 'offset'], [`?team=${'x'.repeat(101)}`, 'team'],
      ['?abc=D', 'abc'], ['?xyz=W', 'xyz'], ['?quadrant=cat', 'quadrant'],
    ])('%s → 400 with a Russian message naming %s', async (qs, key) => {
      const res = await get(qs, keyExec);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error).toMatch(/^Неверные параметры запроса: /);
      expect(body.error).toContain(`${key}=`);
      expect(body.issues.map((i: { path: string }) => i.path)).toEqual([key]);
    });

    it('names every bad parameter at once', async () => {
      const body = await (await get('?status=x&dir=y&limit=z', keyExec)).json();
      expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dir', 'limit', 'status']);
    });

    it('Accept: arrow → an Arrow stream with the total in a header; JSON otherwise', async () => {
      const res = await get('?status=active', keyExec, 'application/vnd.apache.arrow.stream');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
      expect(res.headers.get('x-total-count')).toBe('4');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      expect((await get('?status=active', keyExec, 'application/json')).headers.get('content-type')).toMatch(/json/);
      expect((await get('?status=nope', keyExec, 'application/vnd.apache.arrow.stream')).status).toBe(400);
    });
  });
});
