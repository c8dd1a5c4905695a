// ABC / XYZ classes (spec/metrics.md "ABC / XYZ classes of clients") on the hand-made company of
// ./fixture.ts, loaded by the real loader. Every expected figure is worked out in the comment next
// to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientClassesCte, getAbcCellClients, getAbcClasses, getAbcMatrix, getClientClasses, type AbcQuery } from '@/lib/abc/abc-xyz';
import { query } from '@/lib/db';
import { getRevenueByMonth } from '@/lib/abc/revenue';
import { getClients } from '@/lib/clients/get-clients';
import { DEFAULT_THRESHOLDS } from '@/lib/abc/params';
import type { Scope } from '@/lib/db/scope';
import { GET } from '@/app/api/v1/abc-xyz/route';
import { toCsvText } from '@/components/ui/csv';
import { abcCsvHead } from '@/lib/abc/csv';
import { ru } from '@/lib/i18n/ru';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir } from '../helpers';
import { AS_OF, clientIds, loadFixtureCompany } from './fixture';

const exec: Scope = { login: 'e', role: 'executive' };
const specS1: Scope = { login: 's', role: 'specialist', specialistId: 's1' };
const headT2: Scope = { login: 'h', role: 'head', teamIds: ['t2'] };

let dir: string;
beforeAll(async () => {
  dir = await loadFixtureCompany();
});
afterAll(async () => { await cleanupDataDir(dir); });

const q = (o: Partial<AbcQuery> = {}): AbcQuery => ({ metric: 'revenue', asOf: AS_OF, months: 12, thresholds: DEFAULT_THRESHOLDS, ...o });
async function classes(o: Partial<AbcQuery> = {}, scope: Scope = exec) {
  const { rows } = await getAbcClasses(q(o), scope, { limit: 100 });
  return Object.fromEntries(rows.map((r) => [r.clientId, r]));
}
const classOf = (c: Record<string, { abc: string; xyz: string }>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, `${v.abc}-${v.xyz}`]));

describe('ABC: cumulative share of the clients ranked above', () => {
  it('classes every client, with the one that crosses 80 % still A', async () => {
    // Positive total 1500 + 3 × 1200 + 400 + 300 + 200 = 6000, ranked (ties by id):
    // k04 1500 before 0 → A; k01 1200 before 1500 (25 %) → A; k02 1200 before 2700 (45 %) → A;
    // k03 1200 before 3900 (65 %) → A although with it the sum reaches 85 % (it crosses 80 %);
    // k05 400 before 5100 (85 %) → B; k06 300 before 5500 (91.7 %) → B; k07 200 before 5800 (96.7 %) → C.
    // k09 −50 (a return exceeds its sale) → C; k08, k10, k11 have 0 in the window → C.
    const c = await classes();
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.abc]))).toEqual({
      k04: 'A', k01: 'A', k02: 'A', k03: 'A', k05: 'B', k06: 'B', k07: 'C', k08: 'C', k09: 'C', k10: 'C', k11: 'C',
    });
    expect(c.k04.value).toBe(1500);
    expect(c.k09.value).toBe(-50);
  });

  it('breaks ties by client id and compares the bound exactly', async () => {
    // a = 45: k02's before is exactly 45 % → not below → B, while k01 with the same 1200 ranks first → A.
    const c = await classes({ thresholds: { ...DEFAULT_THRESHOLDS, a: 45 } });
    expect([c.k01.abc, c.k02.abc, c.k03.abc]).toEqual(['A', 'B', 'B']);
    // b = 85: k05's before is exactly 85 % → C.
    const d = await classes({ thresholds: { ...DEFAULT_THRESHOLDS, b: 85 } });
    expect([d.k03.abc, d.k05.abc]).toEqual(['A', 'C']);
  });

  it('a metric ≤ 0 is C; sales counted as a number of sales rank ties by id too', async () => {
    // Counts: k01–k04 12 each, k05 5, k06 3, k07 2, k09 2 (the return is a sale), total 60.
    // k05 before 48 = 80 % exactly → B; k07 before 56 (93.3 %) → B; k09, tied with k07, before 58 (96.7 %) → C.
    const c = await classes({ metric: 'sales_count' });
    expect([c.k04.abc, c.k05.abc, c.k06.abc, c.k07.abc, c.k09.abc]).toEqual(['A', 'B', 'B', 'B', 'C']);
    expect(c.k09.value).toBe(2);
    // Gross profit: 60 % of revenue except k06 (cost = revenue → 0 → C) and k09 (60 − 150 = −90 → C).
    const g = await classes({ metric: 'gross_profit' });
    expect([g.k04.value, g.k06.value, g.k09.value]).toEqual([900, 0, -90]);
    expect([g.k06.abc, g.k09.abc, g.k06.xyz]).toEqual(['C', 'C', 'Z']);
  });
});

describe('XYZ: coefficient of variation of the monthly sums', () => {
  it('X at exactly 10 %, Y at exactly 25 %, Z above; zero months count; the span starts at the first sale', async () => {
    const c = await classes();
    // k01: 100 × 12 → CV 0. k02: 90/110 → mean 100, σ 10 → exactly 10 % → X. k03: 75/125 → σ 25 → exactly 25 % → Y.
    // k04: 80/170 → mean 125, σ 45 → 36 % → Z.
    expect(classOf(c)).toMatchObject({ k01: 'A-X', k02: 'A-X', k03: 'A-Y', k04: 'A-Z' });
    expect(c.k01.cv).toBe(0);
    expect(c.k02.cv).toBeCloseTo(10, 9);
    expect(c.k03.cv).toBeCloseTo(25, 9);
    expect(c.k04.cv).toBeCloseTo(36, 9);
    // k05: Jun–Nov (first sale in June, not the window start) with September at zero: 80,80,80,0,80,80,
    // mean 66.67, σ = √(32000 · 6 − 400²) / 6 → CV = √32000 / 400 = 44.72 % → Z.
    expect(c.k05.xyz).toBe('Z');
    expect(c.k05.cv).toBeCloseTo((100 * Math.sqrt(32000)) / 400, 9);
    // k06: exactly 3 months (Sep–Nov) → classified, constant → X; were the window's 9 earlier months zeros it would be Z.
    expect([c.k06.xyz, c.k06.cv]).toEqual(['X', 0]);
    // Other bounds (computed per request, not read from the mart): x = 25, y = 36 put k03 (exactly 25 %) in X
    // and k04 (exactly 36 %) in Y.
    const o = await classes({ thresholds: { ...DEFAULT_THRESHOLDS, x: 25, y: 36 } });
    expect([o.k02.xyz, o.k03.xyz, o.k04.xyz, o.k05.xyz]).toEqual(['X', 'X', 'Y', 'Z']);
    const p = await classes({ thresholds: { ...DEFAULT_THRESHOLDS, x: 9.99, y: 24.99 } });
    expect([p.k01.xyz, p.k02.xyz, p.k03.xyz]).toEqual(['X', 'Y', 'Z']);
  });

  it('new with fewer than 3 months, none with no sales in the window; nothing after D counts', async () => {
    const c = await classes();
    // k07: first sale in October → Oct, Nov = 2 months → new. k08: sales only before the window → none.
    // k10: no sales ever → none. k11: its only sale is after D → none (not new).
    expect(classOf(c)).toMatchObject({ k07: 'C-new', k08: 'C-none', k10: 'C-none', k11: 'C-none' });
    expect([c.k07.cv, c.k08.cv]).toEqual([null, null]);
    // k01's 1000 on 2026-11-25 is after D: 1200, not 2200.
    expect(c.k01.value).toBe(1200);
    // k09: sales in the window but a mean ≤ 0 → Z, no CV.
    expect([c.k09.xyz, c.k09.cv]).toEqual(['Z', null]);
  });

  it('as known on an earlier D: the window and the spans move with it', async () => {
    // D = 2026-10-31: window Nov 2025 … Oct 2026. k06 (first sale Sep) has Sep, Oct = 2 months → new;
    // k07 (Oct) → new; k05 Jun–Oct with September at zero: 80,80,80,0,80 → CV = √(5·25600 − 320²)/320 = 50 % → Z.
    const c = await classes({ asOf: '2026-10-31' });
    expect([c.k06.xyz, c.k07.xyz, c.k05.xyz]).toEqual(['new', 'new', 'Z']);
    expect(c.k05.cv).toBeCloseTo(50, 9);
    // k01: Nov 2025 … Oct 2026 = 12 × 100.
    expect(c.k01.value).toBe(1200);
  });
});

describe('the matrix and the cells', () => {
  it('counts, sums and shares per cell, zero-filled', async () => {
    const m = await getAbcMatrix(q(), exec);
    expect(m.cells).toHaveLength(15);
    const cell = (a: string, x: string) => m.cells.find((c) => c.abc === a && c.xyz === x)!;
    // A-X: k01 + k02 = 2400 of the total 5950 (6000 − 50).
    expect(cell('A', 'X')).toMatchObject({ clients: 2, value: 2400 });
    expect(cell('A', 'X').valuePct).toBeCloseTo((100 * 2400) / 5950, 9);
    expect(cell('A', 'X').clientsPct).toBeCloseTo((100 * 2) / 11, 9);
    expect(cell('C', 'none')).toMatchObject({ clients: 3, value: 0 });
    expect(cell('B', 'Y')).toMatchObject({ clients: 0, value: 0, valuePct: 0 });
    expect(m.total).toEqual({ clients: 11, value: 5950 });
    expect(m.byAbc.map((r) => r.clients)).toEqual([4, 2, 5]);
    expect(m.byXyz.map((r) => [r.xyz, r.clients])).toEqual([['X', 3], ['Y', 1], ['Z', 3], ['new', 1], ['none', 3]]);
    expect(m.restricted).toBe(false);
  });

  it('a cell lists its clients, largest first, with names, CV and share', async () => {
    const { rows, total } = await getAbcCellClients(q(), exec, { abc: 'A', xyz: 'X', limit: 10 });
    expect(total).toBe(2);
    // k01 and k02 tie at 1200: by client id.
    expect(rows.map((r) => [r.clientId, r.name, r.specialistName, r.teamName])).toEqual([
      ['k01', 'ООО «Альфа»', 'Петров Пётр', 'Север'], ['k02', 'ООО «Бета»', 'Сидорова Анна', 'Юг'],
    ]);
    expect(rows[1].sharePct).toBeCloseTo((100 * 1200) / 5950, 9);
    const one = await getAbcCellClients(q(), exec, { abc: 'C', limit: 1 });
    expect([one.total, one.rows.length]).toEqual([5, 1]);
  });

  it('the API list pages largest first and counts them all', async () => {
    const page = await getAbcClasses(q(), exec, { limit: 2, offset: 1 });
    expect(page.total).toBe(11);
    expect(page.rows.map((r) => r.clientId)).toEqual(['k01', 'k02']);
    const past = await getAbcClasses(q(), exec, { limit: 2, offset: 50 });
    expect(past).toEqual({ rows: [], total: 11 });
  });
});

describe('scope: the population is the clients the caller sees', () => {
  it("a specialist's clients are classed among themselves", async () => {
    // s1: k01 1200, k03 1200, k05 400, k07 200, k09 −50, k11 0; positive total 3000.
    // k01 before 0 → A; k03 before 1200 (40 %) → A; k05 before 2400 = 80 % exactly → B; k07 before 2800 (93.3 %) → B.
    const c = await classes({}, specS1);
    expect(Object.keys(c).sort()).toEqual(['k01', 'k03', 'k05', 'k07', 'k09', 'k11']);
    expect([c.k01.abc, c.k03.abc, c.k05.abc, c.k07.abc, c.k09.abc]).toEqual(['A', 'A', 'B', 'B', 'C']);
    const m = await getAbcMatrix(q(), specS1);
    expect(m.restricted).toBe(true);
    expect(m.total).toEqual({ clients: 6, value: 2950 });
  });

  it("a head of some teams sees their teams' clients only", async () => {
    // t2 = s2: k02 1200, k04 1500, k06 300, k08, k10 → total 3000: k04 (0) A, k02 (50 %) A, k06 (90 %) B.
    const c = await classes({}, headT2);
    expect(classOf(c)).toEqual({ k04: 'A-Z', k02: 'A-X', k06: 'B-X', k08: 'C-none', k10: 'C-none' });
  });
});

describe('client classes for the card and the list', () => {
  it('gives the default view for the asked clients in scope, with the growth × share quadrant', async () => {
    const m = await getClientClasses(exec, ['k01', 'k02', 'k08', 'k10', 'nope'], AS_OF);
    expect([...m.keys()].sort()).toEqual(['k01', 'k02', 'k08', 'k10']);
    // k01: A-X, growth 1200/1200 − 1 = 0 < the company's 5950/4100 − 1 → cash cow.
    expect(m.get('k01')).toMatchObject({ abc: 'A', xyz: 'X', cv: 0, value: 1200, quadrant: 'cow', growthPct: 0 });
    // k02: nothing before → new → star; k08: 0 now, 300 before → dog; k10: no sales either window → no quadrant.
    expect(m.get('k02')).toMatchObject({ quadrant: 'star', growthPct: null });
    expect(m.get('k08')).toMatchObject({ abc: 'C', xyz: 'none', quadrant: 'dog', growthPct: -100 });
    expect(m.get('k10')).toMatchObject({ quadrant: null });
    // Out of scope: s1 does not see k02.
    expect((await getClientClasses(specS1, ['k01', 'k02'], AS_OF)).has('k02')).toBe(false);
    // The executive's lookup in the stored default view agrees with classifying the population.
    const f = await clientClassesCte(exec, AS_OF);
    const viaCte = await query<Record<string, unknown>>(`WITH ${f.sql} SELECT client_id AS "clientId", abc, xyz, cv, value, quadrant, growth_pct AS "growthPct" FROM client_classes`, f.params);
    const looked = await getClientClasses(exec, clientIds, AS_OF);
    expect(viaCte).toHaveLength(11);
    for (const r of viaCte) expect(looked.get(String(r.clientId)), String(r.clientId)).toEqual({ ...r, clientId: undefined, cv: r.cv ?? null, growthPct: r.growthPct ?? null, value: Number(r.value) });
  });
});

describe('the classes as a filter of the clients list and on the card (issue 7, item 5)', () => {
  const ids = async (scope: Scope, f: Parameters<typeof getClients>[1] extends infer Q ? Partial<Q> : never) => {
    const r = await getClients(scope, { limit: 100, offset: 0, ...f });
    return { ids: r.rows.map((x) => x.id).sort(), total: r.total };
  };
  it('lists the clients of a class, a cell or a quadrant, as known on the newest as-of, in scope', async () => {
    // A by revenue (see "ABC" above): k04, k01, k02, k03.
    expect(await ids(exec, { abc: 'A' })).toEqual({ ids: ['k01', 'k02', 'k03', 'k04'], total: 4 });
    // A-X: k01 (CV 0) and k02 (90/110: CV exactly 10 % → X); k03 (75/125, CV 25 %) is Y, k04 (80/170, CV 36 %) Z.
    expect(await ids(exec, { abc: 'A', xyz: 'X' })).toEqual({ ids: ['k01', 'k02'], total: 2 });
    // No sales in the window: k08 (only before), k10 (never), k11 (only after D).
    expect(await ids(exec, { xyz: 'none' })).toEqual({ ids: ['k08', 'k10', 'k11'], total: 3 });
    // The quadrant filter agrees with the classes the card shows; k08 (300 → 0) is a dog, k01 a cash cow.
    const all = await getClientClasses(exec, clientIds, AS_OF);
    expect(all.size).toBe(11);
    const dogs = [...all].filter(([, c]) => c.quadrant === 'dog').map(([id]) => id).sort();
    expect(dogs).toContain('k08');
    expect(dogs).not.toContain('k01');
    expect(await ids(exec, { quadrant: 'dog' })).toEqual({ ids: dogs, total: dogs.length });
    // Filters combine with the others, and a specialist's classes are among their own clients (s1: k01, k03 A).
    expect(await ids(exec, { abc: 'A', specialist: 's1' })).toEqual({ ids: ['k01', 'k03'], total: 2 });
    expect(await ids(specS1, { abc: 'A' })).toEqual({ ids: ['k01', 'k03'], total: 2 });
    expect(await ids(specS1, { xyz: 'none' })).toEqual({ ids: ['k11'], total: 1 });
  });

  it('gives the card the class, CV and quadrant as known on the card\'s date', async () => {
    // On 2025-11-20 k01 had sold 100 a month for 12 months (Dec 2024 … Nov 2025): X with CV 0; nothing in
    // the 12 months before that, so its growth is "new" (null). (Not the stored view: classified on the fly.)
    const before = await getClientClasses(exec, ['k01'], '2025-11-20');
    expect(before.get('k01')).toMatchObject({ xyz: 'X', cv: 0, growthPct: null });
  });
});

describe('GET /api/v1/abc-xyz', () => {
  const ctx = { params: Promise.resolve({}) };
  let keyExec: string;
  let keyS1: string;
  beforeAll(async () => {
    await addUser({ login: 'e', role: 'executive', password: 'password-1' });
    await addUser({ login: 's1', role: 'specialist', password: 'password-1', specialistId: 's1' });
    keyExec = await createApiKey('e');
    keyS1 = await createApiKey('s1');
  });
  const get = (qs: string, key: string) => GET(new Request(`http://x/api/v1/abc-xyz${qs}`, { headers: { authorization: `Bearer ${key}` } }), ctx);
  /** The CSV's rows after the header, as [client id, ABC, XYZ]. */
  const csvRows = (text: string) => text.replace(/^\ufeff/, '').trim().split('\r\n').slice(1).map((l) => l.split(';')).map((c) => [c[1], c[2], c[3]]);

  it('exports the whole list as CSV, names included, past any page size, in the caller\'s scope', async () => {
    const page = await (await get('?limit=2', keyExec)).json();
    expect(page.classes).toHaveLength(2);
    const res = await get('?limit=2&offset=5&format=csv', keyExec);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="abc-xyz-revenue-2026-11-20\.csv"/);
    // UTF-8 with a BOM, for Excel (text() drops the BOM when it decodes).
    expect([...new Uint8Array(await res.clone().arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('Клиент;ID клиента;ABC;XYZ;CV, %;Выручка;Доля, %;Специалист;Отдел');
    // Every classified client (limit and offset do not apply), largest first, as the JSON pages give them.
    const all = await (await get('?limit=1000', keyExec)).json();
    expect(csvRows(text)).toEqual(all.classes.map((c: { clientId: string; abc: string; xyz: string }) => [c.clientId, c.abc, ru.abc.xyz[c.xyz]]));
    expect(all.classes.length).toBe(all.classesTotal);
    expect(text).toContain('ООО «Альфа»;k01;A;');
    // Every field as the tables' CSV writes it (toCsvText: hundredths, decimal comma, quotes), from the page's own rows.
    const rows = (await getAbcCellClients(q(), exec, { limit: 1000 })).rows;
    const expected = toCsvText([abcCsvHead('revenue'), ...rows.map((r) => [r.name, r.clientId, r.abc, ru.abc.xyz[r.xyz], r.cv, r.value, r.sharePct, r.specialistName, r.teamName])]);
    expect('\ufeff' + text).toBe(expected);
    expect(rows.some((r) => r.cv !== null && !Number.isInteger(r.cv)) && rows.some((r) => r.cv === null)).toBe(true);
    // One cell; a specialist's own clients only (s1: k01 and k03 are A).
    expect(csvRows(await (await get('?cell=A&format=csv', keyS1)).text()).map((r) => r[0])).toEqual(['k01', 'k03']);
  });

  it('keeps a JSON page to 10,000 clients; a bad format is 400', async () => {
    expect((await get('?limit=10000', keyExec)).status).toBe(200);
    for (const qs of ['?limit=10001', '?format=xml']) {
      const res = await get(qs, keyExec);
      expect(res.status, qs).toBe(400);
    }
  });
});

describe('revenue by month', () => {
  it('sums sales per month as known on D, zero-filled, in scope', async () => {
    const r = await getRevenueByMonth({ asOf: AS_OF, scope: exec });
    expect(r.map((x) => x.period)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    // December 2025: k01 100 + k02 90 + k03 75 + k04 80 + k09 100 = 445.
    expect(r[0]).toMatchObject({ revenue: 445, sales: 5 });
    // November 2026 up to the 20th: k01 100 + k02 110 + k03 125 + k04 170 + k05 80 + k06 100 + k07 100 = 785 (k01's and k11's 25th not).
    expect(r[11]).toMatchObject({ revenue: 785, sales: 7 });
    expect(r[11].grossProfit).toBeCloseTo(785 - 0.4 * 685 - 100, 9);
    const s1 = await getRevenueByMonth({ asOf: AS_OF, scope: specS1 });
    // s1 in December: k01 100 + k03 75 + k09 100.
    expect(s1[0].revenue).toBe(275);
  });
});
