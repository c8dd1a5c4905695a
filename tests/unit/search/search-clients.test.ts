// searchClients (lib/search/search-clients.ts) on a hand-made company loaded by the real loader:
// every way of typing a phone, INN and contract; names with ё/е, one typo, surname + initials;
// the ranking classes; the caller's scope; the index rebuilt after a new load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, query } from '@/lib/db';
import type { Scope } from '@/lib/db/scope';
import { searchClients, type SearchRow } from '@/lib/search/search-clients';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';

const executive: Scope = { login: 'e', role: 'executive' };
const specS1: Scope = { login: 'a', role: 'specialist', specialistId: 's1' };
const specS2: Scope = { login: 'b', role: 'specialist', specialistId: 's2' };
const headT2: Scope = { login: 'h', role: 'head', teamIds: ['t2'] };

const teams = [{ team_id: 't1', name: 'Север' }, { team_id: 't2', name: 'Юг' }, { team_id: 't3', name: 'Запад' }];
const specialists = [
  { specialist_id: 's1', full_name: 'Петров Пётр', team_id: 't1', active: 1 },
  { specialist_id: 's2', full_name: 'Сидорова Анна', team_id: 't2', active: 1 },
  { specialist_id: 's3', full_name: 'Орлов Олег', team_id: 't3', active: 1 },
];
const client = (client_id: string, name: string, specialist_id: string, extra: Record<string, string | null> = {}) =>
  ({ client_id, name, specialist_id, status: 'active', inn: null, contract_no: null, phone: null, ...extra });
const clients = [
  client('c1', 'ООО «Ромашка»', 's1', { inn: '7701234567', contract_no: 'Д-2019/00123', phone: '+7 (912) 345-67-89' }),
  client('c2', 'ИП Семёнов И.П.', 's2', { inn: '770123456789', contract_no: 'Д-2020/00456', phone: '8 (495) 111-22-33' }),
  client('c3', 'ИП Иванов И.П.', 's2', { inn: '5001112223', phone: '89161234500' }),
  client('c4', 'ООО «Иванов и партнёры»', 's1', { phone: '+7 (903) 000-67-89' }),
  client('c5', 'АО «Вектор»', 's3', { inn: '7712345678', contract_no: 'ВК-15/2020' }),
  client('c6', 'ООО «Лютик»', 's3', { inn: '7701234999' }),
  client('c7', 'ООО «Ромашкаторг»', 's2'),
  client('c8', 'ООО «Клён»', 's3'),
  client('c9', 'ООО «Заря»', 's3', { contract_no: 'Д-6789' }),
];
const contact = (contact_id: string, client_id: string, full_name: string, phone: string | null = null) =>
  ({ contact_id, client_id, full_name, role: 'contact', phone });
const contacts = [
  contact('k1', 'c5', 'Иванов Пётр Сергеевич', '+7 (926) 555-44-33'),
  contact('k2', 'c6', 'Иванова Алена Викторовна'),
  contact('k3', 'c8', 'Ромашко Анна Ивановна'),
  contact('k4', 'c7', 'Семёнов Иван Петрович'),
];

const ids = (rows: SearchRow[]) => rows.map((r) => r.id);
const search = (q: string, scope: Scope = executive, limit?: number) => searchClients({ q, scope, limit });

describe('searchClients', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T08-00', {
      asOf: '2026-11-20',
      files: [
        { table: 'teams', rows: teams },
        { table: 'specialists', rows: specialists },
        { table: 'clients', rows: clients },
        { table: 'contacts', rows: contacts },
      ],
    });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  describe('phone', () => {
    it.each(['+7 (912) 345-67-89', '89123456789', '8 912 345 67 89', '+79123456789', '9123456789'])('%s finds c1, with the phone as stored', async (q) => {
      const rows = await search(q);
      expect(rows[0]).toEqual({ id: 'c1', name: 'ООО «Ромашка»', matched: { field: 'phone', value: '+7 (912) 345-67-89' }, specialistId: 's1' });
    });

    it('the last 4+ digits find every phone ending in them', async () => {
      expect(ids(await search('345-67-89'))).toEqual(['c1']);
      expect(new Set(ids(await search('6789')))).toEqual(new Set(['c1', 'c4', 'c9']));
      expect(ids(await search('4433'))).toEqual(['c5']);
    });

    it('a contact person\'s phone finds their client, shown as that phone', async () => {
      const [r] = await search('+7 926 555 44 33');
      expect(r).toMatchObject({ id: 'c5', matched: { field: 'phone', value: '+7 (926) 555-44-33' } });
    });

    it('three digits are not a phone', async () => {
      expect(await search('789')).toEqual([]);
    });
  });

  describe('INN and contract', () => {
    it('an exact INN of 10 or 12 digits', async () => {
      expect((await search('7701234567'))[0]).toMatchObject({ id: 'c1', matched: { field: 'inn', value: '7701234567' } });
      expect((await search('770123456789'))[0]).toMatchObject({ id: 'c2', matched: { field: 'inn', value: '770123456789' } });
    });

    it('the start of an INN (6+ digits) finds every INN starting so', async () => {
      expect(new Set(ids(await search('770123')))).toEqual(new Set(['c1', 'c2', 'c6']));
      const rows = await search('7701234');
      expect(new Set(ids(rows))).toEqual(new Set(['c1', 'c2', 'c6']));
      expect(rows.every((r) => r.matched.field === 'inn')).toBe(true);
    });

    it.each(['Д-2019/00123', 'д2019/00123', 'Д 2019 00123', '2019/00123', 'Д-2019/001'])('contract %s finds c1', async (q) => {
      expect((await search(q))[0]).toMatchObject({ id: 'c1', matched: { field: 'contract', value: 'Д-2019/00123' } });
    });

    it('a contract with letters after the number', async () => {
      expect((await search('ВК-15/2020'))[0]).toMatchObject({ id: 'c5', matched: { field: 'contract' } });
    });
  });

  describe('names', () => {
    it('organisation name with or without its form and quotes', async () => {
      for (const q of ['Ромашка', 'ООО "Ромашка"', 'ооо «ромашка»', 'РОМАШКА']) {
        expect((await search(q))[0], q).toMatchObject({ id: 'c1', matched: { field: 'name', value: 'ООО «Ромашка»' } });
      }
      expect((await search('вектор'))[0]).toMatchObject({ id: 'c5' });
    });

    it('ё and е are the same letter, both ways', async () => {
      expect(ids(await search('Семенов И.П.'))[0]).toBe('c2');
      expect(ids(await search('Семёнов И.П.'))[0]).toBe('c2');
      expect((await search('Иванова Алёна'))[0]).toMatchObject({ id: 'c6', matched: { field: 'contact', value: 'Иванова Алена Викторовна' } });
      expect(ids(await search('клен'))).toEqual(['c8']);
    });

    it('surname + initials or first name, written any way', async () => {
      for (const q of ['Иванов И.П.', 'Иванов И П', 'иванов и.п', 'Иванов И. П.']) {
        expect(ids(await search(q))[0], q).toBe('c3');
      }
      expect((await search('Семенов Иван'))[0]).toMatchObject({ id: 'c7', matched: { field: 'contact', value: 'Семёнов Иван Петрович' } });
      expect((await search('Иванов Пётр С'))[0]).toMatchObject({ id: 'c5', matched: { field: 'contact' } });
      // A word skipped (no first name): found too, after the adjacent matches.
      expect((await search('Иванов Сергеевич'))[0]).toMatchObject({ id: 'c5', matched: { field: 'contact', value: 'Иванов Пётр Сергеевич' } });
      // Initials that nobody with the surname has.
      expect(ids(await search('Семенов А.А.'))).toEqual([]);
    });

    it('one typo in a surname or name word: substitution, deletion, insertion, swap', async () => {
      for (const q of ['Иваноф И.П.', 'Ивнаов И.П.', 'Иванв И.П.', 'Иваннов И.П.']) {
        expect(ids(await search(q))[0], q).toBe('c3');
      }
      expect(ids(await search('Ромошка'))).toContain('c1');
      expect(ids(await search('Вектар'))).toEqual(['c5']);
    });

    it('two typos are too many', async () => {
      expect(ids(await search('Ивонаф'))).toEqual([]);
    });

    it('a word being typed finds its completions', async () => {
      expect(new Set(ids(await search('Рома')))).toEqual(new Set(['c1', 'c7', 'c8']));
      expect(ids(await search('Лют'))).toEqual(['c6']);
    });
  });

  describe('ranking', () => {
    it('exact word, then completion, then one typo', async () => {
      // c1 «Ромашка» exact, c7 «Ромашкаторг» a completion, c8's contact Ромашко one typo away.
      expect(ids(await search('Ромашка'))).toEqual(['c1', 'c7', 'c8']);
    });

    it('an exact contract before phones that end in the digits', async () => {
      const rows = await search('6789');
      expect(rows[0]).toMatchObject({ id: 'c9', matched: { field: 'contract', value: 'Д-6789' } });
      expect(rows.slice(1).map((r) => r.matched.field)).toEqual(['phone', 'phone']);
    });

    it('a client\'s own name before a contact person\'s, and a closer match first', async () => {
      const rows = await search('Иванов');
      // Names: «ИП Иванов И.П.» (fewer words after the surname) before «Иванов и партнёры»; then
      // the contact Иванов Пётр; then the completions Иванова and (longer) Ивановна.
      expect(ids(rows)).toEqual(['c3', 'c4', 'c5', 'c6', 'c8']);
      expect(rows.map((r) => r.matched.field)).toEqual(['name', 'name', 'contact', 'contact', 'contact']);
    });

    it('limit cuts the ranked list', async () => {
      expect(ids(await search('Иванов', executive, 2))).toEqual(['c3', 'c4']);
    });
  });

  describe('scope', () => {
    it('a specialist finds only their own clients', async () => {
      expect(ids(await search('Иванов', specS1))).toEqual(['c4']);
      expect(ids(await search('Иванов', specS2))).toEqual(['c3']);
      expect(await search('7712345678', specS1)).toEqual([]);
      expect(await search('+7 (912) 345-67-89', specS2)).toEqual([]);
    });

    it('a head of some teams finds only those teams\' clients', async () => {
      expect(new Set(ids(await search('Иванов', headT2)))).toEqual(new Set(['c3']));
      expect(new Set(ids(await search('Рома', headT2)))).toEqual(new Set(['c7']));
    });

    it('a specialist user without a specialist id finds nothing', async () => {
      expect(await search('Иванов', { login: 'x', role: 'specialist', specialistId: null })).toEqual([]);
    });

    it('the live client row is checked too: a client moved away is not shown before the next rebuild', async () => {
      await exec(`UPDATE clients SET specialist_id = 's3' WHERE client_id = 'c4'`);
      try {
        expect(ids(await search('Иванов', specS1))).toEqual([]);
      } finally {
        await exec(`UPDATE clients SET specialist_id = 's1' WHERE client_id = 'c4'`);
      }
    });
  });

  it('too short or nothing searchable: no rows', async () => {
    expect(await search('И')).toEqual([]);
    expect(await search('  ')).toEqual([]);
    expect(await search('ООО')).toEqual([]);
  });

  it('a load that changes no client or contact keeps the index (no rebuild), and says it is current', async () => {
    const [before] = await query<{ loadId: number; builtAt: string }>(`SELECT load_id::INTEGER AS "loadId", built_at::VARCHAR AS "builtAt" FROM mart_state WHERE name LIKE 'search@%'`);
    const r = await load(dir, '2026-11-20T12-00', { asOf: '2026-11-20', files: [{ table: 'teams', mode: 'delta', rows: [{ team_id: 't4', name: 'Восток' }] }] });
    expect(r.outcome).toBe('applied');
    const [after] = await query<{ loadId: number; builtAt: string }>(`SELECT load_id::INTEGER AS "loadId", built_at::VARCHAR AS "builtAt" FROM mart_state WHERE name LIKE 'search@%'`);
    expect(after.loadId).toBe(r.loadId);
    expect(after.loadId).toBeGreaterThan(before.loadId);
    expect(after.builtAt).toBe(before.builtAt);
    expect(ids(await search('Ромашка'))[0]).toBe('c1');
  });

  it('a new load is searchable at once: the load rebuilt the index in its own transaction', async () => {
    expect(await search('Незабудка')).toEqual([]);
    const r = await load(dir, '2026-11-21T08-00', {
      asOf: '2026-11-21',
      files: [{ table: 'clients', mode: 'delta', rows: [client('c10', 'ООО «Незабудка»', 's1', { phone: '+7 (999) 000-11-22' })] }],
    });
    expect(r.outcome).toBe('applied');
    expect(ids(await search('Незабудка'))).toEqual(['c10']);
    expect(ids(await search('1122', specS1))).toEqual(['c10']);
    const [state] = await query<{ loadId: number }>(`SELECT load_id::INTEGER AS "loadId" FROM mart_state WHERE name LIKE 'search@%'`);
    expect(state.loadId).toBe(r.loadId);
  });
});
